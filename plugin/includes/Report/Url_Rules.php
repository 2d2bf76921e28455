<?php
/**
 * What makes a URL acceptable to explain or to probe.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Report;

use WP_Error;

/**
 * One set of URL rules for REST and WP-CLI, so both refuse the same input with the same code
 * and words. The REST schema checks types and lengths first; WP-CLI has no schema, so the
 * length limit is checked here too.
 *
 * @since 0.1.0
 */
final class Url_Rules {

	/** Longest URL accepted anywhere (the REST schemas use the same limit). */
	public const MAX_LENGTH = 2048;

	/** Most targets one probe run may name. */
	public const MAX_TARGETS = 10;

	/**
	 * Whether a URL may be explained: no whitespace or control characters, and an http:// or
	 * https:// prefix. Anything after the prefix is left to parse_url(), because explaining
	 * what WordPress does with an odd URL is the point.
	 *
	 * @since 0.1.0
	 *
	 * @param string $url Submitted URL.
	 * @return WP_Error|null Error with code proxy_health_invalid_url (status 400), or null.
	 */
	public static function explain_url_error( string $url ): ?WP_Error {
		if ( strlen( $url ) > self::MAX_LENGTH ) {
			return self::error(
				'proxy_health_invalid_url',
				/* translators: %d: maximum number of characters. */
				sprintf( __( 'url must be at most %d characters long.', 'proxy-health' ), self::MAX_LENGTH )
			);
		}
		if ( 1 === preg_match( '/[\x00-\x20\x7f]/', $url ) ) {
			return self::error( 'proxy_health_invalid_url', __( 'url must not contain spaces, line breaks, NUL or other control characters.', 'proxy-health' ) );
		}
		if ( 1 !== preg_match( '#^https?://#i', $url ) ) {
			return self::error( 'proxy_health_invalid_url', __( 'url must be an absolute URL starting with http:// or https://.', 'proxy-health' ) );
		}
		return null;
	}

	/**
	 * Whether a URL may be probed: an absolute http(s) URL with a host, without whitespace or
	 * control characters, within the length limit.
	 *
	 * @since 0.1.0
	 *
	 * @param string $url   Submitted URL.
	 * @param int    $index Position in the submitted list, from 0 (named in the message).
	 * @return WP_Error|null Error with code proxy_health_invalid_target (status 400), or null.
	 */
	public static function target_error( string $url, int $index ): ?WP_Error {
		$parts  = wp_parse_url( $url );
		$scheme = is_array( $parts ) ? strtolower( (string) ( $parts['scheme'] ?? '' ) ) : '';
		if ( strlen( $url ) > self::MAX_LENGTH || ! in_array( $scheme, array( 'http', 'https' ), true ) || empty( $parts['host'] ) || 1 === preg_match( '/[\x00-\x20\x7f]/', $url ) ) {
			return self::error(
				'proxy_health_invalid_target',
				sprintf(
					/* translators: 1: position of the URL in the list, from 0; 2: maximum number of characters. */
					__( 'targets[%1$d] must be an absolute http:// or https:// URL of at most %2$d characters, without spaces or control characters.', 'proxy-health' ),
					$index,
					self::MAX_LENGTH
				)
			);
		}
		return null;
	}

	/**
	 * @param string $code    Stable error code.
	 * @param string $message Translated message.
	 */
	private static function error( string $code, string $message ): WP_Error {
		return new WP_Error( $code, $message, array( 'status' => 400 ) );
	}
}
