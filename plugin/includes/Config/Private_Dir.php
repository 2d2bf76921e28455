<?php
/**
 * A folder for files the web server must not serve: wp-config backups and session debug logs.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Config;

use WP_Error;

/**
 * `wp-content/uploads/proxy-health-<random>/`, with an `.htaccess` deny (Apache) and an empty
 * `index.php` (no listing). The random name is what protects it on servers that ignore
 * `.htaccess` (nginx, `php -S`), so the name is never shown in full in any response.
 *
 * On a multisite network there is one folder, in the main site's uploads folder, named by a
 * network option: it holds the backups and the lock of wp-config.php, which is one file for
 * every site.
 *
 * @since 0.1.0
 */
final class Private_Dir {

	/** Holds the random folder name (a network option on multisite); not autoloaded, read only when a file is written. */
	public const OPTION = 'proxy_health_private_dir';

	/**
	 * Absolute path of the folder (no trailing slash), created on first use.
	 *
	 * @since 0.1.0
	 *
	 * @param string|null $base Parent folder; the (main site's) uploads folder by default.
	 * @return string|WP_Error
	 */
	public static function path( ?string $base = null ) {
		if ( null === $base ) {
			$base = self::uploads_base();
		}
		$name = self::name();
		if ( null === $name ) {
			add_site_option( self::OPTION, 'proxy-health-' . bin2hex( random_bytes( 16 ) ) );
			$name = self::name();
			if ( null === $name ) {
				return new WP_Error( 'proxy_health_private_dir_unwritable', __( 'Proxy Health could not create its private folder in the uploads folder.', 'proxy-health' ), array( 'status' => 500 ) );
			}
		}
		$dir = rtrim( $base, '/' ) . '/' . $name;
		return self::ensure( $dir );
	}

	/**
	 * The folder's random name, or null before it was first made.
	 *
	 * @since 0.1.0
	 */
	public static function name(): ?string {
		$name = get_site_option( self::OPTION );
		return is_string( $name ) && 1 === preg_match( '/^proxy-health-[a-f0-9]{32}\z/', $name ) ? $name : null;
	}

	/**
	 * The uploads folder of the main site (of this site when not on a network).
	 *
	 * @since 0.1.0
	 */
	public static function uploads_base(): string {
		$switched = is_multisite() && ! is_main_site();
		if ( $switched ) {
			switch_to_blog( get_main_site_id() );
		}
		$uploads = wp_upload_dir( null, false );
		if ( $switched ) {
			restore_current_blog();
		}
		return (string) $uploads['basedir'];
	}

	/**
	 * Creates a private folder with its guards, or checks an existing one.
	 *
	 * @since 0.1.0
	 *
	 * @return string|WP_Error The folder, or why it cannot be used.
	 */
	public static function ensure( string $dir ) {
		if ( ! is_dir( $dir ) && ! wp_mkdir_p( $dir ) ) {
			return new WP_Error(
				'proxy_health_private_dir_unwritable',
				__( 'Proxy Health could not create its private folder in the uploads folder.', 'proxy-health' ),
				array( 'status' => 500 )
			);
		}
		@chmod( $dir, 0700 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_chmod -- best effort; some hosts forbid chmod; the folder holds copies of wp-config.php and is made private for PHP's own user; WP_Filesystem may act as another (FTP) user.
		$guards = array(
			'.htaccess' => "# Proxy Health: private files.\n<IfModule mod_authz_core.c>\n\tRequire all denied\n</IfModule>\n<IfModule !mod_authz_core.c>\n\tDeny from all\n</IfModule>\n",
			'index.php' => "<?php\n// Silence is golden.\n",
		);
		foreach ( $guards as $file => $contents ) {
			if ( ! is_file( $dir . '/' . $file ) && false === file_put_contents( $dir . '/' . $file, $contents ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents -- guard files in the folder wp_mkdir_p() made as PHP's user, written the same way.
				return new WP_Error(
					'proxy_health_private_dir_unwritable',
					__( 'Proxy Health could not protect its private folder in the uploads folder.', 'proxy-health' ),
					array( 'status' => 500 )
				);
			}
		}
		return $dir;
	}

	/**
	 * Deletes the folder and what is in it (plugin uninstall; a session's log folder).
	 *
	 * @since 0.1.0
	 *
	 * @param string|null $dir A private folder; the one in uploads by default.
	 */
	public static function remove( ?string $dir = null ): void {
		$name = self::name();
		if ( null === $dir ) {
			if ( null === $name ) {
				return;
			}
			$dir = rtrim( self::uploads_base(), '/' ) . '/' . $name;
		}
		// Only ever a folder with a private folder's name.
		if ( 1 !== preg_match( '/^proxy-health-[a-f0-9]{32}\z/', basename( $dir ) ) ) {
			return;
		}
		// scandir, not glob(): GLOB_BRACE (needed for dot files) is missing where PHP is not
		// built on glibc (Alpine, Solaris, WordPress Playground).
		$entries = is_dir( $dir ) ? scandir( $dir ) : false;
		foreach ( false === $entries ? array() : $entries as $entry ) {
			$file = $dir . '/' . $entry;
			if ( '.' !== $entry && '..' !== $entry && is_file( $file ) ) {
				wp_delete_file( $file );
			}
		}
		@rmdir( $dir ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_rmdir -- best effort; removes the folder PHP itself created (uninstall).
	}

	/**
	 * How a path inside the folder is shown: the random part masked.
	 *
	 * @since 0.1.0
	 */
	public static function mask( string $path ): string {
		return (string) preg_replace( '/proxy-health-[a-f0-9]{32}/', 'proxy-health-[private]', $path );
	}
}
