<?php
/**
 * SOCKS and HTTPS proxies written with their scheme: the lint says what WordPress does with them
 * and gives the configuration that works, never "write only the host" (which breaks them).
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Lint\Checks\Host_Format_Check;
use ProxyHealth\Lint\Checks\Proxy_Scheme_Check;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Lint\Lint_Context;
use ProxyHealth\Proxy\Proxy_Config;

final class Proxy_Scheme_Check_Test extends TestCase {

	/**
	 * @param string                                                          $host WP_PROXY_HOST (null: not defined).
	 * @param list<array{name: string, getenv: string|null, server: string|null}> $env  Environment.
	 */
	private static function context( ?string $host, array $env = array() ): Lint_Context {
		$constants = null === $host ? array() : array(
			'WP_PROXY_HOST'     => $host,
			'WP_PROXY_PORT'     => '1080',
			'WP_PROXY_USERNAME' => 'alice',
			'WP_PROXY_PASSWORD' => 'canary-Pa55word',
		);
		return new Lint_Context( Proxy_Config::from_array( $constants ), 'http://site.test', 'http://site.test', $env );
	}

	/**
	 * @return array<string, array{0: string, 1: bool, 2: bool, 3: string, 4: string, 5: string}>
	 */
	public function constants(): array {
		return array(
			'socks5h with cURL'                     => array( 'socks5h://proxy.test', true, true, 'proxy_host_socks_scheme', 'good', 'CURLPROXY_SOCKS5_HOSTNAME' ),
			'socks5 with cURL'                      => array( 'socks5://proxy.test', true, true, 'proxy_host_socks_scheme', 'good', 'CURLPROXY_SOCKS5' ),
			'socks4a with cURL'                     => array( 'SOCKS4A://proxy.test', true, true, 'proxy_host_socks_scheme', 'good', 'CURLPROXY_SOCKS4A' ),
			'socks5h without cURL'                  => array( 'socks5h://proxy.test', false, false, 'proxy_host_socks_scheme', 'critical', 'CURLPROXY_SOCKS5_HOSTNAME' ),
			'https with an HTTPS-proxy libcurl'     => array( 'https://proxy.test', true, true, 'proxy_host_https_scheme', 'good', 'CURLPROXY_HTTPS' ),
			'https with a libcurl that cannot'      => array( 'https://proxy.test', true, false, 'proxy_host_https_scheme', 'critical', 'CURLPROXY_HTTPS' ),
			'https without cURL'                    => array( 'https://proxy.test', false, false, 'proxy_host_https_scheme', 'critical', 'CURLPROXY_HTTPS' ),
		);
	}

	/**
	 * @dataProvider constants
	 *
	 * @param string $host        WP_PROXY_HOST.
	 * @param bool   $curl        Whether WordPress uses cURL.
	 * @param bool   $https_proxy Whether libcurl speaks to HTTPS proxies.
	 * @param string $code        Expected code.
	 * @param string $severity    Expected severity.
	 * @param string $type        CURLOPT_PROXYTYPE constant the snippet sets.
	 */
	public function test_a_proxy_scheme_in_wp_proxy_host( string $host, bool $curl, bool $https_proxy, string $code, string $severity, string $type ): void {
		$context  = self::context( $host );
		$findings = ( new Proxy_Scheme_Check( $curl, $https_proxy ) )->run( $context );
		$this->assertCount( 1, $findings );
		$shape = $findings[0]->to_array();
		$this->assertSame( array( $code, $severity ), array( $shape['code'], $shape['severity'] ) );
		$this->assertStringContainsString( 'libcurl takes the scheme written there over the proxy type WordPress sets', $shape['detail'] );
		$this->assertStringContainsString( 'fsockopen transport cannot', $shape['detail'] );
		$remedies = implode( "\n", $shape['remedies'] );
		// The configuration that works: the host alone plus the proxy type from http_api_curl.
		$this->assertStringContainsString( "define( 'WP_PROXY_HOST', 'proxy.test' ); define( 'WP_PROXY_PORT', '1080' );", $remedies );
		$this->assertStringContainsString( "add_action( 'http_api_curl', static function ( \$handle ): void { curl_setopt( \$handle, CURLOPT_PROXYTYPE, {$type} ); } );", $remedies );
		$this->assertStringNotContainsString( 'Write only the host', $remedies );
		$this->assertStringNotContainsString( 'canary-Pa55word', (string) wp_json_encode( $shape ) );
		if ( 'https' === Proxy_Scheme_Check::scheme( $host ) ) {
			$this->assertStringContainsString( 'CURLOPT_PROXY_CAINFO', $remedies );
		}
		if ( ! $curl ) {
			$this->assertStringContainsString( 'Install or enable the PHP cURL extension', $remedies );
		}
		// The host check no longer tells the admin to remove a scheme the proxy needs.
		$this->assertSame( array(), ( new Host_Format_Check() )->run( $context ) );
	}

	public function test_the_host_check_still_catches_a_port_inside_a_socks_host(): void {
		$codes = array_map( static fn( Finding $f ): string => $f->code(), ( new Host_Format_Check() )->run( self::context( 'socks5h://proxy.test:1080' ) ) );
		$this->assertSame( array( 'proxy_host_has_port' ), $codes );
	}

	public function test_http_and_bare_hosts_are_not_this_checks_business(): void {
		$check = new Proxy_Scheme_Check( true, true );
		$this->assertSame( array(), $check->run( self::context( 'proxy.test' ) ) );
		$this->assertSame( array(), $check->run( self::context( 'http://proxy.test' ) ) );
	}

	public function test_a_socks_or_https_proxy_in_the_environment(): void {
		$env = array(
			array(
				'name'   => 'https_proxy',
				'getenv' => 'socks5h://bob:[redacted]@socks.test:1081',
				'server' => null,
			),
			array(
				'name'   => 'http_proxy',
				'getenv' => null,
				'server' => 'https://tls-proxy.test:3129/',
			),
			array(
				'name'   => 'HTTP_PROXY',
				'getenv' => 'socks5://ignored.test:1080',
				'server' => null,
			),
		);
		$findings = ( new Proxy_Scheme_Check( true, true ) )->run( self::context( null, $env ) );
		$shapes   = array_map( static fn( Finding $f ): array => $f->to_array(), $findings );
		$this->assertSame( array( 'env_proxy_socks_scheme', 'env_proxy_https_scheme' ), array_column( $shapes, 'code' ) );
		$this->assertSame( array( 'good', 'good' ), array_column( $shapes, 'severity' ) );
		$socks = implode( "\n", $shapes[0]['remedies'] );
		$this->assertStringContainsString( "define( 'WP_PROXY_HOST', 'socks5h://socks.test' ); define( 'WP_PROXY_PORT', '1081' );", $socks );
		$this->assertStringContainsString( 'CURLPROXY_SOCKS5_HOSTNAME', $socks );
		$this->assertStringContainsString( "define( 'WP_PROXY_HOST', 'https://tls-proxy.test' ); define( 'WP_PROXY_PORT', '3129' );", implode( "\n", $shapes[1]['remedies'] ) );
		$this->assertSame( array( 'https_proxy = socks5h://bob:[redacted]@socks.test:1081' ), $shapes[0]['evidence'] );
	}
}
