<?php
/**
 * Binary search for a single culprit, one probe per halving, with ddmin when halving cannot tell.
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
 * interacting pair, or a set that only crashes together): the search then hands the smallest
 * set it actually saw fail to ddmin, which finds a 1-minimal failing set whatever its size.
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
