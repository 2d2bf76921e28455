<?php
/**
 * Traps in WP_PROXY_BYPASS_HOSTS.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint\Checks;

use ProxyHealth\Proxy\Bypass_List;
use ProxyHealth\Lint\Config_Check;
use ProxyHealth\Lint\Evidence;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Lint\Lint_Context;

/**
 * Entries that WordPress's matching (see Bypass_List) can never match, or matches differently
 * from what they suggest. Each is recommended: the proxy itself still works, but requests the
 * admin meant to send directly go through the proxy (and may meet a 407 there).
 *
 * Codes: bypass_entry_whitespace, bypass_wildcard_excludes_apex, bypass_entry_has_port,
 * bypass_entry_cidr, bypass_entry_case, bypass_entry_empty.
 *
 * @since 0.1.0
 */
final class Bypass_List_Check implements Config_Check {

	/**
	 * @since 0.1.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @return list<Finding>
	 */
	public function run( Lint_Context $context ): array {
		$entries = $context->proxy()->to_array()['bypassHosts'];
		if ( null === $entries ) {
			return array();
		}
		$list     = new Bypass_List( $entries );
		$listed   = Evidence::constant( $context, 'bypassHosts' );
		$findings = array();

		$spaced = array_values( array_filter( $entries, static fn( string $e ): bool => '' !== trim( $e ) && trim( $e ) !== $e ) );
		if ( $spaced ) {
			$findings[] = new Finding(
				'bypass_entry_whitespace',
				Finding::RECOMMENDED,
				__( 'A bypass entry has a stray space', 'proxy-health' ),
				__( 'WordPress splits WP_PROXY_BYPASS_HOSTS on a comma followed by optional spaces, so a space before a comma (or at the very start) stays part of the entry, and "example.com " never matches a host.', 'proxy-health' ),
				array( __( 'Remove the spaces before the commas, e.g. "a.example, b.example".', 'proxy-health' ) ),
				array_merge( array( $listed ), self::entries_line( __( 'Entries with spaces', 'proxy-health' ), $spaced ) )
			);
		}

		$apexes = array();
		foreach ( $entries as $entry ) {
			$entry = trim( $entry );
			if ( str_starts_with( $entry, '*.' ) && ! str_contains( substr( $entry, 2 ), '*' ) ) {
				$apex = substr( $entry, 2 );
				if ( '' !== $apex && ! $list->matches( strtolower( $apex ) ) ) {
					$apexes[] = $entry;
				}
			}
		}
		if ( $apexes ) {
			$findings[] = new Finding(
				'bypass_wildcard_excludes_apex',
				Finding::RECOMMENDED,
				__( 'A wildcard bypass entry does not cover the domain itself', 'proxy-health' ),
				__( 'In WP_PROXY_BYPASS_HOSTS "*" stands for one or more characters, so "*.example.com" matches "www.example.com" but not "example.com". Requests to the bare domain still go through the proxy.', 'proxy-health' ),
				array( __( 'Add the bare domain as its own entry, e.g. "example.com, *.example.com".', 'proxy-health' ) ),
				array_merge( array( $listed ), self::entries_line( __( 'Wildcards without their domain', 'proxy-health' ), $apexes ) )
			);
		}

		$cidrs = array_values( array_filter( $entries, static fn( string $e ): bool => 1 === preg_match( '#^\s*[0-9a-f.:\[\]]+/\d{1,3}\s*$#i', $e ) ) );
		if ( $cidrs ) {
			$findings[] = new Finding(
				'bypass_entry_cidr',
				Finding::RECOMMENDED,
				__( 'A bypass entry is a network range, which WordPress does not understand', 'proxy-health' ),
				__( 'WordPress compares each entry with the request\'s host name as text; an address range such as "10.0.0.0/8" never matches any host.', 'proxy-health' ),
				array( __( 'Use a wildcard on the address text instead, e.g. "10.*" for 10.0.0.0/8, or list the hosts.', 'proxy-health' ) ),
				array_merge( array( $listed ), self::entries_line( __( 'Ranges', 'proxy-health' ), $cidrs ) )
			);
		}

		$ports = array_values(
			array_filter(
				$entries,
				static fn( string $e ): bool => ! in_array( $e, $cidrs, true ) && 1 === preg_match( '#(^|[^:]):\d+\s*$#', $e ) && 1 !== preg_match( '#^\s*[0-9a-f:]*::[0-9a-f:]*\s*$#i', $e )
			)
		);
		if ( $ports ) {
			$findings[] = new Finding(
				'bypass_entry_has_port',
				Finding::RECOMMENDED,
				__( 'A bypass entry includes a port, which WordPress does not support', 'proxy-health' ),
				__( 'WordPress compares entries with the request\'s host name only, without the port, so "intranet.example:8080" never matches.', 'proxy-health' ),
				array( __( 'Remove the port: the entry then applies to every port of that host.', 'proxy-health' ) ),
				array_merge( array( $listed ), self::entries_line( __( 'Entries with a port', 'proxy-health' ), $ports ) )
			);
		}

		// Without any "*" in the list WordPress compares exactly, case included; host names in
		// URLs are nearly always lower case, so an entry with capitals matches nothing.
		if ( ! $list->has_wildcard() ) {
			$cased = array_values( array_filter( $entries, static fn( string $e ): bool => strtolower( $e ) !== $e ) );
			if ( $cased ) {
				$findings[] = new Finding(
					'bypass_entry_case',
					Finding::RECOMMENDED,
					__( 'A bypass entry has capital letters and is compared case by case', 'proxy-health' ),
					__( 'When WP_PROXY_BYPASS_HOSTS has no "*" entry, WordPress compares host names exactly, capitals included, so "Intranet.Example" does not match requests to "intranet.example".', 'proxy-health' ),
					array( __( 'Write the entries in lower case.', 'proxy-health' ) ),
					array_merge( array( $listed ), self::entries_line( __( 'Entries with capitals', 'proxy-health' ), $cased ) )
				);
			}
		}

		$empty = count( array_filter( $entries, static fn( string $e ): bool => '' === trim( $e ) ) );
		if ( $empty > 0 ) {
			$findings[] = new Finding(
				'bypass_entry_empty',
				Finding::RECOMMENDED,
				__( 'The bypass list has an empty entry', 'proxy-health' ),
				__( 'Two commas in a row, or a comma at the start or end of WP_PROXY_BYPASS_HOSTS, make an empty entry. It matches nothing, and often means a host was left out by mistake.', 'proxy-health' ),
				array( __( 'Remove the extra comma, or add the host that was meant to be there.', 'proxy-health' ) ),
				array( $listed, sprintf( /* translators: %d: number of empty entries. */ __( 'Empty entries: %d', 'proxy-health' ), $empty ) )
			);
		}
		return $findings;
	}

	/**
	 * One evidence line listing entries in quotes.
	 *
	 * @param string       $label   Translated label.
	 * @param list<string> $entries Entries.
	 * @return list<string>
	 */
	private static function entries_line( string $label, array $entries ): array {
		return array( $label . ': ' . implode( ', ', array_map( array( Evidence::class, 'quote' ), $entries ) ) );
	}
}
