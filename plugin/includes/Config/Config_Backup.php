<?php
/**
 * The copy of wp-config.php taken before an edit.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Config;

use WP_Error;

/**
 * Writes the original bytes to the private folder, encrypted with a key kept in the database
 * (libsodium), behind a PHP guard. wp-config.php holds the database and proxy passwords, and
 * the uploads folder is the part of a site most often served, copied and zipped: the file alone
 * reveals nothing, and run as PHP it exits at once.
 *
 * @since 0.1.0
 */
final class Config_Backup {

	/** Stops a web server that runs the file as PHP before any byte of the copy. */
	private const GUARD = "<?php exit; __halt_compiler();\n";

	/**
	 * Stores a copy.
	 *
	 * @since 0.1.0
	 *
	 * @return array{file: string, key: string}|WP_Error File name in the folder and the base64 key ('' when stored plain).
	 */
	public static function store( string $dir, string $label, string $bytes ) {
		$file = $dir . '/wp-config-' . $label . '-' . bin2hex( random_bytes( 8 ) ) . '.php';
		$key  = '';
		$body = $bytes;
		if ( function_exists( 'sodium_crypto_secretbox' ) ) {
			$raw_key = sodium_crypto_secretbox_keygen();
			$nonce   = random_bytes( SODIUM_CRYPTO_SECRETBOX_NONCEBYTES );
			$body    = 'S' . $nonce . sodium_crypto_secretbox( $bytes, $nonce, $raw_key );
			$key     = base64_encode( $raw_key ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions -- binary key in an option.
		} else {
			$body = 'P' . $bytes;
		}
		$handle = @fopen( $file, 'xb' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- failure is reported below; exclusive create of a private copy of wp-config.php, flushed with fsync; WP_Filesystem cannot.
		if ( false === $handle ) {
			return self::failed();
		}
		@chmod( $file, 0600 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_chmod -- best effort; the copy holds secrets; private to PHP's own user.
		$written = fwrite( $handle, self::GUARD . $body ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- writes the copy opened above, fsync follows.
		fflush( $handle );
		if ( function_exists( 'fsync' ) ) {
			fsync( $handle ); // phpcs:ignore PHPCompatibility.FunctionUse.NewFunctions.fsyncFound -- fsync() is PHP 8.1+; function_exists() guards it.
		}
		fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- closes the copy written above.
		if ( strlen( self::GUARD . $body ) !== $written ) {
			@unlink( $file ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.unlink_unlink -- cleaning up a failed copy; a failed copy may hold secrets; wp_delete_file() lets a filter keep it.
			return self::failed();
		}
		return array(
			'file' => basename( $file ),
			'key'  => $key,
		);
	}

	/**
	 * Reads a copy back; null when it is missing or does not match the recorded hash.
	 *
	 * @since 0.1.0
	 */
	public static function read( string $dir, string $file, string $key, string $sha256 ): ?string {
		$path = $dir . '/' . basename( $file );
		$data = is_file( $path ) ? file_get_contents( $path ) : false; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file: the private copy of wp-config.php.
		if ( false === $data || ! str_starts_with( $data, self::GUARD ) ) {
			return null;
		}
		$body  = substr( $data, strlen( self::GUARD ) );
		$bytes = null;
		if ( 'P' === ( $body[0] ?? '' ) ) {
			$bytes = substr( $body, 1 );
		} elseif ( 'S' === ( $body[0] ?? '' ) && function_exists( 'sodium_crypto_secretbox_open' ) && '' !== $key ) {
			$nonce  = substr( $body, 1, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES );
			$opened = sodium_crypto_secretbox_open( substr( $body, 1 + SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ), $nonce, (string) base64_decode( $key, true ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions
			$bytes  = false === $opened ? null : $opened;
		}
		return null !== $bytes && hash_equals( $sha256, hash( 'sha256', $bytes ) ) ? $bytes : null;
	}

	/**
	 * Deletes a copy.
	 *
	 * @since 0.1.0
	 */
	public static function delete( string $dir, string $file ): void {
		$path = $dir . '/' . basename( $file );
		if ( is_file( $path ) ) {
			@unlink( $path ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.unlink_unlink -- a leftover copy is encrypted; a copy of wp-config.php is removed whatever filters say.
		}
	}

	private static function failed(): WP_Error {
		return new WP_Error(
			'proxy_health_config_backup_failed',
			__( 'Proxy Health could not save a copy of wp-config.php in its private folder, so it did not change the file.', 'proxy-health' ),
			array( 'status' => 500 )
		);
	}
}
