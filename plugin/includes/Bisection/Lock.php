<?php
/**
 * One bisection at a time, site-wide (network-wide on multisite).
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

/**
 * A row in the options table, taken with INSERT IGNORE: the unique option_name makes taking it
 * atomic on MySQL and SQLite alike (add_option() is not: it upserts). The row holds the run id
 * and an expiry, so a run that died frees the lock once it expires.
 *
 * @since 0.1.0
 */
final class Lock {

	public const OPTION = 'proxy_health_bisection_lock';

	/** Seconds a lock lives without a step refreshing it. */
	public const TTL = 10 * MINUTE_IN_SECONDS;

	/**
	 * Takes the lock for a run. False when another live run holds it.
	 *
	 * @since 0.1.0
	 */
	public static function acquire( string $run_id ): bool {
		global $wpdb;
		$table = self::table();
		for ( $attempt = 0; $attempt < 2; $attempt++ ) {
			$wpdb->query(
				$wpdb->prepare(
					"INSERT IGNORE INTO %i (option_name, option_value, autoload) VALUES (%s, %s, 'no')",
					$table,
					self::OPTION,
					self::value( $run_id )
				)
			);
			if ( 1 === (int) $wpdb->rows_affected ) {
				self::forget_cache();
				return true;
			}
			$held = self::read_raw();
			if ( null === $held ) {
				continue;
			}
			$parsed = self::parse( $held );
			if ( null !== $parsed && $parsed['expires'] >= time() ) {
				return false;
			}
			// Expired: remove exactly the row we read, so two starters cannot both break it.
			$wpdb->query( $wpdb->prepare( 'DELETE FROM %i WHERE option_name = %s AND option_value = %s', $table, self::OPTION, $held ) );
		}
		return false;
	}

	/**
	 * Pushes the expiry forward while the run makes progress.
	 *
	 * @since 0.1.0
	 */
	public static function refresh( string $run_id ): void {
		global $wpdb;
		$table = self::table();
		$held = self::read_raw();
		if ( null === $held || self::holder() !== $run_id ) {
			return;
		}
		$wpdb->query( $wpdb->prepare( 'UPDATE %i SET option_value = %s WHERE option_name = %s AND option_value = %s', $table, self::value( $run_id ), self::OPTION, $held ) );
		self::forget_cache();
	}

	/**
	 * Releases the lock if this run holds it.
	 *
	 * @since 0.1.0
	 */
	public static function release( string $run_id ): void {
		global $wpdb;
		$table = self::table();
		$held = self::read_raw();
		if ( null !== $held && self::holder() === $run_id ) {
			$wpdb->query( $wpdb->prepare( 'DELETE FROM %i WHERE option_name = %s AND option_value = %s', $table, self::OPTION, $held ) );
		}
		self::forget_cache();
	}

	/**
	 * Removes a lock whose run stopped refreshing it (the reaper's part after a run died).
	 *
	 * @since 0.1.0
	 */
	public static function clear_expired(): void {
		global $wpdb;
		$table = self::table();
		$held   = self::read_raw();
		$parsed = null === $held ? null : self::parse( $held );
		if ( null !== $held && ( null === $parsed || $parsed['expires'] < time() ) ) {
			// Only the row read: a run that took the lock meanwhile keeps it.
			$wpdb->query( $wpdb->prepare( 'DELETE FROM %i WHERE option_name = %s AND option_value = %s', $table, self::OPTION, $held ) );
			self::forget_cache();
		}
	}

	/**
	 * The run holding an unexpired lock, or null.
	 *
	 * @since 0.1.0
	 */
	public static function holder(): ?string {
		$held   = self::read_raw();
		$parsed = null === $held ? null : self::parse( $held );
		return null !== $parsed && $parsed['expires'] >= time() ? $parsed['id'] : null;
	}

	/**
	 * The options table that holds the lock. On a network, the main site's: every site shares the
	 * sandbox loader and the database, so a run on one site must keep the others out (a run
	 * ending on one site would remove the loader another site's run still uses).
	 */
	private static function table(): string {
		global $wpdb;
		return is_multisite() ? $wpdb->get_blog_prefix( get_main_site_id() ) . 'options' : $wpdb->options;
	}

	private static function value( string $run_id ): string {
		return (string) wp_json_encode(
			array(
				'id'      => $run_id,
				'expires' => time() + self::TTL,
			)
		);
	}

	private static function read_raw(): ?string {
		global $wpdb;
		$table = self::table();
		$value = $wpdb->get_var( $wpdb->prepare( 'SELECT option_value FROM %i WHERE option_name = %s', $table, self::OPTION ) );
		return null === $value ? null : (string) $value;
	}

	/**
	 * @return array{id: string, expires: int}|null
	 */
	private static function parse( string $raw ): ?array {
		$data = json_decode( $raw, true );
		if ( ! is_array( $data ) || ! isset( $data['id'], $data['expires'] ) ) {
			return null;
		}
		return array(
			'id'      => (string) $data['id'],
			'expires' => (int) $data['expires'],
		);
	}

	private static function forget_cache(): void {
		wp_cache_delete( self::OPTION, 'options' );
		wp_cache_delete( 'notoptions', 'options' );
	}
}
