<?php
/**
 * WP_PROXY_HOST must be a bare host name or address.
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
 * WordPress hands the proxy to Requests as `WP_PROXY_HOST . ':' . WP_PROXY_PORT`, so anything
 * besides a host name in WP_PROXY_HOST ends up inside that string.
 *
 * Codes: proxy_host_has_scheme (a scheme other than those Proxy_Scheme_Check explains),
 * proxy_host_has_path, proxy_host_has_port, proxy_host_empty.
 *
 * @since 0.1.0
 */
final class Host_Format_Check implements Config_Check {

	/**
	 * @since 0.1.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @return list<Finding>
	 */
	public function run( Lint_Context $context ): array {
		$host = Evidence::raw( $context, 'host' );
		if ( null === $host ) {
			return array();
		}
		$evidence = array( Evidence::constant( $context, 'host' ) );
		$port     = Evidence::raw( $context, 'port' );
		$findings = array();

		if ( '' === trim( $host ) ) {
			// Defined but empty still switches the proxy on (WordPress checks defined(), not the value).
			return array(
				new Finding(
					'proxy_host_empty',
					Finding::CRITICAL,
					__( 'The proxy host is empty', 'proxy-health' ),
					__( 'WP_PROXY_HOST is defined but empty. WordPress only checks that the constant is defined, so it still sends every request to a proxy without a host, and they all fail.', 'proxy-health' ),
					array( __( 'Set WP_PROXY_HOST to the proxy\'s host name, or remove both WP_PROXY_HOST and WP_PROXY_PORT when the site needs no proxy.', 'proxy-health' ) ),
					$evidence
				),
			);
		}

		$rest = $host;
		if ( preg_match( '#^([a-z][a-z0-9+.-]*)://#i', $host, $match ) ) {
			$scheme = strtolower( $match[1] );
			$rest   = substr( $host, strlen( $match[0] ) );
		}
		// SOCKS and HTTPS proxies need their scheme: Proxy_Scheme_Check explains them.
		if ( isset( $scheme ) && ! isset( Proxy_Scheme_Check::PROXY_TYPES[ $scheme ] ) ) {
			// libcurl accepts "http://host:port" as a proxy, so cURL requests still work; the fsockopen
			// transport opens the string as a socket and fails. Any other scheme libcurl does not
			// speak to a proxy fails on both: critical.
			$findings[] = new Finding(
				'proxy_host_has_scheme',
				'http' === $scheme ? Finding::RECOMMENDED : Finding::CRITICAL,
				__( 'The proxy host includes a scheme', 'proxy-health' ),
				'http' === $scheme
					? __( 'WP_PROXY_HOST starts with "http://". WordPress joins host and port into "http://host:port": cURL accepts that, but the fsockopen transport cannot connect to it, and tools that read the constants expect a bare host name.', 'proxy-health' )
					/* translators: %s: URL scheme such as ftp. */
					: sprintf( __( 'WP_PROXY_HOST starts with "%s://", which is not a protocol cURL speaks to a proxy (http, https, socks4, socks4a, socks5 and socks5h are), and the fsockopen transport cannot connect at all.', 'proxy-health' ), $scheme ),
				array(
					/* translators: %s: the host without its scheme. */
					sprintf( __( 'Write only the host name: define( \'WP_PROXY_HOST\', \'%s\' );', 'proxy-health' ), self::host_part( $rest ) ),
				),
				$evidence
			);
		}

		if ( preg_match( '#[/?\#]#', $rest ) ) {
			$findings[] = new Finding(
				'proxy_host_has_path',
				Finding::CRITICAL,
				__( 'The proxy host includes a path', 'proxy-health' ),
				/* translators: %s: the resulting proxy address, e.g. proxy.example/:3128. */
				sprintf( __( 'WP_PROXY_HOST contains a "/" (a path or trailing slash). WordPress appends the port to it, giving "%s", which is not an address cURL or fsockopen can connect to.', 'proxy-health' ), $host . ':' . ( $port ?? '' ) ),
				array(
					/* translators: %s: the host without path. */
					sprintf( __( 'Write only the host name: define( \'WP_PROXY_HOST\', \'%s\' );', 'proxy-health' ), self::host_part( $rest ) ),
				),
				$evidence
			);
		}

		$authority = (string) preg_replace( '#[/?\#].*$#s', '', $rest );
		$has_port  = 0 === strpos( $authority, '[' )
			? 1 === preg_match( '#\]:\d*$#', $authority )
			: 1 === substr_count( $authority, ':' );
		if ( $has_port ) {
			$findings[] = new Finding(
				'proxy_host_has_port',
				Finding::CRITICAL,
				__( 'The proxy host includes a port', 'proxy-health' ),
				/* translators: %s: the resulting proxy address, e.g. proxy:3128:3128. */
				sprintf( __( 'WP_PROXY_HOST already ends with a port. WordPress appends WP_PROXY_PORT to it, giving "%s", which cURL rejects as a malformed proxy address.', 'proxy-health' ), $host . ':' . ( $port ?? '' ) ),
				array( __( 'Put the host name in WP_PROXY_HOST and the port number, alone, in WP_PROXY_PORT.', 'proxy-health' ) ),
				array_merge( $evidence, array( Evidence::constant( $context, 'port' ) ) )
			);
		}
		return $findings;
	}

	/**
	 * The host name alone, for the remedy ("proxy:3128/x" → "proxy").
	 *
	 * @param string $rest Host without scheme.
	 */
	private static function host_part( string $rest ): string {
		$authority = (string) preg_replace( '#[/?\#].*$#s', '', $rest );
		$authority = (string) preg_replace( '#^.*@#', '', $authority );
		return 0 === strpos( $authority, '[' ) ? (string) preg_replace( '#\]:\d*$#', ']', $authority ) : (string) preg_replace( '#:.*$#', '', $authority );
	}
}
