<?php
/**
 * Which step of a run was recorded last, as a row two requests cannot both advance.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

/**
 * The run record is one option saved whole, so two requests that record a step at the same time
 * (two browser tabs, the panel and the CLI, a retry) would both append theirs. Before saving
 * step k, a request claims it: UPDATE … SET value = k WHERE value = k - 1, and only the request
 * whose UPDATE changed the row (rows affected = 1) saves. The row is opened when the run starts
 * and deleted when it ends, so a step that lands after a cancel or the end claims nothing.
 *
 * @since 0.2.0
 */
final class Step_Claim {

	/** Option name prefix; the run id follows. */
	public const OPTION_PREFIX = 'proxy_health_bxstep_';

	/**
	 * Opens the counter of a run: a new run at 0 steps.
	 *
	 * @since 0.2.0
	 */
	public static function open( string $run_id, int $steps = 0 ): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'no')", self::OPTION_PREFIX . $run_id, (string) $steps ) );
		self::forget_cache( $run_id );
	}

	/**
	 * Claims step $step (1-based) of a run: true for exactly one caller per step, false when
	 * another request recorded it first or the run has ended.
	 *
	 * @since 0.2.0
	 */
	public static function claim( string $run_id, int $step ): bool {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND option_value = %s", (string) $step, self::OPTION_PREFIX . $run_id, (string) ( $step - 1 ) ) );
		self::forget_cache( $run_id );
		return 1 === (int) $wpdb->rows_affected;
	}

	/**
	 * Whether the run's counter still exists (the run has not ended).
	 *
	 * @since 0.2.0
	 */
	public static function is_open( string $run_id ): bool {
		global $wpdb;
		return null !== $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", self::OPTION_PREFIX . $run_id ) );
	}

	/**
	 * Ends the counter: no step of this run can be claimed any more.
	 *
	 * @since 0.2.0
	 */
	public static function close( string $run_id ): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s", self::OPTION_PREFIX . $run_id ) );
		self::forget_cache( $run_id );
	}

	private static function forget_cache( string $run_id ): void {
		wp_cache_delete( self::OPTION_PREFIX . $run_id, 'options' );
		wp_cache_delete( 'notoptions', 'options' );
	}
}
