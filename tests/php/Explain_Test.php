<?php
/**
 * Proxy_Route_Explainer against the shared vectors and against WordPress core itself.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Proxy\Bypass_Traps;
use ProxyHealth\Proxy\Proxy_Route_Explainer;
use WP_HTTP_Proxy;

final class Explain_Test extends TestCase {

	private const VECTORS = __DIR__ . '/../fixtures/explain-vectors.json';

	/**
	 * @return list<array<string, mixed>>
	 */
	private static function vectors(): array {
		$data = json_decode( (string) file_get_contents( self::VECTORS ), true, 512, JSON_THROW_ON_ERROR );
		return $data['vectors'];
	}

	/**
	 * @return array<string, array{0: array<string, mixed>}>
	 */
	public function vector_provider(): array {
		$cases = array();
		foreach ( self::vectors() as $vector ) {
			$cases[ $vector['name'] ] = array( $vector );
		}
		return $cases;
	}

	/**
	 * @param array<string, mixed> $config A vector's config.
	 */
	private static function explainer( array $config ): Proxy_Route_Explainer {
		$string = static fn( $value ) => null === $value ? null : (string) $value;
		return new Proxy_Route_Explainer( $string( $config['proxyHost'] ), $string( $config['proxyPort'] ), $config['bypassHosts'], $config['siteUrl'] );
	}

	/**
	 * @dataProvider vector_provider
	 *
	 * @param array<string, mixed> $vector One vector.
	 */
	public function test_pure_core_answers_each_vector( array $vector ): void {
		$result = self::explainer( $vector['config'] )->explain( $vector['url'] );
		$got    = array(
			'viaProxy' => $result['viaProxy'],
			'reason'   => $result['reason'],
			'host'     => $result['host'],
		);
		if ( array_key_exists( 'matchedRule', $result ) ) {
			$got['matchedRule'] = $result['matchedRule'];
		}
		$got['hints'] = $result['hints'];
		$this->assertSame( $vector['expected'], $got );
		$this->assertSame( $vector['url'], $result['url'] );
		$this->assertNotSame( '', $result['detail'] );
		$this->assertArrayNotHasKey( 'filter', $result, 'explicit inputs run no filter' );
	}

	public function test_vectors_cover_every_reason_but_the_filter_and_every_hint(): void {
		$vectors = self::vectors();
		$this->assertGreaterThanOrEqual( 40, count( $vectors ) );
		$reasons = array_unique( array_column( array_column( $vectors, 'expected' ), 'reason' ) );
		$this->assertEqualsCanonicalizing( array_diff( Proxy_Route_Explainer::REASONS, array( 'filter_override' ) ), $reasons );
		$hints = array_unique( array_merge( ...array_column( array_column( $vectors, 'expected' ), 'hints' ) ) );
		$this->assertEqualsCanonicalizing( Bypass_Traps::HINTS, $hints );
	}

	/**
	 * Core's WP_HTTP_Proxy reads constants and caches the bypass list statically, so each
	 * configuration runs in its own PHP process on the lab site's own class file.
	 */
	public function test_wordpress_core_agrees_with_every_vector(): void {
		$groups = array();
		foreach ( self::vectors() as $vector ) {
			$groups[ (string) wp_json_encode( $vector['config'] ) ][] = $vector;
		}
		foreach ( $groups as $config => $vectors ) {
			$input              = json_decode( $config, true );
			$input['classFile'] = ABSPATH . WPINC . '/class-wp-http-proxy.php';
			$input['urls']      = array_column( $vectors, 'url' );
			$answers            = self::run_core( $input );
			foreach ( $vectors as $index => $vector ) {
				$this->assertSame( $vector['expected']['viaProxy'], $answers[ $index ], 'core on: ' . $vector['name'] );
			}
		}
	}

	/**
	 * @param array<string, mixed> $input Runner input.
	 * @return list<bool>
	 */
	private static function run_core( array $input ): array {
		$process = proc_open(
			array( PHP_BINARY, '-d', 'display_errors=stderr', __DIR__ . '/support/core-send-through-proxy.php' ),
			array( array( 'pipe', 'r' ), array( 'pipe', 'w' ), array( 'pipe', 'w' ) ),
			$pipes
		);
		self::assertIsResource( $process );
		fwrite( $pipes[0], (string) wp_json_encode( $input ) );
		fclose( $pipes[0] );
		$out = (string) stream_get_contents( $pipes[1] );
		$err = (string) stream_get_contents( $pipes[2] );
		fclose( $pipes[1] );
		fclose( $pipes[2] );
		$status = proc_close( $process );
		self::assertSame( 0, $status, $err );
		$answers = json_decode( $out, true );
		self::assertIsArray( $answers, $out . $err );
		return $answers;
	}

	/**
	 * The live explainer and core, in this process, on this site's real configuration.
	 */
	public function test_live_explainer_agrees_with_core_on_the_live_configuration(): void {
		$this->assertTrue( defined( 'WP_PROXY_HOST' ) && defined( 'WP_PROXY_PORT' ), 'the lab site has a proxy' );
		$site  = (string) get_option( 'siteurl' );
		$urls  = array(
			$site . '/wp-json/',
			'http://localhost/',
			'http://LOCALHOST/',
			(string) getenv( 'PROXY_HEALTH_LAB_HTTP_TARGET' ),
			(string) getenv( 'PROXY_HEALTH_LAB_HTTPS_TARGET' ),
			'https://api.wordpress.org/core/version-check/1.7/',
			'https://API.WordPress.org/',
			'http://[::1]:8080/',
			'http://example.com:65536/',
			'http://127.0.0.3./',
		);
		$live  = Proxy_Route_Explainer::from_live();
		$proxy = new WP_HTTP_Proxy();
		$seen  = array();
		foreach ( $urls as $url ) {
			$this->assertNotSame( '', $url );
			$result = $live->explain( $url );
			$this->assertSame( $proxy->is_enabled() && $proxy->send_through_proxy( $url ), $result['viaProxy'], $url );
			$this->assertTrue( $result['proxyEnabled'] );
			$seen[] = $result['reason'];
		}
		$this->assertContains( 'site_host', $seen );
		$this->assertContains( 'localhost', $seen );
		$this->assertContains( 'unparsable_url', $seen );
		$this->assertContains( defined( 'WP_PROXY_BYPASS_HOSTS' ) ? 'not_in_bypass_list' : 'no_bypass_list', $seen );
	}

	public function test_live_explainer_follows_the_filter_like_core(): void {
		$url = (string) getenv( 'PROXY_HEALTH_LAB_HTTP_TARGET' );
		// Other tests may leave callbacks of their own hooked (fixture plugins are required once).
		$before   = Proxy_Route_Explainer::from_live()->explain( $url )['filter']['callbacks'] ?? array();
		$callback = static function ( $override, $uri ) use ( $url ) {
			return $uri === $url ? false : $override;
		};
		add_filter( Proxy_Route_Explainer::FILTER, $callback, 10, 2 );
		try {
			$result = Proxy_Route_Explainer::from_live()->explain( $url );
			$this->assertSame( ( new WP_HTTP_Proxy() )->send_through_proxy( $url ), $result['viaProxy'] );
			$this->assertFalse( $result['viaProxy'] );
			$this->assertSame( 'filter_override', $result['reason'] );
			$mine = array_values(
				array_filter(
					$result['filter']['callbacks'],
					static fn( array $hooked ) => str_contains( $hooked['name'], 'Explain_Test.php:' )
				)
			);
			$this->assertCount( 1, $mine, (string) wp_json_encode( $result['filter'] ) );
			$this->assertStringStartsWith( 'Closure at ', $mine[0]['name'] );
			$this->assertSame( 10, $mine[0]['priority'] );
			$this->assertStringContainsString( $mine[0]['name'], $result['detail'] );

			// A hooked callback that returns null leaves the rules in charge, and is still listed.
			$other = Proxy_Route_Explainer::from_live()->explain( 'https://api.wordpress.org/' );
			$this->assertTrue( $other['viaProxy'] );
			$this->assertNotSame( 'filter_override', $other['reason'] );
			$this->assertCount( count( $before ) + 1, $other['filter']['callbacks'] );
		} finally {
			remove_filter( Proxy_Route_Explainer::FILTER, $callback, 10 );
		}
		$this->assertSame( $before, Proxy_Route_Explainer::from_live()->explain( $url )['filter']['callbacks'] ?? array() );
	}

	/**
	 * Core would keep the first list it saw; the explainer must answer each configuration.
	 */
	public function test_no_state_is_kept_between_configurations(): void {
		$first  = new Proxy_Route_Explainer( 'p', '1', 'a.test', 'http://s.test' );
		$second = new Proxy_Route_Explainer( 'p', '1', '*.b.test', 'http://s.test' );
		$this->assertFalse( $first->explain( 'http://a.test/' )['viaProxy'] );
		$this->assertTrue( $second->explain( 'http://a.test/' )['viaProxy'] );
		$this->assertFalse( $second->explain( 'http://x.b.test/' )['viaProxy'] );
		$this->assertTrue( $first->explain( 'http://x.b.test/' )['viaProxy'] );
	}

	public function test_filter_override_on_explicit_inputs_names_the_callbacks(): void {
		$explainer = new Proxy_Route_Explainer(
			'p',
			'1',
			null,
			'http://s.test',
			static fn( string $uri, array $check ) => 'localhost' === $check['host'] ? 1 : null,
			array(
				array(
					'name'     => 'my_proxy_rules',
					'priority' => 5,
				),
			)
		);
		$result    = $explainer->explain( 'http://localhost/' );
		$this->assertTrue( $result['viaProxy'], 'a truthy override sends through the proxy, as core\'s callers read it' );
		$this->assertSame( 'filter_override', $result['reason'] );
		$this->assertStringContainsString( 'my_proxy_rules', $result['detail'] );
		$this->assertSame( array( 'callbacks' => array( array( 'name' => 'my_proxy_rules', 'priority' => 5 ) ) ), $result['filter'] );

		$declined = $explainer->explain( 'http://x.test/' );
		$this->assertSame( 'no_bypass_list', $declined['reason'], 'null from the filter leaves the rules in charge' );
		$this->assertArrayHasKey( 'filter', $declined );
	}
}
