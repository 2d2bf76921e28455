<?php
/**
 * Plugin Name:       Proxy Health
 * Plugin URI:        https://github.com/proxy-health/proxy-health
 * Description:       Diagnoses "407 Proxy Authentication Required" on outbound requests: tests them through the configured proxy, explains every failure and collects evidence without endangering the live site.
 * Version:           0.1.0
 * Requires at least: 6.6
 * Requires PHP:      7.4
 * Author:            Proxy Health contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       proxy-health
 * Domain Path:       /languages
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

if ( version_compare( PHP_VERSION, '7.4', '<' ) ) {
	// Say why nothing happens instead of failing with a parse error in a namespaced class.
	add_action(
		'admin_notices',
		static function (): void {
			echo '<div class="notice notice-error"><p>' . esc_html__( 'Proxy Health needs PHP 7.4 or later.', 'proxy-health' ) . '</p></div>';
		}
	);
	return;
}

require_once __DIR__ . '/includes/Autoloader.php';
ProxyHealth\Autoloader::register( __DIR__ . '/includes' );

( new ProxyHealth\Plugin( __FILE__ ) )->register();
