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
}
