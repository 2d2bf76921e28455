<?php
/**
 * What wp-config.php says about the proxy, read with PHP's tokenizer.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint;

use ProxyHealth\Compat\Php_Tokens;
use ProxyHealth\Proxy\Proxy_Config;

/**
 * Finds the WP_PROXY_* definitions of a wp-config.php source and the line that requires
 * wp-settings.php, without executing anything. Comments are skipped by the tokenizer, so a
 * commented-out define is not a definition.
 *
 * The literal value is kept for every proxy constant except WP_PROXY_PASSWORD, which is never
 * read into this object.
 *
 * @since 0.1.0
 *
 * @phpstan-type ProxyDefinition array{
 *   name: string,
 *   line: int,
 *   form: 'define'|'const',
 *   literal: string|null
 * }
 */
final class Wp_Config_Scan {

	private ?int $settings_line;

	/** @var list<ProxyDefinition> */
	private array $definitions;

	/**
	 * @param int|null              $settings_line Line of the first require/include of wp-settings.php.
	 * @param list<ProxyDefinition> $definitions   Proxy constants in source order.
	 */
	private function __construct( ?int $settings_line, array $definitions ) {
		$this->settings_line = $settings_line;
		$this->definitions   = $definitions;
	}

	/**
	 * Scans a wp-config.php source.
	 *
	 * @since 0.1.0
	 *
	 * @param string $source PHP source.
	 */
	public static function from_source( string $source ): self {
		$names = array_values( Proxy_Config::CONSTANTS );
		try {
			$tokens = Php_Tokens::get_all( $source, TOKEN_PARSE );
		} catch ( \ParseError $error ) {
			// A file with a syntax error still has readable tokens; WordPress would stop at it anyway.
			$tokens = Php_Tokens::get_all( $source );
		}
		$code = array_values(
			array_filter(
				$tokens,
				static fn( $token ): bool => ! is_array( $token ) || ! in_array( $token[0], array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT, T_OPEN_TAG, T_CLOSE_TAG, T_INLINE_HTML ), true )
			)
		);

		$settings_line = null;
		$definitions   = array();
		$depth         = 0;
		$count         = count( $code );
		for ( $i = 0; $i < $count; $i++ ) {
			$token = $code[ $i ];
			if ( ! is_array( $token ) ) {
				$depth += '{' === $token ? 1 : ( '}' === $token ? -1 : 0 );
				continue;
			}
			if ( in_array( $token[0], array( T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES ), true ) ) {
				++$depth;
				continue;
			}
			if ( null === $settings_line && in_array( $token[0], array( T_REQUIRE, T_REQUIRE_ONCE, T_INCLUDE, T_INCLUDE_ONCE ), true ) ) {
				for ( $j = $i + 1; $j < $count && ';' !== $code[ $j ]; $j++ ) {
					if ( is_array( $code[ $j ] ) && T_CONSTANT_ENCAPSED_STRING === $code[ $j ][0] && false !== stripos( $code[ $j ][1], 'wp-settings.php' ) ) {
						$settings_line = $token[2];
						break;
					}
				}
				continue;
			}
			$definition = self::define_at( $code, $i ) ?? ( 0 === $depth ? self::const_at( $code, $i ) : null );
			if ( null !== $definition && in_array( $definition['name'], $names, true ) ) {
				if ( Proxy_Config::CONSTANTS['password'] === $definition['name'] ) {
					$definition['literal'] = null;
				}
				$definitions[] = $definition;
			}
		}
		return new self( $settings_line, $definitions );
	}

	/**
	 * Line of `require_once ABSPATH . 'wp-settings.php';`, or null when the file has none.
	 *
	 * @since 0.1.0
	 */
	public function settings_line(): ?int {
		return $this->settings_line;
	}

	/**
	 * Proxy constants defined in the file, in source order.
	 *
	 * @since 0.1.0
	 *
	 * @return list<ProxyDefinition>
	 */
	public function definitions(): array {
		return $this->definitions;
	}

	/**
	 * The first definition of a constant, if any.
	 *
	 * @since 0.1.0
	 *
	 * @param string $name Constant name.
	 * @return ProxyDefinition|null
	 */
	public function definition( string $name ): ?array {
		foreach ( $this->definitions as $definition ) {
			if ( $definition['name'] === $name ) {
				return $definition;
			}
		}
		return null;
	}

	/**
	 * `define( 'NAME', value )` or `\define( "NAME", value )` starting at $i.
	 *
	 * @param list<array{0: int, 1: string, 2: int}|string> $code Tokens without whitespace and comments.
	 * @param int                                          $i    Position.
	 * @return ProxyDefinition|null
	 */
	private static function define_at( array $code, int $i ): ?array {
		$token = $code[ $i ];
		$is_define = is_array( $token )
			&& ( ( T_STRING === $token[0] && 'define' === strtolower( $token[1] ) )
				|| ( Php_Tokens::id( 'T_NAME_FULLY_QUALIFIED' ) === $token[0] && '\\define' === strtolower( $token[1] ) ) );
		if ( ! $is_define || '(' !== ( $code[ $i + 1 ] ?? null ) ) {
			return null;
		}
		// `$x->define(` and `function define(` are not the global function.
		$before = $code[ $i - 1 ] ?? null;
		if ( is_array( $before ) && in_array( $before[0], array( T_OBJECT_OPERATOR, Php_Tokens::id( 'T_NULLSAFE_OBJECT_OPERATOR' ), T_DOUBLE_COLON, T_FUNCTION, T_NEW ), true ) ) {
			return null;
		}
		$name = $code[ $i + 2 ] ?? null;
		if ( ! is_array( $name ) || T_CONSTANT_ENCAPSED_STRING !== $name[0] || ',' !== ( $code[ $i + 3 ] ?? null ) ) {
			return null;
		}
		return array(
			'name'    => substr( $name[1], 1, -1 ),
			'line'    => $token[2],
			'form'    => 'define',
			'literal' => self::single_literal( $code, $i + 4, ')' ),
		);
	}

	/**
	 * `const NAME = value;` at the top level, starting at $i.
	 *
	 * @param list<array{0: int, 1: string, 2: int}|string> $code Tokens without whitespace and comments.
	 * @param int                                          $i    Position.
	 * @return ProxyDefinition|null
	 */
	private static function const_at( array $code, int $i ): ?array {
		$token = $code[ $i ];
		if ( ! is_array( $token ) || T_CONST !== $token[0] ) {
			return null;
		}
		$name = $code[ $i + 1 ] ?? null;
		if ( ! is_array( $name ) || T_STRING !== $name[0] || '=' !== ( $code[ $i + 2 ] ?? null ) ) {
			return null;
		}
		return array(
			'name'    => $name[1],
			'line'    => $token[2],
			'form'    => 'const',
			'literal' => self::single_literal( $code, $i + 3, ';' ),
		);
	}

	/**
	 * The source text of a value that is one literal (string or number), else null.
	 *
	 * @param list<array{0: int, 1: string, 2: int}|string> $code Tokens.
	 * @param int                                          $i    First token of the value.
	 * @param string                                       $end  Token that must follow it.
	 */
	private static function single_literal( array $code, int $i, string $end ): ?string {
		$value = $code[ $i ] ?? null;
		if ( ! is_array( $value ) || ! in_array( $value[0], array( T_CONSTANT_ENCAPSED_STRING, T_LNUMBER ), true ) ) {
			return null;
		}
		return $end === ( $code[ $i + 1 ] ?? null ) ? $value[1] : null;
	}
}
