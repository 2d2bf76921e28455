<?php
/**
 * Adds and removes marked blocks of define() lines in wp-config.php, safely.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Config;

use WP_Error;

/**
 * The safe wp-config.php editor.
 *
 * An edit only inserts text: a marked block of `if ( ! defined() ) { define(); }` lines before
 * the first definition of one of its constants (or before "That's all, stop editing" / the
 * wp-settings.php require), and, around each existing `define()` of the same constants, an
 * `if ( ! defined() ) { … }` guard that keeps that statement byte for byte. Before writing: a
 * copy of the original (encrypted, hash recorded), a tokenizer check of the new text, then a
 * temporary file in the same folder, fsync and an atomic rename, so a process killed at any
 * point leaves either the old or the new file, both valid. A record in an option (state
 * applying → applied → reverting) lets `recover()` finish an interrupted job.
 *
 * Revert writes back the exact original bytes (checked by hash). When the file changed
 * meanwhile outside the inserted text, only the inserted text is removed and the answer says so.
 *
 * @since 0.1.0
 *
 * @phpstan-type Edit_Record array{
 *   file: string, state: 'applying'|'applied'|'reverting', originalHash: string, editedHash: string,
 *   eol: string, constants: list<string>, guarded: list<array{name: string, line: int}>,
 *   backup: string, key: string, appliedAt: int
 * }
 */
final class Wp_Config_Editor {

	/** Records of the edits in place, by block; not autoloaded; a network option on multisite (wp-config.php is the network's). */
	public const OPTION = 'proxy_health_config_edits';

	/** Block that switches debug logging on for an evidence session. */
	public const BLOCK_DEBUG = 'debug';

	/** Block with the proxy credentials an admin applied. */
	public const BLOCK_PROXY = 'proxy';

	/** Proxy constants apply_proxy_constants() writes, by the key it takes them under. */
	private const PROXY_KEYS = array(
		'host'     => 'WP_PROXY_HOST',
		'port'     => 'WP_PROXY_PORT',
		'username' => 'WP_PROXY_USERNAME',
		'password' => 'WP_PROXY_PASSWORD',
	);

	private string $file;

	private string $private_dir;

	private string $option;

	/**
	 * @param string $file        Path of wp-config.php.
	 * @param string $private_dir Private folder for the copies and the lock.
	 * @param string $option      Option holding the edit records.
	 */
	public function __construct( string $file, string $private_dir, string $option = self::OPTION ) {
		$this->file        = $file;
		$this->private_dir = $private_dir;
		$this->option      = $option;
	}

	/**
	 * The editor for this site's wp-config.php.
	 *
	 * @since 0.1.0
	 *
	 * @return self|WP_Error
	 */
	public static function for_site() {
		$file = Wp_Config_Locator::locate();
		if ( null === $file ) {
			return new WP_Error( 'proxy_health_config_not_found', __( 'Proxy Health could not find wp-config.php where WordPress looks for it.', 'proxy-health' ), array( 'status' => 409 ) );
		}
		$dir = Private_Dir::path();
		return $dir instanceof WP_Error ? $dir : new self( $file, $dir );
	}

	/**
	 * Inserts (or replaces) a block defining the given constants.
	 *
	 * @since 0.1.0
	 *
	 * @param string                          $block     Block name (letters, digits, dashes).
	 * @param array<string, bool|int|string>  $constants Constant name => value.
	 * @return array{block: string, constants: list<string>, guarded: list<array{name: string, line: int}>, originalHash: string}|WP_Error
	 */
	public function apply( string $block, array $constants ) {
		if ( ! preg_match( '/^[a-z0-9-]+\z/', $block ) || array() === $constants ) {
			return new WP_Error( 'proxy_health_config_invalid_block', __( 'Nothing to write.', 'proxy-health' ), array( 'status' => 400 ) );
		}
		// DISALLOW_FILE_MODS: no new change to wp-config.php (reverting one stays possible).
		$disallowed = Write_Policy::wp_config_error();
		if ( null !== $disallowed ) {
			return $disallowed;
		}
		foreach ( $constants as $name => $value ) {
			if ( ! preg_match( '/^[A-Z_][A-Z0-9_]*\z/', (string) $name ) || ( is_string( $value ) && preg_match( '/[\x00-\x1f\x7f]/', $value ) ) ) {
				return new WP_Error( 'proxy_health_config_invalid_value', __( 'A constant name or value cannot be written to wp-config.php.', 'proxy-health' ), array( 'status' => 400 ) );
			}
		}
		return $this->locked(
			function () use ( $block, $constants ) {
				$this->recover_unlocked();
				if ( null !== $this->record( $block ) ) {
					$reverted = $this->revert_unlocked( $block );
					if ( $reverted instanceof WP_Error ) {
						return $reverted;
					}
				}
				return $this->apply_unlocked( $block, $constants );
			}
		);
	}

	/**
	 * Removes a block, restoring the exact original bytes when nothing else changed.
	 *
	 * @since 0.1.0
	 *
	 * @return array{status: 'restored'|'block_removed'|'already_reverted'|'nothing_to_revert', message: string}|WP_Error
	 */
	public function revert( string $block ) {
		return $this->locked(
			function () use ( $block ) {
				$this->recover_unlocked();
				return $this->revert_unlocked( $block );
			}
		);
	}

	/**
	 * Writes the proxy constants of credentials that passed the credentials test.
	 *
	 * @since 0.1.0
	 *
	 * @param array{host: string, port: int|string, username?: string, password?: string} $proxy Proxy settings.
	 * @return array<string, mixed>|WP_Error
	 */
	public function apply_proxy_constants( array $proxy ) {
		$host = (string) ( $proxy['host'] ?? '' );
		$port = (string) ( $proxy['port'] ?? '' );
		// The host without a scheme and a numeric port: the two mistakes WP_HTTP_Proxy never forgives.
		if ( ! preg_match( '/^[A-Za-z0-9.\-:\[\]]+$/', $host ) || ! preg_match( '/^\d{1,5}$/', $port ) || (int) $port < 1 || (int) $port > 65535 ) {
			return new WP_Error( 'proxy_health_config_invalid_value', __( 'The proxy host must be a host name or address without a scheme, and the port a number from 1 to 65535.', 'proxy-health' ), array( 'status' => 400 ) );
		}
		$constants = array(
			self::PROXY_KEYS['host'] => $host,
			self::PROXY_KEYS['port'] => $port,
		);
		foreach ( array( 'username', 'password' ) as $key ) {
			if ( isset( $proxy[ $key ] ) && '' !== $proxy[ $key ] ) {
				$constants[ self::PROXY_KEYS[ $key ] ] = (string) $proxy[ $key ];
			}
		}
		return $this->apply( self::BLOCK_PROXY, $constants );
	}

	/**
	 * Takes the applied proxy constants out again.
	 *
	 * @since 0.1.0
	 *
	 * @return array{status: string, message: string}|WP_Error
	 */
	public function revert_proxy_constants() {
		return $this->revert( self::BLOCK_PROXY );
	}

	/**
	 * Whether PHP may write a wp-config.php now, as the editor would.
	 *
	 * @since 0.1.0
	 *
	 * @return true|WP_Error
	 */
	public static function writable( string $file ) {
		$editor = new self( $file, '' );
		$target = $editor->target();
		return $target instanceof WP_Error ? $target : true;
	}

	/**
	 * The record of a block in place, or null.
	 *
	 * @since 0.1.0
	 *
	 * @return Edit_Record|null
	 */
	public function record( string $block ): ?array {
		$records = $this->records();
		return $records[ $block ] ?? null;
	}

	/**
	 * Finishes edits a killed process left half done and removes stray temporary files.
	 *
	 * @since 0.1.0
	 *
	 * @return list<string> What was done, for logs and tests.
	 */
	public function recover(): array {
		$done = $this->locked( fn() => $this->recover_unlocked() );
		return $done instanceof WP_Error ? array() : $done;
	}

	/**
	 * @param array<string, bool|int|string> $constants
	 * @return array<string, mixed>|WP_Error
	 */
	private function apply_unlocked( string $block, array $constants ) {
		$target = $this->target();
		if ( $target instanceof WP_Error ) {
			return $target;
		}
		$original = file_get_contents( $target ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file (wp-config.php), read byte for byte to edit it.
		if ( false === $original ) {
			return $this->unwritable( __( 'it cannot be read', 'proxy-health' ) );
		}
		$plan = Config_Source::plan( $original, array_keys( $constants ) );
		if ( $plan instanceof WP_Error ) {
			return $plan;
		}
		$eol        = Config_Source::eol( $original );
		$insertions = array(
			array(
				'offset' => $plan['insertAt'],
				'text'   => $this->render_block( $block, $constants, $eol ),
				'order'  => 0,
			),
		);
		foreach ( $plan['guards'] as $guard ) {
			$insertions[] = array(
				'offset' => $guard['start'],
				'text'   => self::guard_open( $block, $guard['name'] ),
				'order'  => 1,
			);
			$insertions[] = array(
				'offset' => $guard['end'],
				'text'   => self::guard_close( $block ),
				'order'  => 2,
			);
		}
		$edited = Config_Source::insert( $original, $insertions );
		$valid  = Config_Source::validate( $original, $edited['bytes'], $edited['ranges'] );
		if ( $valid instanceof WP_Error ) {
			return $valid;
		}

		$backup = Config_Backup::store( $this->private_dir, $block, $original );
		if ( $backup instanceof WP_Error ) {
			return $backup;
		}
		$record = array(
			'file'         => $target,
			'state'        => 'applying',
			'originalHash' => hash( 'sha256', $original ),
			'editedHash'   => hash( 'sha256', $edited['bytes'] ),
			'eol'          => $eol,
			'constants'    => array_keys( $constants ),
			'guarded'      => array_map( static fn( array $g ): array => array( 'name' => $g['name'], 'line' => $g['line'] ), $plan['guards'] ),
			'backup'       => $backup['file'],
			'key'          => $backup['key'],
			'appliedAt'    => time(),
		);
		// Recorded before the rename: a process killed after it still leaves a way back.
		$this->save_record( $block, $record );
		$written = $this->write( $target, $edited['bytes'] );
		if ( $written instanceof WP_Error ) {
			$this->save_record( $block, null );
			Config_Backup::delete( $this->private_dir, $backup['file'] );
			return $written;
		}
		$record['state'] = 'applied';
		$this->save_record( $block, $record );
		return array(
			'block'        => $block,
			'constants'    => $record['constants'],
			'guarded'      => $record['guarded'],
			'originalHash' => $record['originalHash'],
		);
	}

	/**
	 * @return array{status: 'restored'|'block_removed'|'already_reverted'|'nothing_to_revert', message: string}|WP_Error
	 */
	private function revert_unlocked( string $block ) {
		$record = $this->record( $block );
		if ( null === $record ) {
			return array(
				'status'  => 'nothing_to_revert',
				'message' => __( 'wp-config.php has no Proxy Health change to undo.', 'proxy-health' ),
			);
		}
		$target  = $record['file'];
		$current = is_file( $target ) ? file_get_contents( $target ) : false; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file (wp-config.php), read byte for byte to compare hashes.
		if ( false === $current ) {
			return $this->unwritable( __( 'it cannot be read', 'proxy-health' ) );
		}
		$hash = hash( 'sha256', $current );
		if ( hash_equals( $record['originalHash'], $hash ) ) {
			$this->forget( $block, $record );
			return array(
				'status'  => 'already_reverted',
				'message' => __( 'wp-config.php is already exactly as it was.', 'proxy-health' ),
			);
		}
		$checks = $this->check_writable( $target );
		if ( $checks instanceof WP_Error ) {
			return $checks;
		}

		$record['state'] = 'reverting';
		$this->save_record( $block, $record );
		if ( hash_equals( $record['editedHash'], $hash ) ) {
			$original = Config_Backup::read( $this->private_dir, $record['backup'], $record['key'], $record['originalHash'] );
			// Without a readable copy, removing exactly what was inserted gives the same bytes; the hash decides.
			$original = $original ?? $this->remove_inserted( $block, $current, $record['eol'] );
			if ( null === $original || ! hash_equals( $record['originalHash'], hash( 'sha256', $original ) ) ) {
				return $this->revert_failed( $block, $record );
			}
			return $this->write_reverted(
				$target,
				$block,
				$record,
				$original,
				'restored',
				__( 'wp-config.php is back to its exact previous content.', 'proxy-health' )
			);
		}

		// Someone (or something) changed the file meanwhile: keep their change, take out only ours.
		$without = $this->remove_inserted( $block, $current, $record['eol'] );
		if ( null === $without ) {
			$this->forget( $block, $record );
			return array(
				'status'  => 'nothing_to_revert',
				'message' => __( 'wp-config.php changed since Proxy Health edited it and no longer holds the Proxy Health block; nothing was changed.', 'proxy-health' ),
			);
		}
		$tokens = Config_Source::tokens( $without );
		if ( $tokens instanceof WP_Error ) {
			return $this->revert_failed( $block, $record );
		}
		return $this->write_reverted(
			$target,
			$block,
			$record,
			$without,
			'block_removed',
			__( 'wp-config.php changed since Proxy Health edited it, so only the Proxy Health block was removed; the other changes were kept.', 'proxy-health' )
		);
	}

	/**
	 * Writes the reverted content and forgets the edit; when the write fails, the edit stays
	 * recorded as applied so that a later revert can try again.
	 *
	 * @param string               $target  wp-config.php path.
	 * @param string               $block   Block name.
	 * @param array<string, mixed> $record  The edit's record.
	 * @param string               $bytes   Content to write.
	 * @param string               $status  Status to answer on success.
	 * @param string               $message Message to answer on success.
	 * @return array{status: string, message: string}|WP_Error
	 */
	private function write_reverted( string $target, string $block, array $record, string $bytes, string $status, string $message ) {
		$written = $this->write( $target, $bytes );
		if ( $written instanceof WP_Error ) {
			$record['state'] = 'applied';
			$this->save_record( $block, $record );
			return $written;
		}
		$this->forget( $block, $record );
		return array(
			'status'  => $status,
			'message' => $message,
		);
	}

	/**
	 * @return list<string>
	 */
	private function recover_unlocked(): array {
		$done = array();
		foreach ( glob( dirname( $this->real_file() ) . '/.' . basename( $this->real_file() ) . '.proxy-health-*.tmp' ) ?: array() as $stray ) {
			// A temporary copy holds the whole config, secrets included: never leave one behind.
			@unlink( $stray ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.unlink_unlink -- best effort; a temporary copy holds secrets; wp_delete_file() lets a filter keep it.
			$done[] = 'removed a temporary file';
		}
		foreach ( $this->records() as $block => $record ) {
			if ( 'applied' === $record['state'] ) {
				continue;
			}
			$current = is_file( $record['file'] ) ? file_get_contents( $record['file'] ) : false; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file (wp-config.php), read byte for byte to compare hashes.
			$hash    = false === $current ? '' : hash( 'sha256', $current );
			if ( hash_equals( $record['originalHash'], $hash ) ) {
				// Killed before the rename of an apply, or after the rename of a revert.
				$this->forget( (string) $block, $record );
				$done[] = $block . ': original in place';
			} elseif ( hash_equals( $record['editedHash'], $hash ) ) {
				if ( 'reverting' === $record['state'] ) {
					$result = $this->revert_unlocked( (string) $block );
					$done[] = $block . ': ' . ( $result instanceof WP_Error ? $result->get_error_code() : $result['status'] );
				} else {
					$record['state'] = 'applied';
					$this->save_record( (string) $block, $record );
					$done[] = $block . ': edit in place';
				}
			}
		}
		return $done;
	}

	/**
	 * Removes the block and the guards of one block from a source; null when neither is there.
	 */
	private function remove_inserted( string $block, string $bytes, string $eol ): ?string {
		$found = false;
		$begin = strpos( $bytes, self::begin_marker( $block ) );
		$end   = false === $begin ? false : strpos( $bytes, self::end_marker( $block ) . $eol, $begin );
		if ( false !== $begin && false !== $end ) {
			$bytes = substr( $bytes, 0, $begin ) . substr( $bytes, $end + strlen( self::end_marker( $block ) . $eol ) );
			$found = true;
		}
		$close = self::guard_close( $block );
		$open  = self::guard_prefix( $block );
		while ( false !== ( $start = strpos( $bytes, $open ) ) ) {
			$head = strpos( $bytes, '{ ', $start );
			$tail = false === $head ? false : strpos( $bytes, $close, $head );
			if ( false === $tail ) {
				return null;
			}
			$bytes = substr( $bytes, 0, $start ) . substr( $bytes, $head + 2, $tail - $head - 2 ) . substr( $bytes, $tail + strlen( $close ) );
			$found = true;
		}
		return $found ? $bytes : null;
	}

	/**
	 * Writes a file atomically: a temporary file in the same folder, fsync, rename, keeping the
	 * original mode and owner.
	 *
	 * @return true|WP_Error
	 */
	private function write( string $target, string $bytes ) {
		$checks = $this->check_writable( $target );
		if ( $checks instanceof WP_Error ) {
			return $checks;
		}
		$mode = fileperms( $target ) & 07777;
		$temp = dirname( $target ) . '/.' . basename( $target ) . '.proxy-health-' . bin2hex( random_bytes( 6 ) ) . '.tmp';
		$fh   = @fopen( $temp, 'xb' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- failure is reported; the atomic write needs exclusive create, fsync and rename in one folder, which WP_Filesystem cannot do.
		if ( false === $fh ) {
			return $this->unwritable( __( 'its folder does not let PHP create a file', 'proxy-health' ) );
		}
		@chmod( $temp, 0600 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_chmod -- private while it is written; the temporary copy holds secrets; WP_Filesystem may be FTP, which cannot write it atomically.
		$written = fwrite( $fh, $bytes ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- atomic write of wp-config.php (temporary file, fsync, rename); WP_Filesystem has no fsync or same-folder rename.
		$synced  = fflush( $fh ) && ( ! function_exists( 'fsync' ) || fsync( $fh ) ); // phpcs:ignore PHPCompatibility.FunctionUse.NewFunctions.fsyncFound -- fsync() is PHP 8.1+; function_exists() guards it.
		fclose( $fh ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- closes the handle of the atomic write above.
		if ( strlen( $bytes ) !== $written || ! $synced || ! $this->same_owner( $target, $temp ) || ! @chmod( $temp, $mode ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_chmod -- the new file takes the original's mode before the atomic rename.
			@unlink( $temp ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.unlink_unlink -- removes the failed temporary copy (secrets) whatever filters say.
			return $this->unwritable( __( 'the new file could not be written completely', 'proxy-health' ) );
		}
		/**
		 * Fires when the new wp-config.php is written to its temporary file, just before the rename.
		 * The tests kill the process here to check that an interrupted edit leaves a valid file.
		 *
		 * @since 0.1.0
		 *
		 * @param string $temp   Temporary file.
		 * @param string $target wp-config.php.
		 */
		do_action( 'proxy_health_config_before_rename', $temp, $target );
		if ( ! @rename( $temp, $target ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.rename_rename -- failure is reported; rename() in one folder is the atomic step; WP_Filesystem::move() may copy and delete.
			@unlink( $temp ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.unlink_unlink -- removes the failed temporary copy (secrets) whatever filters say.
			return $this->unwritable( __( 'the new file could not replace it', 'proxy-health' ) );
		}
		clearstatcache( true, $target );
		/**
		 * Fires right after the new wp-config.php replaced the old one, before the record is updated.
		 *
		 * @since 0.1.0
		 *
		 * @param string $target wp-config.php.
		 */
		do_action( 'proxy_health_config_after_rename', $target );
		if ( function_exists( 'opcache_invalidate' ) ) {
			// A cached copy of the old file would keep running until the cache expires.
			@opcache_invalidate( $target, true ); // phpcs:ignore WordPress.PHP.NoSilencedErrors -- opcache may be restricted.
			if ( $target !== $this->file ) {
				@opcache_invalidate( $this->file, true ); // phpcs:ignore WordPress.PHP.NoSilencedErrors
			}
		}
		return true;
	}

	/**
	 * Refuses files and folders that are read-only, by their mode (an admin's explicit "do not
	 * write", honoured even when PHP runs as root and the system would allow it) or because
	 * the system says so (owner, immutable flag, read-only mount).
	 *
	 * @return true|WP_Error
	 */
	private function check_writable( string $target ) {
		clearstatcache( true, $target );
		$dir = dirname( $target );
		if ( 0 === ( fileperms( $target ) & 0222 ) ) {
			return $this->unwritable( __( 'the file is read-only', 'proxy-health' ) );
		}
		if ( 0 === ( fileperms( $dir ) & 0222 ) ) {
			return $this->unwritable( __( 'its folder is read-only', 'proxy-health' ) );
		}
		if ( ! is_writable( $target ) || ! is_writable( $dir ) ) { // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_is_writable -- asks whether PHP itself may write, as the atomic write will.
			return $this->unwritable( __( 'PHP may not write to it or to its folder', 'proxy-health' ) );
		}
		// is_writable() asks as the real user; opening for writing asks as the effective user, as rename will.
		$probe = @fopen( $target, 'r+b' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- opened for writing, never written; asks whether PHP itself may write, as the atomic write will.
		if ( false === $probe ) {
			return $this->unwritable( __( 'PHP may not write to it', 'proxy-health' ) );
		}
		fclose( $probe ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- closes the write check above.
		return true;
	}

	/**
	 * Gives the new file the original's owner and group (possible only when PHP runs as root).
	 */
	private function same_owner( string $target, string $temp ): bool {
		$uid = fileowner( $target );
		$gid = filegroup( $target );
		if ( false === $uid || false === $gid || fileowner( $temp ) === $uid && filegroup( $temp ) === $gid ) {
			return true;
		}
		return @chown( $temp, $uid ) && @chgrp( $temp, $gid ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_chown, WordPress.WP.AlternativeFunctions.file_system_operations_chgrp -- refused means we stop; the new file keeps the original's owner before the atomic rename.
	}

	/**
	 * The real file to write (a symlinked wp-config.php is edited where it lives, not replaced).
	 *
	 * @return string|WP_Error
	 */
	private function target() {
		$real = realpath( $this->file );
		if ( false === $real || ! is_file( $real ) ) {
			return new WP_Error( 'proxy_health_config_not_found', __( 'Proxy Health could not find wp-config.php where WordPress looks for it.', 'proxy-health' ), array( 'status' => 409 ) );
		}
		$checks = $this->check_writable( $real );
		return $checks instanceof WP_Error ? $checks : $real;
	}

	private function real_file(): string {
		$real = realpath( $this->file );
		return false === $real ? $this->file : $real;
	}

	/**
	 * @param array<string, bool|int|string> $constants
	 */
	private function render_block( string $block, array $constants, string $eol ): string {
		$lines = array( self::begin_marker( $block ) . ' Written by the Proxy Health plugin and removed by it; please do not edit inside. */' );
		foreach ( $constants as $name => $value ) {
			$literal = is_bool( $value ) ? ( $value ? 'true' : 'false' ) : ( is_int( $value ) ? (string) $value : var_export( (string) $value, true ) ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions -- renders a PHP literal.
			$lines[] = sprintf( "if ( ! defined( '%1\$s' ) ) {", $name );
			$lines[] = sprintf( "\tdefine( '%1\$s', %2\$s );", $name, $literal );
			$lines[] = '}';
		}
		$lines[] = self::end_marker( $block );
		return implode( $eol, $lines ) . $eol;
	}

	private static function begin_marker( string $block ): string {
		return '/* BEGIN Proxy Health (' . $block . ').';
	}

	private static function end_marker( string $block ): string {
		return '/* END Proxy Health (' . $block . ') */';
	}

	private static function guard_prefix( string $block ): string {
		return '/* Proxy Health (' . $block . ') guard */ if ( ! defined( ';
	}

	private static function guard_open( string $block, string $name ): string {
		return self::guard_prefix( $block ) . "'" . $name . "' ) ) { ";
	}

	private static function guard_close( string $block ): string {
		return ' } /* end Proxy Health (' . $block . ') guard */';
	}

	/**
	 * @return array<string, Edit_Record>
	 */
	private function records(): array {
		// Another process may have changed the record: read it from the database, not the cache.
		if ( is_multisite() ) {
			wp_cache_delete( get_current_network_id() . ':' . $this->option, 'site-options' );
			wp_cache_delete( get_current_network_id() . ':notoptions', 'site-options' );
		} else {
			wp_cache_delete( $this->option, 'options' );
			wp_cache_delete( 'notoptions', 'options' );
		}
		$records = get_site_option( $this->option, array() );
		return is_array( $records ) ? $records : array();
	}

	/**
	 * @param Edit_Record|null $record Null removes it.
	 */
	private function save_record( string $block, ?array $record ): void {
		$records = $this->records();
		if ( null === $record ) {
			unset( $records[ $block ] );
		} else {
			$records[ $block ] = $record;
		}
		if ( array() === $records ) {
			delete_site_option( $this->option );
		} else {
			update_site_option( $this->option, $records );
		}
	}

	/**
	 * @param Edit_Record $record
	 */
	private function forget( string $block, array $record ): void {
		Config_Backup::delete( $this->private_dir, $record['backup'] );
		$this->save_record( $block, null );
	}

	/**
	 * @param Edit_Record $record
	 */
	private function revert_failed( string $block, array $record ): WP_Error {
		$record['state'] = 'applied';
		$this->save_record( $block, $record );
		return new WP_Error( 'proxy_health_config_revert_conflict', __( 'Proxy Health could not take its block out of wp-config.php safely, so it left the file as it is. Its private copy of the original is kept.', 'proxy-health' ), array( 'status' => 409 ) );
	}

	private function unwritable( string $why ): WP_Error {
		return new WP_Error(
			'proxy_health_config_unwritable',
			/* translators: %s: why wp-config.php cannot be written, e.g. "the file is read-only". */
			sprintf( __( 'Proxy Health cannot change wp-config.php: %s. Nothing was changed.', 'proxy-health' ), $why ),
			array( 'status' => 409 )
		);
	}

	/**
	 * Runs a job holding the editor's lock, so two requests never edit at once.
	 *
	 * @template T
	 * @param callable(): T $job
	 * @return T|WP_Error
	 */
	private function locked( callable $job ) {
		$lock = @fopen( $this->private_dir . '/config.lock', 'c' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- failure is reported; flock() needs a local handle; WP_Filesystem has no locks.
		if ( false === $lock ) {
			return new WP_Error( 'proxy_health_private_dir_unwritable', __( 'Proxy Health could not use its private folder.', 'proxy-health' ), array( 'status' => 500 ) );
		}
		if ( ! flock( $lock, LOCK_EX | LOCK_NB ) ) {
			fclose( $lock ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- releases the lock file handle.
			return new WP_Error( 'proxy_health_config_busy', __( 'Another Proxy Health change to wp-config.php is in progress; try again in a moment.', 'proxy-health' ), array( 'status' => 409 ) );
		}
		try {
			return $job();
		} finally {
			flock( $lock, LOCK_UN );
			fclose( $lock ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- releases the lock file handle.
		}
	}
}
