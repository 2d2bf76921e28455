<?php
/**
 * Names the callbacks hooked on a filter.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Proxy;

use Closure;
use ReflectionFunction;
use Throwable;
use WP_Hook;

/**
 * Readable names for whatever is hooked on one filter, in the order WordPress runs them.
 *
 * @since 0.1.0
 */
final class Hook_Callbacks {

	/**
	 * @since 0.1.0
	 *
	 * @param string $hook_name Filter or action.
	 * @return list<array{name: string, priority: int}>
	 */
	public static function describe( string $hook_name ): array {
		global $wp_filter;
		if ( ! isset( $wp_filter[ $hook_name ] ) || ! $wp_filter[ $hook_name ] instanceof WP_Hook ) {
			return array();
		}
		$callbacks = $wp_filter[ $hook_name ]->callbacks;
		ksort( $callbacks );
		$described = array();
		foreach ( $callbacks as $priority => $at_priority ) {
			foreach ( $at_priority as $callback ) {
				$described[] = array(
					'name'     => self::name( $callback['function'] ),
					'priority' => (int) $priority,
				);
			}
		}
		return $described;
	}

	/**
	 * "function", "Class::method", "Class->method" or "Closure at file:line".
	 *
	 * @param mixed $callback A hooked callable.
	 */
	private static function name( $callback ): string {
		if ( is_string( $callback ) ) {
			return $callback;
		}
		if ( is_array( $callback ) && 2 === count( $callback ) ) {
			$target = reset( $callback );
			$method = (string) end( $callback );
			return is_object( $target ) ? get_class( $target ) . '->' . $method : (string) $target . '::' . $method;
		}
		if ( $callback instanceof Closure ) {
			try {
				$reflection = new ReflectionFunction( $callback );
				$file       = (string) $reflection->getFileName();
				// Paths relative to the WordPress root say enough and disclose less.
				if ( str_starts_with( $file, ABSPATH ) ) {
					$file = substr( $file, strlen( ABSPATH ) );
				}
				return sprintf( 'Closure at %s:%d', $file, (int) $reflection->getStartLine() );
			} catch ( Throwable $error ) {
				return 'Closure';
			}
		}
		return is_object( $callback ) ? get_class( $callback ) . '::__invoke' : 'unknown';
	}
}
