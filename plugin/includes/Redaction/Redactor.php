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
	 * Works on scheme-less values too ("user:pass@proxy:3128"), which is how proxy variables are often written.
	 *
	 * @since 0.1.0
	 */
	public static function url( string $value ): string {
		return (string) preg_replace( '#^((?:[a-z][a-z0-9+.-]*://)?[^:/@\s]*):[^@/\s]*@#i', '$1:' . self::MASK . '@', $value );
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
		return (string) preg_replace( '#([a-z][a-z0-9+.-]*://[^:/@\s]*):[^@/\s]*@#i', '$1:' . self::MASK . '@', $text );
	}

}
