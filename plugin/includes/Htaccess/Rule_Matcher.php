<?php
/**
 * Would an .htaccess redirect rule fire for a URL, and where would it send it?
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Htaccess;

/**
 * Matches a parsed rule against a request URL the way Apache would, as far as the URL alone
 * tells: Redirect by path prefix, RedirectMatch by regex on the URL path, RewriteRule by regex on
 * the path relative to the file's folder, with RewriteConds on the host, scheme, port, path and
 * query evaluated and the others (files, headers, environment) assumed true.
 *
 * @since 0.1.0
 *
 * @phpstan-import-type Rule from Htaccess_Parser
 */
final class Rule_Matcher {

	/**
	 * The URL the rule would redirect to, or null when it does not match.
	 *
	 * @since 0.1.0
	 *
	 * @param Rule   $rule Parsed rule.
	 * @param string $url  Requested URL.
	 * @param string $base URL path of the folder holding the .htaccess ("/" or "/blog/").
	 */
	public static function target( array $rule, string $url, string $base = '/' ): ?string {
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) ) {
			return null;
		}
		$path = (string) ( $parts['path'] ?? '/' );
		$path = '' === $path ? '/' : $path;
		$vars = self::variables( $parts, $path );
		$base = '/' . trim( $base, '/' );
		// Apache reads a folder's .htaccess only for requests inside that folder.
		if ( '/' !== $base && $path !== $base && ! str_starts_with( $path, $base . '/' ) ) {
			return null;
		}
		switch ( $rule['match'] ) {
			case 'prefix':
				$prefix = $rule['pattern'];
				// Whole path segments only: "/old" matches "/old" and "/old/x", not "/older".
				if ( ! str_starts_with( $path, $prefix ) || ( strlen( $path ) > strlen( $prefix ) && ! str_ends_with( $prefix, '/' ) && '/' !== $path[ strlen( $prefix ) ] ) ) {
					return null;
				}
				// Apache appends the rest of the path to the target as is.
				return $rule['target'] . substr( $path, strlen( $prefix ) );
			case 'regex':
				if ( 'RewriteRule' !== $rule['directive'] ) {
					$groups = self::regex( $rule['pattern'], $path, false );
					return null === $groups ? null : self::substitute( $rule['target'], $groups, $vars );
				}
				$relative = ltrim( substr( $path, strlen( rtrim( $base, '/' ) ) ), '/' );
				$nocase   = in_array( 'NC', array_map( 'strtoupper', $rule['flags'] ), true ) || in_array( 'NOCASE', array_map( 'strtoupper', $rule['flags'] ), true );
				$pattern  = $rule['pattern'];
				$negated  = str_starts_with( $pattern, '!' );
				$groups   = self::regex( $negated ? substr( $pattern, 1 ) : $pattern, $relative, $nocase );
				if ( $negated ? null !== $groups : null === $groups ) {
					return null;
				}
				if ( ! self::conditions_hold( $rule['conditions'], $vars ) ) {
					return null;
				}
				$target = self::substitute( $rule['target'], $negated ? array( $relative ) : (array) $groups, $vars );
				if ( ! preg_match( '#^[a-z][a-z0-9+.-]*://#i', $target ) ) {
					$target = ( $vars['HTTPS'] === 'on' ? 'https' : 'http' ) . '://' . $vars['HTTP_HOST'] . ( str_starts_with( $target, '/' ) ? '' : rtrim( $base, '/' ) . '/' ) . $target;
				}
				return $target;
		}
		return null;
	}

	/**
	 * Server variables a URL determines.
	 *
	 * @param array<string, mixed> $parts wp_parse_url() result.
	 * @return array<string, string>
	 */
	private static function variables( array $parts, string $path ): array {
		$scheme = strtolower( (string) ( $parts['scheme'] ?? 'http' ) );
		$host   = (string) ( $parts['host'] ?? '' );
		$port   = isset( $parts['port'] ) ? (string) $parts['port'] : ( 'https' === $scheme ? '443' : '80' );
		return array(
			'HTTP_HOST'      => $host . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' ),
			'SERVER_NAME'    => $host,
			'SERVER_PORT'    => $port,
			'HTTPS'          => 'https' === $scheme ? 'on' : 'off',
			'REQUEST_SCHEME' => $scheme,
			'REQUEST_URI'    => $path,
			'QUERY_STRING'   => (string) ( $parts['query'] ?? '' ),
		);
	}

	/**
	 * Runs an Apache (PCRE) pattern; the groups, or null when it does not match or is invalid.
	 *
	 * @return list<string>|null
	 */
	private static function regex( string $pattern, string $subject, bool $nocase ): ?array {
		$regex = '#' . str_replace( '#', '\#', $pattern ) . '#' . ( $nocase ? 'i' : '' );
		// A broken pattern in the file matches nothing rather than raising a warning.
		$found = @preg_match( $regex, $subject, $groups ); // phpcs:ignore WordPress.PHP.NoSilencedErrors -- patterns come from the file.
		return 1 === $found ? array_values( $groups ) : null;
	}

	/**
	 * Replaces $n back-references and %{VAR} server variables.
	 *
	 * @param list<string>          $groups Regex groups.
	 * @param array<string, string> $vars   Known server variables.
	 */
	private static function substitute( string $target, array $groups, array $vars ): string {
		$target = (string) preg_replace_callback( '/\$(\d)/', static fn( array $m ): string => $groups[ (int) $m[1] ] ?? '', $target );
		return (string) preg_replace_callback( '/%\{([A-Z_]+)\}/', static fn( array $m ): string => $vars[ $m[1] ] ?? $m[0], $target );
	}

	/**
	 * ANDs the conditions, honouring [OR] and [NC] and "!"; a condition on something a URL does
	 * not tell (a file test, a header, the environment) counts as true.
	 *
	 * @param list<array{line: int, test: string, pattern: string, flags: list<string>}> $conditions
	 * @param array<string, string>                                                      $vars
	 */
	private static function conditions_hold( array $conditions, array $vars ): bool {
		$all     = true;
		$group   = false;
		$pending = false;
		foreach ( $conditions as $condition ) {
			$flags  = array_map( 'strtoupper', $condition['flags'] );
			$result = self::condition( $condition['test'], $condition['pattern'], in_array( 'NC', $flags, true ) || in_array( 'NOCASE', $flags, true ), $vars );
			if ( in_array( 'OR', $flags, true ) || in_array( 'ORNEXT', $flags, true ) ) {
				$group   = $group || $result;
				$pending = true;
				continue;
			}
			$all     = $all && ( $group || $result );
			$group   = false;
			$pending = false;
		}
		return $pending ? $all && $group : $all;
	}

	/**
	 * @param array<string, string> $vars Known server variables.
	 */
	private static function condition( string $test, string $pattern, bool $nocase, array $vars ): bool {
		$unknown = false;
		$value   = (string) preg_replace_callback(
			'/%\{([A-Z_]+)\}/',
			static function ( array $m ) use ( $vars, &$unknown ): string {
				if ( ! isset( $vars[ $m[1] ] ) ) {
					$unknown = true;
					return '';
				}
				return $vars[ $m[1] ];
			},
			$test
		);
		if ( $unknown || str_contains( $value, '%{' ) ) {
			return true;
		}
		$negated = str_starts_with( $pattern, '!' );
		$pattern = $negated ? substr( $pattern, 1 ) : $pattern;
		if ( preg_match( '/^-[a-zA-Z]+$/', $pattern ) ) {
			return true;
		}
		if ( str_starts_with( $pattern, '=' ) ) {
			$expected = trim( substr( $pattern, 1 ), '"' );
			$result   = $nocase ? 0 === strcasecmp( $value, $expected ) : $value === $expected;
		} else {
			$result = null !== self::regex( $pattern, $value, $nocase );
		}
		return $negated ? ! $result : $result;
	}
}
