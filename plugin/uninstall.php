<?php
/**
 * Removes everything Proxy Health stored when the plugin is deleted.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

// A bisection may have left a staging clone, the sandbox must-use loader or its cron event behind;
// the clone registry it reads is one of the options removed below, so this runs first.
require_once __DIR__ . '/includes/Autoloader.php';
ProxyHealth\Autoloader::register( __DIR__ . '/includes' );
ProxyHealth\Bisection\Reaper::remove_all();

// Every option the plugin writes starts with this prefix, so none is forgotten as features grow.
global $wpdb;
$proxy_health_options = $wpdb->get_col(
	$wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( 'proxy_health_' ) . '%' )
);
foreach ( $proxy_health_options as $proxy_health_option ) {
	delete_option( $proxy_health_option );
}
