<?php
/**
 * The server logs an admin lists for the evidence log tails.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Evidence\Log_Tail;
use WP_REST_Request;
use WP_REST_Response;

final class Server_Logs_Route_Test extends Rest_Test_Case {

	private const ROUTE = '/proxy-health/v1/evidence/server-logs';

	private string $root = '';

	protected function setUp(): void {
		parent::setUp();
		$this->root = sys_get_temp_dir() . '/ph-server-logs-' . wp_generate_password( 8, false );
		mkdir( $this->root );
		file_put_contents( $this->root . '/error.log', "2026/11/26 [error] upstream timed out\n" );
		add_filter( 'proxy_health_server_log_roots', array( $this, 'roots' ) );
		delete_option( Log_Tail::SERVER_LOGS_OPTION );
	}

	protected function tearDown(): void {
		remove_filter( 'proxy_health_server_log_roots', array( $this, 'roots' ) );
		delete_option( Log_Tail::SERVER_LOGS_OPTION );
		unlink( $this->root . '/error.log' );
		rmdir( $this->root );
		parent::tearDown();
	}

	/**
	 * @return list<string>
	 */
	public function roots(): array {
		return array( $this->root );
	}

	/**
	 * @param mixed $paths Submitted paths.
	 */
	private function put( $paths ): WP_REST_Response {
		$request = new WP_REST_Request( 'PUT', self::ROUTE );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( (string) wp_json_encode( array( 'paths' => $paths ) ) );
		return rest_do_request( $request );
	}

	public function test_an_admin_lists_a_log_inside_the_server_log_folders(): void {
		$this->act_as( 'administrator' );
		$response = $this->put( array( $this->root . '/error.log' ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( realpath( $this->root . '/error.log' ) ), $response->get_data()['paths'] );
		$this->assertSame( $response->get_data(), $this->dispatch( 'GET', self::ROUTE )->get_data() );
	}

	/**
	 * @return array<string, array{mixed, string}>
	 */
	public function refused(): array {
		return array(
			'outside the folders' => array( array( '/etc/passwd' ), 'proxy_health_log_path_not_allowed' ),
			'traversal'           => array( array( '/var/log/../../etc/passwd' ), 'proxy_health_log_path_not_allowed' ),
			'relative'            => array( array( 'error.log' ), 'rest_invalid_param' ),
			'control character'   => array( array( "/var/log/a\nb" ), 'rest_invalid_param' ),
			'not a list'          => array( true, 'rest_invalid_param' ),
			'too many'            => array( array_fill( 0, 11, '/var/log/x' ), 'rest_invalid_param' ),
		);
	}

	/**
	 * @dataProvider refused
	 *
	 * @param mixed $paths Submitted paths.
	 */
	public function test_refuses_paths_and_saves_nothing( $paths, string $code ): void {
		$this->act_as( 'administrator' );
		$response = $this->put( $paths );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( $code, $response->get_data()['code'] );
		$this->assertFalse( get_option( Log_Tail::SERVER_LOGS_OPTION ) );
	}

	public function test_a_folder_listed_in_the_root_is_not_a_log_file(): void {
		$this->act_as( 'administrator' );
		$this->assertSame( 400, $this->put( array( $this->root ) )->get_status() );
	}

	public function test_only_administrators(): void {
		$this->act_as( 'editor' );
		$this->assertSame( 403, $this->put( array( $this->root . '/error.log' ) )->get_status() );
		$this->act_as( 'anonymous' );
		$this->assertSame( 401, $this->dispatch( 'GET', self::ROUTE )->get_status() );
	}
}
