<?php
/**
 * Lab-only benchmark helper, run with the PHP CLI against a lab site: grows the options table
 * to a number of rows (non-autoloaded rows of about 200 bytes, as plugins leave behind), then
 * times the plugin's real Table_Cloner creating (and dropping) a light and a full staging clone.
 *
 * Usage: php clone-timing.php <wordpress-root> <options-rows> <repeats>
 * Output: JSON { rows, tables, light: list<float ms>, full: list<float ms> }.
 *
 * @package ProxyHealth\Bench
 */

declare(strict_types = 1);

define( 'WP_USE_THEMES', false );
$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require $argv[1] . '/wp-load.php';

use ProxyHealth\Bisection\Staging\Clone_Registry;
use ProxyHealth\Bisection\Staging\Table_Cloner;

global $wpdb;
$target  = (int) $argv[2];
$repeats = max( 1, (int) $argv[3] );

// Rows go straight into the SQLite file: through the MySQL translator 50k inserts take minutes.
$rows = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->options}" );
if ( $rows < $target ) {
	$pdo = new PDO( 'sqlite:' . FQDB );
	$pdo->setAttribute( PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION );
	$pdo->beginTransaction();
	$insert = $pdo->prepare( "INSERT INTO {$wpdb->options} ( option_name, option_value, autoload ) VALUES ( ?, ?, 'no' )" );
	for ( $i = $rows; $i < $target; $i++ ) {
		$insert->execute( array( sprintf( 'proxy_health_bench_row_%06d', $i ), str_repeat( hash( 'sha256', (string) $i ), 3 ) ) );
	}
	$pdo->commit();
	$rows = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->options}" );
}

$times = array(
	Table_Cloner::MODE_LIGHT => array(),
	Table_Cloner::MODE_FULL  => array(),
);
for ( $k = 0; $k < $repeats; $k++ ) {
	// Alternate which mode goes first, so neither always meets a cold page cache.
	$modes = array_keys( $times );
	foreach ( 0 === $k % 2 ? $modes : array_reverse( $modes ) as $mode ) {
		$prefix  = Clone_Registry::new_prefix( $wpdb->base_prefix );
		$started = hrtime( true );
		$created = Table_Cloner::create( $prefix, $mode );
		$elapsed = ( hrtime( true ) - $started ) / 1e6;
		Table_Cloner::drop( $prefix );
		if ( true !== $created ) {
			fwrite( STDERR, $created->get_error_message() . "\n" );
			exit( 1 );
		}
		$times[ $mode ][] = $elapsed;
	}
}

echo wp_json_encode(
	array(
		'rows'   => $rows,
		'tables' => count( Table_Cloner::live_tables() ),
		'light'  => $times[ Table_Cloner::MODE_LIGHT ],
		'full'   => $times[ Table_Cloner::MODE_FULL ],
	)
);
