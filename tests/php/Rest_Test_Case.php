<?php
/**
 * Shared set-up for tests that call the REST API in-process.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use WP_REST_Request;
use WP_REST_Response;

/**
 * Dispatches REST requests through the real server as a chosen user.
 */
abstract class Rest_Test_Case extends TestCase {

	/**
	 * Users made for a role, reused across tests.
	 *
	 * @var array<string, int>
	 */
	private static array $users = array();

	protected function setUp(): void {
		parent::setUp();
		wp_set_current_user( 0 );
		rest_get_server();
	}

	/**
	 * Makes the request come from a user with the given role (or nobody for 'anonymous').
	 */
	protected function act_as( string $role ): void {
		if ( 'anonymous' === $role ) {
			wp_set_current_user( 0 );
			return;
		}
		if ( ! isset( self::$users[ $role ] ) ) {
			$login = 'ph-test-' . $role;
			$user  = get_user_by( 'login', $login );
			$id    = $user ? $user->ID : wp_insert_user(
				array(
					'user_login' => $login,
					'user_pass'  => wp_generate_password( 24 ),
					'user_email' => $login . '@example.test',
					'role'       => $role,
				)
			);
			self::assertIsInt( $id );
			self::$users[ $role ] = $id;
		}
		wp_set_current_user( self::$users[ $role ] );
	}

	protected function dispatch( string $method, string $route ): WP_REST_Response {
		return rest_do_request( new WP_REST_Request( $method, $route ) );
	}
}
