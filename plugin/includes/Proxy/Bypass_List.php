<?php
/**
 * WP_PROXY_BYPASS_HOSTS as WordPress applies it.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Proxy;

/**
 * The one home of WordPress's bypass-list rule, as WP_HTTP_Proxy::send_through_proxy()
 * applies it: the constant is split on a comma followed by optional whitespace; when any entry
 * holds a `*`, every entry becomes part of one case-insensitive regular expression (`*` = one
 * or more characters); otherwise hosts are compared exactly, case included.
 *
 * The configuration linter, the route explainer and its near-miss hints all match through
 * this class.
 *
 * @since 0.1.0
 */
final class Bypass_List {

	/** @var list<string> */
	private array $entries;

	/**
	 * @param list<string> $entries Entries as WordPress splits them.
	 */
	public function __construct( array $entries ) {
		$this->entries = $entries;
	}

	/**
	 * The list of a WP_PROXY_BYPASS_HOSTS value.
	 *
	 * @since 0.2.0
	 *
	 * @param string $hosts The constant's value.
	 */
	public static function from_constant( string $hosts ): self {
		return new self( self::split( $hosts ) );
	}

	/**
	 * Splits the constant exactly as core does: a comma and any whitespace after it.
	 *
	 * @since 0.2.0
	 *
	 * @param string $hosts The constant's value.
	 * @return list<string>
	 */
	public static function split( string $hosts ): array {
		$parts = preg_split( '|,\s*|', $hosts );
		return false === $parts ? array( $hosts ) : array_values( $parts );
	}

	/**
	 * The entries, as WordPress splits them.
	 *
	 * @since 0.2.0
	 *
	 * @return list<string>
	 */
	public function entries(): array {
		return $this->entries;
	}

	/**
	 * Whether WordPress's list has a wildcard anywhere (which switches the whole list to
	 * case-insensitive pattern matching).
	 *
	 * @since 0.1.0
	 */
	public function has_wildcard(): bool {
		foreach ( $this->entries as $entry ) {
			if ( str_contains( $entry, '*' ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether WordPress bypasses the proxy for this host because of the list.
	 *
	 * @since 0.1.0
	 *
	 * @param string $host Host as parse_url() returns it ('' for none: core matches it so).
	 */
	public function matches( string $host ): bool {
		if ( ! $this->has_wildcard() ) {
			return in_array( $host, $this->entries, true );
		}
		return 1 === preg_match( self::pattern( $this->entries ), $host );
	}

	/**
	 * The entry that makes WordPress bypass the proxy for this host (the first one, left to
	 * right), or null when the list does not.
	 *
	 * @since 0.2.0
	 *
	 * @param string $host Host as parse_url() returns it.
	 */
	public function matching_entry( string $host ): ?string {
		$wildcard = $this->has_wildcard();
		foreach ( $this->entries as $entry ) {
			if ( $wildcard ? self::pattern_matches( $entry, $host ) : $entry === $host ) {
				return $entry;
			}
		}
		return null;
	}

	/**
	 * Whether one entry, read as a pattern (case-insensitive, `*` = one or more characters),
	 * matches a host: how core compares every entry of a list that has a wildcard.
	 *
	 * @since 0.2.0
	 *
	 * @param string $entry Bypass entry.
	 * @param string $host  Host.
	 */
	public static function pattern_matches( string $entry, string $host ): bool {
		return 1 === preg_match( self::pattern( array( $entry ) ), $host );
	}

	/**
	 * The pattern core builds for a list: each entry quoted, `*` as ".+", anchored,
	 * case-insensitive.
	 *
	 * @param list<string> $entries Bypass entries.
	 */
	private static function pattern( array $entries ): string {
		$alternatives = array();
		foreach ( $entries as $entry ) {
			$alternatives[] = str_replace( '\*', '.+', preg_quote( $entry, '/' ) );
		}
		return '/^(' . implode( '|', $alternatives ) . ')$/i';
	}
}
