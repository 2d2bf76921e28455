<?php
/**
 * The default bisection search (halving first, ddmin when halving cannot tell) over a synthetic
 * oracle: probe counts for single culprits at every position for N = 1..64, every interacting
 * pair, sets that crash only together, and the suspects still tried first.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Bisection\Binary_Split;
use ProxyHealth\Bisection\Search;

final class Binary_Split_Test extends TestCase {

	/**
	 * Drives Search::next() to the end, as the drivers do: one recorded step per probe.
	 *
	 * @param list<string>                   $plugins Plugins in search order.
	 * @param callable(list<string>): string $outcome Outcome of one probe.
	 * @return array{0: array{conclusion: string, culprits: list<list<string>>}, 1: list<array{subset: list<string>, outcome: string}>}
	 */
	private static function drive( array $plugins, callable $outcome, string $mode = Search::MODE_DDMIN ): array {
		$steps = array();
		for ( $i = 0; $i < 1000; $i++ ) {
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
		return array_map(
			static function ( int $i ): string {
				return sprintf( 'plugin-%02d/plugin-%02d.php', $i, $i );
			},
			range( 1, $n )
		);
	}

	/**
	 * @param list<string> $culprit Set that fails when all of it is active.
	 */
	private static function fails_with( array $culprit, string $outcome = 'fail' ): callable {
		return static function ( array $subset ) use ( $culprit, $outcome ): string {
			return array() === array_diff( $culprit, $subset ) ? $outcome : 'pass';
		};
	}

	/**
	 * @param list<list<string>> $sets Culprit sets.
	 * @return list<list<string>>
	 */
	private static function sorted( array $sets ): array {
		foreach ( $sets as &$set ) {
			sort( $set );
		}
		return $sets;
	}

	public function test_halvings_is_ceil_log2_in_integers(): void {
		$this->assertSame( array( 0, 0, 1, 2, 2, 3, 3, 3, 3, 4 ), array_map( array( Binary_Split::class, 'halvings' ), range( 0, 9 ) ) );
		$this->assertSame( 6, Binary_Split::halvings( 64 ) );
		$this->assertSame( 7, Binary_Split::halvings( 65 ) );
		$this->assertSame( 9, Binary_Split::bound( 64 ) );
		$this->assertSame( 0, Binary_Split::bound( 0 ) );
	}

	public function test_a_single_culprit_takes_at_most_ceil_log2_n_plus_three_probes_at_every_position_for_n_1_to_64(): void {
		for ( $n = 1; $n <= 64; $n++ ) {
			$plugins = self::plugins( $n );
			$bound   = Binary_Split::halvings( $n ) + 3;
			$this->assertSame( $bound, Search::estimate( $n, Search::MODE_DDMIN ), "N=$n" );
			foreach ( $plugins as $position => $culprit ) {
				list( $result, $steps ) = self::drive( $plugins, self::fails_with( array( $culprit ) ) );
				$this->assertSame( Search::CULPRIT_FOUND, $result['conclusion'], "N=$n culprit at $position" );
				$this->assertSame( array( array( $culprit ) ), $result['culprits'], "N=$n culprit at $position" );
				$this->assertLessThanOrEqual( $bound, count( $steps ), "N=$n culprit at $position" );
				// All active first, then none active.
				$this->assertSame( $plugins, $steps[0]['subset'] );
				$this->assertSame( array(), $steps[1]['subset'] );
			}
		}
	}

	public function test_fewer_probes_than_classic_ddmin_for_every_single_culprit_and_never_more(): void {
		foreach ( array( 8, 16, 32, 64 ) as $n ) {
			$plugins = self::plugins( $n );
			$classic = 0;
			$halving = 0;
			foreach ( $plugins as $position => $culprit ) {
				list( , $old ) = self::drive( $plugins, self::fails_with( array( $culprit ) ), Search::MODE_DDMIN_CLASSIC );
				list( , $new ) = self::drive( $plugins, self::fails_with( array( $culprit ) ) );
				$this->assertLessThanOrEqual( count( $old ), count( $new ), "N=$n culprit at $position" );
				$classic += count( $old );
				$halving += count( $new );
			}
			$this->assertLessThan( $classic, $halving, "N=$n" );
		}
	}

	public function test_every_interacting_pair_is_found(): void {
		foreach ( array( 2, 3, 5, 8, 13, 16 ) as $n ) {
			$plugins = self::plugins( $n );
			for ( $i = 0; $i < $n; $i++ ) {
				for ( $j = $i + 1; $j < $n; $j++ ) {
					$pair                   = array( $plugins[ $i ], $plugins[ $j ] );
					list( $result, $steps ) = self::drive( $plugins, self::fails_with( $pair ) );
					$this->assertSame( Search::CULPRIT_FOUND, $result['conclusion'], "N=$n pair $i+$j" );
					$this->assertSame( array( $pair ), $result['culprits'], "N=$n pair $i+$j" );
					// Halving to a plugin that passes alone (about log2 N), then each half searched with
					// the other active (two probes per halving), ddmin's check and the pair confirmed.
					$this->assertLessThanOrEqual( 5 * Binary_Split::halvings( $n ) + 2, count( $steps ), "N=$n pair $i+$j" );
				}
			}
		}
	}

	public function test_pairs_take_fewer_probes_than_classic_ddmin_on_average(): void {
		foreach ( array( 8, 16, 32 ) as $n ) {
			$plugins = self::plugins( $n );
			$classic = 0;
			$default = 0;
			for ( $i = 0; $i < $n; $i++ ) {
				for ( $j = $i + 1; $j < $n; $j++ ) {
					$pair           = array( $plugins[ $i ], $plugins[ $j ] );
					list( , $old )  = self::drive( $plugins, self::fails_with( $pair ), Search::MODE_DDMIN_CLASSIC );
					list( , $new )  = self::drive( $plugins, self::fails_with( $pair ) );
					$classic       += count( $old );
					$default       += count( $new );
				}
			}
			$this->assertLessThan( $classic, $default, "N=$n" );
		}
	}

	public function test_pairs_among_64_plugins_are_found(): void {
		$plugins = self::plugins( 64 );
		foreach ( array( array( 0, 1 ), array( 0, 63 ), array( 31, 32 ), array( 17, 45 ), array( 62, 63 ), array( 5, 6 ) ) as $at ) {
			$pair            = array( $plugins[ $at[0] ], $plugins[ $at[1] ] );
			list( $result )  = self::drive( $plugins, self::fails_with( $pair ) );
			$this->assertSame( array( $pair ), $result['culprits'], implode( '+', $at ) );
		}
	}

	public function test_a_subset_that_crashes_alone_or_only_together_is_found(): void {
		$plugins = self::plugins( 12 );
		foreach ( $plugins as $position => $crasher ) {
			list( $result ) = self::drive( $plugins, self::fails_with( array( $crasher ), 'crash' ) );
			$this->assertSame( array( array( $crasher ) ), $result['culprits'], "crash at $position" );
		}
		foreach ( array( array( 0, 11 ), array( 2, 3 ), array( 4, 9 ) ) as $at ) {
			$pair           = array( $plugins[ $at[0] ], $plugins[ $at[1] ] );
			list( $result ) = self::drive( $plugins, self::fails_with( $pair, 'crash' ) );
			$this->assertSame( array( $pair ), $result['culprits'], implode( '+', $at ) . ' crash together' );
		}
		// Three plugins that crash only when all three load.
		$triple                 = array( $plugins[1], $plugins[6], $plugins[10] );
		list( $result, $steps ) = self::drive( $plugins, self::fails_with( $triple, 'crash' ) );
		$this->assertSame( Search::CULPRIT_FOUND, $result['conclusion'] );
		$this->assertSame( array( $triple ), $result['culprits'] );
		$this->assertSame( 'crash', $steps[0]['outcome'] );
	}

	public function test_one_plugin_crashes_and_another_fails_the_proxy(): void {
		$plugins = self::plugins( 16 );
		$crasher = $plugins[3];
		$failing = $plugins[12];
		// Either is a cause on its own: the search names one of them, confirmed.
		list( $result ) = self::drive(
			$plugins,
			static function ( array $subset ) use ( $crasher, $failing ): string {
				if ( in_array( $crasher, $subset, true ) ) {
					return 'crash';
				}
				return in_array( $failing, $subset, true ) ? 'fail' : 'pass';
			}
		);
		$this->assertSame( Search::CULPRIT_FOUND, $result['conclusion'] );
		$this->assertContains( $result['culprits'], array( array( array( $crasher ) ), array( array( $failing ) ) ) );
	}

	public function test_the_first_half_holds_the_suspects_and_is_probed_first(): void {
		$plugins = self::plugins( 16 );
		// A suspect moved to the front of the order is in every first half down to itself.
		$order                  = array_merge( array( $plugins[13] ), array_values( array_diff( $plugins, array( $plugins[13] ) ) ) );
		list( $result, $steps ) = self::drive( $order, self::fails_with( array( $plugins[13] ) ) );
		$this->assertSame( array( array( $plugins[13] ) ), $result['culprits'] );
		$this->assertSame( array_slice( $order, 0, 8 ), $steps[2]['subset'] );
		$this->assertSame( array( $plugins[13] ), $steps[5]['subset'] );
		// All active, none active, four halvings, the culprit confirmed.
		$this->assertCount( 7, $steps );
	}

	public function test_a_flaky_pass_of_the_culprit_alone_falls_back_and_still_finds_it(): void {
		$plugins = self::plugins( 8 );
		$culprit = $plugins[0];
		$seen    = 0;
		// The culprit's half passes once (a flake): halving walks the wrong way, the plugin it
		// reaches passes alone, the split with both halves probed blames the culprit and one
		// innocent plugin (the flake is remembered), and ddmin over those two clears the innocent.
		$outcome                = static function ( array $subset ) use ( $culprit, $plugins, &$seen ): string {
			if ( array_slice( $plugins, 0, 4 ) === $subset && 0 === $seen++ ) {
				return 'pass';
			}
			return in_array( $culprit, $subset, true ) ? 'fail' : 'pass';
		};
		list( $result, $steps ) = self::drive( $plugins, $outcome );
		$this->assertSame( array( array( $culprit ) ), $result['culprits'] );
		$this->assertGreaterThan( Binary_Split::bound( 8 ), count( $steps ) );
	}

	public function test_a_flaky_fail_is_never_named_a_culprit(): void {
		$plugins = self::plugins( 8 );
		$seen    = 0;
		// Everything fails once (the first probe after the baselines), then nothing does.
		$outcome        = static function ( array $subset ) use ( $plugins, &$seen ): string {
			++$seen;
			if ( 1 === $seen || 3 === $seen ) {
				return 'fail';
			}
			return $plugins === $subset ? 'fail' : 'pass';
		};
		list( $result ) = self::drive( $plugins, $outcome );
		$this->assertNotSame( Search::CULPRIT_FOUND, $result['conclusion'] );
	}

	public function test_replaying_steps_recorded_by_classic_ddmin_concludes_the_same(): void {
		$plugins = self::plugins( 16 );
		$culprit = array( $plugins[11] );
		list( , $old_steps ) = self::drive( $plugins, self::fails_with( $culprit ), Search::MODE_DDMIN_CLASSIC );
		// A run recorded half under the old search goes on under the new one.
		$steps = array_slice( $old_steps, 0, 5 );
		for ( $i = 0; $i < 100; $i++ ) {
			$next = Search::next( $plugins, Search::MODE_DDMIN, $steps );
			if ( ! isset( $next['probe'] ) ) {
				break;
			}
			$steps[] = array(
				'subset'  => $next['probe'],
				'outcome' => self::fails_with( $culprit )( $next['probe'] ),
			);
		}
		$this->assertSame( array( $culprit ), $next['culprits'] ?? null );
		$this->assertSame( self::sorted( array( $culprit ) ), self::sorted( $next['culprits'] ) );
	}
}
