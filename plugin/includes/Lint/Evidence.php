<?php
/**
 * Evidence lines shared by the checks.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint;

use ProxyHealth\Proxy\Proxy_Config;

/**
 * Formats the values a finding rests on. Values come from Proxy_Config, which never holds the
 * password, so the password cannot end up here.
 *
 * @since 0.1.0
 */
final class Evidence {

	/**
	 * "WP_PROXY_HOST = 'http://proxy' (wp-config.php line 31)".
	 *
	 * @since 0.1.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @param string       $field   Proxy_Config field (host, port, username, bypassHosts).
	 */
	public static function constant( Lint_Context $context, string $field ): string {
		$name  = Proxy_Config::CONSTANTS[ $field ];
		$value = self::raw( $context, $field );
		if ( null === $value ) {
			$line = sprintf( '%s is not defined', $name );
		} elseif ( 'bypassHosts' === $field ) {
			// The entries as WordPress splits them, so stray spaces and empty entries show.
			$entries = array_map( array( self::class, 'quote' ), (array) $context->proxy()->to_array()['bypassHosts'] );
			$line    = sprintf( '%s entries: %s', $name, implode( ', ', $entries ) );
		} else {
			$line = sprintf( '%s = %s', $name, self::quote( $value ) );
		}
		return $line . self::where( $context, $name );
	}

	/**
	 * The value of a field as WordPress sees it (a string), or null when undefined.
	 *
	 * @since 0.1.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @param string       $field   Proxy_Config field other than password.
	 */
	public static function raw( Lint_Context $context, string $field ): ?string {
		$shape = $context->proxy()->to_array();
		if ( 'bypassHosts' === $field ) {
			return null === $shape['bypassHosts'] ? null : implode( ',', $shape['bypassHosts'] );
		}
		$value = $shape[ $field ] ?? null;
		return is_string( $value ) ? $value : null;
	}

	/**
	 * " (wp-config.php line 31)" when the constant is defined there, else "".
	 *
	 * @since 0.1.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @param string       $name    Constant name.
	 */
	public static function where( Lint_Context $context, string $name ): string {
		$scan       = $context->wp_config();
		$definition = null === $scan ? null : $scan->definition( $name );
		return null === $definition ? '' : sprintf( ' (%s line %d)', $context->wp_config_name(), $definition['line'] );
	}

	/**
	 * A value in single quotes, control characters escaped.
	 *
	 * @since 0.1.0
	 *
	 * @param string $value Any value.
	 */
	public static function quote( string $value ): string {
		return "'" . self::printable( $value ) . "'";
	}

	/**
	 * Control characters shown as escapes, so a tab or newline in a value is visible.
	 *
	 * @since 0.1.0
	 *
	 * @param string $value Any value.
	 */
	public static function printable( string $value ): string {
		return addcslashes( $value, "\0..\37\177" );
	}
}
