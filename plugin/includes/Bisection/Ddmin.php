<?php
/**
 * Delta debugging (Zeller and Hildebrandt's ddmin) over plugin files.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

/**
 * Finds a 1-minimal failing set: removing any one plugin from the answer makes the probe pass.
 * A single culprit takes at most 2 probes per halving (about log2 N levels); a pair that fails
 * only together is found because complements are tried once halves stop failing.
 *
 * Pure: the outcome of a subset comes from an oracle, which may throw Need_Probe.
 *
 * @since 0.1.0
 */
final class Ddmin {

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
	 * Minimises a failing configuration.
	 *
	 * @since 0.1.0
	 *
	 * @param list<string> $failing Plugin files known to fail together.
	 * @return list<string> A 1-minimal failing subset, in the input order.
	 */
	public function minimize( array $failing ): array {
		$config = array_values( $failing );
		$n      = 2;
		while ( count( $config ) > 1 ) {
			$parts   = self::split( $config, $n );
			$reduced = false;
			foreach ( $parts as $part ) {
				if ( ( $this->fails )( $part ) ) {
					$config  = $part;
					$n       = 2;
					$reduced = true;
					break;
				}
			}
			// With two parts each complement is the other part, already tested.
			if ( ! $reduced && $n > 2 ) {
				foreach ( $parts as $part ) {
					$complement = array_values( array_diff( $config, $part ) );
					if ( ( $this->fails )( $complement ) ) {
						$config  = $complement;
						$n       = max( $n - 1, 2 );
						$reduced = true;
						break;
					}
				}
			}
			if ( $reduced ) {
				continue;
			}
			if ( $n >= count( $config ) ) {
				break;
			}
			$n = min( count( $config ), 2 * $n );
		}
		return $config;
	}

	/**
	 * Splits a list into n parts of near-equal size, keeping order.
	 *
	 * @since 0.1.0
	 *
	 * @param list<string> $items Items.
	 * @param int          $n     Number of parts (at most count( $items )).
	 * @return list<list<string>>
	 */
	public static function split( array $items, int $n ): array {
		$parts = array();
		$start = 0;
		$count = count( $items );
		for ( $i = 0; $i < $n; $i++ ) {
			$size    = intdiv( $count - $start, $n - $i );
			$parts[] = array_slice( $items, $start, $size );
			$start  += $size;
		}
		return array_values( array_filter( $parts, static fn( array $part ): bool => array() !== $part ) );
	}
}
