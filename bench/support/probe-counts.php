<?php
/**
 * Benchmark helper, run with the PHP CLI (no WordPress): replays the plugin's real bisection
 * search (ProxyHealth\Bisection\Search over Binary_Split, Ddmin and One_By_One) against a synthetic probe,
 * exactly as Bisector does on a site, one recorded step per probe. probesUsed on a site is the
 * number of steps, so the counts here are the ones a live run would report for that predicate.
 *
 * Input (argv[1]): JSON list of { n, culprit: list<int> } — a subset fails when it holds every
 * plugin in `culprit` (one index: a single culprit; two: a pair that fails only together).
 * Output: JSON list of { n, culprit, ddmin, classic, oneByOne } with probes used and culprits found:
 * ddmin is the default mode (halving first, ddmin when halving cannot tell), classic is ddmin
 * from the whole set (the default before 0.2.0).
 *
 * @package ProxyHealth\Bench
 */

declare(strict_types = 1);

require dirname( __DIR__, 2 ) . '/plugin/includes/Autoloader.php';
ProxyHealth\Autoloader::register( dirname( __DIR__, 2 ) . '/plugin/includes' );

use ProxyHealth\Bisection\Search;

/**
 * @param list<string> $plugins Plugins under test.
 * @param list<string> $culprit Plugins that fail together.
 * @return array{probes: int, conclusion: string, culprits: list<list<string>>}
 */
function proxy_health_bench_search( array $plugins, array $culprit, string $mode ): array {
	$steps = array();
	for ( $guard = 0; $guard < 10000; $guard++ ) {
		$next = Search::next( $plugins, $mode, $steps );
		if ( ! isset( $next['probe'] ) ) {
			return array(
				'probes'     => count( $steps ),
				'conclusion' => $next['conclusion'],
				'culprits'   => $next['culprits'],
			);
		}
		$fails   = array() === array_diff( $culprit, $next['probe'] );
		$steps[] = array(
			'subset'  => $next['probe'],
			'outcome' => $fails ? 'fail' : 'pass',
		);
	}
	throw new RuntimeException( 'The search did not conclude.' );
}

$cases  = json_decode( $argv[1] ?? '[]', true, 16, JSON_THROW_ON_ERROR );
$output = array();
foreach ( $cases as $case ) {
	$plugins = array();
	for ( $i = 0; $i < (int) $case['n']; $i++ ) {
		$plugins[] = sprintf( 'bench-%02d/bench-%02d.php', $i, $i );
	}
	$culprit = array_map( static fn( int $i ): string => $plugins[ $i ], $case['culprit'] );
	$output[] = array(
		'n'        => (int) $case['n'],
		'culprit'  => $case['culprit'],
		'ddmin'    => proxy_health_bench_search( $plugins, $culprit, Search::MODE_DDMIN ),
		'classic'  => proxy_health_bench_search( $plugins, $culprit, Search::MODE_DDMIN_CLASSIC ),
		'oneByOne' => proxy_health_bench_search( $plugins, $culprit, Search::MODE_ONE_BY_ONE ),
	);
}
echo json_encode( $output, JSON_THROW_ON_ERROR );
