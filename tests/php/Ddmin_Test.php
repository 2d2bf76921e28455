<?php
/**
 * The bisection search on synthetic predicates: probes used, culprits, baselines, flakes.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Bisection\Ddmin;
use ProxyHealth\Bisection\Search;

final class Ddmin_Test extends TestCase {

	/**
	 * Drives Search::next() to the end, as the server and client drivers do.
	 *
	 * @param list<string>                   $plugins Plugins.
	 * @param callable(list<string>): string $outcome Outcome of one probe.
	 * @return array{0: array{conclusion: string, culprits: list<list<string>>}, 1: list<array{subset: list<string>, outcome: string}>}
	 */
	private static function drive( array $plugins, string $mode, callable $outcome ): array {
		$steps = array();
		for ( $i = 0; $i < 500; $i++ ) {
			$next = Search::next( $plugins, $mode, $steps );
			if ( ! isset( $next['probe'] ) ) {
				return array( $next, $steps );
			}
			$steps[] = array(
				'subset'  => $next['probe'],
				'outcome' => $outcome( $next['probe'] ),
			);
		}
		self::fail( 'The search did not end.' );
	}

	/**
	 * @return list<string>
	 */
	private static function plugins( int $n ): array {
		return array_map( static fn( int $i ): string => sprintf( 'plugin-%02d/plugin-%02d.php', $i, $i ), range( 1, $n ) );
	}

	/**
	 * @param list<string> $culprit Set that fails when all of it is active.
	 */
	private static function fails_with( array $culprit ): callable {
		return static fn( array $subset ): string => array() === array_diff( $culprit, $subset ) ? 'fail' : 'pass';
	}

	public function test_classic_ddmin_single_culprit_within_two_log2_n_plus_three_probes_at_every_position(): void {
		// Ddmin from the whole set (the default mode halves first: Binary_Split_Test).
		foreach ( array( 1, 2, 3, 5, 8, 16, 33, 64 ) as $n ) {
			$plugins = self::plugins( $n );
			$bound   = 2 * (int) ceil( log( $n, 2 ) ) + 3;
			foreach ( $plugins as $culprit ) {
				list( $result, $steps ) = self::drive( $plugins, Search::MODE_DDMIN_CLASSIC, self::fails_with( array( $culprit ) ) );
				$this->assertSame( Search::CULPRIT_FOUND, $result['conclusion'], "N=$n culprit $culprit" );
				$this->assertSame( array( array( $culprit ) ), $result['culprits'] );
				$this->assertLessThanOrEqual( $bound, count( $steps ), "N=$n culprit $culprit" );
				$this->assertSame( $bound, Search::estimate( $n, Search::MODE_DDMIN_CLASSIC ) );
			}
		}
	}

	public function test_pair_that_fails_only_together_is_found(): void {
		$plugins = self::plugins( 16 );
		foreach ( array( array( 0, 1 ), array( 0, 15 ), array( 3, 12 ), array( 7, 8 ), array( 14, 15 ) ) as $pair ) {
			$culprit                = array( $plugins[ $pair[0] ], $plugins[ $pair[1] ] );
			list( $result, $steps ) = self::drive( $plugins, Search::MODE_DDMIN, self::fails_with( $culprit ) );
			$this->assertSame( Search::CULPRIT_FOUND, $result['conclusion'] );
			$this->assertSame( array( $culprit ), $result['culprits'] );
			$this->assertLessThan( 40, count( $steps ) );
		}
	}

	public function test_baselines_come_first_and_none_active_failing_means_not_a_plugin(): void {
		$plugins                = self::plugins( 8 );
		list( $result, $steps ) = self::drive( $plugins, Search::MODE_DDMIN, static fn(): string => 'fail' );
		$this->assertSame( Search::NOT_A_PLUGIN, $result['conclusion'] );
		$this->assertSame( array(), $result['culprits'] );
		$this->assertSame( $plugins, $steps[0]['subset'] );
		// "None active fails" is decisive, so it was seen twice.
		$this->assertSame( array( array(), array() ), array( $steps[1]['subset'], $steps[2]['subset'] ) );
		$this->assertCount( 3, $steps );
	}

	public function test_nothing_to_bisect_when_all_active_passes_twice_or_no_plugin(): void {
		list( $result, $steps ) = self::drive( self::plugins( 4 ), Search::MODE_DDMIN, static fn(): string => 'pass' );
		$this->assertSame( Search::NOTHING_TO_BISECT, $result['conclusion'] );
		$this->assertCount( 2, $steps );
		list( $result, $steps ) = self::drive( array(), Search::MODE_DDMIN, static fn(): string => 'fail' );
		$this->assertSame( Search::NOTHING_TO_BISECT, $result['conclusion'] );
		$this->assertCount( 0, $steps );
	}

	public function test_a_crash_counts_as_failing_and_names_the_crashing_plugin(): void {
		$plugins = self::plugins( 8 );
		$crasher = $plugins[5];
		list( $result ) = self::drive( $plugins, Search::MODE_DDMIN, static fn( array $subset ): string => in_array( $crasher, $subset, true ) ? 'crash' : 'pass' );
		$this->assertSame( array( array( $crasher ) ), $result['culprits'] );
	}

	public function test_a_flaky_decisive_probe_is_confirmed_by_a_third_observation(): void {
		$plugins = self::plugins( 8 );
		$culprit = $plugins[2];
		$seen    = array();
		// The culprit alone passes once (a flake) on its second probe, then fails again.
		$outcome = static function ( array $subset ) use ( $culprit, &$seen ): string {
			$key          = implode( ',', $subset );
			$seen[ $key ] = ( $seen[ $key ] ?? 0 ) + 1;
			if ( array( $culprit ) === $subset && 2 === $seen[ $key ] ) {
				return 'pass';
			}
			return in_array( $culprit, $subset, true ) ? 'fail' : 'pass';
		};
		list( $result, $steps ) = self::drive( $plugins, Search::MODE_DDMIN, $outcome );
		$this->assertSame( array( array( $culprit ) ), $result['culprits'] );
		$this->assertSame( 3, $seen[ $culprit ] );
		$this->assertNotEmpty( $steps );
	}

	public function test_a_culprit_that_does_not_reproduce_is_inconclusive(): void {
		$plugins = self::plugins( 4 );
		$seen    = 0;
		// Fails only the first time anything is probed: a flake, not a culprit.
		$outcome                = static function ( array $subset ) use ( &$seen ): string {
			return 0 === $seen++ ? 'fail' : ( array() === $subset ? 'pass' : 'pass' );
		};
		list( $result, $steps ) = self::drive( $plugins, Search::MODE_DDMIN, $outcome );
		$this->assertContains( $result['conclusion'], array( Search::INCONCLUSIVE, Search::NOTHING_TO_BISECT ) );
		$this->assertSame( array(), $result['culprits'] );
		$this->assertNotEmpty( $steps );
	}

	public function test_one_by_one_finds_a_single_culprit_and_a_pair(): void {
		$plugins                = self::plugins( 6 );
		list( $result, $steps ) = self::drive( $plugins, Search::MODE_ONE_BY_ONE, self::fails_with( array( $plugins[3] ) ) );
		$this->assertSame( array( array( $plugins[3] ) ), $result['culprits'] );
		$this->assertLessThanOrEqual( Search::estimate( 6, Search::MODE_ONE_BY_ONE ), count( $steps ) );
		$this->assertSame( array( $plugins[0] ), $steps[2]['subset'] );

		list( $result ) = self::drive( $plugins, Search::MODE_ONE_BY_ONE, self::fails_with( array( $plugins[1], $plugins[4] ) ) );
		$this->assertSame( array( array( $plugins[1], $plugins[4] ) ), $result['culprits'] );
	}

	public function test_split_keeps_order_and_sizes(): void {
		$this->assertSame( array( array( 'a', 'b' ), array( 'c', 'd', 'e' ) ), Ddmin::split( array( 'a', 'b', 'c', 'd', 'e' ), 2 ) );
		$this->assertCount( 3, Ddmin::split( array( 'a', 'b', 'c' ), 3 ) );
	}
}
