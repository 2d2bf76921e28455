<?php
/**
 * Near misses between a host and the names WordPress would have bypassed.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Proxy;

/**
 * Finds the usual reasons a host an admin meant to bypass still goes through the proxy.
 *
 * Each hint is a stable code and is given only when it explains this host: the entry (or
 * localhost, or the site's host) would have matched but for that one difference. src/analysis/
 * send-through-proxy.ts applies the same rules; tests/fixtures/explain-vectors.json holds both
 * to them.
 *
 * @since 0.1.0
 */
final class Bypass_Traps {

	/** Every hint code, in the order they are reported. */
	public const HINTS = array(
		'bypass_entry_has_space',
		'wildcard_does_not_match_apex',
		'case_mismatch',
		'trailing_dot_mismatch',
		'port_in_bypass_entry',
		'cidr_in_bypass_entry',
		'ipv6_without_brackets',
		'url_has_no_host',
		'http_api_rejects_url',
	);

	/** The characters PCRE's \s matches without the u flag (what core's split removes). */
	private const SPACE = " \t\n\v\f\r";

	/**
	 * Hints for a host that goes through the proxy.
	 *
	 * @since 0.1.0
	 *
	 * @param string|null  $host     Host as parse_url() gave it.
	 * @param list<string> $names    Names core bypasses itself: localhost and the site's host.
	 * @param list<string> $entries  Bypass list entries (empty without a list).
	 * @param bool         $wildcard Whether the list is compared as patterns.
	 * @return list<string>
	 */
	public function find( ?string $host, array $names, array $entries, bool $wildcard ): array {
		if ( null === $host ) {
			return array( 'url_has_no_host' );
		}
		$hints = array();
		foreach ( $names as $name ) {
			$hints = array_merge( $hints, $this->near_misses( $host, $name, false ) );
		}
		foreach ( $entries as $entry ) {
			$trimmed = trim( $entry, self::SPACE );
			if ( $trimmed !== $entry && self::matches( $trimmed, $host, $wildcard ) ) {
				$hints[] = 'bypass_entry_has_space';
			}
			if ( str_starts_with( $trimmed, '*.' ) && self::lower( substr( $trimmed, 2 ) ) === self::lower( $host ) ) {
				$hints[] = 'wildcard_does_not_match_apex';
			}
			$hints = array_merge( $hints, $this->near_misses( $host, $trimmed, $wildcard ) );
			$base = self::without_port( $trimmed );
			if ( null !== $base && self::matches( $base, $host, true ) ) {
				$hints[] = 'port_in_bypass_entry';
			}
			if ( self::cidr_covers( $trimmed, $host ) ) {
				$hints[] = 'cidr_in_bypass_entry';
			}
			if ( '' !== $trimmed && str_starts_with( $host, '[' ) && str_ends_with( $host, ']' ) && self::lower( $trimmed ) === self::lower( substr( $host, 1, -1 ) ) ) {
				$hints[] = 'ipv6_without_brackets';
			}
		}
		return self::order( $hints );
	}

	/**
	 * Sorts hints into their fixed order and drops repeats.
	 *
	 * @since 0.1.0
	 *
	 * @param list<string> $hints Hint codes.
	 * @return list<string>
	 */
	public static function order( array $hints ): array {
		return array_values( array_intersect( self::HINTS, $hints ) );
	}

	/**
	 * Case and trailing-dot differences between a host and one name it failed to match.
	 *
	 * @param string $host     Host.
	 * @param string $name     Name or trimmed entry.
	 * @param bool   $wildcard Whether the name is a pattern (already case-insensitive).
	 * @return list<string>
	 */
	private function near_misses( string $host, string $name, bool $wildcard ): array {
		$hints = array();
		if ( ! $wildcard && $name !== $host && self::lower( $name ) === self::lower( $host ) ) {
			$hints[] = 'case_mismatch';
		}
		$bare_host = rtrim( $host, '.' );
		$bare_name = rtrim( $name, '.' );
		if ( '' !== $bare_host && ( $bare_host !== $host || $bare_name !== $name ) && self::matches( $bare_name, $bare_host, true ) ) {
			$hints[] = 'trailing_dot_mismatch';
		}
		return $hints;
	}

	/**
	 * Whether one entry matches a host, compared as core compares it (pattern or exact);
	 * $loose compares case-insensitively even outside a pattern list.
	 *
	 * @param string $entry Bypass entry.
	 * @param string $host  Host.
	 * @param bool   $loose Pattern comparison (case-insensitive, `*` = one or more characters).
	 */
	private static function matches( string $entry, string $host, bool $loose ): bool {
		if ( ! $loose ) {
			return $entry === $host;
		}
		return Bypass_List::pattern_matches( $entry, $host );
	}

	/**
	 * Whether an entry in CIDR notation would cover the host if core understood CIDR. IPv4 is
	 * checked for membership; for IPv6 a literal host and an IPv6 prefix are enough.
	 *
	 * @param string $entry Trimmed entry.
	 * @param string $host  Host.
	 */
	private static function cidr_covers( string $entry, string $host ): bool {
		if ( 1 !== preg_match( '#^\[?([0-9A-Fa-f:.]+)\]?/(\d{1,3})$#', $entry, $cidr ) ) {
			return false;
		}
		if ( str_contains( $cidr[1], ':' ) ) {
			return str_starts_with( $host, '[' ) && str_contains( $host, ':' );
		}
		$network = ip2long( $cidr[1] );
		$address = 1 === preg_match( '/^\d{1,3}(\.\d{1,3}){3}$/', $host ) ? ip2long( $host ) : false;
		$bits    = (int) $cidr[2];
		if ( false === $network || false === $address || $bits > 32 ) {
			return false;
		}
		$mask = 0 === $bits ? 0 : ( 0xFFFFFFFF << ( 32 - $bits ) ) & 0xFFFFFFFF;
		return ( $network & $mask ) === ( $address & $mask );
	}

	/**
	 * The host part of a "host:port" entry; null when the entry has no port. A bare IPv6
	 * address ("::1") is not read as host and port; a bracketed one ("[::1]:8080") is.
	 *
	 * @param string $entry Trimmed entry.
	 */
	private static function without_port( string $entry ): ?string {
		if ( 1 !== preg_match( '/^(.+):(\d{1,5})$/', $entry, $parts ) ) {
			return null;
		}
		$base = $parts[1];
		if ( str_contains( $base, ':' ) && ! ( str_starts_with( $base, '[' ) && str_ends_with( $base, ']' ) ) ) {
			return null;
		}
		return $base;
	}

	/**
	 * ASCII-only lower case, as PCRE's /i compares without the u flag.
	 */
	private static function lower( string $value ): string {
		return strtr( $value, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz' );
	}
}
