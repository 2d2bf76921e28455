<?php
/**
 * Binary search for a single culprit, one probe per halving; both halves probed when plugins interact.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

/**
 * Halves the failing set and probes only the first half (the suspects, when the order puts them
 * first): when it fails the culprit is in it; when it passes the culprit is taken to be in the
 * second half, which is not probed. A single culprit among N therefore takes ⌈log2 N⌉ probes
 * before it stands alone, where ddmin tries both halves when the first passes (up to two per
 * halving).
 *
 * The second half is an inference, true only when one plugin alone causes the failure. When the
 * plugin it leads to passes alone, the culprit needs plugins from both sides of some split (an
 * interacting pair, or a set that only crashes together): interacting() then splits the smallest
 * set it actually saw fail with both halves probed, and where neither half fails alone finds the
 * part of each half that is needed with the other half active (QuickXplain's recursion), which
 * takes fewer probes for a pair than ddmin's complements.
 *
 * Pure: the outcome of a subset comes from an oracle, which may throw Need_Probe.
 *
 * @since 0.2.0
 *
 * @phpstan-type Found array{culprit: list<string>, corroborated: bool}|array{culprit: null, failing: list<string>}
 */
final class Binary_Split {

	/**
	 * Test of a subset: returns true when it fails (or crashes), false when it passes.
	 *
	 * @var callable(list<string>): bool
	 */
	private $fails;

	/**
	 * @param callable(list<string>): bool $fails Oracle.
	 */
	public function __construct( callable $fails ) {
		$this->fails = $fails;
	}

	/**
	 * Finds a single culprit, or says that halving could not.
	 *
	 * `corroborated` is true when the culprit was reached by inference (its sibling passed) and
	 * then failed alone: two observations of different subsets agree, so the caller need not
	 * probe it again. A culprit found by a failing first half was seen fail once.
	 *
	 * @since 0.2.0
	 *
	 * @param list<string> $failing Plugin files known to fail together, in search order.
	 * @return array{culprit: list<string>, corroborated: bool}|array{culprit: null, failing: list<string>}
	 */
	public function find( array $failing ): array {
		$config   = array_values( $failing );
		$observed = $config;
		$inferred = false;
		while ( count( $config ) > 1 ) {
			$halves = Ddmin::split( $config, 2 );
			if ( ( $this->fails )( $halves[0] ) ) {
				$config   = $halves[0];
				$observed = $config;
				$inferred = false;
				continue;
			}
			$config   = $halves[1];
			$inferred = true;
		}
		if ( ! $inferred ) {
			return array(
				'culprit'      => $config,
				'corroborated' => false,
			);
		}
		if ( ( $this->fails )( $config ) ) {
			return array(
				'culprit'      => $config,
				'corroborated' => true,
			);
		}
		return array(
			'culprit' => null,
			'failing' => $observed,
		);
	}

	/**
	 * A minimal failing set of a set that fails, when it may take plugins from both halves: the
	 * half that fails alone is searched on; when neither does, the part of the first half needed
	 * with all of the second active, then the part of the second needed with that part active.
	 * Minimal for a failure that needs every plugin of its set (a pair, a crash of three); the
	 * caller confirms the set it returns fails.
	 *
	 * @since 0.2.0
	 *
	 * @param list<string> $failing    Plugins that fail together with $background.
	 * @param list<string> $background Plugins kept active that do not fail on their own.
	 * @return list<string> The plugins of $failing that are needed, in the input order.
	 */
	public function interacting( array $failing, array $background = array() ): array {
		$config = array_values( $failing );
		while ( count( $config ) > 1 ) {
			$halves = Ddmin::split( $config, 2 );
			if ( ( $this->fails )( self::with( $halves[0], $background ) ) ) {
				$config = $halves[0];
				continue;
			}
			if ( ( $this->fails )( self::with( $halves[1], $background ) ) ) {
				$config = $halves[1];
				continue;
			}
			$first  = $this->interacting( $halves[0], self::with( $halves[1], $background ) );
			$second = $this->interacting( $halves[1], self::with( $first, $background ) );
			return array_values( array_merge( $first, $second ) );
		}
		return $config;
	}

	/**
	 * @param list<string> $part       Plugins.
	 * @param list<string> $background Plugins.
	 * @return list<string>
	 */
	private static function with( array $part, array $background ): array {
		return array_values( array_merge( $part, $background ) );
	}

	/**
	 * Probes a single culprit takes at most: all active, none active, one per halving, and one
	 * that confirms the culprit (a repeat, or its own probe after an inference).
	 *
	 * @since 0.2.0
	 */
	public static function bound( int $plugin_count ): int {
		if ( $plugin_count <= 0 ) {
			return 0;
		}
		return 3 + self::halvings( $plugin_count );
	}

	/**
	 * ⌈log2 N⌉ in integers (floating-point log can land just above a whole number).
	 *
	 * @since 0.2.0
	 */
	public static function halvings( int $plugin_count ): int {
		$levels = 0;
		for ( $size = 1; $size < $plugin_count; $size *= 2 ) {
			++$levels;
		}
		return $levels;
	}
}
