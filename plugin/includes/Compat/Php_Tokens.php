<?php
/**
 * PHP's tokenizer with the token shape of PHP 8 on every supported PHP version (7.4 and up).
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Compat;

/**
 * PHP 8.0 reads a namespaced name (`\define`, `Foo\Bar`, `namespace\baz`) as one token
 * (T_NAME_FULLY_QUALIFIED, T_NAME_QUALIFIED, T_NAME_RELATIVE); PHP 7.4 returns its pieces
 * (T_NS_SEPARATOR, T_STRING, T_NAMESPACE). get_all() joins the pieces so that the walkers over
 * wp-config.php and plugin sources see one shape, and id() names the PHP 8 token types on 7.4.
 *
 * @since 0.1.0
 */
final class Php_Tokens {

	/**
	 * Stand-in ids for token types PHP 7.4 does not have. Negative, so never a real token id;
	 * on 7.4 the nullsafe operator and attributes cannot occur in a file that parses (`#[` is
	 * a comment there), so their stand-ins simply never match.
	 */
	private const MISSING = array(
		'T_NAME_QUALIFIED'           => -8001,
		'T_NAME_FULLY_QUALIFIED'     => -8002,
		'T_NAME_RELATIVE'            => -8003,
		'T_NULLSAFE_OBJECT_OPERATOR' => -8004,
		'T_ATTRIBUTE'                => -8005,
	);

	/** Token types PhpToken::isIgnorable() skips. */
	private const IGNORABLE = array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT, T_OPEN_TAG );

	/**
	 * The id of a token type that PHP 7.4 may lack (T_NAME_*, T_NULLSAFE_OBJECT_OPERATOR, T_ATTRIBUTE).
	 *
	 * @since 0.1.0
	 *
	 * @param string $name Constant name, e.g. 'T_NAME_FULLY_QUALIFIED'.
	 */
	public static function id( string $name ): int {
		if ( defined( $name ) ) {
			return (int) constant( $name );
		}
		if ( ! isset( self::MISSING[ $name ] ) ) {
			throw new \InvalidArgumentException( 'Not a token type Php_Tokens stands in for: ' . $name );
		}
		return self::MISSING[ $name ];
	}

	/**
	 * token_get_all() with namespaced names as single tokens, as PHP 8 returns them.
	 *
	 * @since 0.1.0
	 *
	 * @param string $source PHP source.
	 * @param int    $flags  token_get_all() flags (TOKEN_PARSE).
	 * @return list<array{0: int, 1: string, 2: int}|string>
	 * @throws \ParseError With TOKEN_PARSE, when the source is not valid PHP.
	 */
	public static function get_all( string $source, int $flags = 0 ): array {
		$tokens = token_get_all( $source, $flags );
		return defined( 'T_NAME_QUALIFIED' ) ? $tokens : self::join_names( $tokens );
	}

	/**
	 * Joins PHP 7.4's name pieces into the name tokens of PHP 8 (text and first line kept,
	 * so byte offsets computed from the texts do not move). Pieces separated by whitespace or
	 * comments stay apart, as PHP 8 would not read them as one name either.
	 *
	 * @since 0.1.0
	 *
	 * @param list<array{0: int, 1: string, 2: int}|string> $tokens Output of token_get_all() on PHP 7.4.
	 * @return list<array{0: int, 1: string, 2: int}|string>
	 */
	public static function join_names( array $tokens ): array {
		$joined = array();
		$count  = count( $tokens );
		for ( $i = 0; $i < $count; $i++ ) {
			$token = $tokens[ $i ];
			$start = self::name_start( $tokens, $i );
			if ( null === $start ) {
				$joined[] = $token;
				continue;
			}
			$text = $token[1];
			$j    = $i + 1;
			if ( T_NS_SEPARATOR === $token[0] ) {
				$text .= $tokens[ $j ][1];
				++$j;
			}
			while ( self::is_type( $tokens[ $j ] ?? null, T_NS_SEPARATOR ) && self::is_type( $tokens[ $j + 1 ] ?? null, T_STRING ) ) {
				$text .= $tokens[ $j ][1] . $tokens[ $j + 1 ][1];
				$j    += 2;
			}
			$joined[] = array( self::id( $start ), $text, $token[2] );
			$i        = $j - 1;
		}
		return $joined;
	}

	/**
	 * The significant tokens of a source (no whitespace, comments or open tag) as objects with
	 * `id`, `text`, `line` and is(): PhpToken on PHP 8, Php_Token built from get_all() before.
	 *
	 * @since 0.1.0
	 *
	 * @param string $source PHP source.
	 * @param int    $flags  token_get_all() flags (TOKEN_PARSE).
	 * @param bool   $native Use PhpToken when PHP has it (false: the fallback, for tests).
	 * @return list<\PhpToken|Php_Token>
	 * @throws \ParseError With TOKEN_PARSE, when the source is not valid PHP.
	 */
	public static function significant( string $source, int $flags = 0, bool $native = true ): array {
		$significant = array();
		if ( $native && class_exists( 'PhpToken', false ) ) {
			foreach ( \PhpToken::tokenize( $source, $flags ) as $token ) { // phpcs:ignore PHPCompatibility.Classes.NewClasses.phptokenFound -- PHP 8.0+ only, checked on the line above.
				if ( ! $token->isIgnorable() ) {
					$significant[] = $token;
				}
			}
			return $significant;
		}
		$line = 1;
		foreach ( self::get_all( $source, $flags ) as $token ) {
			if ( is_array( $token ) ) {
				$line = $token[2];
				$next = $token[2] + substr_count( $token[1], "\n" );
				if ( ! in_array( $token[0], self::IGNORABLE, true ) ) {
					$significant[] = new Php_Token( $token[0], $token[1], $line );
				}
				$line = $next;
			} else {
				$significant[] = new Php_Token( ord( $token ), $token, $line );
			}
		}
		return $significant;
	}

	/**
	 * Whether PHP's tokenizer extension is there (get_all() and significant() need it).
	 *
	 * @since 0.1.0
	 */
	public static function available(): bool {
		return function_exists( 'token_get_all' );
	}

	/**
	 * The PHP 8 name type starting at $i, or null when no name of several pieces starts there.
	 *
	 * @param list<array{0: int, 1: string, 2: int}|string> $tokens Tokens.
	 * @param int                                          $i      Position.
	 */
	private static function name_start( array $tokens, int $i ): ?string {
		$token = $tokens[ $i ];
		$next  = $tokens[ $i + 1 ] ?? null;
		$after = $tokens[ $i + 2 ] ?? null;
		if ( self::is_type( $token, T_NS_SEPARATOR ) && self::is_type( $next, T_STRING ) ) {
			return 'T_NAME_FULLY_QUALIFIED';
		}
		if ( self::is_type( $token, T_STRING ) && self::is_type( $next, T_NS_SEPARATOR ) && self::is_type( $after, T_STRING ) ) {
			return 'T_NAME_QUALIFIED';
		}
		if ( self::is_type( $token, T_NAMESPACE ) && self::is_type( $next, T_NS_SEPARATOR ) && self::is_type( $after, T_STRING ) ) {
			return 'T_NAME_RELATIVE';
		}
		return null;
	}

	/**
	 * @param array{0: int, 1: string, 2: int}|string|null $token Token or nothing.
	 * @param int                                          $type  Token type.
	 */
	private static function is_type( $token, int $type ): bool {
		return is_array( $token ) && $type === $token[0];
	}
}
