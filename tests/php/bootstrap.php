<?php
/**
 * Loads a real lab WordPress (made by tests/run-php.ts) with Proxy Health active.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

$proxy_health_root = getenv( 'PROXY_HEALTH_WP_ROOT' );
if ( false === $proxy_health_root || ! is_file( $proxy_health_root . '/wp-load.php' ) ) {
	fwrite( STDERR, "PROXY_HEALTH_WP_ROOT must name a lab WordPress; run the PHP tests with `npm test -- php`.\n" );
	exit( 2 );
}

// A CLI request, as WP-CLI makes it: no theme, no output buffering surprises.
define( 'WP_USE_THEMES', false );
$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';

require $proxy_health_root . '/wp-load.php';

if ( ! class_exists( \ProxyHealth\Plugin::class ) ) {
	fwrite( STDERR, "Proxy Health is not active on the lab site.\n" );
	exit( 2 );
}

require __DIR__ . '/Rest_Test_Case.php';
