<?php
/**
 * Which plugin, theme, must-use plugin or core function made an outbound call.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Evidence;

use ProxyHealth\Hooks\Owner_Resolver;

/**
 * Walks a backtrace from the innermost frame outwards: the first file that belongs to a
 * plugin, theme or must-use plugin is the caller; when every frame is core, the first core
 * function outside the HTTP API names it (e.g. `wp_version_check`).
 *
 * @since 0.1.0
 */
final class Call_Source {

	/** Functions that only carry a request along; they never name the caller. */
	private const PLUMBING = '/^(?:wp_(?:safe_)?remote_\w+|_?wp_http_\w+|do_action(?:_ref_array)?|apply_filters(?:_ref_array)?|call_user_func(?:_array)?|include|include_once|require|require_once)$/';

	/** Classes whose methods only carry a request along. */
	private const PLUMBING_CLASSES = '/^(?:WP_Http(?:_\w+)?|WP_Hook|WpOrg\\\\Requests\\\\.*|Requests(?:_\w+)?|ProxyHealth\\\\Evidence\\\\.*)$/';

	private ?Owner_Resolver $owners = null;

	/**
	 * @param list<array<string, mixed>> $frames From debug_backtrace( DEBUG_BACKTRACE_IGNORE_ARGS ).
	 * @return array{type: 'plugin'|'theme'|'mu-plugin'|'core', slug: string}
	 */
	public function from_frames( array $frames ): array {
		$this->owners = $this->owners ?? new Owner_Resolver();
		foreach ( $frames as $frame ) {
			$file = isset( $frame['file'] ) ? (string) $frame['file'] : '';
			if ( '' === $file || str_starts_with( $file, __DIR__ . '/' ) ) {
				continue;
			}
			$owner = $this->owners->owner_of( $file, isset( $frame['line'] ) ? (int) $frame['line'] : null );
			if ( in_array( $owner['type'], array( 'plugin', 'theme', 'mu-plugin' ), true ) && null !== $owner['slug'] ) {
				return array(
					'type' => $owner['type'],
					'slug' => $owner['slug'],
				);
			}
		}
		foreach ( $frames as $frame ) {
			$function = (string) ( $frame['function'] ?? '' );
			$class    = isset( $frame['class'] ) ? (string) $frame['class'] : '';
			if ( '' === $function || str_starts_with( $function, '{' ) ) {
				continue;
			}
			if ( '' === $class ? preg_match( self::PLUMBING, $function ) : preg_match( self::PLUMBING_CLASSES, $class ) ) {
				continue;
			}
			return array(
				'type' => 'core',
				'slug' => '' === $class ? $function : $class . '::' . $function,
			);
		}
		return array(
			'type' => 'core',
			'slug' => 'wordpress',
		);
	}

	/**
	 * Where the current request comes from.
	 *
	 * @since 0.1.0
	 *
	 * @return 'cron'|'cli'|'rest'|'admin'|'front'
	 */
	public static function context(): string {
		if ( wp_doing_cron() ) {
			return 'cron';
		}
		if ( ( defined( 'WP_CLI' ) && WP_CLI ) || 'cli' === PHP_SAPI ) {
			return 'cli';
		}
		$rest = function_exists( 'wp_is_serving_rest_request' ) ? wp_is_serving_rest_request() : ( defined( 'REST_REQUEST' ) && REST_REQUEST );
		if ( $rest ) {
			return 'rest';
		}
		return is_admin() || wp_doing_ajax() ? 'admin' : 'front';
	}
}
