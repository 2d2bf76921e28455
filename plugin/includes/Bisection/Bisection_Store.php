<?php
/**
 * Where bisection runs are kept: one option, the last few runs.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

/**
 * @since 0.1.0
 */
final class Bisection_Store {

	public const OPTION = 'proxy_health_bisections';

	/** Runs kept; older ones are dropped. */
	public const KEEP = 10;

	/**
	 * @since 0.1.0
	 *
	 * @return array<string, mixed>|null
	 */
	public static function get( string $id ): ?array {
		$all = self::all();
		return $all[ $id ] ?? null;
	}

	/**
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $run Run.
	 * @return array<string, mixed> The run as saved (with updatedAt).
	 */
	public static function save( array $run ): array {
		$all                       = self::all();
		$run['updatedAt']          = gmdate( 'c' );
		$all[ (string) $run['id'] ] = $run;
		uasort( $all, static fn( array $a, array $b ): int => strcmp( (string) ( $a['createdAt'] ?? '' ), (string) ( $b['createdAt'] ?? '' ) ) );
		update_option( self::OPTION, array_slice( $all, -self::KEEP, null, true ), false );
		return $run;
	}

	/**
	 * Fresh from the database: another request may be driving the run.
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public static function all(): array {
		wp_cache_delete( self::OPTION, 'options' );
		$all = get_option( self::OPTION, array() );
		return is_array( $all ) ? $all : array();
	}
}
