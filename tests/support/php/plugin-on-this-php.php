<?php
/**
 * What the plugin's PHP does on whatever PHP runs this script, as JSON, without WordPress:
 * every plugin file parses (TOKEN_PARSE), every ProxyHealth class compiles (loaded with empty
 * stand-ins for WordPress, WP-CLI and Requests classes), the static scan's hits on every
 * fixture plugin, and the wp-config.php walkers' reading of one config. Run on PHP 7.4 and on
 * the system PHP by tests/integration/php74-compat.test.ts, which compares the two.
 *
 * Usage: php plugin-on-this-php.php <project root>
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

// phpcs:disable -- a test harness outside the plugin: polyfills and stand-ins as WordPress would provide them.

$root = $argv[1];
$out  = array(
	'php'   => PHP_VERSION,
	'parse' => array(),
	'load'  => array(),
);

// What WordPress polyfills in wp-includes/compat.php.
if ( ! function_exists( 'str_contains' ) ) {
	function str_contains( string $haystack, string $needle ): bool {
		return '' === $needle || false !== strpos( $haystack, $needle );
	}
}
if ( ! function_exists( 'str_starts_with' ) ) {
	function str_starts_with( string $haystack, string $needle ): bool {
		return 0 === strncmp( $haystack, $needle, strlen( $needle ) );
	}
}
if ( ! function_exists( 'str_ends_with' ) ) {
	function str_ends_with( string $haystack, string $needle ): bool {
		return '' === $needle || substr( $haystack, -strlen( $needle ) ) === $needle;
	}
}
if ( ! function_exists( 'array_is_list' ) ) {
	function array_is_list( array $a ): bool {
		return array_values( $a ) === $a;
	}
}
function __( string $text ): string {
	return $text;
}
function apply_filters( string $hook, $value ) {
	return $value;
}
define( 'ABSPATH', sys_get_temp_dir() . '/' );

$classes = array();
$files   = new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $root . '/plugin', FilesystemIterator::SKIP_DOTS ) );
foreach ( $files as $file ) {
	$path = $file->getPathname();
	if ( 'php' !== $file->getExtension() || false !== strpos( $path, '/build/' ) ) {
		continue;
	}
	try {
		token_get_all( (string) file_get_contents( $path ), TOKEN_PARSE );
	} catch ( ParseError $error ) {
		$out['parse'][] = substr( $path, strlen( $root ) + 1 ) . ':' . $error->getLine() . ' ' . $error->getMessage();
	}
	if ( false !== strpos( $path, '/plugin/includes/' ) ) {
		$classes[] = 'ProxyHealth\\' . str_replace( '/', '\\', substr( $path, strlen( $root . '/plugin/includes/' ), -4 ) );
	}
}
sort( $classes );

spl_autoload_register(
	static function ( string $name ) use ( $root ): void {
		if ( 0 === strpos( $name, 'ProxyHealth\\' ) ) {
			$file = $root . '/plugin/includes/' . str_replace( '\\', '/', substr( $name, 12 ) ) . '.php';
			if ( is_file( $file ) ) {
				require $file;
			}
			return;
		}
		// An empty stand-in, so that only the plugin's own declarations are compiled.
		$namespace = '';
		$short     = $name;
		$at        = strrpos( $name, '\\' );
		if ( false !== $at ) {
			$namespace = substr( $name, 0, $at );
			$short     = substr( $name, $at + 1 );
		}
		$kind = preg_match( '/Interface$/', $short ) ? 'interface' : 'abstract class';
		eval( ( '' !== $namespace ? "namespace $namespace; " : '' ) . "$kind $short {}" );
	}
);
foreach ( $classes as $class ) {
	try {
		if ( ! class_exists( $class ) && ! interface_exists( $class ) && ! trait_exists( $class ) ) {
			$out['load'][] = "$class: not declared by its file";
		}
	} catch ( Throwable $error ) {
		$out['load'][] = "$class: " . get_class( $error ) . ' ' . $error->getMessage();
	}
}

$sources = array();
foreach ( array( '/tests/fixtures/plugins', '/tests/fixtures/scan' ) as $dir ) {
	$files = new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $root . $dir, FilesystemIterator::SKIP_DOTS ) );
	foreach ( $files as $file ) {
		if ( 'php' === $file->getExtension() ) {
			$sources[] = $file->getPathname();
		}
	}
}
sort( $sources );
$out['scan'] = array();
foreach ( $sources as $path ) {
	try {
		$found = ( new ProxyHealth\Scan\Pattern_Finder() )->find( (string) file_get_contents( $path ) );
	} catch ( Throwable $error ) {
		// PHP's own message differs between versions; the class and line do not.
		$found = get_class( $error ) . ' at line ' . $error->getLine();
	}
	$out['scan'][ substr( $path, strlen( $root ) + 1 ) ] = $found;
}

$config        = "<?php\n\\define( 'WP_PROXY_HOST', 'proxy.example' );\ndefine( 'WP_PROXY_PORT', '3128' );\n\$x->define( 'WP_PROXY_USERNAME', 'no' );\nFoo\\Bar::define( 'WP_PROXY_PASSWORD', 'no' );\nrequire_once ABSPATH . 'wp-settings.php';\n";
$scan          = ProxyHealth\Lint\Wp_Config_Scan::from_source( $config );
$out['config'] = array(
	'definitions' => array_map( array( $scan, 'definition' ), array( 'WP_PROXY_HOST', 'WP_PROXY_PORT', 'WP_PROXY_USERNAME', 'WP_PROXY_PASSWORD' ) ),
	'plan'        => ProxyHealth\Config\Config_Source::plan( $config, array( 'WP_PROXY_HOST', 'WP_PROXY_PORT' ) ),
);

echo json_encode( $out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES ), "\n";
