<?php
/**
 * What wp-config.php says about the proxy, read with PHP's tokenizer.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint;

use ProxyHealth\Config\Wp_Config_Tokens;
use ProxyHealth\Proxy\Proxy_Config;

/**
 * Finds the WP_PROXY_* definitions of a wp-config.php source and the line that requires
 * wp-settings.php, without executing anything, through the reader the wp-config.php editor
 * uses too (Config\Wp_Config_Tokens). Comments are not code, so a commented-out define is
 * not a definition.
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
		$names         = array_values( Proxy_Config::CONSTANTS );
		$reader        = Wp_Config_Tokens::read( $source );
		$tokens        = $reader->all();
		$settings_line = null;
		$definitions   = array();
		$depth         = 0;
		for ( $i = $reader->next_code( -1 ); null !== $i; $i = $reader->next_code( $i ) ) {
			$type = $tokens[ $i ][0];
			if ( is_string( $type ) ) {
				$depth += '{' === $type ? 1 : ( '}' === $type ? -1 : 0 );
				continue;
			}
			if ( T_CURLY_OPEN === $type || T_DOLLAR_OPEN_CURLY_BRACES === $type ) {
				++$depth;
				continue;
			}
			if ( Wp_Config_Tokens::is_require( $type ) ) {
				if ( null === $settings_line && $reader->requires_settings( $i ) ) {
					$settings_line = $tokens[ $i ][3];
				}
				continue;
			}
			$definition = self::define_at( $reader, $i ) ?? ( 0 === $depth ? self::const_at( $reader, $i ) : null );
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
	 * @param Wp_Config_Tokens $reader Tokens.
	 * @param int              $i      Position.
	 * @return ProxyDefinition|null
	 */
	private static function define_at( Wp_Config_Tokens $reader, int $i ): ?array {
		$call = $reader->constant_call( $i, 'define' );
		if ( null === $call || ',' !== $reader->all()[ $call['after'] ][0] ) {
			return null;
		}
		return array(
			'name'    => $call['name'],
			'line'    => $reader->all()[ $i ][3],
			'form'    => 'define',
			'literal' => self::single_literal( $reader, $reader->next_code( $call['after'] ), ')' ),
		);
	}

	/**
	 * `const NAME = value;` at the top level, starting at $i.
	 *
	 * @param Wp_Config_Tokens $reader Tokens.
	 * @param int              $i      Position.
	 * @return ProxyDefinition|null
	 */
	private static function const_at( Wp_Config_Tokens $reader, int $i ): ?array {
		$tokens = $reader->all();
		if ( T_CONST !== $tokens[ $i ][0] ) {
			return null;
		}
		$name   = $reader->next_code( $i );
		$equals = null === $name ? null : $reader->next_code( $name );
		if ( null === $equals || T_STRING !== $tokens[ $name ][0] || '=' !== $tokens[ $equals ][0] ) {
			return null;
		}
		return array(
			'name'    => $tokens[ $name ][1],
			'line'    => $tokens[ $i ][3],
			'form'    => 'const',
			'literal' => self::single_literal( $reader, $reader->next_code( $equals ), ';' ),
		);
	}

	/**
	 * The source text of a value that is one literal (string or number), else null.
	 *
	 * @param Wp_Config_Tokens $reader Tokens.
	 * @param int|null         $i      First token of the value.
	 * @param string           $end    Token that must follow it.
	 */
	private static function single_literal( Wp_Config_Tokens $reader, ?int $i, string $end ): ?string {
		if ( null === $i ) {
			return null;
		}
		$value = $reader->all()[ $i ];
		if ( ! in_array( $value[0], array( T_CONSTANT_ENCAPSED_STRING, T_LNUMBER ), true ) ) {
			return null;
		}
		$next = $reader->next_code( $i );
		return null !== $next && $end === $reader->all()[ $next ][0] ? $value[1] : null;
	}
}
