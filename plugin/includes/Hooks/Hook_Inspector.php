<?php
/**
 * The callbacks on WordPress's HTTP-related hooks and who added them.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Hooks;

use Closure;
use ReflectionFunction;
use ReflectionFunctionAbstract;
use ReflectionMethod;
use Throwable;
use WP_Hook;

/**
 * Reads $wp_filter for the hooks that can change how WordPress talks to a proxy and attributes
 * each callback to the plugin, theme, must-use plugin, drop-in or core file that declares it.
 * Read-only: nothing is called.
 *
 * @since 0.1.0
 *
 * @phpstan-import-type Owner from Owner_Resolver
 * @phpstan-type HookCallback array{priority: int, callback: string, acceptedArgs: int, owner: Owner, proxyHealth: bool}
 */
final class Hook_Inspector {

	/** Hooks that can change or replace an outbound request, its proxy or its TLS checks. */
	public const HOOKS = array(
		'http_api_curl',
		'http_request_args',
		'pre_http_request',
		'pre_http_send_through_proxy',
		'https_ssl_verify',
		'https_local_ssl_verify',
		'use_curl_transport',
		'http_api_debug',
		'http_response',
		'requests-requests.before_request',
	);

	private Owner_Resolver $owners;

	/** Real path of Proxy Health's own folder, with a trailing slash. */
	private string $own_dir;

	public function __construct( ?Owner_Resolver $owners = null ) {
		$this->owners  = $owners ?? new Owner_Resolver();
		$own           = realpath( dirname( __DIR__, 2 ) );
		$this->own_dir = rtrim( false === $own ? dirname( __DIR__, 2 ) : $own, '/' ) . '/';
	}

	/**
	 * The report: every hook (even without callbacks) with its callbacks in the order WordPress
	 * runs them, and the same callbacks grouped by owner.
	 *
	 * @since 0.1.0
	 *
	 * @return array{hooks: list<array{hook: string, callbacks: list<HookCallback>}>, owners: list<array<string, mixed>>}
	 */
	public function report(): array {
		global $wp_filter;
		$hooks  = array();
		$owners = array();
		foreach ( self::HOOKS as $hook_name ) {
			$callbacks = array();
			$hook      = $wp_filter[ $hook_name ] ?? null;
			if ( $hook instanceof WP_Hook ) {
				$by_priority = $hook->callbacks;
				ksort( $by_priority, SORT_NUMERIC );
				foreach ( $by_priority as $priority => $entries ) {
					foreach ( (array) $entries as $entry ) {
						if ( ! is_array( $entry ) || ! array_key_exists( 'function', $entry ) ) {
							continue;
						}
						$callbacks[] = $this->describe( $entry['function'], (int) $priority, (int) ( $entry['accepted_args'] ?? 1 ) );
					}
				}
			}
			$hooks[] = array(
				'hook'      => $hook_name,
				'callbacks' => $callbacks,
			);
			foreach ( $callbacks as $callback ) {
				$key = $callback['owner']['type'] . ':' . (string) $callback['owner']['slug'];
				if ( ! isset( $owners[ $key ] ) ) {
					$owners[ $key ] = array(
						'type'        => $callback['owner']['type'],
						'slug'        => $callback['owner']['slug'],
						'proxyHealth' => $callback['proxyHealth'],
						'callbacks'   => array(),
					);
				}
				$owners[ $key ]['callbacks'][] = array(
					'hook'     => $hook_name,
					'priority' => $callback['priority'],
					'callback' => $callback['callback'],
					'file'     => $callback['owner']['file'],
					'line'     => $callback['owner']['line'],
				);
			}
		}
		return array(
			'hooks'  => $hooks,
			'owners' => array_values( $owners ),
		);
	}

	/**
	 * One callback: a printable name and its owner.
	 *
	 * @since 0.1.0
	 *
	 * @param mixed $callback      As stored by add_filter().
	 * @param int   $priority      Priority.
	 * @param int   $accepted_args Arguments it receives.
	 * @return HookCallback
	 */
	public function describe( $callback, int $priority = 10, int $accepted_args = 1 ): array {
		list( $name, $reflection ) = self::reflect( $callback );
		$file  = null;
		$line  = null;
		if ( null !== $reflection && ! $reflection->isInternal() ) {
			$file = false === $reflection->getFileName() ? null : (string) $reflection->getFileName();
			$line = false === $reflection->getStartLine() ? null : (int) $reflection->getStartLine();
		}
		$owner = $this->owners->owner_of( $file, $line );
		$real  = null === $file ? false : realpath( $file );
		return array(
			'priority'     => $priority,
			'callback'     => $name,
			'acceptedArgs' => $accepted_args,
			'owner'        => $owner,
			'proxyHealth'  => false !== $real && str_starts_with( $real, $this->own_dir ),
		);
	}

	/**
	 * A printable name ("function", "Class::method", "Class::{closure}") and the reflection of
	 * what will run; no reflection when the callback cannot be resolved.
	 *
	 * @param mixed $callback Callback.
	 * @return array{0: string, 1: ReflectionFunctionAbstract|null}
	 */
	private static function reflect( $callback ): array {
		try {
			if ( $callback instanceof Closure ) {
				$reflection = new ReflectionFunction( $callback );
				$scope      = $reflection->getClosureScopeClass();
				// A closure written in a file that a method include()d inherits that method's class
				// as its scope: name the class only when the closure sits inside its body.
				$in_class = null !== $scope && $scope->getFileName() === $reflection->getFileName()
					&& $reflection->getStartLine() >= $scope->getStartLine() && $reflection->getEndLine() <= $scope->getEndLine();
				return array( ( $in_class ? $scope->getName() . '::' : '' ) . '{closure}', $reflection );
			}
			if ( is_string( $callback ) ) {
				if ( str_contains( $callback, '::' ) ) {
					list( $class, $method ) = explode( '::', $callback, 2 );
					return array( $callback, new ReflectionMethod( $class, $method ) );
				}
				return array( $callback, function_exists( $callback ) ? new ReflectionFunction( $callback ) : null );
			}
			if ( is_array( $callback ) && 2 === count( $callback ) && isset( $callback[0], $callback[1] ) && is_string( $callback[1] ) ) {
				$class = is_object( $callback[0] ) ? self::class_name( $callback[0] ) : (string) $callback[0];
				$name  = $class . '::' . $callback[1];
				return array( $name, method_exists( $callback[0], $callback[1] ) ? new ReflectionMethod( $callback[0], $callback[1] ) : null );
			}
			if ( is_object( $callback ) && method_exists( $callback, '__invoke' ) ) {
				return array( self::class_name( $callback ) . '::__invoke', new ReflectionMethod( $callback, '__invoke' ) );
			}
		} catch ( Throwable $error ) {
			// A callback naming a missing class or method: report it, unattributed.
			unset( $error );
		}
		return array( is_string( $callback ) ? $callback : __( '(unresolvable callback)', 'proxy-health' ), null );
	}

	/**
	 * Class name without the NUL-separated file part PHP appends to anonymous classes.
	 */
	private static function class_name( object $object ): string {
		$name = get_class( $object );
		$cut  = strpos( $name, "\0" );
		return false === $cut ? $name : substr( $name, 0, $cut );
	}
}
