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

// An evidence session may have switched debug constants on in wp-config.php: put the file back
// (byte for byte) while the records needed to do so still exist. Proxy credentials an admin
// applied stay: they are the site's working configuration, not a temporary change.
ProxyHealth\Evidence\Evidence_Session::stop();
wp_unschedule_hook( ProxyHealth\Evidence\Evidence_Session::CRON_HOOK );
$proxy_health_editor = ProxyHealth\Config\Wp_Config_Editor::for_site();
if ( ! is_wp_error( $proxy_health_editor ) ) {
	$proxy_health_editor->recover();
	// When the file cannot be put back, keep the private copy of the original for a human.
	if ( ! is_wp_error( $proxy_health_editor->revert( ProxyHealth\Config\Wp_Config_Editor::BLOCK_DEBUG ) ) ) {
		ProxyHealth\Config\Private_Dir::remove();
	}
}

// Every option the plugin writes starts with this prefix, so none is forgotten as features grow.
global $wpdb;
$proxy_health_options = $wpdb->get_col(
	$wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( 'proxy_health_' ) . '%' )
);
foreach ( $proxy_health_options as $proxy_health_option ) {
	delete_option( $proxy_health_option );
}
