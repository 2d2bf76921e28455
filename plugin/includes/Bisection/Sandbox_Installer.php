<?php
/**
 * Installs and removes the must-use sandbox loader.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

use ProxyHealth\Config\Write_Policy;
use ProxyHealth\Scan\Site_Plugins;
use WP_Error;

/**
 * Writes wp-content/mu-plugins/proxy-health-sandbox.php from plugin/sandbox/ through a temporary
 * file and a rename (a request never loads half a file; ".tmp" is not loaded as a must-use
 * plugin), reads it back to verify it, and removes it only if it is ours.
 *
 * @since 0.1.0
 */
final class Sandbox_Installer {

	public const FILE = Site_Plugins::SANDBOX_LOADER;

	/** Text only our loader contains; removal checks it. */
	private const SIGNATURE = 'Plugin Name: Proxy Health sandbox (temporary)';

	/**
	 * @since 0.1.0
	 */
	public static function target(): string {
		return WPMU_PLUGIN_DIR . '/' . self::FILE;
	}

	/**
	 * The loader with this plugin's includes folder written in.
	 *
	 * @since 0.1.0
	 */
	public static function render(): string {
		$template = (string) file_get_contents( dirname( __DIR__, 2 ) . '/sandbox/' . self::FILE ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file shipped inside this plugin.
		$includes = dirname( __DIR__ );
		return str_replace( "'{PROXY_HEALTH_INCLUDES}'", var_export( $includes, true ), $template ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export -- writes the includes path into the loader as a PHP string literal.
	}

	/**
	 * @since 0.1.0
	 *
	 * @return true|WP_Error
	 */
	public static function install() {
		$disallowed = Write_Policy::must_use_error();
		if ( null !== $disallowed ) {
			return $disallowed;
		}
		$content = self::render();
		$target  = self::target();
		if ( is_file( $target ) && hash_equals( hash( 'sha256', $content ), (string) hash_file( 'sha256', $target ) ) ) {
			return true;
		}
		if ( ! wp_mkdir_p( WPMU_PLUGIN_DIR ) ) {
			return self::error( __( 'The must-use plugins folder cannot be created.', 'proxy-health' ) );
		}
		$temp = $target . '.' . bin2hex( random_bytes( 4 ) ) . '.tmp';
		if ( strlen( $content ) !== file_put_contents( $temp, $content, LOCK_EX ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- written beside the loader and renamed into place, so no request loads half a file; WP_Filesystem cannot rename atomically.
			wp_delete_file( $temp );
			return self::error( __( 'The must-use plugins folder is not writable.', 'proxy-health' ) );
		}
		if ( ! rename( $temp, $target ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.rename_rename -- the atomic step: a request never loads half a loader; WP_Filesystem::move() may copy and delete.
			wp_delete_file( $temp );
			return self::error( __( 'The sandbox loader could not be moved into place.', 'proxy-health' ) );
		}
		clearstatcache( true, $target );
		if ( ! hash_equals( hash( 'sha256', $content ), (string) hash_file( 'sha256', $target ) ) ) {
			self::remove();
			return self::error( __( 'The sandbox loader did not read back as written.', 'proxy-health' ) );
		}
		return true;
	}

	/**
	 * Removes the loader if it is ours. True when no loader is left.
	 *
	 * @since 0.1.0
	 */
	public static function remove(): bool {
		$target = self::target();
		if ( is_file( $target ) && str_contains( (string) file_get_contents( $target ), self::SIGNATURE ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file: the must-use loader, read to check it is ours.
			wp_delete_file( $target );
			clearstatcache( true, $target );
		}
		return ! is_file( $target );
	}

	/**
	 * @since 0.1.0
	 */
	public static function is_installed(): bool {
		return is_file( self::target() );
	}

	private static function error( string $message ): WP_Error {
		return new WP_Error( 'proxy_health_sandbox_install_failed', $message, array( 'status' => 500 ) );
	}
}
