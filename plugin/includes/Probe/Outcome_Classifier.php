<?php
/**
 * Turns what WordPress returned for a request into a stable outcome code.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

use WP_Error;

/**
 * Classifies a response or WP_Error into the ProbeResult outcome vocabulary.
 *
 * @since 0.1.0
 */
final class Outcome_Classifier {

	/** cURL error numbers (as they appear in WordPress's "cURL error N:" messages) by outcome. */
	private const CURL_ERRORS = array(
		6  => 'dns_error',
		5  => 'dns_error',
		7  => 'connect_failed',
		28 => 'timeout',
		35 => 'tls_error',
		51 => 'tls_error',
		58 => 'tls_error',
		60 => 'tls_error',
		77 => 'tls_error',
	);

	/**
	 * Outcome of a request that produced a WP_Error.
	 *
	 * @param WP_Error $error          What WordPress returned.
	 * @param int|null $connect_status CONNECT code seen by cURL, if any.
	 * @return array{outcome: string, connectStatus: int|null}
	 */
	public static function from_error( WP_Error $error, ?int $connect_status ): array {
		$message = $error->get_error_message();
		// HTTPS through a proxy: a refused CONNECT never becomes a response, only this message.
		if ( preg_match( '/CONNECT tunnel failed, response (\d{3})/', $message, $m ) ) {
			$connect_status = (int) $m[1];
		}
		if ( null !== $connect_status && $connect_status >= 400 ) {
			return array(
				'outcome'       => self::outcome_for_proxy_status( $connect_status ),
				'connectStatus' => $connect_status,
			);
		}
		$outcome = 'connect_failed';
		$type    = (string) ( $error->get_error_data()['requestsType'] ?? '' );
		if ( preg_match( '/cURL error (\d+)/', $message, $m ) && isset( self::CURL_ERRORS[ (int) $m[1] ] ) ) {
			$outcome = self::CURL_ERRORS[ (int) $m[1] ];
		} elseif ( 0 === strpos( $type, 'ssl.' ) ) {
			// fsockopen found no TLS on the socket (or a certificate it could not verify).
			$outcome = 'tls_error';
		} elseif ( preg_match( '/getaddrinfo|Name or service not known|Could not resolve/i', $message ) ) {
			$outcome = 'dns_error';
		} elseif ( false !== stripos( $message, 'timed out' ) || false !== stripos( $message, 'No reply within' ) ) {
			$outcome = 'timeout';
		} elseif ( false !== stripos( $message, 'SSL' ) ) {
			$outcome = 'tls_error';
		}
		return array(
			'outcome'       => $outcome,
			'connectStatus' => $connect_status,
		);
	}

	/**
	 * Whether an error says a connection was made but the answer was cut off or was not HTTP
	 * (a proxy that crashed or reset mid-answer, or another service on the proxy's port).
	 *
	 * @since 0.1.0
	 *
	 * @param string $message Error message of a failed request.
	 */
	public static function is_broken_answer( string $message ): bool {
		if ( false !== strpos( $message, 'CONNECT tunnel failed' ) ) {
			return false;
		}
		// cURL 1: "Received HTTP/0.9"; 8: weird reply; 52: empty reply; 56: reset or CONNECT
		// aborted; 43: what libcurl 7.88 reports when a CONNECT is answered with a non-HTTP banner.
		// Requests' fsockopen says "Response could not be parsed" for all of them.
		return 1 === preg_match( '/cURL error (1|8|43|52|56):|Response could not be parsed/', $message );
	}

	/**
	 * Outcome of a request that produced an HTTP response.
	 *
	 * @param int                  $status  HTTP status.
	 * @param array<string, mixed> $headers Response headers (lower-case names).
	 * @param bool                 $via_proxy Whether the request went through the proxy.
	 */
	public static function from_response( int $status, array $headers, bool $via_proxy ): string {
		if ( 407 === $status ) {
			return 'proxy_auth_required';
		}
		// A 403 written by the proxy itself (squid marks its own pages) is an ACL decision, not the target's.
		if ( 403 === $status && $via_proxy && isset( $headers['x-squid-error'] ) ) {
			return 'proxy_denied';
		}
		return $status >= 200 && $status < 400 ? 'ok' : 'http_error';
	}

	private static function outcome_for_proxy_status( int $status ): string {
		if ( 407 === $status ) {
			return 'proxy_auth_required';
		}
		// Any other refusal of CONNECT (502, 503, …) is the proxy saying it could not reach the target.
		return 403 === $status ? 'proxy_denied' : 'http_error';
	}

	/**
	 * Auth schemes and realm from Proxy-Authenticate headers.
	 *
	 * @param string|array<int, string>|null $header One or more Proxy-Authenticate values.
	 * @return array{schemes: list<string>, realm: string|null}
	 */
	public static function parse_proxy_authenticate( $header ): array {
		$values  = null === $header ? array() : (array) $header;
		$schemes = array();
		$realm   = null;
		foreach ( $values as $value ) {
			if ( preg_match( '/^\s*([A-Za-z0-9_-]+)/', (string) $value, $m ) ) {
				// Spelled as cURL's PROXYAUTH_AVAIL names them, so both sources merge.
				$lower     = strtolower( $m[1] );
				$schemes[] = array( 'ntlm' => 'NTLM' )[ $lower ] ?? ucfirst( $lower );
			}
			if ( null === $realm && preg_match( '/realm="([^"]*)"/i', (string) $value, $m ) ) {
				$realm = $m[1];
			}
		}
		return array(
			'schemes' => array_values( array_unique( $schemes ) ),
			'realm'   => $realm,
		);
	}

	/**
	 * Names of the schemes in a CURLINFO_PROXYAUTH_AVAIL bitmask.
	 *
	 * @return list<string>
	 */
	public static function schemes_from_curl_mask( int $mask ): array {
		$names = array(
			'Basic'     => CURLAUTH_BASIC,
			'Digest'    => CURLAUTH_DIGEST,
			'Negotiate' => CURLAUTH_GSSNEGOTIATE,
			'NTLM'      => CURLAUTH_NTLM,
		);
		return array_keys( array_filter( $names, static fn( int $bit ): bool => ( $mask & $bit ) !== 0 ) );
	}
}
