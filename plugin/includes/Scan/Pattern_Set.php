<?php
/**
 * The scan's knowledge, read from plugin/scan-patterns.json.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Scan;

/**
 * Pattern codes, weights, hook, function and constant names, shared with the CLI's scan
 * (src/analysis/scan/php-patterns.ts reads the same file), so the two never disagree.
 *
 * @since 0.1.0
 *
 * @phpstan-type Patterns array{weights: array<string, int>, maxRepeatBonus: int, hookFunctions: list<string>, hooks: array<string, string>, proxyConstantPrefix: string, curlOptionFunctions: list<string>, curlProxyOptionPrefixes: list<string>, rawCurlFunctions: list<string>, streamContextFunctions: list<string>, streamContextProxyKeys: list<string>, guzzleNamespace: string, proxyAuthorizationHeader: string, skipDirs: list<string>, maxFileBytes: int}
 */
final class Pattern_Set {

	/**
	 * Decoded once per request.
	 *
	 * @var array<string, mixed>|null
	 */
	private static ?array $data = null;

	/**
	 * The whole pattern file.
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, mixed>
	 */
	public static function data(): array {
		if ( null === self::$data ) {
			$json       = file_get_contents( dirname( __DIR__, 2 ) . '/scan-patterns.json' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file shipped inside this plugin.
			$decoded    = is_string( $json ) ? json_decode( $json, true ) : null;
			self::$data = is_array( $decoded ) && isset( $decoded['weights'], $decoded['hooks'] ) ? $decoded : array(
				'weights' => array(),
				'hooks'   => array(),
			);
		}
		return self::$data;
	}

	/**
	 * A list of names from the file, lower case.
	 *
	 * @since 0.1.0
	 *
	 * @param string $key Key in scan-patterns.json.
	 * @return list<string>
	 */
	public static function names( string $key ): array {
		// Asked for on every call the tokenizer meets: lower-cased once per request.
		static $names = array();
		if ( ! isset( $names[ $key ] ) ) {
			$names[ $key ] = array_values( array_map( static fn( $name ): string => strtolower( (string) $name ), (array) ( self::data()[ $key ] ?? array() ) ) );
		}
		return $names[ $key ];
	}

	/**
	 * A string value from the file.
	 *
	 * @since 0.1.0
	 *
	 * @param string $key Key in scan-patterns.json.
	 */
	public static function text( string $key ): string {
		return (string) ( self::data()[ $key ] ?? '' );
	}

	/**
	 * Weight of a pattern code (0 for an unknown code).
	 *
	 * @since 0.1.0
	 *
	 * @param string $code Pattern code.
	 */
	public static function weight( string $code ): int {
		return (int) ( self::data()['weights'][ $code ] ?? 0 );
	}

	/**
	 * Pattern code for a hook name, or null when the scan does not care about that hook.
	 *
	 * @since 0.1.0
	 *
	 * @param string $hook Hook name.
	 */
	public static function hook_code( string $hook ): ?string {
		$code = self::data()['hooks'][ $hook ] ?? null;
		return is_string( $code ) ? $code : null;
	}

	/**
	 * A component's score: each distinct pattern's weight once, plus one per repeat up to
	 * maxRepeatBonus, so fifty curl_init() calls do not outrank one hand-built
	 * Proxy-Authorization header (the CLI's scoreHits()).
	 *
	 * @since 0.1.0
	 *
	 * @param list<array{code: string}> $hits Every hit of one component.
	 */
	public static function score( array $hits ): int {
		$counts = array_count_values( array_map( static fn( array $hit ): string => $hit['code'], $hits ) );
		$score  = 0;
		foreach ( array_keys( $counts ) as $code ) {
			$score += self::weight( (string) $code );
		}
		return $score + min( count( $hits ) - count( $counts ), (int) ( self::data()['maxRepeatBonus'] ?? 5 ) );
	}
}
