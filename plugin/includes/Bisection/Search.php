<?php
/**
 * The whole bisection search: baselines, the chosen strategy, confirmation of decisive probes.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

/**
 * Decides the next probe from the steps recorded so far (pure; replayed on every step).
 *
 * Order: every plugin active (must fail, or there is nothing to look for), no plugin active
 * (must pass, or the cause is the configuration, not a plugin), then the search of the mode,
 * then the culprit set once more. A "crash" counts as failing: the subset breaks the site.
 * Decisive probes (a passing "all active", a failing "none active", the culprit set) are
 * repeated once; when two observations disagree, a third decides.
 *
 * Modes: `ddmin` (the default; the name is kept from before 0.2.0) halves first (Binary_Split:
 * one probe per halving, ⌈log2 N⌉ + 3 probes for a single culprit) and, when halving is
 * inconclusive (an interacting pair, a set that crashes only together), splits the smallest set
 * seen failing with both halves probed and each half searched with the other active, then ddmin
 * over what that finds (1-minimal even when a flaky probe misled the split);
 * `one-by-one` adds plugins one at a time. `ddmin-classic` is ddmin from the whole set, what
 * `ddmin` did before 0.2.0: kept for the benchmark's comparison, not offered by REST or WP-CLI.
 * A run recorded under either replays under the other: outcomes are looked up by subset.
 *
 * @since 0.1.0
 */
final class Search {

	public const MODE_DDMIN      = 'ddmin';
	public const MODE_ONE_BY_ONE = 'one-by-one';

	/** Ddmin without halving first (the benchmark's baseline); not accepted from clients. */
	public const MODE_DDMIN_CLASSIC = 'ddmin-classic';

	public const CULPRIT_FOUND     = 'culprit_found';
	public const NOT_A_PLUGIN      = 'not_a_plugin';
	public const INCONCLUSIVE      = 'inconclusive';
	public const NOTHING_TO_BISECT = 'nothing_to_bisect';

	/**
	 * Outcomes seen per subset key, in order.
	 *
	 * @var array<string, list<string>>
	 */
	private array $observed = array();

	/**
	 * @param list<array{subset: list<string>, outcome: string}> $steps Steps recorded so far.
	 */
	private function __construct( array $steps ) {
		foreach ( $steps as $step ) {
			$this->observed[ self::key( $step['subset'] ) ][] = $step['outcome'];
		}
	}

	/**
	 * The next probe to run, or the conclusion.
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>                                       $plugins Plugin files under test, in order.
	 * @param string                                             $mode    MODE_DDMIN or MODE_ONE_BY_ONE.
	 * @param list<array{subset: list<string>, outcome: string}> $steps   Steps recorded so far.
	 * @return array{probe: list<string>}|array{conclusion: string, culprits: list<list<string>>}
	 */
	public static function next( array $plugins, string $mode, array $steps ): array {
		$search = new self( $steps );
		try {
			return $search->conclude( array_values( $plugins ), $mode );
		} catch ( Need_Probe $need ) {
			return array( 'probe' => $need->subset );
		}
	}

	/**
	 * Probes a search should need: the single-culprit bound for ddmin (⌈log2 N⌉ + 3; classic
	 * ddmin 2⌈log2 N⌉ + 3), N + 3 one at a time.
	 *
	 * @since 0.1.0
	 */
	public static function estimate( int $plugin_count, string $mode ): int {
		if ( $plugin_count <= 0 ) {
			return 0;
		}
		if ( self::MODE_ONE_BY_ONE === $mode ) {
			return $plugin_count + 3;
		}
		if ( self::MODE_DDMIN_CLASSIC === $mode ) {
			return 3 + 2 * Binary_Split::halvings( $plugin_count );
		}
		return Binary_Split::bound( $plugin_count );
	}

	/**
	 * @param list<string> $plugins Plugins.
	 * @return array{conclusion: string, culprits: list<list<string>>}
	 */
	private function conclude( array $plugins, string $mode ): array {
		if ( array() === $plugins ) {
			return self::conclusion( self::NOTHING_TO_BISECT );
		}
		$all_fails = $this->fails( $plugins ) || $this->confirmed_fails( $plugins );
		if ( ! $all_fails ) {
			return self::conclusion( self::NOTHING_TO_BISECT );
		}
		if ( $this->fails( array() ) && $this->confirmed_fails( array() ) ) {
			return self::conclusion( self::NOT_A_PLUGIN );
		}
		$fails        = function ( array $subset ): bool {
			return $this->fails( $subset );
		};
		$corroborated = false;
		if ( self::MODE_ONE_BY_ONE === $mode ) {
			$culprit = ( new One_By_One( $fails ) )->find( $plugins );
		} elseif ( self::MODE_DDMIN_CLASSIC === $mode ) {
			$culprit = ( new Ddmin( $fails ) )->minimize( $plugins );
		} else {
			$split = new Binary_Split( $fails );
			$found = $split->find( $plugins );
			if ( null === $found['culprit'] ) {
				// Ddmin over what that finds keeps the answer 1-minimal when a flaky probe misled it.
				$culprit = ( new Ddmin( $fails ) )->minimize( $split->interacting( $found['failing'] ) );
			} else {
				$culprit      = $found['culprit'];
				$corroborated = $found['corroborated'];
			}
		}
		if ( array() === $culprit || ( ! $corroborated && ! $this->confirmed_fails( $culprit ) ) ) {
			return self::conclusion( self::INCONCLUSIVE );
		}
		return self::conclusion( self::CULPRIT_FOUND, array( $culprit ) );
	}

	/**
	 * First observation of a subset.
	 *
	 * @param list<string> $subset Plugins.
	 */
	private function fails( array $subset ): bool {
		$seen = $this->observed[ self::key( $subset ) ] ?? array();
		if ( array() === $seen ) {
			throw new Need_Probe( array_values( $subset ) );
		}
		return 'pass' !== $seen[0];
	}

	/**
	 * Two agreeing observations, or the majority of three.
	 *
	 * @param list<string> $subset Plugins.
	 */
	private function confirmed_fails( array $subset ): bool {
		$seen  = array_map( static fn( string $outcome ): bool => 'pass' !== $outcome, $this->observed[ self::key( $subset ) ] ?? array() );
		$count = count( $seen );
		if ( $count < 2 || ( $seen[0] !== $seen[1] && $count < 3 ) ) {
			throw new Need_Probe( array_values( $subset ) );
		}
		if ( $seen[0] === $seen[1] ) {
			return $seen[0];
		}
		return $seen[2];
	}

	/**
	 * @param list<string> $subset Plugins.
	 */
	private static function key( array $subset ): string {
		$sorted = array_values( $subset );
		sort( $sorted );
		return implode( "\n", $sorted );
	}

	/**
	 * @param list<list<string>> $culprits Culprit sets.
	 * @return array{conclusion: string, culprits: list<list<string>>}
	 */
	private static function conclusion( string $conclusion, array $culprits = array() ): array {
		return array(
			'conclusion' => $conclusion,
			'culprits'   => $culprits,
		);
	}
}
