<?php
/**
 * Who a PHP file belongs to: a plugin, a must-use plugin, a theme, a drop-in or core.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Hooks;

/**
 * Attributes files by their real path, so symlinked plugins and themes (common on development
 * and managed hosts) are still named by the folder WordPress loads them from.
 *
 * @since 0.1.0
 *
 * @phpstan-type Owner array{type: 'plugin'|'mu-plugin'|'theme'|'core'|'drop-in'|'unknown', slug: string|null, file: string|null, line: int|null}
 */
final class Owner_Resolver {

	/** Files WordPress loads from wp-content itself (see _get_dropins()). */
	private const DROP_INS = array(
		'advanced-cache.php',
		'db.php',
		'db-error.php',
		'install.php',
		'maintenance.php',
		'object-cache.php',
		'php-error.php',
		'fatal-error-handler.php',
		'sunrise.php',
		'blog-deleted.php',
		'blog-inactive.php',
		'blog-suspended.php',
	);

	/**
	 * Real path prefix (with trailing slash) => [ type, slug or null to take the first path
	 * segment, path shown to the user for that prefix ]. Longest prefixes first.
	 *
	 * @var array<string, array{0: string, 1: string|null, 2: string}>
	 */
	private array $roots = array();

	private string $content_real;

	private string $core_real;

	public function __construct() {
		$this->content_real = self::real_dir( WP_CONTENT_DIR );
		$this->core_real    = self::real_dir( ABSPATH );

		$this->add_root( WPMU_PLUGIN_DIR, 'mu-plugin', null );
		$this->add_root( WP_PLUGIN_DIR, 'plugin', null );
		$this->add_entries( WP_PLUGIN_DIR, 'plugin' );
		foreach ( self::theme_roots() as $theme_root ) {
			$this->add_root( $theme_root, 'theme', null );
			$this->add_entries( $theme_root, 'theme' );
		}
		uksort( $this->roots, static fn( string $a, string $b ): int => strlen( $b ) <=> strlen( $a ) );
	}

	/**
	 * The owner of a file, with the file shown relative to WP_CONTENT_DIR (plugins, themes,
	 * drop-ins) or ABSPATH (core).
	 *
	 * @since 0.1.0
	 *
	 * @param string|null $file Absolute path from Reflection; null for PHP's own functions.
	 * @param int|null    $line Line of the declaration.
	 * @return Owner
	 */
	public function owner_of( ?string $file, ?int $line ): array {
		if ( null === $file || '' === $file ) {
			return array(
				'type' => 'unknown',
				'slug' => null,
				'file' => null,
				'line' => null,
			);
		}
		$real = realpath( $file );
		$real = false === $real ? $file : $real;

		foreach ( $this->roots as $prefix => list( $type, $slug, $shown ) ) {
			if ( 0 !== strncmp( $real, $prefix, strlen( $prefix ) ) ) {
				continue;
			}
			$rest = substr( $real, strlen( $prefix ) );
			if ( null === $slug ) {
				$first = explode( '/', $rest )[0];
				// A single-file plugin is named by its file, as WordPress names it.
				$slug = str_ends_with( $first, '.php' ) ? substr( $first, 0, -4 ) : $first;
			}
			return array(
				'type' => $type,
				'slug' => $slug,
				'file' => $shown . $rest,
				'line' => $line,
			);
		}

		if ( 0 === strncmp( $real, $this->content_real, strlen( $this->content_real ) ) ) {
			$rest = substr( $real, strlen( $this->content_real ) );
			$is_drop_in = in_array( $rest, self::DROP_INS, true );
			return array(
				'type' => $is_drop_in ? 'drop-in' : 'unknown',
				'slug' => $is_drop_in ? substr( $rest, 0, -4 ) : null,
				'file' => $rest,
				'line' => $line,
			);
		}
		if ( 0 === strncmp( $real, $this->core_real, strlen( $this->core_real ) ) ) {
			$rest    = substr( $real, strlen( $this->core_real ) );
			$is_core = str_starts_with( $rest, 'wp-includes/' ) || str_starts_with( $rest, 'wp-admin/' ) || ! str_contains( $rest, '/' );
			return array(
				'type' => $is_core ? 'core' : 'unknown',
				'slug' => null,
				'file' => $rest,
				'line' => $line,
			);
		}
		return array(
			'type' => 'unknown',
			'slug' => null,
			'file' => $real,
			'line' => $line,
		);
	}

	/**
	 * Registers a folder under wp-content whose first path segment names the owner.
	 */
	private function add_root( string $dir, string $type, ?string $slug ): void {
		$real = self::real_dir( $dir );
		if ( '/' === $real ) {
			return;
		}
		$this->roots[ $real ] = array( $type, $slug, $this->shown_prefix( $dir ) );
	}

	/**
	 * Registers each entry of a plugins or themes folder by its real path, so a symlinked
	 * plugin is still named by its folder there.
	 */
	private function add_entries( string $dir, string $type ): void {
		$entries = is_dir( $dir ) ? scandir( $dir ) : false;
		if ( false === $entries ) {
			return;
		}
		foreach ( $entries as $entry ) {
			if ( '.' === $entry[0] || ! is_link( $dir . '/' . $entry ) ) {
				continue;
			}
			$target = realpath( $dir . '/' . $entry );
			if ( false === $target ) {
				continue;
			}
			$shown = $this->shown_prefix( $dir ) . $entry;
			if ( is_dir( $target ) ) {
				$this->roots[ rtrim( $target, '/' ) . '/' ] = array( $type, $entry, $shown . '/' );
			} elseif ( str_ends_with( $entry, '.php' ) ) {
				// A symlinked single-file plugin: the whole "prefix" is the file itself.
				$this->roots[ $target ] = array( $type, substr( $entry, 0, -4 ), $shown );
			}
		}
	}

	/**
	 * How a folder is shown: relative to WP_CONTENT_DIR when inside it.
	 */
	private function shown_prefix( string $dir ): string {
		$dir     = rtrim( wp_normalize_path( $dir ), '/' ) . '/';
		$content = rtrim( wp_normalize_path( WP_CONTENT_DIR ), '/' ) . '/';
		return str_starts_with( $dir, $content ) ? substr( $dir, strlen( $content ) ) : $dir;
	}

	/**
	 * @return list<string>
	 */
	private static function theme_roots(): array {
		global $wp_theme_directories;
		$roots = is_array( $wp_theme_directories ) && array() !== $wp_theme_directories ? $wp_theme_directories : array( get_theme_root() );
		return array_values( array_filter( $roots, 'is_string' ) );
	}

	/**
	 * Real path of a folder with one trailing slash ("/" when it does not exist).
	 */
	private static function real_dir( string $dir ): string {
		$real = realpath( $dir );
		return rtrim( false === $real ? $dir : $real, '/' ) . '/';
	}
}
