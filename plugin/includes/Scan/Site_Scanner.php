<?php
/**
 * The static scan of the site's own code: active plugins, must-use plugins, the active theme.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Scan;

use ProxyHealth\Compat\Php_Tokens;

/**
 * Reads PHP files with the tokenizer (nothing is included or run) and ranks the components
 * whose code touches HTTP or proxies, in the CLI scan's JSON shape (`proxy-health scan`).
 * Bounded by files, bytes per file and time; a file it cannot read or parse becomes a problem,
 * never an error. Paths in the report are relative to wp-content (plugins/…, themes/…).
 *
 * @since 0.1.0
 *
 * @phpstan-type Component array{type: 'plugin'|'mu-plugin'|'theme', slug: string, root: string, prefix: string, path: string, single: bool}
 * @phpstan-type Suspect_Hit array{code: string, weight: int, file: string, line: int, detail: string}
 * @phpstan-type Suspect array{type: string, slug: string, score: int, hits: list<Suspect_Hit>}
 * @phpstan-type Problem array{file: string, line: int|null, reason: 'parse_error'|'too_large'|'unreadable', message: string}
 * @phpstan-type Report array{suspects: list<Suspect>, problems: list<Problem>, filesScanned: int, truncated: bool, elapsedMs: int}
 */
final class Site_Scanner {

	/** Default bounds: the scan runs inside a REST request (and at the start of a bisection). */
	public const MAX_FILES   = 5000;
	public const MAX_SECONDS = 8.0;

	private int $max_files;

	private int $max_file_bytes;

	private float $max_seconds;

	/**
	 * @param int|null   $max_files      Stop after this many PHP files.
	 * @param int|null   $max_file_bytes Larger files are reported, not read (scan-patterns.json's maxFileBytes).
	 * @param float|null $max_seconds    Stop after this long.
	 */
	public function __construct( ?int $max_files = null, ?int $max_file_bytes = null, ?float $max_seconds = null ) {
		$this->max_files      = $max_files ?? self::MAX_FILES;
		$this->max_file_bytes = $max_file_bytes ?? (int) ( Pattern_Set::data()['maxFileBytes'] ?? 1048576 );
		$this->max_seconds    = $max_seconds ?? self::MAX_SECONDS;
	}

	/**
	 * Scans what this site runs: the active plugins (Proxy Health left out), every must-use
	 * plugin (its own sandbox loader left out) and the active theme with its parent.
	 *
	 * @since 0.1.0
	 *
	 * @return Report
	 */
	public function scan_site(): array {
		return $this->scan( self::site_components() );
	}

	/**
	 * The components this site loads.
	 *
	 * @since 0.1.0
	 *
	 * @return list<Component>
	 */
	public static function site_components(): array {
		$components = array();
		foreach ( Site_Plugins::under_test() as $plugin ) {
			$dir          = dirname( $plugin );
			$components[] = '.' === $dir
				? self::component( 'plugin', (string) preg_replace( '/\.php$/', '', $plugin ), WP_PLUGIN_DIR, 'plugins', $plugin, true )
				: self::component( 'plugin', explode( '/', $dir )[0], WP_PLUGIN_DIR, 'plugins', explode( '/', $dir )[0], false );
		}
		$entries = is_dir( WPMU_PLUGIN_DIR ) ? (array) scandir( WPMU_PLUGIN_DIR ) : array();
		foreach ( $entries as $entry ) {
			$entry = (string) $entry;
			if ( '' === $entry || '.' === $entry[0] || Site_Plugins::SANDBOX_LOADER === $entry ) {
				continue;
			}
			// WordPress loads only top-level files from mu-plugins; subfolders hold their code.
			if ( is_dir( WPMU_PLUGIN_DIR . '/' . $entry ) ) {
				$components[] = self::component( 'mu-plugin', $entry, WPMU_PLUGIN_DIR, 'mu-plugins', $entry, false );
			} elseif ( str_ends_with( $entry, '.php' ) ) {
				$components[] = self::component( 'mu-plugin', substr( $entry, 0, -4 ), WPMU_PLUGIN_DIR, 'mu-plugins', $entry, true );
			}
		}
		foreach ( array_unique( array( get_stylesheet(), get_template() ) ) as $theme ) {
			$theme = (string) $theme;
			if ( '' !== $theme ) {
				$components[] = self::component( 'theme', $theme, (string) get_theme_root( $theme ), 'themes', $theme, false );
			}
		}
		return $components;
	}

	/**
	 * One component to scan.
	 *
	 * @since 0.1.0
	 *
	 * @param string $type   plugin, mu-plugin or theme.
	 * @param string $slug   Folder, or file name without .php for a single file.
	 * @param string $root   Absolute folder that holds it (never reported).
	 * @param string $prefix How that folder is named in the report, e.g. "plugins".
	 * @param string $path   The folder or file below $root.
	 * @param bool   $single Only that one file.
	 * @return Component
	 */
	public static function component( string $type, string $slug, string $root, string $prefix, string $path, bool $single ): array {
		return array(
			'type'   => $type,
			'slug'   => $slug,
			'root'   => rtrim( $root, '/\\' ),
			'prefix' => $prefix,
			'path'   => $path,
			'single' => $single,
		);
	}

	/**
	 * Scans components and ranks them, most likely first (score, then slug); components
	 * without hits are left out.
	 *
	 * @since 0.1.0
	 *
	 * @param list<Component> $components What to scan.
	 * @return Report
	 */
	public function scan( array $components ): array {
		$started = microtime( true );
		// PHP built without the tokenizer extension (rare): nothing can be read, say so by
		// `truncated` rather than fail the bisection that asked.
		if ( ! Php_Tokens::available() ) {
			return array(
				'suspects'     => array(),
				'problems'     => array(),
				'filesScanned' => 0,
				'truncated'    => true,
				'elapsedMs'    => 0,
			);
		}
		$finder   = new Pattern_Finder();
		$suspects = array();
		$problems = array();
		$seen     = array();
		$files    = 0;
		$stopped  = false;
		foreach ( $components as $component ) {
			$hits  = array();
			$start = $component['root'] . '/' . $component['path'];
			$list  = $component['single'] ? ( is_file( $start ) ? array( $start ) : array() ) : $this->php_files( $start, $seen );
			foreach ( $list as $file ) {
				if ( $files >= $this->max_files || microtime( true ) - $started > $this->max_seconds ) {
					$stopped = true;
					break;
				}
				++$files;
				$shown = $component['prefix'] . '/' . ltrim( substr( $file, strlen( $component['root'] ) ), '/\\' );
				$size  = is_readable( $file ) ? filesize( $file ) : false;
				if ( false !== $size && $size > $this->max_file_bytes ) {
					$problems[] = self::problem(
						$shown,
						null,
						'too_large',
						/* translators: %d: size limit in bytes. */
						sprintf( __( 'larger than %d bytes; not scanned', 'proxy-health' ), $this->max_file_bytes )
					);
					continue;
				}
				$source = false === $size ? false : file_get_contents( $file ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local PHP file of an installed plugin or theme, read to tokenize it, never run.
				if ( false === $source ) {
					$problems[] = self::problem( $shown, null, 'unreadable', __( 'cannot read', 'proxy-health' ) );
					continue;
				}
				try {
					foreach ( $finder->find( $source ) as $hit ) {
						$hits[] = array(
							'code'   => $hit['code'],
							'weight' => Pattern_Set::weight( $hit['code'] ),
							'file'   => $shown,
							'line'   => $hit['line'],
							'detail' => $hit['detail'],
						);
					}
				} catch ( \Error $error ) {
					// ParseError and CompileError from TOKEN_PARSE: the file is not valid PHP.
					$problems[] = self::problem( $shown, $error->getLine(), 'parse_error', self::without_literals( $error->getMessage() ) );
				}
			}
			if ( array() !== $hits ) {
				usort( $hits, static fn( array $a, array $b ): int => array( $b['weight'], $a['file'], $a['line'] ) <=> array( $a['weight'], $b['file'], $b['line'] ) );
				$suspects[] = array(
					'type'  => $component['type'],
					'slug'  => $component['slug'],
					'score' => Pattern_Set::score( $hits ),
					'hits'  => $hits,
				);
			}
			if ( $stopped ) {
				break;
			}
		}
		usort( $suspects, static fn( array $a, array $b ): int => array( $b['score'], $a['slug'] ) <=> array( $a['score'], $b['slug'] ) );
		return array(
			'suspects'     => $suspects,
			'problems'     => $problems,
			'filesScanned' => $files,
			'truncated'    => $stopped,
			'elapsedMs'    => (int) round( ( microtime( true ) - $started ) * 1000 ),
		);
	}

	/**
	 * PHP files below a folder, sorted, following symlinked folders but never one folder twice.
	 *
	 * @param string              $dir  Folder.
	 * @param array<string, true> $seen Real paths already walked.
	 * @return \Generator<int, string>
	 */
	private function php_files( string $dir, array &$seen ): \Generator {
		$real = realpath( $dir );
		if ( false === $real || isset( $seen[ $real ] ) || ! is_dir( $real ) ) {
			return;
		}
		$seen[ $real ] = true;
		$entries       = scandir( $dir );
		if ( false === $entries ) {
			return;
		}
		$skip = Pattern_Set::names( 'skipDirs' );
		usort( $entries, 'strcmp' );
		foreach ( $entries as $entry ) {
			if ( '.' === $entry || '..' === $entry ) {
				continue;
			}
			$full = $dir . '/' . $entry;
			if ( is_dir( $full ) ) {
				if ( ! in_array( strtolower( $entry ), $skip, true ) ) {
					yield from $this->php_files( $full, $seen );
				}
			} elseif ( str_ends_with( strtolower( $entry ), '.php' ) && is_file( $full ) ) {
				yield $full;
			}
		}
	}

	/**
	 * A parse error's message without the string literal PHP quotes in it (`unexpected
	 * single-quoted string "…"`): a broken line may hold a password.
	 *
	 * @since 0.1.0
	 *
	 * @param string $message ParseError message.
	 */
	public static function without_literals( string $message ): string {
		return (string) preg_replace( '/\b(string(?: content)?) ".*?"(?=, expecting |$)/s', '$1 "…"', $message );
	}

	/**
	 * @return Problem
	 */
	private static function problem( string $file, ?int $line, string $reason, string $message ): array {
		return array(
			'file'    => $file,
			'line'    => $line,
			'reason'  => $reason,
			'message' => $message,
		);
	}
}
