<?php
/**
 * POST and DELETE /proxy-health/v1/proxy-config against the lab's own wp-config.php, behind a
 * real squid that rejects the site's password (the canary) and accepts the right one.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Config\Wp_Config_Editor;
use ProxyHealth\Config\Wp_Config_Locator;
use WP_REST_Request;
use WP_REST_Response;

final class Proxy_Config_Route_Test extends Rest_Test_Case {

	private const ROUTE = '/proxy-health/v1/proxy-config';

	private string $file;

	private string $original;

	protected function setUp(): void {
		parent::setUp();
		$this->file     = (string) Wp_Config_Locator::locate();
		$this->original = (string) file_get_contents( $this->file );
	}

	protected function tearDown(): void {
		// Whatever a test did, the lab's wp-config.php must be as it was for the next test.
		$editor = Wp_Config_Editor::for_site();
		if ( $editor instanceof Wp_Config_Editor ) {
			$editor->revert_proxy_constants();
		}
		clearstatcache();
		if ( (string) file_get_contents( $this->file ) !== $this->original ) {
			file_put_contents( $this->file, $this->original );
			$this->fail( 'wp-config.php was left changed' );
		}
		parent::tearDown();
	}

	private static function env( string $name ): string {
		$value = (string) getenv( $name );
		self::assertNotSame( '', $value, "$name is set by tests/run-php.ts" );
		return $value;
	}

	/**
	 * @param array<string, mixed> $body JSON body.
	 */
	private function post( array $body ): WP_REST_Response {
		$request = new WP_REST_Request( 'POST', self::ROUTE );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( (string) wp_json_encode( $body ) );
		return rest_do_request( $request );
	}

	private function delete(): WP_REST_Response {
		return rest_do_request( new WP_REST_Request( 'DELETE', self::ROUTE ) );
	}

	/**
	 * The JSON a client would receive, errors included.
	 */
	private static function json( WP_REST_Response $response ): string {
		return (string) wp_json_encode( rest_get_server()->response_to_data( $response, false ) );
	}

	private static function username(): string {
		return (string) constant( 'WP_PROXY_USERNAME' );
	}

	public function test_only_administrators_may_apply_or_revert(): void {
		foreach ( array( 'anonymous', 'subscriber', 'editor' ) as $role ) {
			$this->act_as( $role );
			$post = $this->post(
				array(
					'username' => self::username(),
					'password' => self::env( 'PROXY_HEALTH_LAB_RIGHT_PASSWORD' ),
				)
			);
			$this->assertContains( $post->get_status(), array( 401, 403 ), $role );
			$this->assertSame( 'rest_forbidden', $post->as_error()->get_error_code(), $role );
			$this->assertContains( $this->delete()->get_status(), array( 401, 403 ), $role );
		}
		$this->assertSame( $this->original, (string) file_get_contents( $this->file ) );
	}

	public function test_invalid_arguments_get_stable_codes_and_never_echo_the_password(): void {
		$this->act_as( 'administrator' );
		$cases = array(
			'missing password' => array( array( 'username' => 'alice' ), 'rest_missing_callback_param' ),
			'colon in user'    => array( array( 'username' => 'a:b', 'password' => 'p4ss-Secret' ), 'proxy_health_invalid_credentials' ),
			'line break'       => array( array( 'username' => 'alice', 'password' => "p4ss\r\nSecret" ), 'proxy_health_invalid_credentials' ),
			'empty user'       => array( array( 'username' => '', 'password' => 'p4ss-Secret' ), 'proxy_health_invalid_credentials' ),
			'too long'         => array( array( 'username' => 'alice', 'password' => str_repeat( 'x', 257 ) ), 'rest_invalid_param' ),
			'host with scheme' => array( array( 'username' => 'alice', 'password' => 'p4ss-Secret', 'host' => 'http://proxy' ), 'rest_invalid_param' ),
			'port not a number' => array( array( 'username' => 'alice', 'password' => 'p4ss-Secret', 'port' => 'eighty' ), 'rest_invalid_param' ),
			'other host'       => array( array( 'username' => 'alice', 'password' => 'p4ss-Secret', 'host' => 'other.example.test' ), 'proxy_health_proxy_mismatch' ),
		);
		foreach ( $cases as $name => [ $body, $code ] ) {
			$response = $this->post( $body );
			$this->assertSame( 400, $response->get_status(), $name );
			$json = self::json( $response );
			$this->assertStringContainsString( $code, $json, $name );
			$this->assertStringNotContainsString( 'Secret', $json, $name );
		}
		$this->assertSame( $this->original, (string) file_get_contents( $this->file ) );
	}

	public function test_wrong_credentials_are_refused_with_409_and_the_file_is_untouched(): void {
		$this->act_as( 'administrator' );
		$canary   = self::env( 'PROXY_HEALTH_CANARY' );
		$wrong    = 'not-the-right-' . wp_generate_password( 8, false );
		$response = $this->post(
			array(
				'username' => self::username(),
				'password' => $wrong,
			)
		);

		$this->assertSame( 409, $response->get_status() );
		$error = $response->as_error();
		$this->assertSame( 'proxy_health_credentials_not_verified', $error->get_error_code() );
		$data = (array) $error->get_error_data();
		$this->assertContains( 'proxy_auth_rejected', array_column( (array) $data['diagnoses'], 'code' ), 'the diagnoses say why' );
		$this->assertSame( $this->original, (string) file_get_contents( $this->file ), 'byte for byte' );
		$this->assertNull( Wp_Config_Editor::for_site()->record( Wp_Config_Editor::BLOCK_PROXY ) );
		$json = self::json( $response );
		$this->assertStringNotContainsString( $wrong, $json );
		$this->assertStringNotContainsString( $canary, $json );
	}

	public function test_right_credentials_are_written_and_delete_restores_the_exact_bytes(): void {
		$this->act_as( 'administrator' );
		$right = self::env( 'PROXY_HEALTH_LAB_RIGHT_PASSWORD' );
		$host  = (string) constant( 'WP_PROXY_HOST' );
		$port  = (int) constant( 'WP_PROXY_PORT' );

		$response = $this->post(
			array(
				'username' => self::username(),
				'password' => $right,
				'host'     => $host,
				'port'     => $port,
			)
		);
		$json = self::json( $response );
		$this->assertSame( 200, $response->get_status(), $json );
		$this->assertStringNotContainsString( $right, $json );
		$this->assertStringNotContainsString( self::env( 'PROXY_HEALTH_CANARY' ), $json );

		$data = $response->get_data();
		$this->assertSame( 'proxy', $data['applied']['block'] );
		$this->assertSame( array( 'WP_PROXY_HOST', 'WP_PROXY_PORT', 'WP_PROXY_USERNAME', 'WP_PROXY_PASSWORD' ), $data['applied']['constants'] );
		$this->assertSame( $host, $data['status']['proxy']['host'] );
		$this->assertSame( self::username(), $data['status']['proxy']['username'] );
		$this->assertTrue( $data['status']['proxy']['hasPassword'] );
		$this->assertNotEmpty( $data['status']['findings'] );

		$written = (string) file_get_contents( $this->file );
		$this->assertStringContainsString( "define( 'WP_PROXY_PASSWORD', " . var_export( $right, true ) . ' );', $written ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions
		$this->assertStringContainsString( "define( 'WP_PROXY_USERNAME', " . var_export( self::username(), true ) . ' );', $written ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions
		$this->assertStringContainsString( "define( 'WP_PROXY_HOST', " . var_export( $host, true ) . ' );', $written ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions
		// The file still parses, and a fresh PHP reading it defines the right password first.
		$this->assertSame( $right, $this->password_defined_by( $written ) );

		$reverted = $this->delete();
		$this->assertSame( 200, $reverted->get_status(), self::json( $reverted ) );
		$this->assertSame( 'restored', $reverted->get_data()['config']['status'] );
		clearstatcache();
		$this->assertSame( $this->original, (string) file_get_contents( $this->file ), 'byte for byte' );

		// Once more: nothing left to revert.
		$this->assertSame( 'nothing_to_revert', $this->delete()->get_data()['config']['status'] );
	}

	/**
	 * Runs the define() lines of a wp-config.php text in a fresh PHP (without loading
	 * WordPress) and returns the WP_PROXY_PASSWORD it ends up with.
	 */
	private function password_defined_by( string $config ): string {
		$cut    = strpos( $config, "require_once ABSPATH . 'wp-settings.php';" );
		$source = false === $cut ? $config : substr( $config, 0, $cut );
		$dir    = sys_get_temp_dir() . '/ph-config-' . wp_generate_password( 8, false );
		mkdir( $dir, 0700 );
		file_put_contents( $dir . '/c.php', $source . "\necho constant( 'WP_PROXY_PASSWORD' );\n" );
		$out = (string) shell_exec( 'php ' . escapeshellarg( $dir . '/c.php' ) );
		unlink( $dir . '/c.php' );
		rmdir( $dir );
		return $out;
	}
}
