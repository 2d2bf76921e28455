<?php
/**
 * Where an evidence session's debug log lives, how big it may grow, and its removal.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Evidence;

use ProxyHealth\Config\Private_Dir;
use WP_Error;

/**
 * The debug log of a session may hold personal data and secrets a careless plugin logged, so:
 * - it lives outside the web root when PHP may write there (the folder above WordPress, when
 *   that folder is not under the document root), else in the private folder in uploads (deny
 *   rules for Apache, a random name for servers that ignore them); the file is made 0600;
 * - it stops growing at CAP_BYTES: past it, PHP stops logging to it and a marker line says so;
 * - it is removed when the session ends, keeping only a redacted tail (KEPT_BYTES) in an
 *   option so the evidence can still be read, until the next session or uninstall.
 *
 * @since 0.1.0
 */
final class Debug_Log {

	/** Largest size of a session's debug log (5 MiB), give or take what one request logs at its end. */
	public const CAP_BYTES = 5242880;

	/** Redacted tail of the last session's log kept after it ends (bytes of the log's end). */
	public const KEPT_BYTES = 65536;

	/** Holds that tail; not autoloaded. */
	public const KEPT_TAIL_OPTION = 'proxy_health_evidence_last_log_tail';

	/** What the last line of a log that reached its cap says. */
	public const MARKER = '[Proxy Health] This evidence session debug log reached its cap of 5 MiB; PHP stopped writing to it until the session ends.';

	/**
	 * A new, empty log for a session, outside the web root when possible.
	 *
	 * @since 0.1.0
	 *
	 * @return string|WP_Error Its path.
	 */
	public static function create() {
		$dir = self::outside_dir();
		if ( null === $dir ) {
			$dir = Private_Dir::path();
			if ( $dir instanceof WP_Error ) {
				return $dir;
			}
		}
		self::delete_logs( $dir );
		$path = $dir . '/debug-' . bin2hex( random_bytes( 8 ) ) . '.log';
		// Created now and private to PHP's user: error_log() would create it with the umask's mode.
		if ( false === @touch( $path ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_touch -- reported below; PHP itself appends to this file, so it is made by PHP's user.
			return new WP_Error( 'proxy_health_private_dir_unwritable', __( 'Proxy Health could not use its private folder.', 'proxy-health' ), array( 'status' => 500 ) );
		}
		@chmod( $path, 0600 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_chmod -- best effort; readable only by PHP's own user.
		return $path;
	}

	/**
	 * The folder outside the web root for session logs (created with its guards), or null when
	 * there is none PHP may write to, or when what the web server serves is not known.
	 *
	 * @since 0.1.0
	 */
	public static function outside_dir(): ?string {
		$parent = self::outside_parent();
		$real   = '' === $parent ? false : realpath( $parent );
		if ( false === $real || ! is_dir( $real ) || self::served( $real ) || ! wp_is_writable( $real ) ) {
			return null;
		}
		$dir = Private_Dir::path( $real );
		return is_string( $dir ) ? $dir : null;
	}

	/**
	 * Folders (real paths, no trailing slash) where this plugin may have put session logs.
	 *
	 * @since 0.1.0
	 *
	 * @return list<string>
	 */
	public static function folders(): array {
		$folders = array();
		$private = Private_Dir::path();
		if ( is_string( $private ) && false !== realpath( $private ) ) {
			$folders[] = (string) realpath( $private );
		}
		$parent = self::outside_parent( true );
		$name   = Private_Dir::name();
		$real   = '' === $parent || null === $name ? false : realpath( rtrim( $parent, '/' ) . '/' . $name );
		if ( false !== $real && is_dir( $real ) ) {
			$folders[] = $real;
		}
		return array_values( array_unique( $folders ) );
	}

	/**
	 * Stops the log growing past its cap: called as a request of the session starts and ends.
	 * Past the cap, this request logs nothing more, the log is cut back to the cap and ends with
	 * the marker line.
	 *
	 * @since 0.1.0
	 */
	public static function cap( string $path ): void {
		clearstatcache( true, $path );
		$size = @filesize( $path ); // phpcs:ignore WordPress.PHP.NoSilencedErrors -- a log not written yet has no size.
		if ( false === $size || $size < self::CAP_BYTES ) {
			return;
		}
		ini_set( 'log_errors', '0' ); // phpcs:ignore WordPress.PHP.IniSet.Risky, Squiz.PHP.DiscouragedFunctions.Discouraged -- the session's debug log reached its cap: this request stops writing to it.
		$marker = self::MARKER . PHP_EOL;
		$handle = @fopen( $path, 'r+b' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- cuts the log in place under a lock; WP_Filesystem cannot truncate.
		if ( false === $handle ) {
			return;
		}
		if ( flock( $handle, LOCK_EX ) ) {
			$size = (int) fstat( $handle )['size'];
			fseek( $handle, max( 0, $size - strlen( $marker ) ) );
			$ends = (string) stream_get_contents( $handle );
			if ( $size > self::CAP_BYTES + strlen( $marker ) || $ends !== $marker ) {
				ftruncate( $handle, self::CAP_BYTES );
				fseek( $handle, self::CAP_BYTES );
				fwrite( $handle, $marker ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- the marker line, after the cut above.
			}
			flock( $handle, LOCK_UN );
		}
		fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- closes the log opened above.
	}

	/**
	 * Ends a session's log: keeps its redacted tail, deletes it, and the outside folder with it.
	 *
	 * @since 0.1.0
	 */
	public static function end( string $path ): void {
		if ( '' === $path ) {
			return;
		}
		$root = Log_Tail::session_log_root( $path );
		if ( null !== $root && is_file( $path ) ) {
			$tail = Log_Tail::tail( $path, self::KEPT_BYTES, array( $root ) );
			update_option( self::KEPT_TAIL_OPTION, $tail, false );
			wp_delete_file( $path );
		}
		$outside = self::outside_dir_if_exists();
		if ( null !== $outside ) {
			Private_Dir::remove( $outside );
		}
	}

	/**
	 * How a session log's path is shown: only its kind, never where it is or its name.
	 *
	 * @since 0.1.0
	 */
	public static function mask( string $path ): string {
		$path = Private_Dir::mask( $path );
		if ( 1 === preg_match( '#(?:^|/)debug-[a-f0-9]{16}\.log\z#', $path ) ) {
			return '[private]/debug-[private].log';
		}
		return $path;
	}

	/**
	 * Removes the logs of earlier sessions in a folder.
	 */
	private static function delete_logs( string $dir ): void {
		foreach ( glob( $dir . '/debug-*.log' ) ?: array() as $log ) {
			wp_delete_file( $log );
		}
	}

	/**
	 * The outside folder when it exists, without creating it.
	 */
	private static function outside_dir_if_exists(): ?string {
		$parent = self::outside_parent( true );
		$name   = Private_Dir::name();
		if ( '' === $parent || null === $name ) {
			return null;
		}
		$dir = rtrim( $parent, '/' ) . '/' . $name;
		return is_dir( $dir ) ? $dir : null;
	}

	/**
	 * The folder that holds the outside folder: the one above WordPress by default, offered only
	 * when the document root is known (a web request) unless asked for where it would be.
	 *
	 * @param bool $any_request Also when the document root is unknown (WP-CLI, cleanup).
	 */
	private static function outside_parent( bool $any_request = false ): string {
		$docroot = isset( $_SERVER['DOCUMENT_ROOT'] ) && is_string( $_SERVER['DOCUMENT_ROOT'] ) ? sanitize_text_field( wp_unslash( $_SERVER['DOCUMENT_ROOT'] ) ) : '';
		$default = '' !== $docroot || $any_request ? dirname( rtrim( ABSPATH, '/' ) ) : '';
		/**
		 * Filters the folder in which evidence sessions keep their debug logs (in a private
		 * sub-folder). It must be a folder the web server does not serve; return '' to keep the
		 * logs in the private folder in uploads.
		 *
		 * @since 0.1.0
		 *
		 * @param string $parent The folder above WordPress, or '' where the document root is unknown.
		 */
		$parent = apply_filters( 'proxy_health_debug_log_parent', $default );
		return is_string( $parent ) ? $parent : '';
	}

	/**
	 * Whether a folder is inside WordPress or the web server's document root.
	 */
	private static function served( string $real ): bool {
		$docroot = isset( $_SERVER['DOCUMENT_ROOT'] ) && is_string( $_SERVER['DOCUMENT_ROOT'] ) ? sanitize_text_field( wp_unslash( $_SERVER['DOCUMENT_ROOT'] ) ) : '';
		foreach ( array( ABSPATH, WP_CONTENT_DIR, $docroot ) as $root ) {
			$root = '' === $root ? false : realpath( $root );
			if ( false !== $root && 0 === strpos( rtrim( $real, '/' ) . '/', rtrim( $root, '/' ) . '/' ) ) {
				return true;
			}
		}
		return false;
	}
}
