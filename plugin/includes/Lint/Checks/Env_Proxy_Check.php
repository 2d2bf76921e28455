<?php
/**
 * Environment proxy variables that disagree with WP_PROXY_*.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint\Checks;

use ProxyHealth\Lint\Config_Check;
use ProxyHealth\Lint\Evidence;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Lint\Lint_Context;

/**
 * Code: env_proxy_mismatch. Recommended: the web requests WordPress makes here may be fine, but
 * the same site behaves differently under another environment (WP-CLI and system cron run PHP
 * CLI with the shell's variables; PHP-FPM usually clears them), or for code outside the
 * WordPress HTTP API.
 *
 * libcurl reads https_proxy/HTTPS_PROXY, all_proxy/ALL_PROXY and, to defeat "httpoxy", only the
 * lower-case http_proxy, whenever no proxy is set on the handle, and it reads no_proxy/NO_PROXY
 * even when one is (WordPress never sets CURLOPT_NOPROXY).
 *
 * @since 0.1.0
 */
final class Env_Proxy_Check implements Config_Check {

	/** Variables naming a proxy, and whether libcurl itself honours them. */
	private const PROXY_VARIABLES = array(
		'http_proxy'  => true,
		'HTTP_PROXY'  => false,
		'https_proxy' => true,
		'HTTPS_PROXY' => true,
		'all_proxy'   => true,
		'ALL_PROXY'   => true,
	);

	/**
	 * @since 0.1.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @return list<Finding>
	 */
	public function run( Lint_Context $context ): array {
		$proxies  = array();
		$no_proxy = null;
		foreach ( $context->environment() as $variable ) {
			$value = $variable['getenv'] ?? $variable['server'];
			if ( null === $value ) {
				continue;
			}
			if ( isset( self::PROXY_VARIABLES[ $variable['name'] ] ) ) {
				$proxies[ $variable['name'] ] = array( $value, self::seen_by( $variable ) );
			} elseif ( null === $no_proxy && 'no_proxy' === strtolower( $variable['name'] ) ) {
				$no_proxy = array( $variable['name'], $value, self::seen_by( $variable ) );
			}
		}
		if ( ! $proxies && null === $no_proxy ) {
			return array();
		}

		$shape    = $context->proxy()->to_array();
		$enabled  = $context->proxy()->is_enabled();
		$evidence = array();
		$details  = array();

		if ( $enabled ) {
			$wp_target = self::target( (string) $shape['host'] . ':' . (string) $shape['port'] );
			$differing = array();
			foreach ( $proxies as $name => [ $value, $seen_by ] ) {
				$env_target = self::target( $value );
				$same_host  = strtolower( $env_target[0] ) === strtolower( $wp_target[0] );
				// A variable without a port leaves the port to the client; compare hosts only then.
				$same_port = null === $env_target[1] || $env_target[1] === $wp_target[1];
				if ( ! $same_host || ! $same_port ) {
					$differing[] = sprintf( '%s = %s (%s)', $name, Evidence::printable( $value ), $seen_by );
				}
			}
			if ( $differing ) {
				$evidence[] = sprintf( 'WP_PROXY_HOST:WP_PROXY_PORT = %s:%s', Evidence::printable( (string) $shape['host'] ), Evidence::printable( (string) $shape['port'] ) );
				$evidence   = array_merge( $evidence, $differing );
				$details[]  = __( 'The environment names a different proxy than WP_PROXY_HOST and WP_PROXY_PORT. WordPress\'s own requests use the constants, but code that bypasses the WordPress HTTP API (raw cURL, Guzzle, shell commands) uses the environment\'s proxy, and WP-CLI or system cron may run with other variables than the web server.', 'proxy-health' );
			}
			if ( null !== $no_proxy && ! self::same_hosts( $no_proxy[1], $shape['bypassHosts'] ?? array() ) ) {
				$evidence[] = sprintf( '%s = %s (%s)', $no_proxy[0], Evidence::printable( $no_proxy[1] ), $no_proxy[2] );
				$evidence[] = Evidence::constant( $context, 'bypassHosts' );
				$details[]  = __( 'no_proxy differs from WP_PROXY_BYPASS_HOSTS. libcurl reads no_proxy even when WordPress sets the proxy, so cURL requests to the hosts it lists skip the proxy here, while the fsockopen transport and PHP processes without that variable send them through it.', 'proxy-health' );
			}
		} elseif ( $proxies ) {
			foreach ( $proxies as $name => [ $value, $seen_by ] ) {
				$evidence[] = sprintf( '%s = %s (%s)%s', $name, Evidence::printable( $value ), $seen_by, self::PROXY_VARIABLES[ $name ] ? '' : '; libcurl ignores upper-case HTTP_PROXY' );
			}
			$evidence[] = 'WP_PROXY_HOST and WP_PROXY_PORT are not both defined';
			$details[]  = __( 'WordPress has no proxy configured, but this PHP process sees proxy environment variables. libcurl uses them on its own, so WordPress\'s cURL requests go through that proxy here, without WP_PROXY_* credentials, while the fsockopen transport and PHP processes with another environment (PHP-FPM versus WP-CLI and system cron) connect directly.', 'proxy-health' );
		}

		if ( ! $details ) {
			return array();
		}
		return array(
			new Finding(
				'env_proxy_mismatch',
				Finding::RECOMMENDED,
				__( 'Environment proxy variables disagree with WordPress\'s proxy settings', 'proxy-health' ),
				implode( ' ', $details ),
				array(
					__( 'Make the environment agree with wp-config.php: set http_proxy, https_proxy and no_proxy to the same proxy and bypass hosts for the web server, WP-CLI and cron, or remove them where WordPress\'s constants should decide.', 'proxy-health' ),
					__( 'If the site needs the proxy, define WP_PROXY_HOST and WP_PROXY_PORT (and credentials) in wp-config.php, so every PHP process uses it the same way.', 'proxy-health' ),
				),
				$evidence
			),
		);
	}

	/**
	 * @param array{name: string, getenv: string|null, server: string|null} $variable Variable.
	 */
	private static function seen_by( array $variable ): string {
		if ( null !== $variable['getenv'] && null !== $variable['server'] ) {
			return 'getenv and $_SERVER';
		}
		return null !== $variable['getenv'] ? 'getenv' : '$_SERVER';
	}

	/**
	 * Host and port of a proxy value ("http://u:[redacted]@proxy:3128/" → ["proxy", "3128"]).
	 *
	 * @param string $value Proxy URL or host:port.
	 * @return array{0: string, 1: string|null}
	 */
	private static function target( string $value ): array {
		$rest      = (string) preg_replace( '#^[a-z][a-z0-9+.-]*://#i', '', trim( $value ) );
		$authority = (string) preg_replace( '#/.*$#s', '', $rest );
		$at        = strrpos( $authority, '@' );
		if ( false !== $at ) {
			$authority = substr( $authority, $at + 1 );
		}
		if ( preg_match( '#^(\[[^\]]*\])(?::(\d*))?$#', $authority, $m ) || preg_match( '#^([^:]*)(?::(\d*))?$#', $authority, $m ) ) {
			return array( $m[1], isset( $m[2] ) && '' !== $m[2] ? ltrim( $m[2], '0' ) : null );
		}
		return array( $authority, null );
	}

	/**
	 * Whether no_proxy and the bypass list name the same hosts (order and spacing aside).
	 *
	 * @param string       $no_proxy Comma-separated list.
	 * @param list<string> $bypass   WordPress's entries.
	 */
	private static function same_hosts( string $no_proxy, array $bypass ): bool {
		$normalise = static function ( array $hosts ): array {
			$hosts = array_filter( array_map( static fn( string $h ): string => strtolower( trim( $h ) ), $hosts ), 'strlen' );
			$hosts = array_values( array_unique( $hosts ) );
			sort( $hosts );
			return $hosts;
		};
		return $normalise( explode( ',', $no_proxy ) ) === $normalise( $bypass );
	}
}
