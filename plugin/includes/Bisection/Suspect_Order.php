<?php
/**
 * The order a bisection tries plugins in: likely suspects first.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

use ProxyHealth\Hooks\Hook_Inspector;

/**
 * Puts plugins with callbacks on the HTTP hooks (seen live by the Hooks inspector) and plugins
 * a static scan ranked first (the client's list, then the plugin's own scan). Only the order
 * changes, never the set: ddmin tries the
 * first half of a split first, so a culprit near the front is found with one probe per halving
 * instead of two; one-at-a-time reaches it sooner.
 *
 * @since 0.1.0
 *
 * @phpstan-type Entry array{plugin: string, reason: 'hooks'|'scan'|'none'}
 */
final class Suspect_Order {

	public const REASON_HOOKS = 'hooks';
	public const REASON_SCAN  = 'scan';
	public const REASON_NONE  = 'none';

	/**
	 * Orders plugins: both live hooks and a scan hit, then live hooks, then scan hits (in the
	 * scan's rank), then the rest; each group keeps the order it came in.
	 *
	 * @since 0.1.0
	 *
	 * @param list<string> $plugins Plugin files under test.
	 * @param list<string> $hooked  Plugin files with callbacks on the HTTP hooks.
	 * @param list<string> $scanned Plugin files from the static scan, most likely first.
	 * @return list<Entry>
	 */
	public static function order( array $plugins, array $hooked, array $scanned ): array {
		$scan_rank = array_flip( array_values( array_unique( $scanned ) ) );
		$hooked    = array_flip( $hooked );
		$keyed     = array();
		foreach ( array_values( $plugins ) as $position => $plugin ) {
			$has_hooks = isset( $hooked[ $plugin ] );
			$has_scan  = isset( $scan_rank[ $plugin ] );
			$group     = $has_hooks ? ( $has_scan ? 0 : 1 ) : ( $has_scan ? 2 : 3 );
			$keyed[]   = array(
				'key'    => array( $group, $has_scan ? $scan_rank[ $plugin ] : 0, $position ),
				'plugin' => $plugin,
				'reason' => $has_hooks ? self::REASON_HOOKS : ( $has_scan ? self::REASON_SCAN : self::REASON_NONE ),
			);
		}
		usort( $keyed, static fn( array $a, array $b ): int => $a['key'] <=> $b['key'] );
		return array_map(
			static fn( array $entry ): array => array(
				'plugin' => $entry['plugin'],
				'reason' => $entry['reason'],
			),
			$keyed
		);
	}

	/**
	 * Candidates (plugin files, and the theme when it is tested) that have callbacks on the HTTP
	 * hooks in this request.
	 *
	 * @since 0.1.0
	 *
	 * @param list<string> $plugins Plugin files under test.
	 * @return list<string>
	 */
	public static function hooked( array $plugins ): array {
		$slugs  = array();
		$themes = array();
		foreach ( ( new Hook_Inspector() )->report()['owners'] as $owner ) {
			if ( 'plugin' === $owner['type'] && null !== $owner['slug'] && ! $owner['proxyHealth'] ) {
				$slugs[ (string) $owner['slug'] ] = true;
			}
			if ( 'theme' === $owner['type'] && null !== $owner['slug'] ) {
				$themes[ (string) $owner['slug'] ] = true;
			}
		}
		// A child theme's candidate is hooked when the child or its parent has the callbacks.
		$theme_hooked = static fn( string $candidate ): bool => isset( $themes[ Theme_Candidate::stylesheet( $candidate ) ] ) || ( Theme_Candidate::stylesheet( $candidate ) === get_stylesheet() && isset( $themes[ get_template() ] ) );
		return array_values(
			array_filter(
				$plugins,
				static fn( string $candidate ): bool => Theme_Candidate::is( $candidate ) ? $theme_hooked( $candidate ) : isset( $slugs[ self::slug( $candidate ) ] )
			)
		);
	}

	/**
	 * The suspects a run starts with: the client's own list first, then the candidates among
	 * $plugins that the server's static scan (Scan\Site_Scanner) ranked, in the scan's order: a
	 * plugin by its folder, the theme candidate by its stylesheet or its parent template.
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>                            $plugins Candidates under test.
	 * @param list<string>                            $given   Candidates the client sent.
	 * @param list<array{type: string, slug: string}> $scan    The scan report's suspects, most likely first.
	 * @return list<string>
	 */
	public static function with_scan( array $plugins, array $given, array $scan ): array {
		$by_slug = array();
		foreach ( $plugins as $plugin ) {
			if ( Theme_Candidate::is( $plugin ) ) {
				$stylesheet                         = Theme_Candidate::stylesheet( $plugin );
				$by_slug[ 'theme:' . $stylesheet ][] = $plugin;
				if ( get_stylesheet() === $stylesheet && get_template() !== $stylesheet ) {
					$by_slug[ 'theme:' . get_template() ][] = $plugin;
				}
			} else {
				$by_slug[ 'plugin:' . self::slug( $plugin ) ][] = $plugin;
			}
		}
		$merged = $given;
		foreach ( $scan as $suspect ) {
			array_push( $merged, ...( $by_slug[ ( $suspect['type'] ?? '' ) . ':' . (string) ( $suspect['slug'] ?? '' ) ] ?? array() ) );
		}
		return array_values( array_unique( $merged ) );
	}

	/**
	 * The folder of a plugin file, or the file name without .php for a single-file plugin
	 * (how Owner_Resolver names plugins).
	 *
	 * @since 0.1.0
	 */
	public static function slug( string $plugin ): string {
		$dir = dirname( $plugin );
		return '.' === $dir ? (string) preg_replace( '/\.php$/', '', $plugin ) : explode( '/', $dir )[0];
	}

	/**
	 * The plugin files in search order.
	 *
	 * @since 0.1.0
	 *
	 * @param list<Entry> $order Order entries.
	 * @return list<string>
	 */
	public static function plugins( array $order ): array {
		return array_values( array_map( static fn( array $entry ): string => (string) $entry['plugin'], $order ) );
	}
}
