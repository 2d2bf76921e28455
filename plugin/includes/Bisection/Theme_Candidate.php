<?php
/**
 * The active theme as one more candidate in a bisection.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

/**
 * A theme's functions.php can break proxy authentication as a plugin can, so a run may test the
 * active theme too. It joins the candidates as "theme:<stylesheet>" (no plugin file has a colon),
 * so the search, the suspect order and the culprits treat it like a plugin: a step that leaves it
 * out runs the fallback theme instead, as an admin would switch to a default theme by hand.
 *
 * @since 0.1.0
 */
final class Theme_Candidate {

	public const PREFIX = 'theme:';

	/**
	 * @since 0.1.0
	 */
	public static function id( string $stylesheet ): string {
		return self::PREFIX . $stylesheet;
	}

	/**
	 * @since 0.1.0
	 */
	public static function is( string $candidate ): bool {
		return 0 === strpos( $candidate, self::PREFIX );
	}

	/**
	 * @since 0.1.0
	 */
	public static function stylesheet( string $candidate ): string {
		return (string) substr( $candidate, strlen( self::PREFIX ) );
	}

	/**
	 * The theme a step runs when it leaves the active theme out: the default theme when it is
	 * installed, else another core "Twenty" theme, else any other theme; never the active theme,
	 * its parent, or one of its children (they load the same code).
	 *
	 * @since 0.1.0
	 *
	 * @return string|null Stylesheet, or null when no other theme is installed.
	 */
	public static function fallback(): ?string {
		$active = array( get_stylesheet(), get_template() );
		$themes = wp_get_themes( array( 'errors' => false ) );
		$ranked = array_keys( $themes );
		usort(
			$ranked,
			static fn( string $a, string $b ): int => array( self::rank( $a ), $a ) <=> array( self::rank( $b ), $b )
		);
		foreach ( $ranked as $stylesheet ) {
			$theme = $themes[ $stylesheet ];
			if ( ! in_array( (string) $stylesheet, $active, true ) && ! in_array( $theme->get_template(), $active, true ) ) {
				return (string) $stylesheet;
			}
		}
		return null;
	}

	/**
	 * The sandbox's list for a step: the plugins to load, plus the fallback theme to run when the
	 * run tests the theme and this step leaves it out.
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>                                    $subset Candidates in this step.
	 * @param array{stylesheet: string, fallback: string}|null $theme  The run's theme, if tested.
	 * @return list<string>
	 */
	public static function sandbox_subset( array $subset, ?array $theme ): array {
		if ( null === $theme || in_array( self::id( $theme['stylesheet'] ), $subset, true ) ) {
			return array_values( array_filter( $subset, static fn( string $candidate ): bool => ! self::is( $candidate ) ) );
		}
		return array_merge( $subset, array( self::id( $theme['fallback'] ) ) );
	}

	private static function rank( string $stylesheet ): int {
		if ( defined( 'WP_DEFAULT_THEME' ) && WP_DEFAULT_THEME === $stylesheet ) {
			return 0;
		}
		return 1 === preg_match( '/^twenty[a-z]+$/', $stylesheet ) ? 1 : 2;
	}
}
