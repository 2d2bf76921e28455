<?php
/**
 * Finds the scan's patterns in one PHP file with PHP's own tokenizer, never running it.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Scan;

use ProxyHealth\Compat\Php_Token;
use ProxyHealth\Compat\Php_Tokens;

/**
 * The token-level twin of findPatterns() in src/analysis/scan/php-patterns.ts: the same codes,
 * lines and details, from the same scan-patterns.json.
 *
 * @since 0.1.0
 *
 * @phpstan-type Hit array{code: string, line: int, detail: string}
 */
final class Pattern_Finder {

	/**
	 * Tokens that name a function or class.
	 *
	 * @var list<int>
	 */
	private array $name_tokens;

	/**
	 * A name after these is a method, property, class constant or declaration, not a call.
	 *
	 * @var list<int>
	 */
	private array $not_call_before;

	/**
	 * Tokens that name a constant.
	 *
	 * @var list<int>
	 */
	private array $constant_tokens;

	/**
	 * A constant after these is a property or class constant.
	 *
	 * @var list<int>
	 */
	private array $member_operators;

	/**
	 * Tokens that open a nested argument.
	 *
	 * @var list<int|string>
	 */
	private array $openers;

	/** Whether to read with PhpToken where PHP has it (false: token_get_all(), as on PHP 7.4). */
	private bool $native;

	/**
	 * Significant tokens of the file (no whitespace or comments).
	 *
	 * @var list<\PhpToken|Php_Token>
	 */
	private array $tokens = array();

	/**
	 * @since 0.1.0
	 *
	 * @param bool $native Read with PhpToken when PHP has it (PHP 8); false reads with
	 *                     token_get_all() as on PHP 7.4 (tests compare the two).
	 */
	public function __construct( bool $native = true ) {
		$this->native           = $native;
		$this->name_tokens      = array( T_STRING, Php_Tokens::id( 'T_NAME_QUALIFIED' ), Php_Tokens::id( 'T_NAME_FULLY_QUALIFIED' ) );
		$this->constant_tokens  = array( T_STRING, Php_Tokens::id( 'T_NAME_FULLY_QUALIFIED' ) );
		$this->member_operators = array( T_OBJECT_OPERATOR, Php_Tokens::id( 'T_NULLSAFE_OBJECT_OPERATOR' ), T_DOUBLE_COLON );
		$this->not_call_before  = array_merge( $this->member_operators, array( T_FUNCTION, T_NEW, T_CONST ) );
		$this->openers          = array( '(', '[', '{', T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES, Php_Tokens::id( 'T_ATTRIBUTE' ) );
	}

	/**
	 * Every pattern in a file's source.
	 *
	 * @since 0.1.0
	 *
	 * @param string $source PHP source.
	 * @return list<Hit>
	 * @throws \ParseError When the file is not valid PHP (TOKEN_PARSE checks the syntax).
	 */
	public function find( string $source ): array {
		$this->tokens = Php_Tokens::significant( $source, TOKEN_PARSE, $this->native );
		$aliases = $this->guzzle_aliases();
		$hits    = array();
		$count   = count( $this->tokens );
		for ( $i = 0; $i < $count; $i++ ) {
			$token = $this->tokens[ $i ];
			if ( $token->is( $this->name_tokens ) && $this->is_call( $i ) ) {
				$hit = $this->call_hit( strtolower( ltrim( $token->text, '\\' ) ), $i );
			} elseif ( $token->is( T_NEW ) ) {
				$hit = $this->new_hit( $i, $aliases );
			} elseif ( $token->is( array( T_CONSTANT_ENCAPSED_STRING, T_ENCAPSED_AND_WHITESPACE ) ) ) {
				$hit = str_contains( strtolower( $token->text ), Pattern_Set::text( 'proxyAuthorizationHeader' ) ) ? array(
					'code'   => 'proxy_authorization_header',
					'line'   => $this->string_line( $i ),
					'detail' => 'hand-built Proxy-Authorization header',
				) : null;
			} else {
				$hit = null;
			}
			if ( null !== $hit ) {
				$hits[] = $hit;
			}
		}
		$this->tokens = array();
		return $hits;
	}

	/**
	 * Whether the name at $i is a function call: followed by "(", not a method or declaration.
	 */
	private function is_call( int $i ): bool {
		$next = $this->tokens[ $i + 1 ] ?? null;
		$prev = $this->tokens[ $i - 1 ] ?? null;
		return null !== $next && $next->is( '(' ) && ( null === $prev || ! $prev->is( $this->not_call_before ) );
	}

	/**
	 * The hit of a function call, if that call is one of the patterns.
	 *
	 * @param string $fn Function name, lower case, no leading backslash.
	 * @param int    $i  Index of the name.
	 * @return Hit|null
	 */
	private function call_hit( string $fn, int $i ): ?array {
		$line = $this->tokens[ $i ]->line;
		if ( 'define' === $fn ) {
			$constant = $this->literal( $this->arguments( $i )[0] ?? array() );
			return null !== $constant && self::starts_with( $constant, Pattern_Set::text( 'proxyConstantPrefix' ) )
				? self::hit( 'defines_wp_proxy_constant', $line, "define( '$constant' )" )
				: null;
		}
		if ( in_array( $fn, Pattern_Set::names( 'hookFunctions' ), true ) ) {
			$hook = $this->literal( $this->arguments( $i )[0] ?? array() );
			$code = null === $hook ? null : Pattern_Set::hook_code( $hook );
			return null === $code ? null : self::hit( $code, $line, "$fn( '$hook' )" );
		}
		if ( in_array( $fn, Pattern_Set::names( 'curlOptionFunctions' ), true ) ) {
			$options = array();
			foreach ( array_slice( $this->arguments( $i ), 1 ) as $argument ) {
				foreach ( $argument as $index ) {
					$name = $this->constant_name( $index );
					foreach ( Pattern_Set::names( 'curlProxyOptionPrefixes' ) as $prefix ) {
						if ( null !== $name && self::starts_with( $name, $prefix ) ) {
							$options[ strtoupper( $name ) ] = true;
						}
					}
				}
			}
			return array() === $options ? null : self::hit( 'curl_proxy_option', $line, $fn . '( ' . implode( ', ', array_keys( $options ) ) . ' )' );
		}
		if ( in_array( $fn, Pattern_Set::names( 'rawCurlFunctions' ), true ) ) {
			return self::hit( 'raw_curl', $line, "$fn() bypasses the WordPress HTTP API" );
		}
		if ( in_array( $fn, Pattern_Set::names( 'streamContextFunctions' ), true ) ) {
			$keys = array();
			foreach ( $this->arguments( $i ) as $argument ) {
				foreach ( $argument as $index ) {
					$next = $this->tokens[ $index + 1 ] ?? null;
					$key  = null !== $next && $next->is( T_DOUBLE_ARROW ) ? $this->literal( array( $index ) ) : null;
					if ( null !== $key && in_array( strtolower( $key ), Pattern_Set::names( 'streamContextProxyKeys' ), true ) ) {
						$keys[ $key ] = true;
					}
				}
			}
			return array() === $keys ? null : self::hit( 'stream_context_proxy', $line, "$fn() with " . implode( ', ', array_keys( $keys ) ) );
		}
		return null;
	}

	/**
	 * The hit of `new GuzzleHttp\…` or `new <alias of a GuzzleHttp class>`.
	 *
	 * @param int                 $i       Index of `new`.
	 * @param array<string, true> $aliases Lower-case names imported from GuzzleHttp.
	 * @return Hit|null
	 */
	private function new_hit( int $i, array $aliases ): ?array {
		$class = $this->tokens[ $i + 1 ] ?? null;
		if ( null === $class || ! $class->is( $this->name_tokens ) ) {
			return null;
		}
		$name = ltrim( $class->text, '\\' );
		if ( ! self::starts_with( $name, Pattern_Set::text( 'guzzleNamespace' ) ) && ! isset( $aliases[ strtolower( $name ) ] ) ) {
			return null;
		}
		return self::hit( 'guzzle_client', $this->tokens[ $i ]->line, "new $name bypasses the WordPress HTTP API" );
	}

	/**
	 * Names that `use GuzzleHttp\…;` statements bring in (the alias, or the last segment).
	 *
	 * @return array<string, true>
	 */
	private function guzzle_aliases(): array {
		$aliases = array();
		$count   = count( $this->tokens );
		for ( $i = 0; $i < $count; $i++ ) {
			if ( ! $this->tokens[ $i ]->is( T_USE ) ) {
				continue;
			}
			// `function () use ( $x )`, `use function …` and `use const …` import no class.
			$j = $i + 1;
			if ( ! isset( $this->tokens[ $j ] ) || $this->tokens[ $j ]->is( array( '(', T_FUNCTION, T_CONST ) ) ) {
				continue;
			}
			while ( isset( $this->tokens[ $j ] ) && $this->tokens[ $j ]->is( $this->name_tokens ) ) {
				$name  = ltrim( $this->tokens[ $j ]->text, '\\' );
				$alias = substr( (string) strrchr( '\\' . $name, '\\' ), 1 );
				++$j;
				if ( isset( $this->tokens[ $j + 1 ] ) && $this->tokens[ $j ]->is( T_AS ) ) {
					$alias = $this->tokens[ $j + 1 ]->text;
					$j    += 2;
				}
				if ( self::starts_with( $name, Pattern_Set::text( 'guzzleNamespace' ) ) ) {
					$aliases[ strtolower( $alias ) ] = true;
				}
				if ( ! isset( $this->tokens[ $j ] ) || ! $this->tokens[ $j ]->is( ',' ) ) {
					break;
				}
				++$j;
			}
		}
		return $aliases;
	}

	/**
	 * Token indexes of each argument of the call whose name is at $i (split at top-level commas).
	 *
	 * @return list<list<int>>
	 */
	private function arguments( int $i ): array {
		$arguments = array( array() );
		$depth     = 0;
		$count     = count( $this->tokens );
		for ( $j = $i + 2; $j < $count; $j++ ) {
			$token = $this->tokens[ $j ];
			if ( $token->is( $this->openers ) ) {
				++$depth;
			} elseif ( $token->is( array( ')', ']', '}' ) ) ) {
				if ( 0 === $depth ) {
					break;
				}
				--$depth;
			} elseif ( 0 === $depth && $token->is( ',' ) ) {
				$arguments[] = array();
				continue;
			}
			$arguments[ count( $arguments ) - 1 ][] = $j;
		}
		return array_values( array_filter( $arguments, static fn( array $argument ): bool => array() !== $argument ) );
	}

	/**
	 * The value of an argument made only of literal strings (and "." between them), else null.
	 *
	 * @param list<int> $indexes Token indexes of the argument.
	 */
	private function literal( array $indexes ): ?string {
		$value = '';
		foreach ( array_values( $indexes ) as $position => $index ) {
			$token = $this->tokens[ $index ];
			if ( 1 === $position % 2 ) {
				if ( ! $token->is( '.' ) ) {
					return null;
				}
				continue;
			}
			if ( ! $token->is( T_CONSTANT_ENCAPSED_STRING ) ) {
				return null;
			}
			$quoted = substr( $token->text, 1, -1 );
			$value .= '"' === $token->text[0] ? stripcslashes( $quoted ) : str_replace( array( "\\'", '\\\\' ), array( "'", '\\' ), $quoted );
		}
		return array() === $indexes || 0 === count( $indexes ) % 2 ? null : $value;
	}

	/**
	 * The constant a token names (not a call, member or class constant), else null.
	 */
	private function constant_name( int $i ): ?string {
		$token = $this->tokens[ $i ];
		if ( ! $token->is( $this->constant_tokens ) || $this->is_call( $i ) ) {
			return null;
		}
		$prev = $this->tokens[ $i - 1 ] ?? null;
		return null !== $prev && $prev->is( $this->member_operators ) ? null : ltrim( $token->text, '\\' );
	}

	/**
	 * Line of a string: a nowdoc counts from its `<<<` line, as php-parser does.
	 */
	private function string_line( int $i ): int {
		$prev = $this->tokens[ $i - 1 ] ?? null;
		return null !== $prev && $prev->is( T_START_HEREDOC ) && str_contains( $prev->text, "'" ) ? $prev->line : $this->tokens[ $i ]->line;
	}

	/**
	 * @return Hit
	 */
	private static function hit( string $code, int $line, string $detail ): array {
		return array(
			'code'   => $code,
			'line'   => $line,
			'detail' => $detail,
		);
	}

	private static function starts_with( string $value, string $prefix ): bool {
		return '' !== $prefix && 0 === strncasecmp( $value, $prefix, strlen( $prefix ) );
	}
}
