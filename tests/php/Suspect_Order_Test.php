<?php
/**
 * Suspect ordering on synthetic inputs, and what it saves on synthetic predicates.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Bisection\Search;
use ProxyHealth\Bisection\Suspect_Order;

final class Suspect_Order_Test extends TestCase {

	/**
	 * @return list<string>
	 */
	private static function plugins( int $n ): array {
		return array_map( static fn( int $i ): string => sprintf( 'plugin-%02d/plugin-%02d.php', $i, $i ), range( 1, $n ) );
	}

	/**
	 * Probes Search needs to conclude over $order when $culprit alone fails.
	 *
	 * @param list<string> $order   Plugins in search order.
	 * @param list<string> $culprit Set that fails when all of it is active.
	 * @return array{0: array<string, mixed>, 1: int}
	 */
	private static function probes( array $order, string $mode, array $culprit ): array {
		$steps = array();
		for ( $i = 0; $i < 500; $i++ ) {
			$next = Search::next( $order, $mode, $steps );
			if ( ! isset( $next['probe'] ) ) {
				return array( $next, count( $steps ) );
			}
			$steps[] = array(
				'subset'  => $next['probe'],
				'outcome' => array() === array_diff( $culprit, $next['probe'] ) ? 'fail' : 'pass',
			);
		}
		self::fail( 'The search did not end.' );
	}

	public function test_hooks_and_scan_first_then_hooks_then_scan_rank_then_the_rest_in_their_order(): void {
		$plugins = array( 'a/a.php', 'b/b.php', 'c/c.php', 'd/d.php', 'e/e.php', 'f.php' );
		$order   = Suspect_Order::order( $plugins, array( 'e/e.php', 'b/b.php' ), array( 'f.php', 'd/d.php', 'e/e.php' ) );
		$this->assertSame(
			array(
				array(
					'plugin' => 'e/e.php',
					'reason' => 'hooks',
				),
				array(
					'plugin' => 'b/b.php',
					'reason' => 'hooks',
				),
				array(
					'plugin' => 'f.php',
					'reason' => 'scan',
				),
				array(
					'plugin' => 'd/d.php',
					'reason' => 'scan',
				),
				array(
					'plugin' => 'a/a.php',
					'reason' => 'none',
				),
				array(
					'plugin' => 'c/c.php',
					'reason' => 'none',
				),
			),
			$order
		);
		$this->assertSame( array( 'e/e.php', 'b/b.php', 'f.php', 'd/d.php', 'a/a.php', 'c/c.php' ), Suspect_Order::plugins( $order ) );
	}

	public function test_without_suspects_the_order_is_unchanged_and_the_set_never_changes(): void {
		$plugins = self::plugins( 7 );
		$this->assertSame( $plugins, Suspect_Order::plugins( Suspect_Order::order( $plugins, array(), array() ) ) );
		// Suspects outside the set (or repeated) neither add nor drop plugins.
		$order = Suspect_Order::plugins( Suspect_Order::order( $plugins, array( 'ghost/ghost.php' ), array( $plugins[6], $plugins[6], 'other/x.php' ) ) );
		$this->assertSame( $plugins[6], $order[0] );
		$sorted = $order;
		sort( $sorted );
		$this->assertSame( $plugins, $sorted );
	}

	public function test_slug_is_the_folder_or_the_single_file_name(): void {
		$this->assertSame( 'akismet', Suspect_Order::slug( 'akismet/akismet.php' ) );
		$this->assertSame( 'hello', Suspect_Order::slug( 'hello.php' ) );
	}

	public function test_probes_drop_when_the_culprit_is_a_suspect_and_ddmin_still_finds_it(): void {
		// Classic ddmin tries both halves when the first passes, so a suspect first saves probes.
		foreach ( array( 8, 16, 32, 64 ) as $n ) {
			$plugins  = self::plugins( $n );
			$unsorted = 0;
			$sorted   = 0;
			foreach ( $plugins as $culprit ) {
				list( $plain, $plain_probes ) = self::probes( $plugins, Search::MODE_DDMIN_CLASSIC, array( $culprit ) );
				$order                        = Suspect_Order::plugins( Suspect_Order::order( $plugins, array(), array( $culprit ) ) );
				list( $first, $first_probes ) = self::probes( $order, Search::MODE_DDMIN_CLASSIC, array( $culprit ) );
				$this->assertSame( array( array( $culprit ) ), $plain['culprits'] );
				$this->assertSame( array( array( $culprit ) ), $first['culprits'] );
				$this->assertLessThanOrEqual( $plain_probes, $first_probes, "N=$n culprit $culprit" );
				// All active, none active, one probe per halving, the culprit confirmed.
				$this->assertSame( 2 + (int) ceil( log( $n, 2 ) ) + 1, $first_probes, "N=$n culprit $culprit" );
				$unsorted += $plain_probes;
				$sorted   += $first_probes;
			}
			$this->assertLessThan( $unsorted, $sorted, "N=$n" );
		}
	}

	public function test_halving_first_is_as_short_with_a_suspect_first_and_tries_its_half_first(): void {
		// The default search probes one half per halving wherever the culprit is (N a power of
		// two), so a suspect first does not save probes; its half is still probed first, and for
		// other N the suspect's side of each split is never the longer one.
		foreach ( array( 8, 12, 16, 24, 32, 64 ) as $n ) {
			$plugins = self::plugins( $n );
			$bound   = 3 + (int) ceil( log( $n, 2 ) );
			foreach ( $plugins as $culprit ) {
				list( $plain, $plain_probes ) = self::probes( $plugins, Search::MODE_DDMIN, array( $culprit ) );
				$order                        = Suspect_Order::plugins( Suspect_Order::order( $plugins, array( $culprit ), array() ) );
				list( $first, $first_probes ) = self::probes( $order, Search::MODE_DDMIN, array( $culprit ) );
				$this->assertSame( array( array( $culprit ) ), $plain['culprits'] );
				$this->assertSame( array( array( $culprit ) ), $first['culprits'] );
				$this->assertLessThanOrEqual( $bound, $plain_probes, "N=$n culprit $culprit" );
				$this->assertLessThanOrEqual( $plain_probes, $first_probes, "N=$n culprit $culprit" );
				$third = Search::next( $order, Search::MODE_DDMIN, array( array( 'subset' => $order, 'outcome' => 'fail' ), array( 'subset' => array(), 'outcome' => 'pass' ) ) );
				$this->assertContains( $culprit, $third['probe'] ?? array(), "N=$n" );
			}
		}
	}

	public function test_a_pair_is_still_found_whatever_the_order(): void {
		$plugins = self::plugins( 16 );
		$pair    = array( $plugins[3], $plugins[12] );
		foreach ( array( array(), array( $plugins[12] ), array( $plugins[3], $plugins[12] ), array( $plugins[0] ) ) as $suspects ) {
			$order          = Suspect_Order::plugins( Suspect_Order::order( $plugins, $suspects, array() ) );
			list( $result ) = self::probes( $order, Search::MODE_DDMIN, $pair );
			$this->assertSame( Search::CULPRIT_FOUND, $result['conclusion'] );
			$found = $result['culprits'][0];
			sort( $found );
			$this->assertSame( $pair, $found );
		}
	}

	public function test_one_at_a_time_reaches_a_suspect_culprit_first(): void {
		$plugins                  = self::plugins( 12 );
		$culprit                  = $plugins[10];
		list( , $plain )          = self::probes( $plugins, Search::MODE_ONE_BY_ONE, array( $culprit ) );
		$order                    = Suspect_Order::plugins( Suspect_Order::order( $plugins, array( $culprit ), array() ) );
		list( $result, $first )   = self::probes( $order, Search::MODE_ONE_BY_ONE, array( $culprit ) );
		$this->assertSame( array( array( $culprit ) ), $result['culprits'] );
		// All active, none active, the culprit alone, confirmed.
		$this->assertSame( 4, $first );
		$this->assertLessThan( $plain, $first );
	}
}
