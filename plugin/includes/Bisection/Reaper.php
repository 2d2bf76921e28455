<?php
/**
 * Cleans up after bisection runs that died: clones, the sandbox loader, their records.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

use ProxyHealth\Access\Admin_Access;
use ProxyHealth\Bisection\Staging\Clone_Registry;

/**
 * Runs on admin page loads by administrators and from an hourly cron event. A clone past the bound is dropped; with no
 * run holding the lock, the loader is removed and runs still marked running are marked failed.
 *
 * @since 0.1.0
 */
final class Reaper {

	public const CRON_HOOK = 'proxy_health_reap_clones';

	/**
	 * @since 0.1.0
	 */
	public function register(): void {
		add_action( self::CRON_HOOK, array( self::class, 'reap' ) );
		add_action( 'admin_init', array( $this, 'on_admin_init' ) );
	}

	/**
	 * @since 0.1.0
	 */
	public function on_admin_init(): void {
		// admin_init also runs for anonymous admin-ajax.php and admin-post.php requests: clean-up
		// is for administrators (and the hourly cron event), never for whoever asks.
		if ( ! Admin_Access::allowed() ) {
			return;
		}
		self::reap();
		if ( ! wp_next_scheduled( self::CRON_HOOK ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'hourly', self::CRON_HOOK );
		}
	}

	/**
	 * @since 0.1.0
	 *
	 * @return list<string> Clone prefixes dropped.
	 */
	public static function reap(): array {
		$holder = Lock::holder();
		$keep   = null;
		if ( null !== $holder ) {
			$run = Bisection_Store::get( $holder );
			if ( null === $run && is_multisite() ) {
				// The run belongs to another site of the network (the lock is network-wide, its
				// record is not): only that site knows its clone, so every clone waits for the lock.
				Sandbox_Token::purge_expired();
				return array();
			}
			$keep = null !== $run ? (string) ( $run['clone']['prefix'] ?? '' ) : null;
		}
		// Without a lock holder no run can be using a clone once a lock would have expired.
		$reaped = Clone_Registry::reap( $keep, null === $holder ? Lock::TTL : Clone_Registry::STALE_AFTER );
		if ( null === $holder ) {
			Lock::clear_expired();
			Sandbox_Installer::remove();
			foreach ( Bisection_Store::all() as $run ) {
				if ( 'running' === ( $run['status'] ?? '' ) && ! Clone_Registry::is_registered( (string) ( $run['clone']['prefix'] ?? '' ) ) ) {
					$run['status']         = 'failed';
					$run['conclusion']     = Search::INCONCLUSIVE;
					$run['clone']['state'] = 'dropped';
					$run['error']          = array(
						'code'    => 'proxy_health_bisection_abandoned',
						'message' => __( 'The run stopped before it finished; its staging clone was removed.', 'proxy-health' ),
					);
					Bisection_Store::save( $run );
					Step_Claim::close( (string) ( $run['id'] ?? '' ) );
				}
			}
		}
		Sandbox_Token::purge_expired();
		return $reaped;
	}

	/**
	 * Everything a bisection can leave behind, for uninstall.php.
	 *
	 * @since 0.1.0
	 */
	public static function remove_all(): void {
		global $wpdb;
		wp_clear_scheduled_hook( self::CRON_HOOK );
		foreach ( array_keys( Clone_Registry::all() ) as $prefix ) {
			if ( Clone_Registry::is_clone_prefix( $prefix, $wpdb->base_prefix ) ) {
				Staging\Table_Cloner::drop( $prefix );
			}
		}
		Sandbox_Installer::remove();
	}
}
