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

// On a network every site keeps its own records, sessions and cron events, and each is cleaned;
// the staging clones, the loader and wp-config.php are the network's and are handled once.
$proxy_health_each_site = static function ( callable $work ): void {
	if ( ! is_multisite() ) {
		$work();
		return;
	}
	foreach ( get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) as $proxy_health_site ) {
		switch_to_blog( (int) $proxy_health_site );
		$work();
		restore_current_blog();
	}
};
$proxy_health_each_site( static fn() => wp_clear_scheduled_hook( ProxyHealth\Bisection\Reaper::CRON_HOOK ) );

// An evidence session may have switched debug constants on in wp-config.php: put the file back
// (byte for byte) while the records needed to do so still exist. Proxy credentials an admin
// applied stay: they are the site's working configuration, not a temporary change.
$proxy_health_each_site(
	static function (): void {
		ProxyHealth\Evidence\Evidence_Session::stop();
		wp_unschedule_hook( ProxyHealth\Evidence\Evidence_Session::CRON_HOOK );
	}
);
// wp-config.php, its edit records, its encrypted backups and the private folder are the
// network's (one of each). When the file cannot be put back, the private copy of the original
// AND the record holding its key are kept for a human: a backup without its key is no backup.
$proxy_health_keep_backups = false;
$proxy_health_editor       = ProxyHealth\Config\Wp_Config_Editor::for_site();
if ( ! is_wp_error( $proxy_health_editor ) ) {
	$proxy_health_editor->recover();
	$proxy_health_keep_backups = is_wp_error( $proxy_health_editor->revert( ProxyHealth\Config\Wp_Config_Editor::BLOCK_DEBUG ) );
}
if ( ! $proxy_health_keep_backups ) {
	ProxyHealth\Config\Private_Dir::remove();
	// A site's own private folder in its uploads folder (each site had one before the folder became the network's).
	$proxy_health_each_site(
		static function (): void {
			$name = get_option( ProxyHealth\Config\Private_Dir::OPTION );
			if ( is_string( $name ) ) {
				$uploads = wp_upload_dir( null, false );
				ProxyHealth\Config\Private_Dir::remove( rtrim( (string) $uploads['basedir'], '/' ) . '/' . $name );
			}
		}
	);
}

// Every option the plugin writes starts with this prefix, so none is forgotten as features grow.
$proxy_health_kept = $proxy_health_keep_backups ? array( ProxyHealth\Config\Wp_Config_Editor::OPTION, ProxyHealth\Config\Private_Dir::OPTION ) : array();
$proxy_health_each_site(
	static function () use ( $proxy_health_kept ): void {
		global $wpdb;
		$options = $wpdb->get_col(
			$wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( 'proxy_health_' ) . '%' )
		);
		foreach ( array_diff( $options, $proxy_health_kept ) as $option ) {
			delete_option( $option );
		}
	}
);
// And the network's own (the private folder's name, the wp-config.php edit records).
if ( is_multisite() ) {
	global $wpdb;
	$proxy_health_network_options = $wpdb->get_col(
		$wpdb->prepare( "SELECT meta_key FROM {$wpdb->sitemeta} WHERE meta_key LIKE %s", $wpdb->esc_like( 'proxy_health_' ) . '%' )
	);
	foreach ( array_diff( $proxy_health_network_options, $proxy_health_kept ) as $proxy_health_network_option ) {
		delete_site_option( $proxy_health_network_option );
	}
}

// Who dismissed which alert (user meta is shared by every site of a network: removed once).
delete_metadata( 'user', 0, ProxyHealth\Alerts\Verdict_Alert::DISMISSED_META, '', true );
