<?php
/**
 * GET /proxy-health/v1/status against a real WordPress.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

final class Status_Route_Test extends Rest_Test_Case {

	private const ROUTE = '/proxy-health/v1/status';

	public function test_route_is_registered_with_a_schema(): void {
		$routes = rest_get_server()->get_routes();
		$this->assertArrayHasKey( self::ROUTE, $routes );

		$this->act_as( 'administrator' );
		$options = $this->dispatch( 'OPTIONS', self::ROUTE )->get_data();
		$this->assertSame( 'proxy-health-status', $options['schema']['title'] );
	}

	/**
	 * @return array<string, array{string, int}>
	 */
	public function non_administrators(): array {
		return array(
			'anonymous'   => array( 'anonymous', 401 ),
			'subscriber'  => array( 'subscriber', 403 ),
			'editor'      => array( 'editor', 403 ),
		);
	}

	/**
	 * @dataProvider non_administrators
	 */
	public function test_only_administrators_may_read_it( string $role, int $status ): void {
		$this->act_as( $role );
		$response = $this->dispatch( 'GET', self::ROUTE );
		$this->assertSame( $status, $response->get_status() );
		$this->assertSame( 'rest_forbidden', $response->get_data()['code'] );
	}

	public function test_reports_the_proxy_constants_as_wordpress_uses_them(): void {
		$this->act_as( 'administrator' );
		$response = $this->dispatch( 'GET', self::ROUTE );
		$this->assertSame( 200, $response->get_status() );
		$proxy = $response->get_data()['proxy'];

		$this->assertTrue( $proxy['enabled'] );
		$this->assertSame( WP_PROXY_HOST, $proxy['host'] );
		$this->assertSame( (string) WP_PROXY_PORT, $proxy['port'] );
		$this->assertSame( WP_PROXY_USERNAME, $proxy['username'] );
		$this->assertTrue( $proxy['hasPassword'] );
		$this->assertTrue( $proxy['authEnabled'] );
		$this->assertSame( 'constant', $proxy['sources']['password'] );
	}

	public function test_the_password_never_leaves_the_server(): void {
		$canary = (string) getenv( 'PROXY_HEALTH_CANARY' );
		$this->assertNotSame( '', $canary, 'the runner sets a canary proxy password' );
		$this->assertSame( $canary, WP_PROXY_PASSWORD, 'the lab site uses the canary as its proxy password' );

		$this->act_as( 'administrator' );
		$body = (string) wp_json_encode( $this->dispatch( 'GET', self::ROUTE )->get_data() );
		$this->assertStringNotContainsString( $canary, $body );
		$this->assertStringNotContainsString( base64_encode( WP_PROXY_USERNAME . ':' . $canary ), $body );
	}

	public function test_reports_transports_and_runtime(): void {
		$this->act_as( 'administrator' );
		$data = $this->dispatch( 'GET', self::ROUTE )->get_data();

		$this->assertSame( function_exists( 'curl_init' ), $data['transports']['curl']['available'] );
		$this->assertContains( 'Basic', $data['transports']['curl']['authSchemes'] );
		$this->assertSame( PHP_VERSION, $data['runtime']['php'] );
		$this->assertSame( get_bloginfo( 'version' ), $data['runtime']['wordpress'] );
	}

	public function test_says_whether_fsockopen_probes_run_side_by_side_and_why_not(): void {
		$this->act_as( 'administrator' );
		$parallel = $this->dispatch( 'GET', self::ROUTE )->get_data()['runtime']['parallelFsockopen'];
		$fibers   = version_compare( PHP_VERSION, '8.1', '>=' ) && 'Emscripten' !== php_uname( 's' );
		$this->assertSame( $fibers, $parallel['available'] );
		$this->assertSame( $fibers ? null : ( version_compare( PHP_VERSION, '8.1', '<' ) ? 'php_version' : 'php_wasm' ), $parallel['reason'] );

		add_filter( 'proxy_health_probe_fibers', '__return_false' );
		try {
			$parallel = $this->dispatch( 'GET', self::ROUTE )->get_data()['runtime']['parallelFsockopen'];
		} finally {
			remove_filter( 'proxy_health_probe_fibers', '__return_false' );
		}
		$this->assertFalse( $parallel['available'] );
		// Where PHP cannot run Fibers, that stays the reason; elsewhere the filter is.
		$this->assertSame( $fibers ? 'filter' : ( version_compare( PHP_VERSION, '8.1', '<' ) ? 'php_version' : 'php_wasm' ), $parallel['reason'] );
	}
}
