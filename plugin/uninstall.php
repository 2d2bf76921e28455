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

// Every option the plugin writes starts with this prefix, so none is forgotten as features grow.
global $wpdb;
$proxy_health_options = $wpdb->get_col(
	$wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( 'proxy_health_' ) . '%' )
);
foreach ( $proxy_health_options as $proxy_health_option ) {
	delete_option( $proxy_health_option );
}
