<?php
/**
 * Finds wp-config.php the way wp-load.php does.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Config;

/**
 * WordPress reads `ABSPATH/wp-config.php`, else the one a folder up when that folder is not
 * itself a WordPress root (no `wp-settings.php` there).
 *
 * @since 0.1.0
 */
final class Wp_Config_Locator {

	/**
	 * Path of the wp-config.php WordPress loads, or null when there is none.
	 *
	 * @since 0.1.0
	 *
	 * @param string|null $abspath WordPress root; ABSPATH by default.
	 */
	public static function locate( ?string $abspath = null ): ?string {
		$root = rtrim( $abspath ?? ABSPATH, '/' );
		if ( file_exists( $root . '/wp-config.php' ) ) {
			return $root . '/wp-config.php';
		}
		$parent = dirname( $root );
		if ( file_exists( $parent . '/wp-config.php' ) && ! file_exists( $parent . '/wp-settings.php' ) ) {
			return $parent . '/wp-config.php';
		}
		return null;
	}
}
