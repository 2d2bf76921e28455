<?php
/**
 * The certificate presented for an HTTPS target, and whether it chains to WordPress's CA bundle.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

/**
 * After a TLS failure, reads the certificate chain the other end presented and checks it against
 * the CA bundle WordPress verified with. A chain that does not reach that bundle is what an
 * HTTPS-inspecting proxy presents: its own CA signs a certificate for every host.
 *
 * The chain is read with cURL through the same proxy settings WordPress's request used (Requests'
 * own proxy hook sets them, so credentials go only where and how WordPress sends them), with
 * `CURLOPT_CONNECT_ONLY`: the proxy's CONNECT and the TLS handshake happen, no HTTP request is
 * sent. Verification is off for that handshake only, to read the certificate; nothing is sent
 * over it.
 *
 * @since 0.2.0
 */
final class Tls_Certificate {

	/** Most certificates of a presented chain that are read. */
	private const MAX_CHAIN = 10;

	/**
	 * Reads the chain presented for a request's HTTPS target (cURL only).
	 *
	 * @since 0.2.0
	 *
	 * @param Probe_Request $request A request whose TLS handshake failed.
	 * @return list<string>|null PEM certificates, leaf first; null when they could not be read.
	 */
	public static function presented_chain( Probe_Request $request ): ?array {
		if ( ! function_exists( 'curl_init' ) || ! defined( 'CURLOPT_CONNECT_ONLY' ) || 0 !== stripos( $request->url, 'https:' ) ) {
			return null;
		}
		$handle = curl_init( $request->url ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_init -- the HTTP API cannot stop after the handshake or return the peer's certificates.
		if ( false === $handle ) {
			return null;
		}
		$seconds = max( 1, (int) ceil( (float) ( $request->options['timeout'] ?? 10 ) ) );
		// phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt_array -- see above.
		curl_setopt_array(
			$handle,
			array(
				CURLOPT_CONNECT_ONLY   => true,
				CURLOPT_CERTINFO       => true,
				// Only to read the certificate: the handshake carries no request.
				CURLOPT_SSL_VERIFYPEER => false,
				CURLOPT_SSL_VERIFYHOST => 0,
				CURLOPT_CONNECTTIMEOUT => $seconds,
				CURLOPT_TIMEOUT        => $seconds,
				CURLOPT_NOPROXY        => '',
			)
		);
		$proxy = $request->options['proxy'] ?? null;
		if ( $request->via_proxy && is_object( $proxy ) && method_exists( $proxy, 'curl_before_send' ) ) {
			// Requests' own proxy hook: CURLOPT_PROXY, its type and, when WordPress sends them, the credentials.
			$proxy->curl_before_send( $handle );
		} elseif ( ! $request->via_proxy ) {
			// A direct request: no proxy from the environment either.
			curl_setopt( $handle, CURLOPT_PROXY, '' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- see above.
		}
		$done  = curl_exec( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_exec -- see above.
		$infos = false === $done ? array() : curl_getinfo( $handle, CURLINFO_CERTINFO ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_getinfo -- see above.
		if ( PHP_VERSION_ID < 80000 ) {
			curl_close( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_close -- see above.
		}
		$chain = array();
		foreach ( is_array( $infos ) ? $infos : array() as $info ) {
			if ( is_array( $info ) && isset( $info['Cert'] ) && is_string( $info['Cert'] ) ) {
				$chain[] = $info['Cert'];
			}
			if ( count( $chain ) >= self::MAX_CHAIN ) {
				break;
			}
		}
		return array() === $chain ? null : $chain;
	}

	/**
	 * Subject and issuer of the leaf, and whether the chain reaches a certificate in the bundle.
	 *
	 * @since 0.2.0
	 *
	 * @param list<string> $chain  PEM certificates, leaf first.
	 * @param string       $bundle CA bundle file WordPress verified with.
	 * @return array{subject: string, issuer: string, chainsToBundle: bool|null, bundle: string}|null
	 *         chainsToBundle is null when the bundle could not be read; null when the leaf cannot be parsed.
	 */
	public static function describe( array $chain, string $bundle ): ?array {
		if ( ! function_exists( 'openssl_x509_parse' ) || array() === $chain ) {
			return null;
		}
		$leaf = openssl_x509_parse( (string) $chain[0] );
		if ( ! is_array( $leaf ) ) {
			return null;
		}
		$anchors = self::bundle_certificates( $bundle );
		return array(
			'subject'        => self::name( (array) ( $leaf['subject'] ?? array() ) ),
			'issuer'         => self::name( (array) ( $leaf['issuer'] ?? array() ) ),
			'chainsToBundle' => null === $anchors ? null : self::chains_to( $chain, $anchors ),
			'bundle'         => self::display_path( $bundle ),
		);
	}

	/**
	 * Whether each certificate, from the leaf up, is signed by the next one of the chain or by a
	 * certificate of the bundle (names and signatures checked; dates are not the question here).
	 *
	 * @param list<string>                                              $chain   PEM, leaf first.
	 * @param list<array{pem: string, subject: array<string, mixed>}> $anchors Bundle certificates.
	 */
	private static function chains_to( array $chain, array $anchors ): bool {
		$current = (string) $chain[0];
		$others  = array_slice( $chain, 1 );
		for ( $depth = 0; $depth < self::MAX_CHAIN; $depth++ ) {
			$parsed = openssl_x509_parse( $current );
			if ( ! is_array( $parsed ) ) {
				return false;
			}
			$issuer = (array) ( $parsed['issuer'] ?? array() );
			foreach ( $anchors as $anchor ) {
				if ( $anchor['subject'] == $issuer && self::signed_by( $current, $anchor['pem'] ) ) { // phpcs:ignore Universal.Operators.StrictComparisons -- name arrays compared by value, keys in any order.
					return true;
				}
			}
			$next = null;
			foreach ( $others as $index => $candidate ) {
				$candidate_parsed = openssl_x509_parse( (string) $candidate );
				if ( is_array( $candidate_parsed ) && (array) ( $candidate_parsed['subject'] ?? array() ) == $issuer && self::signed_by( $current, (string) $candidate ) ) { // phpcs:ignore Universal.Operators.StrictComparisons -- as above.
					$next = (string) $candidate;
					unset( $others[ $index ] );
					break;
				}
			}
			if ( null === $next ) {
				return false;
			}
			$current = $next;
		}
		return false;
	}

	private static function signed_by( string $certificate, string $issuer ): bool {
		if ( function_exists( 'openssl_x509_verify' ) ) {
			$key = openssl_pkey_get_public( $issuer );
			return false !== $key && 1 === openssl_x509_verify( $certificate, $key );
		}
		// PHP without openssl_x509_verify: the names matched; that has to do.
		return true;
	}

	/**
	 * Certificates of a PEM bundle with their subjects; null when unreadable.
	 *
	 * @return list<array{pem: string, subject: array<string, mixed>}>|null
	 */
	private static function bundle_certificates( string $bundle ): ?array {
		if ( '' === $bundle || ! is_readable( $bundle ) ) {
			return null;
		}
		$source = file_get_contents( $bundle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local CA bundle file.
		if ( false === $source || ! preg_match_all( '/-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----/s', $source, $matches ) ) {
			return null;
		}
		$certificates = array();
		foreach ( $matches[0] as $pem ) {
			$parsed = openssl_x509_parse( $pem );
			if ( is_array( $parsed ) ) {
				$certificates[] = array(
					'pem'     => $pem,
					'subject' => (array) ( $parsed['subject'] ?? array() ),
				);
			}
		}
		return $certificates;
	}

	/**
	 * A distinguished name as one line, most specific part first ("CN=…, O=…").
	 *
	 * @param array<string, mixed> $parts Name as openssl_x509_parse() gives it.
	 */
	private static function name( array $parts ): string {
		$pieces = array();
		// The common name first, then the rest from the most to the least specific.
		$ordered = array_reverse( $parts, true );
		if ( isset( $ordered['CN'] ) ) {
			$ordered = array( 'CN' => $ordered['CN'] ) + $ordered;
		}
		foreach ( $ordered as $key => $value ) {
			foreach ( (array) $value as $one ) {
				$pieces[] = $key . '=' . (string) $one;
			}
		}
		return implode( ', ', $pieces );
	}

	/**
	 * The bundle path relative to the WordPress folder when it is inside it.
	 *
	 * @param string $bundle Absolute path.
	 */
	private static function display_path( string $bundle ): string {
		$root = defined( 'ABSPATH' ) ? wp_normalize_path( (string) ABSPATH ) : '';
		$path = wp_normalize_path( $bundle );
		return '' !== $root && 0 === strpos( $path, $root ) ? substr( $path, strlen( $root ) ) : basename( $path );
	}
}
