<?php
/**
 * wp-config.php as tokens: the one reader the linter and the editor share.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Config;

use ProxyHealth\Compat\Php_Tokens;
use WP_Error;

/**
 * Reads a wp-config.php source with PHP's tokenizer, never by executing it, and answers the
 * questions both the configuration linter (Lint\Wp_Config_Scan) and the editor
 * (Config_Source) ask of it: where the code tokens are, which calls are `define( 'NAME', …` or
 * `defined( 'NAME' )` of the global function, which require loads wp-settings.php. Tokens
 * keep their byte offset and line, in PHP 8's shape on every PHP version (Php_Tokens).
 *
 * @since 0.2.0
 *
 * @phpstan-type Token array{0: int|string, 1: string, 2: int, 3: int} [ type (int, or the character), text, offset, line ].
 */
final class Wp_Config_Tokens {

	/** Token types that are not code: whitespace and comments. */
	private const NOT_CODE = array( T_WHITESPACE, T_COMMENT, T_DOC_COMMENT );

	/** @var list<Token> */
	private array $tokens;

	/**
	 * @param list<Token> $tokens Tokens with offsets and lines.
	 */
	private function __construct( array $tokens ) {
		$this->tokens = $tokens;
	}

	/**
	 * The tokens of a source that must parse (the editor writes only what parses).
	 *
	 * @since 0.2.0
	 *
	 * @param string $source PHP source.
	 * @return self|WP_Error
	 */
	public static function parse( string $source ) {
		if ( ! function_exists( 'token_get_all' ) ) {
			return new WP_Error( 'proxy_health_config_tokenizer_missing', __( 'PHP\'s tokenizer extension is missing, so Proxy Health cannot check wp-config.php safely and will not edit it.', 'proxy-health' ), array( 'status' => 500 ) );
		}
		try {
			return new self( self::with_offsets( Php_Tokens::get_all( $source, TOKEN_PARSE ) ) );
		} catch ( \ParseError $error ) {
			return new WP_Error(
				'proxy_health_config_invalid',
				/* translators: 1: line number, 2: PHP parser message. */
				sprintf( __( 'wp-config.php does not parse (line %1$d: %2$s); Proxy Health will not edit it.', 'proxy-health' ), $error->getLine(), $error->getMessage() ),
				array( 'status' => 409 )
			);
		}
	}

	/**
	 * The tokens of a source as they are: a file with a syntax error still has readable tokens
	 * (WordPress would stop at the error anyway), which is what a linter reports on.
	 *
	 * @since 0.2.0
	 *
	 * @param string $source PHP source.
	 */
	public static function read( string $source ): self {
		try {
			$raw = Php_Tokens::get_all( $source, TOKEN_PARSE );
		} catch ( \ParseError $error ) {
			$raw = Php_Tokens::get_all( $source );
		}
		return new self( self::with_offsets( $raw ) );
	}

	/**
	 * Every token, whitespace and comments included.
	 *
	 * @since 0.2.0
	 *
	 * @return list<Token>
	 */
	public function all(): array {
		return $this->tokens;
	}

	/**
	 * Whether a token type is code (not whitespace or a comment).
	 *
	 * @since 0.2.0
	 *
	 * @param int|string $type Token type.
	 */
	public static function is_code( $type ): bool {
		return ! in_array( $type, self::NOT_CODE, true );
	}

	/**
	 * Index of the next token that is not whitespace or a comment.
	 *
	 * @since 0.2.0
	 *
	 * @param int $i Position (-1 for the first code token).
	 */
	public function next_code( int $i ): ?int {
		$count = count( $this->tokens );
		for ( $j = $i + 1; $j < $count; $j++ ) {
			if ( self::is_code( $this->tokens[ $j ][0] ) ) {
				return $j;
			}
		}
		return null;
	}

	/**
	 * Index of the previous token that is not whitespace or a comment.
	 *
	 * @since 0.2.0
	 *
	 * @param int $i Position.
	 */
	public function prev_code( int $i ): ?int {
		for ( $j = $i - 1; $j >= 0; $j-- ) {
			if ( self::is_code( $this->tokens[ $j ][0] ) ) {
				return $j;
			}
		}
		return null;
	}

	/**
	 * When token $i calls the global function $function with a constant name first
	 * (`define( 'NAME', …`, `\define( "NAME", …`, `defined( 'NAME' )`): the name and the index
	 * of the token after it (a comma or the closing parenthesis). Methods, static calls and
	 * function declarations of the same name are not the global function.
	 *
	 * @since 0.2.0
	 *
	 * @param int    $i        Position.
	 * @param string $function 'define' or 'defined'.
	 * @return array{name: string, after: int}|null
	 */
	public function constant_call( int $i, string $function ): ?array {
		$type = $this->tokens[ $i ][0];
		if ( ( T_STRING !== $type && Php_Tokens::id( 'T_NAME_FULLY_QUALIFIED' ) !== $type ) || strtolower( ltrim( $this->tokens[ $i ][1], '\\' ) ) !== $function ) {
			return null;
		}
		$prev = $this->prev_code( $i );
		if ( null !== $prev && in_array( $this->tokens[ $prev ][0], array( T_OBJECT_OPERATOR, Php_Tokens::id( 'T_NULLSAFE_OBJECT_OPERATOR' ), T_DOUBLE_COLON, T_FUNCTION, T_NEW ), true ) ) {
			return null;
		}
		$paren = $this->next_code( $i );
		if ( null === $paren || '(' !== $this->tokens[ $paren ][0] ) {
			return null;
		}
		$arg = $this->next_code( $paren );
		if ( null === $arg || T_CONSTANT_ENCAPSED_STRING !== $this->tokens[ $arg ][0] ) {
			return null;
		}
		$after = $this->next_code( $arg );
		if ( null === $after || ! in_array( $this->tokens[ $after ][0], array( ',', ')' ), true ) ) {
			return null;
		}
		$name = substr( $this->tokens[ $arg ][1], 1, -1 );
		// Names are plain identifiers; an escape or interpolation means this is not one we read.
		if ( ! preg_match( '/^[A-Za-z_][A-Za-z0-9_]*$/', $name ) ) {
			return null;
		}
		return array(
			'name'  => $name,
			'after' => $after,
		);
	}

	/**
	 * Whether the require/include at $i loads wp-settings.php.
	 *
	 * @since 0.2.0
	 *
	 * @param int $i Position of a require or include token.
	 */
	public function requires_settings( int $i ): bool {
		$count = count( $this->tokens );
		for ( $j = $i + 1; $j < $count && ';' !== $this->tokens[ $j ][0] && T_CLOSE_TAG !== $this->tokens[ $j ][0]; $j++ ) {
			if ( T_CONSTANT_ENCAPSED_STRING === $this->tokens[ $j ][0] && false !== stripos( $this->tokens[ $j ][1], 'wp-settings.php' ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a token type is require, require_once, include or include_once.
	 *
	 * @since 0.2.0
	 *
	 * @param int|string $type Token type.
	 */
	public static function is_require( $type ): bool {
		return in_array( $type, array( T_REQUIRE, T_REQUIRE_ONCE, T_INCLUDE, T_INCLUDE_ONCE ), true );
	}

	/**
	 * Tokens with their byte offsets; single characters get the type of their text.
	 *
	 * @param list<array{0: int, 1: string, 2: int}|string> $raw Output of Php_Tokens::get_all().
	 * @return list<Token>
	 */
	private static function with_offsets( array $raw ): array {
		$tokens = array();
		$offset = 0;
		$line   = 1;
		foreach ( $raw as $token ) {
			if ( is_array( $token ) ) {
				$tokens[] = array( $token[0], $token[1], $offset, $token[2] );
				$line     = $token[2] + substr_count( $token[1], "\n" );
				$offset  += strlen( $token[1] );
			} else {
				$tokens[] = array( $token, $token, $offset, $line );
				$offset  += strlen( $token );
			}
		}
		return $tokens;
	}
}
