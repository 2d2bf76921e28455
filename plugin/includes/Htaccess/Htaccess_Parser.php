<?php
/**
 * Reads the redirect rules out of an .htaccess file.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Htaccess;

use ProxyHealth\Redaction\Redactor;

/**
 * Finds mod_alias redirects (Redirect, RedirectMatch, RedirectPermanent, RedirectTemp) and
 * mod_rewrite rules that redirect ([R], [R=30x], or an absolute URL as substitution) with the
 * RewriteConds that guard them, each with its line number. Nothing is evaluated here.
 *
 * @since 0.1.0
 *
 * @phpstan-type Condition array{line: int, test: string, pattern: string, flags: list<string>}
 * @phpstan-type Rule array{file: string, line: int, directive: string, text: string, pattern: string, match: string, target: string, status: int, flags: list<string>, conditions: list<Condition>}
 */
final class Htaccess_Parser {

	/** Longest .htaccess read; anything larger is not a hand-written file. */
	public const MAX_BYTES = 512 * 1024;

	/** Status words Redirect accepts instead of a number. */
	private const STATUS_WORDS = array(
		'permanent' => 301,
		'temp'      => 302,
		'seeother'  => 303,
		'gone'      => 410,
	);

	/**
	 * Parses the text of one file.
	 *
	 * @since 0.1.0
	 *
	 * @param string $contents File contents.
	 * @param string $file     Label the rules carry (e.g. ".htaccess").
	 * @return list<Rule>
	 */
	public static function parse( string $contents, string $file ): array {
		$contents   = (string) preg_replace( '/^\xEF\xBB\xBF/', '', $contents );
		$lines      = preg_split( '/\r\n|\r|\n/', $contents ) ?: array();
		$rules      = array();
		$conditions = array();
		$count      = count( $lines );
		for ( $index = 0; $index < $count; $index++ ) {
			$number = $index + 1;
			$line   = $lines[ $index ];
			// A trailing backslash continues the directive on the next line.
			while ( preg_match( '/\\\\\s*$/', $line ) && $index + 1 < $count ) {
				$line = (string) preg_replace( '/\\\\\s*$/', ' ', $line ) . ltrim( $lines[ ++$index ] );
			}
			$line = trim( $line );
			if ( '' === $line || '#' === $line[0] ) {
				continue;
			}
			$args      = self::split( $line );
			$directive = strtolower( (string) array_shift( $args ) );
			$rule      = null;
			switch ( $directive ) {
				case 'rewritecond':
					if ( count( $args ) >= 2 ) {
						$conditions[] = array(
							'line'    => $number,
							'test'    => $args[0],
							'pattern' => $args[1],
							'flags'   => self::flags( $args[2] ?? '' ),
						);
					}
					break;
				case 'rewriterule':
					$rule       = self::rewrite_rule( $args, $conditions );
					$conditions = array();
					break;
				case 'redirect':
				case 'redirectmatch':
				case 'redirectpermanent':
				case 'redirecttemp':
					$rule = self::alias_rule( $directive, $args );
					break;
				case 'rewriteengine':
				case 'rewritebase':
				case 'rewriteoptions':
					break;
				default:
					// RewriteConds apply to the next RewriteRule only; other directives in between don't reset them.
					break;
			}
			if ( null !== $rule ) {
				$rules[] = array(
					'file' => $file,
					'line' => $number,
					'text' => Redactor::url_anywhere( $line ),
				) + $rule;
			}
		}
		return $rules;
	}

	/**
	 * Splits a directive into arguments, honouring double quotes.
	 *
	 * @return list<string>
	 */
	private static function split( string $line ): array {
		preg_match_all( '/"((?:[^"\\\\]|\\\\.)*)"|(\S+)/', $line, $matches, PREG_SET_ORDER );
		return array_map( static fn( array $m ): string => isset( $m[2] ) && '' !== $m[2] ? $m[2] : stripcslashes( $m[1] ), $matches );
	}

	/**
	 * "[R=301,L,NC]" → ["R=301", "L", "NC"].
	 *
	 * @return list<string>
	 */
	private static function flags( string $raw ): array {
		$raw = trim( $raw );
		if ( '' === $raw || '[' !== $raw[0] ) {
			return array();
		}
		return array_values( array_filter( array_map( 'trim', explode( ',', trim( $raw, '[]' ) ) ), 'strlen' ) );
	}

	/**
	 * @param list<string>    $args       Arguments after RewriteRule.
	 * @param list<Condition> $conditions The RewriteConds just above it.
	 * @return array{directive: string, pattern: string, match: string, target: string, status: int, flags: list<string>, conditions: list<Condition>}|null
	 */
	private static function rewrite_rule( array $args, array $conditions ): ?array {
		if ( count( $args ) < 2 ) {
			return null;
		}
		$flags  = self::flags( $args[2] ?? '' );
		$status = null;
		foreach ( $flags as $flag ) {
			if ( preg_match( '/^(?:R|redirect)(?:=(\w+))?$/i', $flag, $m ) ) {
				$code   = strtolower( $m[1] ?? '' );
				$status = '' === $code ? 302 : ( self::STATUS_WORDS[ $code ] ?? (int) $code );
			}
		}
		// An absolute URL as substitution redirects even without [R] (mod_rewrite makes it external).
		if ( null === $status && preg_match( '#^https?://#i', $args[1] ) ) {
			$status = 302;
		}
		if ( null === $status || $status < 300 || $status > 399 ) {
			return null;
		}
		return array(
			'directive'  => 'RewriteRule',
			'pattern'    => $args[0],
			'match'      => 'regex',
			'target'     => Redactor::url( $args[1] ),
			'status'     => $status,
			'flags'      => $flags,
			'conditions' => array_map(
				static function ( array $condition ): array {
					$condition['test']    = Redactor::url_anywhere( $condition['test'] );
					$condition['pattern'] = Redactor::url_anywhere( $condition['pattern'] );
					return $condition;
				},
				$conditions
			),
		);
	}

	/**
	 * @param string       $directive Lower-case directive.
	 * @param list<string> $args      Arguments after it.
	 * @return array{directive: string, pattern: string, match: string, target: string, status: int, flags: list<string>, conditions: list<Condition>}|null
	 */
	private static function alias_rule( string $directive, array $args ): ?array {
		$names  = array(
			'redirect'          => 'Redirect',
			'redirectmatch'     => 'RedirectMatch',
			'redirectpermanent' => 'RedirectPermanent',
			'redirecttemp'      => 'RedirectTemp',
		);
		$status = 'redirectpermanent' === $directive ? 301 : 302;
		if ( in_array( $directive, array( 'redirect', 'redirectmatch' ), true ) && isset( $args[0] ) ) {
			$word = strtolower( $args[0] );
			if ( isset( self::STATUS_WORDS[ $word ] ) || preg_match( '/^\d{3}$/', $word ) ) {
				$status = self::STATUS_WORDS[ $word ] ?? (int) $word;
				array_shift( $args );
			}
		}
		// Only redirects: "Redirect gone /x" and 4xx/5xx statuses send nobody anywhere.
		if ( count( $args ) < 2 || $status < 300 || $status > 399 ) {
			return null;
		}
		return array(
			'directive'  => $names[ $directive ],
			'pattern'    => $args[0],
			'match'      => 'redirectmatch' === $directive ? 'regex' : 'prefix',
			'target'     => Redactor::url( $args[1] ),
			'status'     => $status,
			'flags'      => array(),
			'conditions' => array(),
		);
	}
}
