<?php
/**
 * PSR-4 style autoloader: ProxyHealth\Foo\Bar_Baz lives in includes/Foo/Bar_Baz.php.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth;

/**
 * Maps the ProxyHealth namespace onto the includes folder.
 *
 * @since 0.1.0
 */
final class Autoloader {

	private const PREFIX = 'ProxyHealth\\';

	/**
	 * Registers the autoloader for classes under the given folder.
	 *
	 * @since 0.1.0
	 *
	 * @param string $base_dir Absolute path of the includes folder.
	 */
	public static function register( string $base_dir ): void {
		spl_autoload_register(
			static function ( string $class_name ) use ( $base_dir ): void {
				if ( 0 !== strncmp( $class_name, self::PREFIX, strlen( self::PREFIX ) ) ) {
					return;
				}
				$relative = substr( $class_name, strlen( self::PREFIX ) );
				$file     = $base_dir . '/' . str_replace( '\\', '/', $relative ) . '.php';
				if ( is_readable( $file ) ) {
					require $file;
				}
			}
		);
	}
}
