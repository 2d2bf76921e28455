<?php
/**
 * WP_PROXY_BYPASS_HOSTS as WordPress applies it.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint;

/**
 * Mirrors WP_HTTP_Proxy::send_through_proxy(): the list is split on a comma followed by
 * optional whitespace; when any entry holds a `*`, every entry becomes part of one
 * case-insensitive regular expression (`*` = one or more characters); otherwise hosts are
 * compared exactly, case included.
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
	 * @param string $host Host as parse_url() returns it.
	 */
	public function matches( string $host ): bool {
		if ( ! $this->has_wildcard() ) {
			return in_array( $host, $this->entries, true );
		}
		$patterns = array_map(
			static fn( string $entry ): string => str_replace( '\\*', '.+', preg_quote( $entry, '/' ) ),
			$this->entries
		);
		return 1 === preg_match( '/^(' . implode( '|', $patterns ) . ')$/i', $host );
	}
}
