<?php
/**
 * One token as PhpToken has it, for PHP versions before 8.0.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Compat;

/**
 * The part of PhpToken the scan uses (`id`, `text`, `line`, is()), built by
 * Php_Tokens::significant() from token_get_all() where PhpToken does not exist.
 *
 * @since 0.1.0
 */
final class Php_Token {

	/**
	 * Token type (a T_* constant, or the character's code for single-character tokens).
	 *
	 * @var int
	 */
	public int $id;

	/**
	 * Source text of the token.
	 *
	 * @var string
	 */
	public string $text;

	/**
	 * Line the token starts on.
	 *
	 * @var int
	 */
	public int $line;

	/**
	 * @param int    $id   Token type.
	 * @param string $text Source text.
	 * @param int    $line Line it starts on.
	 */
	public function __construct( int $id, string $text, int $line ) {
		$this->id   = $id;
		$this->text = $text;
		$this->line = $line;
	}

	/**
	 * Whether the token is of a kind, as PhpToken::is(): an int is a type, a string the exact
	 * text, an array any of them.
	 *
	 * @since 0.1.0
	 *
	 * @param int|string|array<int|string> $kind Type, text or a list of them.
	 */
	public function is( $kind ): bool {
		foreach ( is_array( $kind ) ? $kind : array( $kind ) as $one ) {
			if ( is_int( $one ) ? $one === $this->id : $one === $this->text ) {
				return true;
			}
		}
		return false;
	}
}
