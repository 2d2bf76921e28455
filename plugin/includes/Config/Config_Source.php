<?php
/**
 * Reads and checks wp-config.php source with PHP's tokenizer, never by executing it.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Config;

use WP_Error;

/**
 * Plans an edit as a list of insertions into the original bytes (no original byte is ever
 * changed or removed), and checks an edited source before it may be written.
 *
 * @since 0.1.0
 *
 * @phpstan-type Insertion array{offset: int, text: string, order: int}
 * @phpstan-type Guard array{name: string, start: int, end: int, line: int}
 * @phpstan-type Plan array{insertAt: int, guards: list<Guard>}
 */
final class Config_Source {

	/** Comment WordPress's sample config places just before wp-settings.php is required. */
	private const STOP_EDITING = "That's all, stop editing";

	/**
	 * The line ending the file uses (CRLF, LF or CR), LF for a file without any.
	 *
	 * @since 0.1.0
	 */
	public static function eol( string $bytes ): string {
		if ( str_contains( $bytes, "\r\n" ) ) {
			return "\r\n";
		}
		if ( ! str_contains( $bytes, "\n" ) && str_contains( $bytes, "\r" ) ) {
			return "\r";
		}
		return "\n";
	}

	/**
	 * Tokens with their byte offsets.
	 *
	 * @return list<array{0: int|string, 1: string, 2: int, 3: int}>|WP_Error [ type (int, or the character), text, offset, line ].
	 */
	public static function tokens( string $bytes ) {
		$reader = Wp_Config_Tokens::parse( $bytes );
		return $reader instanceof WP_Error ? $reader : $reader->all();
	}

	/**
	 * Where the block goes and which existing definitions of its constants must be guarded.
	 *
	 * The block goes before the top-level statement that first defines one of its constants, or
	 * before the "That's all, stop editing" comment, or before wp-settings.php is required,
	 * whichever comes first. Existing `define()` statements of the same constants are wrapped in
	 * `if ( ! defined( … ) ) { … }` (their text kept byte for byte) so that the new value takes
	 * effect without a PHP "already defined" warning; `const` declarations cannot be wrapped and
	 * give an error.
	 *
	 * @since 0.1.0
	 *
	 * @param string       $bytes Current wp-config.php.
	 * @param list<string> $names Constants the block defines.
	 * @return Plan|WP_Error
	 */
	public static function plan( string $bytes, array $names ) {
		$reader = Wp_Config_Tokens::parse( $bytes );
		if ( $reader instanceof WP_Error ) {
			return $reader;
		}
		$tokens      = $reader->all();
		$count       = count( $tokens );
		$depth       = 0;
		$between_top = true;   // No top-level statement in progress.
		$top_start   = 0;      // Offset of the current top-level statement.
		$stmt_start  = null;   // Index of the first token of the current statement (any depth).
		$anchor      = null;
		$first_def   = null;
		$guards      = array();
		$guarded_by  = array(); // Names tested with "! defined()" in the current top-level statement.

		for ( $i = 0; $i < $count; $i++ ) {
			list( $type, $text, $offset ) = $tokens[ $i ];
			if ( ! Wp_Config_Tokens::is_code( $type ) ) {
				if ( null === $anchor && T_COMMENT === $type && $between_top && str_contains( $text, self::STOP_EDITING ) ) {
					$anchor = $offset;
				}
				continue;
			}
			if ( T_OPEN_TAG === $type || T_INLINE_HTML === $type ) {
				$between_top = true;
				$stmt_start  = null;
				continue;
			}
			if ( $between_top && 0 === $depth ) {
				$top_start   = $offset;
				$between_top = false;
				$guarded_by  = array();
			}
			if ( null === $stmt_start ) {
				$stmt_start = $i;
			}

			if ( '{' === $type || T_CURLY_OPEN === $type || T_DOLLAR_OPEN_CURLY_BRACES === $type ) {
				++$depth;
				$stmt_start = null;
				continue;
			}
			if ( '}' === $type ) {
				--$depth;
				$stmt_start = null;
				// An if/else chain goes on after "}"; treat the next token as part of the same top-level statement unless it starts a new one.
				if ( 0 === $depth && ! self::continues_after_brace( $reader, $i ) ) {
					$between_top = true;
				}
				continue;
			}
			if ( ';' === $type || T_CLOSE_TAG === $type ) {
				$stmt_start = null;
				if ( 0 === $depth ) {
					$between_top = true;
				}
				continue;
			}

			if ( null === $anchor && Wp_Config_Tokens::is_require( $type ) && $reader->requires_settings( $i ) ) {
				$anchor = $top_start;
				continue;
			}

			if ( T_CONST === $type ) {
				$next = $reader->next_code( $i );
				if ( null !== $next && in_array( $tokens[ $next ][1], $names, true ) ) {
					return self::unguardable( $tokens[ $next ][1], $tokens[ $i ][3] );
				}
				continue;
			}

			$name = $reader->constant_call( $i, 'defined' )['name'] ?? null;
			if ( null !== $name && self::is_negated_or_short_circuit( $reader, $i ) ) {
				$guarded_by[ $name ] = true;
				continue;
			}

			$name = $reader->constant_call( $i, 'define' )['name'] ?? null;
			if ( null === $name || ! in_array( $name, $names, true ) ) {
				continue;
			}
			$first_def = $first_def ?? $top_start;
			if ( isset( $guarded_by[ $name ] ) ) {
				continue; // Already "if ( ! defined() )": it will step aside for the block, which runs first.
			}
			$end = self::statement_end( $tokens, $i );
			if ( null === $end ) {
				return self::unguardable( $name, $tokens[ $i ][3] );
			}
			$guards[] = array(
				'name'  => $name,
				'start' => $tokens[ (int) $stmt_start ][2],
				'end'   => $end,
				'line'  => $tokens[ (int) $stmt_start ][3],
			);
		}

		if ( null === $anchor ) {
			return new WP_Error(
				'proxy_health_config_no_anchor',
				__( 'wp-config.php neither requires wp-settings.php nor has the "That\'s all, stop editing" comment, so Proxy Health cannot tell where constants belong and will not edit it.', 'proxy-health' ),
				array( 'status' => 409 )
			);
		}
		$insert_at = null === $first_def ? $anchor : min( $anchor, $first_def );
		return array(
			'insertAt' => self::line_start_if_blank( $bytes, $insert_at ),
			'guards'   => $guards,
		);
	}

	/**
	 * Applies insertions to the original bytes.
	 *
	 * @param list<Insertion> $insertions Insertions (any order).
	 * @return array{bytes: string, ranges: list<array{0: int, 1: int}>} The new bytes and the inserted byte ranges in them.
	 */
	public static function insert( string $bytes, array $insertions ): array {
		usort(
			$insertions,
			static fn( array $a, array $b ): int => array( $a['offset'], $a['order'] ) <=> array( $b['offset'], $b['order'] )
		);
		$out    = '';
		$ranges = array();
		$from   = 0;
		foreach ( $insertions as $insertion ) {
			$out     .= substr( $bytes, $from, $insertion['offset'] - $from );
			$ranges[] = array( strlen( $out ), strlen( $out ) + strlen( $insertion['text'] ) );
			$out     .= $insertion['text'];
			$from     = $insertion['offset'];
		}
		$out .= substr( $bytes, $from );
		return array(
			'bytes'  => $out,
			'ranges' => $ranges,
		);
	}

	/**
	 * Checks an edited source before it is written: it parses (without running), has no bad
	 * characters, its brackets balance, removing the insertions gives the original bytes back,
	 * and every original token outside the insertions is unchanged.
	 *
	 * @since 0.1.0
	 *
	 * @param string                    $original Bytes before the edit.
	 * @param string                    $edited   Bytes after the edit.
	 * @param list<array{0: int, 1: int}> $ranges  Inserted byte ranges in $edited.
	 * @return true|WP_Error
	 */
	public static function validate( string $original, string $edited, array $ranges ) {
		$tokens = self::tokens( $edited );
		if ( $tokens instanceof WP_Error ) {
			return self::invalid( $tokens->get_error_message() );
		}
		$balance = array(
			'(' => 0,
			'[' => 0,
			'{' => 0,
		);
		$kept    = array();
		foreach ( $tokens as list( $type, $text, $offset ) ) {
			if ( T_BAD_CHARACTER === $type ) {
				return self::invalid( __( 'the new text has a character PHP cannot read', 'proxy-health' ) );
			}
			// Only single-character tokens are brackets; "(" inside a string is not.
			if ( ( is_string( $type ) && isset( $balance[ $type ] ) ) || T_CURLY_OPEN === $type || T_DOLLAR_OPEN_CURLY_BRACES === $type ) {
				++$balance[ is_string( $type ) ? $type : '{' ];
			} elseif ( ')' === $type || ']' === $type || '}' === $type ) {
				$open = array(
					')' => '(',
					']' => '[',
					'}' => '{',
				)[ $type ];
				if ( --$balance[ $open ] < 0 ) {
					return self::invalid( __( 'its brackets do not balance', 'proxy-health' ) );
				}
			}
			if ( T_WHITESPACE === $type || self::in_ranges( $offset, $ranges ) ) {
				continue;
			}
			$kept[] = array( $type, $text );
		}
		if ( array( 0, 0, 0 ) !== array_values( $balance ) ) {
			return self::invalid( __( 'its brackets do not balance', 'proxy-health' ) );
		}

		$restored = '';
		$from     = 0;
		foreach ( $ranges as list( $start, $end ) ) {
			$restored .= substr( $edited, $from, $start - $from );
			$from      = $end;
		}
		$restored .= substr( $edited, $from );
		if ( $restored !== $original ) {
			return self::invalid( __( 'the original text would not be kept byte for byte', 'proxy-health' ) );
		}

		$before = self::tokens( $original );
		if ( $before instanceof WP_Error ) {
			return $before;
		}
		$expected = array();
		foreach ( $before as list( $type, $text ) ) {
			if ( T_WHITESPACE !== $type ) {
				$expected[] = array( $type, $text );
			}
		}
		if ( $expected !== $kept ) {
			return self::invalid( __( 'the original statements would not stay the same', 'proxy-health' ) );
		}
		return true;
	}

	private static function invalid( string $why ): WP_Error {
		return new WP_Error(
			'proxy_health_config_invalid',
			/* translators: %s: why the edited wp-config.php was rejected. */
			sprintf( __( 'Proxy Health checked the new wp-config.php before writing it and stopped: %s. Nothing was changed.', 'proxy-health' ), $why ),
			array( 'status' => 409 )
		);
	}

	private static function unguardable( string $name, int $line ): WP_Error {
		return new WP_Error(
			'proxy_health_config_constant_defined',
			/* translators: 1: constant name, 2: line number. */
			sprintf( __( 'wp-config.php defines %1$s on line %2$d in a form Proxy Health cannot override without changing your line; edit that line yourself or remove it. Nothing was changed.', 'proxy-health' ), $name, $line ),
			array(
				'status'   => 409,
				'constant' => $name,
				'line'     => $line,
			)
		);
	}

	/**
	 * @param list<array{0: int, 1: int}> $ranges
	 */
	private static function in_ranges( int $offset, array $ranges ): bool {
		foreach ( $ranges as list( $start, $end ) ) {
			if ( $offset >= $start && $offset < $end ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a `defined()` call at $i is "! defined( … )" or "defined( … ) ||": a guard.
	 */
	private static function is_negated_or_short_circuit( Wp_Config_Tokens $reader, int $i ): bool {
		$tokens = $reader->all();
		$prev   = $reader->prev_code( $i );
		if ( null !== $prev && '!' === $tokens[ $prev ][0] ) {
			return true;
		}
		$depth = 0;
		$count = count( $tokens );
		for ( $j = $i + 1; $j < $count; $j++ ) {
			$type   = $tokens[ $j ][0];
			$depth += '(' === $type ? 1 : ( ')' === $type ? -1 : 0 );
			if ( 0 === $depth && ')' === $type ) {
				$next = $reader->next_code( $j );
				return null !== $next && in_array( $tokens[ $next ][0], array( T_BOOLEAN_OR, T_LOGICAL_OR ), true );
			}
		}
		return false;
	}

	/**
	 * Byte offset just after the ";" ending the statement that holds token $i; null when it
	 * ends with "?>" (wrapping it would put the closing brace into HTML).
	 *
	 * @param list<array{0: int|string, 1: string, 2: int, 3: int}> $tokens
	 */
	private static function statement_end( array $tokens, int $i ): ?int {
		$depth = 0;
		$count = count( $tokens );
		for ( $j = $i; $j < $count; $j++ ) {
			$type = $tokens[ $j ][0];
			if ( T_CLOSE_TAG === $type ) {
				return null;
			}
			if ( in_array( $type, array( '(', '[', '{', T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES ), true ) ) {
				++$depth;
			} elseif ( in_array( $type, array( ')', ']', '}' ), true ) ) {
				--$depth;
			} elseif ( ';' === $type && 0 === $depth ) {
				return $tokens[ $j ][2] + 1;
			}
		}
		return null;
	}

	/**
	 * Whether the statement goes on after a top-level "}" (else, elseif, catch, finally).
	 */
	private static function continues_after_brace( Wp_Config_Tokens $reader, int $i ): bool {
		$next = $reader->next_code( $i );
		return null !== $next && in_array( $reader->all()[ $next ][0], array( T_ELSE, T_ELSEIF, T_CATCH, T_FINALLY ), true );
	}

	/**
	 * Moves an offset to the start of its line when only blanks precede it there, so a block
	 * lands on lines of its own.
	 */
	private static function line_start_if_blank( string $bytes, int $offset ): int {
		$start = $offset;
		while ( $start > 0 && ( ' ' === $bytes[ $start - 1 ] || "\t" === $bytes[ $start - 1 ] ) ) {
			--$start;
		}
		return ( 0 === $start || "\n" === $bytes[ $start - 1 ] || "\r" === $bytes[ $start - 1 ] ) ? $start : $offset;
	}
}
