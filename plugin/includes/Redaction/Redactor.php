<?php
/**
 * Removes secrets from text before it leaves the plugin.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Redaction;

/**
 * Redaction at the source: every value that may hold credentials goes through here first.
 *
 * @since 0.1.0
 */
final class Redactor {

	public const MASK = '[redacted]';

	/**
	 * Replaces the password in a URL's user-info part ("http://user:pass@host" → "http://user:[redacted]@host").
	 *
	 * Works on scheme-less values too ("user:pass@proxy:3128"), which is how proxy variables are
	 * often written. Passwords are often not percent-encoded, so the mask runs from the first ":"
	 * after the scheme to the LAST "@" of the value: "http://jdoe@corp.example:Pa/ss@proxy:3128"
	 * becomes "http://jdoe@corp.example:[redacted]@proxy:3128". A value that cannot be split
	 * that way loses more than its password (e.g. a port followed by an "@" in the path), never less.
	 *
	 * @since 0.1.0
	 */
	public static function url( string $value ): string {
		$at = strrpos( $value, '@' );
		if ( false === $at ) {
			return $value;
		}
		$start = preg_match( '#^[a-z][a-z0-9+.-]*://#i', $value, $scheme ) ? strlen( $scheme[0] ) : 0;
		$colon = $at > $start ? strpos( $value, ':', $start ) : false;
		if ( false === $colon || $colon > $at ) {
			// "user@host": no password to mask.
			return $value;
		}
		return substr( $value, 0, $colon + 1 ) . self::MASK . substr( $value, $at );
	}

	/**
	 * Masks the credentials of an HTTP header line, as it appears in a cURL verbose log
	 * ("> Proxy-Authorization: Basic dXNlcjpwYXNz" → "> Proxy-Authorization: Basic [redacted]").
	 *
	 * Covers Authorization, Proxy-Authorization and Cookie headers; URLs in the line lose
	 * their password too.
	 *
	 * @since 0.1.0
	 */
	public static function header_line( string $line ): string {
		$line = (string) preg_replace_callback(
			'/^([<>*]?\s*)((?:proxy-)?authorization|cookie|set-cookie)(:\s*)(.*)$/i',
			static function ( array $m ): string {
				$is_auth = 0 !== substr_compare( strtolower( $m[2] ), 'cookie', -6 );
				// Keep the scheme ("Basic", "NTLM") of an authorization header: it is evidence, not a secret.
				$keep = $is_auth && preg_match( '/^([A-Za-z0-9_-]+)\s+\S/', $m[4], $scheme ) ? $scheme[1] . ' ' : '';
				return $m[1] . $m[2] . $m[3] . $keep . self::MASK;
			},
			$line
		);
		return self::url_anywhere( $line );
	}

	/**
	 * Masks the password of every URL with user-info inside a longer text.
	 *
	 * @since 0.1.0
	 */
	public static function url_anywhere( string $text ): string {
		// A URL runs to the next white space; inside it the user-info ends at its last "@".
		return (string) preg_replace_callback(
			'#\b[a-z][a-z0-9+.-]*://[^\s@]*@\S*#i',
			static function ( array $m ): string {
				return self::url( $m[0] );
			},
			$text
		);
	}

	/**
	 * Query keys whose values are secrets (matched whole, or as the last part of a name like
	 * "license_key" or "client_secret").
	 */
	private const SECRET_KEYS = 'key|salt|token|secret|password|passwd|pass|pwd|auth|signature|sig|apikey|api_key|access_token|refresh_token|client_secret|session';

	/**
	 * Masks secret query values and user-info in a URL
	 * ("https://u:p@api.test/v1?license_key=abc&page=2" → "https://u:[redacted]@api.test/v1?license_key=[redacted]&page=2").
	 *
	 * @since 0.1.0
	 */
	public static function query( string $url ): string {
		$url = self::url( $url );
		return (string) preg_replace_callback(
			'/([?&;])([^=&;#\s]+)=([^&;#\s]*)/',
			static fn( array $m ): string => $m[1] . $m[2] . '=' . ( self::is_secret_key( rawurldecode( $m[2] ) ) && '' !== $m[3] ? self::MASK : $m[3] ),
			$url
		);
	}

	/**
	 * Masks credentials anywhere in a log line: Authorization / Proxy-Authorization / Cookie
	 * header values (the scheme kept), URL user-info, secret query or form parameters,
	 * "password" => "…" style pairs, and any of the given known secret values.
	 *
	 * @since 0.1.0
	 *
	 * @param string       $line    One line of a log.
	 * @param list<string> $secrets Values that must never appear (e.g. WP_PROXY_PASSWORD); short ones are ignored.
	 */
	public static function text( string $line, array $secrets = array() ): string {
		foreach ( $secrets as $secret ) {
			if ( strlen( $secret ) >= 4 ) {
				$line = str_replace( array( $secret, rawurlencode( $secret ), base64_encode( $secret ) ), self::MASK, $line ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions -- looking for an encoded secret.
			}
		}
		$line = (string) preg_replace_callback(
			'/\b((?:proxy-)?authorization|cookie|set-cookie)(\s*[:=]\s*)(?:([A-Za-z0-9_-]+)\s+(?=\S))?([^\s,;"\']+(?:[^\r\n"\']*)?)/i',
			static function ( array $m ): string {
				$is_auth = 0 !== substr_compare( strtolower( $m[1] ), 'cookie', -6 );
				$scheme  = $is_auth && '' !== $m[3] ? $m[3] . ' ' : ( '' !== $m[3] ? self::MASK . ' ' : '' );
				return $m[1] . $m[2] . $scheme . self::MASK;
			},
			$line
		);
		$line = self::url_anywhere( $line );
		// A wp-config.php line: define( 'AUTH_KEY', '…' ).
		$line = (string) preg_replace_callback(
			'/(\bdefine\s*\(\s*)([\'"])([A-Za-z0-9_]+)\2(\s*,\s*)([\'"])(.*?)(?<!\\\\)\5/i',
			static function ( array $m ): string {
				return self::is_secret_key( $m[3] ) ? $m[1] . $m[2] . $m[3] . $m[2] . $m[4] . $m[5] . self::MASK . $m[5] : $m[0];
			},
			$line
		);
		$line = (string) preg_replace_callback(
			'/(^|[?&;\s,(])([A-Za-z0-9_.\-\[\]]+)=([^&;\s,)]+)/',
			static fn( array $m ): string => $m[1] . $m[2] . '=' . ( self::is_secret_key( rawurldecode( $m[2] ) ) ? self::MASK : $m[3] ),
			$line
		);
		return (string) preg_replace_callback(
			'/(["\']?)([A-Za-z0-9_\-]+)\1(\s*(?:=>|:)\s*)(["\'])(.*?)(?<!\\\\)\4/',
			static fn( array $m ): string => self::is_secret_key( $m[2] ) ? $m[1] . $m[2] . $m[1] . $m[3] . $m[4] . self::MASK . $m[4] : $m[0],
			$line
		);
	}

	/**
	 * Whether a parameter name names a secret.
	 *
	 * @since 0.1.0
	 */
	public static function is_secret_key( string $name ): bool {
		$name = strtolower( trim( $name, '[]' ) );
		return 1 === preg_match( '/(?:^|[_\-.\[])(?:' . self::SECRET_KEYS . ')\]?$/', $name ) || 1 === preg_match( '/password|passwd|secret|token/', $name );
	}
}
