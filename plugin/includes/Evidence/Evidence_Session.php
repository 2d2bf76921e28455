<?php
/**
 * Starts, stops and expires evidence sessions, and the debug switch that goes with them.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Evidence;

use ProxyHealth\Access\Admin_Access;
use ProxyHealth\Config\Private_Dir;
use ProxyHealth\Config\Wp_Config_Editor;
use ProxyHealth\Config\Write_Policy;
use ProxyHealth\Plugin;
use WP_Error;

/**
 * A session is one small autoloaded option: every request reads it from memory that WordPress
 * has loaded anyway, and only while it is on does anything else load (the recorder). It ends
 * when stopped, by one cron event at its expiry, or on the first admin page load after it —
 * whichever comes first; ending it reverts the debug constants.
 *
 * @since 0.1.0
 *
 * @phpstan-type Session array{id: string, startedAt: int, expiresAt: int, debugConstants: bool, debugLog: string}
 */
final class Evidence_Session {

	/** Autoloaded; an empty string while no session is on, so the check never queries. */
	public const OPTION = Plugin::EVIDENCE_SESSION_OPTION;

	/** The single cron event that ends a session at its expiry. */
	public const CRON_HOOK = Plugin::EVIDENCE_EXPIRY_HOOK;

	/** Path of the current session's debug log (Debug_Log keeps a redacted tail of it once it ends and is deleted). */
	public const LAST_LOG_OPTION = 'proxy_health_evidence_last_log';

	public const MIN_MINUTES     = 1;
	public const MAX_MINUTES     = 1440;
	public const DEFAULT_MINUTES = 15;

	/**
	 * The always-loaded part: attaches the recorder while a session is on, and the hooks that
	 * end one. Costs one read of an option already in memory.
	 *
	 * @since 0.1.0
	 */
	public static function register(): void {
		// The expiry event's listener is added by Plugin::register(), on every request.
		add_action( 'admin_init', array( self::class, 'maintain' ) );
		$session = self::stored();
		if ( null !== $session && $session['expiresAt'] > time() ) {
			( new Call_Recorder( $session['id'] ) )->register();
			if ( '' !== $session['debugLog'] ) {
				// The log's size cap: one stat as the request starts, and again as it ends.
				Debug_Log::cap( $session['debugLog'] );
				add_action(
					'shutdown',
					static function () use ( $session ): void {
						Debug_Log::cap( $session['debugLog'] );
					},
					PHP_INT_MAX
				);
			}
		}
	}

	/**
	 * The session that is on, or null.
	 *
	 * @since 0.1.0
	 *
	 * @return Session|null
	 */
	public static function current(): ?array {
		$session = self::stored();
		return null !== $session && $session['expiresAt'] > time() ? $session : null;
	}

	/**
	 * Starts a session.
	 *
	 * @since 0.1.0
	 *
	 * @return Session|WP_Error
	 */
	public static function start( int $minutes, bool $debug_constants ) {
		// Two admins pressing Start at once: one start at a time, and each sees what the other saved.
		$lock = self::start_lock();
		if ( $lock instanceof WP_Error ) {
			return $lock;
		}
		try {
			wp_cache_delete( 'alloptions', 'options' );
			wp_cache_delete( self::OPTION, 'options' );
			return self::start_locked( $minutes, $debug_constants );
		} finally {
			if ( null !== $lock ) {
				flock( $lock, LOCK_UN );
				fclose( $lock ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- releases the lock file handle.
			}
		}
	}

	/**
	 * The lock that serialises starts: a file lock in the private folder, which the system drops
	 * when the holder dies, so a start killed midway never blocks the next one.
	 *
	 * @return resource|WP_Error|null The held lock; null when the private folder cannot be used
	 *                                (the start then runs unlocked, as before).
	 */
	private static function start_lock() {
		$dir  = Private_Dir::path();
		$lock = $dir instanceof WP_Error ? false : @fopen( $dir . '/evidence-start.lock', 'c' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- fallback below; flock() needs a local handle; WP_Filesystem has no locks.
		if ( false === $lock ) {
			return null;
		}
		$deadline = microtime( true ) + 10;
		while ( ! flock( $lock, LOCK_EX | LOCK_NB ) ) {
			if ( microtime( true ) > $deadline ) {
				fclose( $lock ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- releases the lock file handle.
				return new WP_Error( 'proxy_health_evidence_session_active', __( 'An evidence session is already running; stop it first.', 'proxy-health' ), array( 'status' => 409 ) );
			}
			usleep( 50000 );
		}
		return $lock;
	}

	/**
	 * Starts a session; the caller holds the start lock.
	 *
	 * @return Session|WP_Error
	 */
	private static function start_locked( int $minutes, bool $debug_constants ) {
		if ( null !== self::current() ) {
			return new WP_Error( 'proxy_health_evidence_session_active', __( 'An evidence session is already running; stop it first.', 'proxy-health' ), array( 'status' => 409 ) );
		}
		if ( null !== self::stored() ) {
			// An expired session nobody ended yet: end it now (its debug constants too).
			$ended = self::stop();
			if ( $ended instanceof WP_Error ) {
				return $ended;
			}
		}
		$now     = time();
		$session = array(
			'id'             => wp_generate_uuid4(),
			'startedAt'      => $now,
			'expiresAt'      => $now + $minutes * MINUTE_IN_SECONDS,
			'debugConstants' => $debug_constants,
			'debugLog'       => '',
		);
		if ( $debug_constants ) {
			$disallowed = Write_Policy::wp_config_error();
			$editor     = null === $disallowed ? Wp_Config_Editor::for_site() : $disallowed;
			if ( $editor instanceof WP_Error ) {
				return $editor;
			}
			if ( is_multisite() && null !== $editor->record( Wp_Config_Editor::BLOCK_DEBUG ) ) {
				// wp-config.php is the network's: one site's session must not take over another's debug switch.
				return new WP_Error( 'proxy_health_debug_in_use', __( 'Debug logging in wp-config.php is already on for an evidence session of another site of this network. Stop that session first, or start this one without it.', 'proxy-health' ), array( 'status' => 409 ) );
			}
			$private = Private_Dir::path();
			if ( $private instanceof WP_Error ) {
				return $private;
			}
			// Earlier sessions' logs (they may hold personal data) and their kept tail.
			self::delete_old_logs( $private );
			delete_option( Debug_Log::KEPT_TAIL_OPTION );
			$log = Debug_Log::create();
			if ( $log instanceof WP_Error ) {
				return $log;
			}
			$session['debugLog'] = $log;
			// Saved before wp-config.php is touched: a process killed during the edit still leaves a session whose end reverts it.
			self::save( $session );
			$applied = $editor->apply(
				Wp_Config_Editor::BLOCK_DEBUG,
				array(
					'WP_DEBUG'         => true,
					'WP_DEBUG_LOG'     => $session['debugLog'],
					'WP_DEBUG_DISPLAY' => false,
				)
			);
			if ( $applied instanceof WP_Error ) {
				self::save( null );
				Debug_Log::end( $session['debugLog'] );
				delete_option( Debug_Log::KEPT_TAIL_OPTION );
				return $applied;
			}
			update_option( self::LAST_LOG_OPTION, $session['debugLog'], false );
		}
		self::save( $session );
		Call_Store::reset( $session['id'] );
		wp_schedule_single_event( $session['expiresAt'], self::CRON_HOOK, array( $session['id'] ) );
		return $session;
	}

	/**
	 * Ends the stored session (running or expired) and reverts its debug constants.
	 *
	 * @since 0.1.0
	 *
	 * @return array{session: Session, config: array{status: string, message: string}|null}|WP_Error
	 */
	public static function stop() {
		$session = self::stored();
		if ( null === $session ) {
			return new WP_Error( 'proxy_health_no_evidence_session', __( 'No evidence session is running.', 'proxy-health' ), array( 'status' => 404 ) );
		}
		$config = null;
		if ( $session['debugConstants'] ) {
			$editor = Wp_Config_Editor::for_site();
			$config = $editor instanceof WP_Error ? $editor : $editor->revert( Wp_Config_Editor::BLOCK_DEBUG );
			if ( $config instanceof WP_Error ) {
				// Stop recording now; the revert is retried on the next admin page load.
				$session['expiresAt'] = min( $session['expiresAt'], time() );
				self::save( $session );
				return $config;
			}
		}
		self::save( null );
		wp_clear_scheduled_hook( self::CRON_HOOK, array( $session['id'] ) );
		// The log goes with the session (a redacted tail is kept); its path with it.
		Debug_Log::end( $session['debugLog'] );
		delete_option( self::LAST_LOG_OPTION );
		return array(
			'session' => $session,
			'config'  => $config,
		);
	}

	/**
	 * Cron: ends the session the event was scheduled for, if it is still the stored one.
	 *
	 * @since 0.1.0
	 */
	public static function on_expiry_event( string $session_id = '' ): void {
		$session = self::stored();
		if ( null !== $session && ( $session['id'] === $session_id || $session['expiresAt'] <= time() ) ) {
			self::stop();
		}
	}

	/**
	 * Administrators' admin page loads: ends an expired session (with no admin present cron does it first).
	 *
	 * @since 0.1.0
	 */
	public static function maintain(): void {
		// admin_init also runs for anonymous admin-ajax.php and admin-post.php requests: only an
		// administrator's page load (or the expiry cron event) ends a session.
		if ( ! Admin_Access::allowed() ) {
			return;
		}
		if ( false === get_option( self::OPTION ) ) {
			// Keep the row present (and autoloaded) so that front-end requests never query for it.
			add_option( self::OPTION, '', '', true );
		}
		$session = self::stored();
		if ( null !== $session && $session['expiresAt'] <= time() ) {
			self::stop();
		}
	}

	/**
	 * The session as REST returns it.
	 *
	 * @since 0.1.0
	 *
	 * @param Session $session
	 * @return array{id: string, startedAt: string, expiresAt: string, debugConstants: bool}
	 */
	public static function to_public( array $session ): array {
		return array(
			'id'             => $session['id'],
			'startedAt'      => gmdate( 'c', $session['startedAt'] ),
			'expiresAt'      => gmdate( 'c', $session['expiresAt'] ),
			'debugConstants' => $session['debugConstants'],
		);
	}

	/**
	 * The stored session whether or not it has expired.
	 *
	 * @return Session|null
	 */
	public static function stored(): ?array {
		$value = get_option( self::OPTION );
		if ( ! is_array( $value ) || ! isset( $value['id'], $value['expiresAt'] ) ) {
			return null;
		}
		return array(
			'id'             => (string) $value['id'],
			'startedAt'      => (int) ( $value['startedAt'] ?? 0 ),
			'expiresAt'      => (int) $value['expiresAt'],
			'debugConstants' => (bool) ( $value['debugConstants'] ?? false ),
			'debugLog'       => (string) ( $value['debugLog'] ?? '' ),
		);
	}

	/**
	 * @param Session|null $session Null clears.
	 */
	private static function save( ?array $session ): void {
		update_option( self::OPTION, $session ?? '', true );
	}

	/**
	 * Removes the debug logs of earlier sessions (they may hold personal data).
	 */
	private static function delete_old_logs( string $dir ): void {
		foreach ( glob( $dir . '/debug-*.log' ) ?: array() as $log ) {
			wp_delete_file( $log );
		}
	}
}
