<?php
/**
 * Shared set-up for tests that call the REST API in-process.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Documents\Evidence_Session_Document;
use ProxyHealth\Evidence\Call_Recorder;
use ProxyHealth\Evidence\Evidence_Session;
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

	protected function tearDown(): void {
		// An evidence session a test started (record_calls()) ends with it.
		if ( null !== Evidence_Session::stored() ) {
			Evidence_Session::stop();
		}
		parent::tearDown();
	}

	/**
	 * Starts an evidence session and records the outbound calls $send makes, as the must-use
	 * recorder does on a live site; the session stays running for the test (tearDown ends it).
	 *
	 * @param callable $send Makes the calls.
	 * @return array<string, mixed> The session, as the REST route answers it.
	 */
	protected function record_calls( callable $send ): array {
		$session = Evidence_Session_Document::start( 5, false );
		self::assertIsArray( $session );
		$recorder = new Call_Recorder( (string) $session['id'] );
		$recorder->register();
		try {
			$send();
			$recorder->flush();
		} finally {
			$recorder->unregister();
		}
		return $session;
	}

	/**
	 * Two requests through the lab's squid with the wrong password: a 407 response on plain
	 * HTTP, and a 407 on CONNECT for HTTPS (an error with the connect status).
	 */
	protected static function send_into_the_407(): void {
		wp_remote_get( (string) getenv( 'PROXY_HEALTH_LAB_HTTP_TARGET' ), array( 'timeout' => 10 ) );
		wp_remote_get( (string) getenv( 'PROXY_HEALTH_LAB_HTTPS_TARGET' ), array( 'timeout' => 10 ) );
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
