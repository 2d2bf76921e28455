<?php
/**
 * Benchmark helper, run with the PHP CLI against a lab site: one bisection in the given search
 * mode, every step sent by the site to itself as the server driver does (Bisector::drive()).
 * The REST route accepts `ddmin` and `one-by-one` only; this helper also runs `ddmin-classic`,
 * ddmin from the whole set (the default before 0.2.0), so the benchmark can time all three on
 * the same site.
 *
 * The search runs in activation order, so culprits stay at the positions the benchmark put them:
 * a run's own suspect order (the hooks inspector, the site's static scan) would move the culprit
 * fixture first, where every search takes its best case. The run is started without driving
 * (client driver), its order set to the plugins' order, then driven.
 *
 * Usage: php bisect-run.php <wordpress root> <mode>
 * Output: JSON { status, conclusion, culprits, probesUsed }.
 *
 * @package ProxyHealth\Bench
 */

declare(strict_types = 1);

define( 'WP_USE_THEMES', false );
$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require $argv[1] . '/wp-load.php';

use ProxyHealth\Bisection\Bisection_Store;
use ProxyHealth\Bisection\Bisector;
use ProxyHealth\Bisection\Suspect_Order;

$proxy_health_bisector = new Bisector();
$proxy_health_run      = $proxy_health_bisector->start( (string) $argv[2], Bisector::DRIVER_CLIENT, 'light' );
if ( is_array( $proxy_health_run ) && 'running' === $proxy_health_run['status'] ) {
	$proxy_health_run['order'] = Suspect_Order::order( $proxy_health_run['plugins'], array(), array() );
	$proxy_health_run          = Bisection_Store::save( $proxy_health_run );
}
while ( is_array( $proxy_health_run ) && 'running' === $proxy_health_run['status'] ) {
	$proxy_health_steps = count( (array) $proxy_health_run['steps'] );
	$proxy_health_run   = $proxy_health_bisector->drive( $proxy_health_run );
	if ( count( (array) $proxy_health_run['steps'] ) === $proxy_health_steps ) {
		break;
	}
}
if ( is_wp_error( $proxy_health_run ) ) {
	fwrite( STDERR, $proxy_health_run->get_error_code() . ': ' . $proxy_health_run->get_error_message() . "\n" );
	exit( 1 );
}
echo wp_json_encode(
	array(
		'status'     => $proxy_health_run['status'],
		'conclusion' => $proxy_health_run['conclusion'] ?? null,
		'culprits'   => $proxy_health_run['culprits'],
		'probesUsed' => $proxy_health_run['probesUsed'],
	)
);
