<?php
/**
 * GET /proxy-health/v1/hooks with a real fixture plugin loaded into the lab WordPress.
 *
 * The fixture (tests/fixtures/plugins/proxy-interference) is linked into the lab's plugins
 * folder and required from there, as WordPress would load it, but it is never activated: its
 * callbacks are removed again after these tests so the probe tests meet the site unchanged.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Hooks\Hook_Inspector;
use ProxyHealth\Inbound\Redirect_Follower;

final class Hooks_Test extends Rest_Test_Case {

	private const ROUTE   = '/proxy-health/v1/hooks';
	private const FIXTURE = 'proxy-interference';

	private static string $link = '';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$link = WP_PLUGIN_DIR . '/' . self::FIXTURE;
		if ( ! file_exists( self::$link ) ) {
			symlink( dirname( __DIR__ ) . '/fixtures/plugins/' . self::FIXTURE, self::$link );
		}
		require_once self::$link . '/' . self::FIXTURE . '.php';
	}

	public static function tearDownAfterClass(): void {
		// Unhook everything the fixture added (its closure has no name to remove it by).
		global $wp_filter;
		$fixture = realpath( dirname( __DIR__ ) . '/fixtures/plugins/' . self::FIXTURE );
		foreach ( Hook_Inspector::HOOKS as $hook ) {
			if ( ! isset( $wp_filter[ $hook ] ) ) {
				continue;
			}
			foreach ( $wp_filter[ $hook ]->callbacks as $priority => $entries ) {
				foreach ( $entries as $entry ) {
					$function = $entry['function'];
					$reflect  = $function instanceof \Closure || is_string( $function ) && function_exists( $function ) ? new \ReflectionFunction( $function ) : null;
					if ( null !== $reflect && str_starts_with( (string) realpath( (string) $reflect->getFileName() ), (string) $fixture ) ) {
						remove_filter( $hook, $function, $priority );
					}
				}
			}
		}
		if ( is_link( self::$link ) ) {
			unlink( self::$link );
		}
		parent::tearDownAfterClass();
	}

	/**
	 * Line of the first line of the fixture containing $needle.
	 */
	private static function fixture_line( string $needle ): int {
		$lines = file( dirname( __DIR__ ) . '/fixtures/plugins/' . self::FIXTURE . '/' . self::FIXTURE . '.php' );
		self::assertIsArray( $lines );
		foreach ( $lines as $index => $line ) {
			if ( str_contains( $line, $needle ) ) {
				return $index + 1;
			}
		}
		self::fail( "$needle is not in the fixture" );
	}

	/**
	 * @return array<string, array<string, mixed>>
	 */
	private function hooks(): array {
		$this->act_as( 'administrator' );
		$response = $this->dispatch( 'GET', self::ROUTE );
		$this->assertSame( 200, $response->get_status() );
		$by_hook = array();
		foreach ( $response->get_data()['hooks'] as $hook ) {
			$by_hook[ $hook['hook'] ] = $hook;
		}
		return $by_hook;
	}

	/**
	 * @param array<string, mixed> $hook A hook entry of the report.
	 * @return list<array<string, mixed>>
	 */
	private static function callbacks_of( array $hook, string $type, string $slug ): array {
		return array_values(
			array_filter(
				$hook['callbacks'],
				static fn( array $callback ): bool => $type === $callback['owner']['type'] && $slug === $callback['owner']['slug']
			)
		);
	}

	public function test_route_has_a_schema_and_lists_every_http_hook(): void {
		$this->act_as( 'administrator' );
		$this->assertSame( 'proxy-health-hooks', $this->dispatch( 'OPTIONS', self::ROUTE )->get_data()['schema']['title'] );
		$this->assertSame( Hook_Inspector::HOOKS, array_keys( $this->hooks() ) );
		$this->assertContains( 'requests-requests.before_request', Hook_Inspector::HOOKS );
	}

	public function test_attributes_a_named_function_to_its_plugin_file_and_line(): void {
		$found = self::callbacks_of( $this->hooks()['http_api_curl'], 'plugin', self::FIXTURE );
		$this->assertCount( 1, $found );
		$this->assertSame( 'proxy_interference_force_ntlm', $found[0]['callback'] );
		$this->assertSame( 5, $found[0]['priority'] );
		$this->assertSame( 'plugins/proxy-interference/proxy-interference.php', $found[0]['owner']['file'] );
		$this->assertSame( self::fixture_line( 'function proxy_interference_force_ntlm' ), $found[0]['owner']['line'] );
		$this->assertFalse( $found[0]['proxyHealth'] );
	}

	public function test_attributes_a_closure_to_its_plugin_file_and_line(): void {
		$found = self::callbacks_of( $this->hooks()['pre_http_send_through_proxy'], 'plugin', self::FIXTURE );
		$this->assertCount( 1, $found );
		$this->assertSame( '{closure}', $found[0]['callback'] );
		$this->assertSame( 20, $found[0]['priority'] );
		$this->assertSame( 3, $found[0]['acceptedArgs'] );
		$this->assertSame( 'plugins/proxy-interference/proxy-interference.php', $found[0]['owner']['file'] );
		$this->assertSame( self::fixture_line( 'static function ( $override' ), $found[0]['owner']['line'] );
	}

	public function test_groups_callbacks_by_owner(): void {
		$this->act_as( 'administrator' );
		$owners = $this->dispatch( 'GET', self::ROUTE )->get_data()['owners'];
		$owner  = array_values( array_filter( $owners, static fn( array $o ): bool => 'plugin' === $o['type'] && self::FIXTURE === $o['slug'] ) );
		$this->assertCount( 1, $owner );
		$this->assertEqualsCanonicalizing( array( 'http_api_curl', 'pre_http_send_through_proxy' ), array_column( $owner[0]['callbacks'], 'hook' ) );
	}

	public function test_the_lab_ca_must_use_plugin_is_a_mu_plugin(): void {
		$found = self::callbacks_of( $this->hooks()['http_request_args'], 'mu-plugin', 'proxy-health-lab-ca' );
		$this->assertCount( 1, $found );
		$this->assertSame( '{closure}', $found[0]['callback'] );
		$this->assertSame( 'mu-plugins/proxy-health-lab-ca.php', $found[0]['owner']['file'] );
		$this->assertGreaterThan( 0, $found[0]['owner']['line'] );
	}

	public function test_marks_proxy_healths_own_callbacks(): void {
		$callback = array( Redirect_Follower::class, 'never_proxy' );
		add_filter( 'pre_http_send_through_proxy', $callback, 99 );
		try {
			$found = self::callbacks_of( $this->hooks()['pre_http_send_through_proxy'], 'plugin', 'proxy-health' );
		} finally {
			remove_filter( 'pre_http_send_through_proxy', $callback, 99 );
		}
		$this->assertCount( 1, $found );
		$this->assertTrue( $found[0]['proxyHealth'] );
		$this->assertSame( Redirect_Follower::class . '::never_proxy', $found[0]['callback'] );
		$this->assertSame( 'plugins/proxy-health/includes/Inbound/Redirect_Follower.php', $found[0]['owner']['file'], 'named by the folder WordPress loads it from, though it is a symlink' );
	}

	public function test_core_and_php_functions(): void {
		$inspector = new Hook_Inspector();
		$core      = $inspector->describe( 'wp_remote_get' );
		$this->assertSame( 'core', $core['owner']['type'] );
		$this->assertSame( 'wp-includes/http.php', $core['owner']['file'] );
		$php = $inspector->describe( 'strtolower' );
		$this->assertSame( 'unknown', $php['owner']['type'] );
		$this->assertNull( $php['owner']['file'] );
		$missing = $inspector->describe( array( 'No_Such_Class', 'nope' ) );
		$this->assertSame( 'unknown', $missing['owner']['type'] );
	}

	public function test_only_administrators_may_read_it(): void {
		$this->act_as( 'editor' );
		$response = $this->dispatch( 'GET', self::ROUTE );
		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 'rest_forbidden', $response->get_data()['code'] );
		$this->act_as( 'anonymous' );
		$this->assertSame( 401, $this->dispatch( 'GET', self::ROUTE )->get_status() );
	}
}
