<?php
/**
 * A small YAML writer for `--format=yaml`.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI;

/**
 * Writes JSON-shaped data (what the REST routes return) as block-style YAML 1.2.
 *
 * WP-CLI's own YAML output (Spyc, behind WP_CLI::print_value() and the list formatter) is not
 * used: documents here are nested, and this writer quotes every string that YAML could read as
 * another type, so `yes`, `null`, `0755` or `407` stay strings. Strings that need quoting are
 * written as JSON strings, which are valid YAML double-quoted scalars.
 *
 * @since 0.1.0
 */
final class Yaml {

	/** Words YAML 1.1 or 1.2 readers turn into booleans or null. */
	/** Stands for an empty object while writing. */
	private const EMPTY_MAP = "\0{}";

	private const RESERVED = array( 'true', 'false', 'yes', 'no', 'on', 'off', 'y', 'n', 'null', '~' );

	/**
	 * The document, starting with `---` and ending with a newline.
	 *
	 * @since 0.1.0
	 *
	 * @param mixed $value JSON-shaped value (arrays, strings, numbers, booleans, null).
	 */
	public static function dump( $value ): string {
		$value = self::plain( $value );
		if ( is_array( $value ) && array() !== $value ) {
			return "---\n" . self::block( $value, 0 );
		}
		return "---\n" . self::scalar( $value ) . "\n";
	}

	/**
	 * Objects (stdClass, used where JSON needs `{}` even when empty) become maps; an empty
	 * object becomes the marker self::EMPTY_MAP so that it is written as `{}`, as JSON has it.
	 *
	 * @param mixed $value JSON-shaped value.
	 * @return mixed
	 */
	private static function plain( $value ) {
		if ( $value instanceof \JsonSerializable ) {
			$value = $value->jsonSerialize();
		}
		if ( is_object( $value ) ) {
			$value = get_object_vars( $value );
			if ( array() === $value ) {
				return self::EMPTY_MAP;
			}
			// Numeric keys of an object stay keys: "0" is a map key, not a list index.
			$map = array();
			foreach ( $value as $key => $item ) {
				$map[ "\0" . $key ] = self::plain( $item );
			}
			return $map;
		}
		if ( is_array( $value ) ) {
			return array_map( array( self::class, 'plain' ), $value );
		}
		return $value;
	}

	/**
	 * A non-empty list or map at an indentation.
	 *
	 * @param array<int|string, mixed> $value  List or map.
	 * @param int                      $indent Spaces before each line.
	 */
	private static function block( array $value, int $indent ): string {
		$pad  = str_repeat( ' ', $indent );
		$out  = '';
		$list = self::is_list( $value );
		foreach ( $value as $key => $item ) {
			// Keys of objects carry a leading NUL (see plain()) so that PHP keeps them as strings.
			$lead = $list ? $pad . '-' : $pad . self::key( ltrim( (string) $key, "\0" ) ) . ':';
			if ( ! is_array( $item ) || array() === $item ) {
				$out .= $lead . ' ' . self::scalar( $item ) . "\n";
			} elseif ( $list && ! self::is_list( $item ) ) {
				// "- key: value" with the map's other keys aligned under the first.
				$out .= $lead . ' ' . ltrim( self::block( $item, $indent + 2 ) );
			} else {
				$out .= $lead . "\n" . self::block( $item, $indent + 2 );
			}
		}
		return $out;
	}

	/**
	 * @param mixed $value Scalar, null or an empty array.
	 */
	private static function scalar( $value ): string {
		if ( null === $value ) {
			return 'null';
		}
		if ( self::EMPTY_MAP === $value ) {
			return '{}';
		}
		if ( is_bool( $value ) ) {
			return $value ? 'true' : 'false';
		}
		if ( is_int( $value ) ) {
			return (string) $value;
		}
		if ( is_float( $value ) ) {
			return (string) wp_json_encode( $value );
		}
		if ( is_array( $value ) ) {
			// json_encode() writes an empty PHP array as [], as the REST API does.
			return '[]';
		}
		return self::string( (string) $value );
	}

	/**
	 * @param string $key Map key.
	 */
	private static function key( string $key ): string {
		return self::string( $key );
	}

	/**
	 * A string, plain when no YAML reader could take it for anything else.
	 *
	 * @param string $value String.
	 */
	private static function string( string $value ): string {
		$plain = 1 === preg_match( '#^[A-Za-z_/.][A-Za-z0-9_./@()+-]*(?: [A-Za-z0-9_./@()+-]+)*$#', $value )
			&& ! in_array( strtolower( $value ), self::RESERVED, true )
			&& ! is_numeric( $value )
			&& 1 !== preg_match( '/^\.(?:inf|nan)$/i', $value );
		if ( $plain ) {
			return $value;
		}
		return (string) wp_json_encode( $value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
	}

	/**
	 * @param array<int|string, mixed> $value Array.
	 */
	private static function is_list( array $value ): bool {
		return array_keys( $value ) === range( 0, count( $value ) - 1 );
	}
}
