<?php
/**
 * Which clone prefixes Proxy Health made, so cleanup only ever touches its own tables.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection\Staging;

/**
 * Records clone prefixes ({$prefix}phbx{4 hex}_) with their creation time in Proxy Health's own
 * option, and reaps those older than a bound (a run that died leaves its clone behind).
 *
 * On a network the option is the main site's, whichever site ran the bisection: clone tables
 * live in the one shared database, so any site's admin load or cron must see them to reap them.
 *
 * @since 0.1.0
 */
final class Clone_Registry {

	public const OPTION = 'proxy_health_bisection_clones';

	/** Marker between the live prefix and the clone's hex id. */
	public const MARKER = 'phbx';

	/** A clone older than this belongs to a run that died: no run lasts that long. */
	public const STALE_AFTER = HOUR_IN_SECONDS;

	/**
	 * A new, unused clone prefix for the live prefix.
	 *
	 * @since 0.1.0
	 */
	public static function new_prefix( string $live_prefix ): string {
		$known = self::all();
		do {
			$prefix = $live_prefix . self::MARKER . bin2hex( random_bytes( 2 ) ) . '_';
		} while ( isset( $known[ $prefix ] ) );
		return $prefix;
	}

	/**
	 * Whether a prefix has the clone shape for the live prefix (checked before any DROP).
	 *
	 * @since 0.1.0
	 */
	public static function is_clone_prefix( string $prefix, string $live_prefix ): bool {
		return 1 === preg_match( '/^' . preg_quote( $live_prefix, '/' ) . self::MARKER . '[0-9a-f]{4}_\z/', $prefix );
	}

	/**
	 * Records a prefix before any of its tables exist, so a crash mid-copy is still reaped.
	 *
	 * @since 0.1.0
	 */
	public static function register( string $prefix ): void {
		self::on_main_site(
			static function () use ( $prefix ): void {
				$all            = self::all();
				$all[ $prefix ] = time();
				update_option( self::OPTION, $all, false );
			}
		);
	}

	/**
	 * @since 0.1.0
	 */
	public static function forget( string $prefix ): void {
		self::on_main_site(
			static function () use ( $prefix ): void {
				$all = self::all();
				unset( $all[ $prefix ] );
				if ( array() === $all ) {
					delete_option( self::OPTION );
					return;
				}
				update_option( self::OPTION, $all, false );
			}
		);
	}

	/**
	 * @since 0.1.0
	 *
	 * @return array<string, int> Prefix => creation time.
	 */
	public static function all(): array {
		return self::on_main_site(
			static function (): array {
				wp_cache_delete( self::OPTION, 'options' );
				$all = get_option( self::OPTION, array() );
				return is_array( $all ) ? array_map( 'intval', $all ) : array();
			}
		);
	}

	/**
	 * @since 0.1.0
	 */
	public static function is_registered( string $prefix ): bool {
		return isset( self::all()[ $prefix ] );
	}

	/**
	 * is_registered() read straight from the options table, past the object cache: the sandbox
	 * asks before the request is verified or isolated, when get_option() would write to a
	 * persistent cache (the value re-added, an empty notoptions seeded) for an unverified request.
	 *
	 * @since 0.1.0
	 */
	public static function is_registered_uncached( string $prefix ): bool {
		global $wpdb;
		$table = is_multisite() ? $wpdb->get_blog_prefix( get_main_site_id() ) . 'options' : $wpdb->options;
		$all   = maybe_unserialize( (string) $wpdb->get_var( $wpdb->prepare( 'SELECT option_value FROM %i WHERE option_name = %s', $table, self::OPTION ) ) );
		return is_array( $all ) && isset( $all[ $prefix ] );
	}

	/**
	 * Runs registry work in the main site's options (switched to it on another site of a network).
	 *
	 * @template T
	 * @param callable(): T $work Reads or writes the option.
	 * @return T
	 */
	private static function on_main_site( callable $work ) {
		if ( ! is_multisite() || is_main_site() ) {
			return $work();
		}
		switch_to_blog( get_main_site_id() );
		try {
			return $work();
		} finally {
			restore_current_blog();
		}
	}

	/**
	 * Drops the tables of clones older than the bound, except the one a live run still uses.
	 *
	 * @since 0.1.0
	 *
	 * @param string|null $keep Prefix in use by the running bisection.
	 * @return list<string> Prefixes reaped.
	 */
	public static function reap( ?string $keep = null, int $older_than = self::STALE_AFTER ): array {
		global $wpdb;
		$reaped = array();
		foreach ( self::all() as $prefix => $created ) {
			if ( $prefix === $keep || time() - $created < $older_than ) {
				continue;
			}
			if ( self::is_clone_prefix( $prefix, $wpdb->base_prefix ) ) {
				Table_Cloner::drop( $prefix );
			}
			self::forget( $prefix );
			$reaped[] = $prefix;
		}
		return $reaped;
	}
}
