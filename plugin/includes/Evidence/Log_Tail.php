<?php
/**
 * The last lines of the logs that hold evidence, inside allowed folders only, redacted.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Evidence;

use ProxyHealth\Config\Private_Dir;
use ProxyHealth\Redaction\Redactor;
use WP_Error;

/**
 * Reads the session's debug.log, PHP's `error_log` and server logs an admin listed. A path is
 * read only when its real path (symlinks and ".." resolved) lies inside an allowed root:
 * ABSPATH, WP_CONTENT_DIR, the private folder, or (for listed server logs) one of the server
 * log folders.
 *
 * @since 0.1.0
 *
 * @phpstan-type Log array{file: string, lines: list<string>, skipped?: 'outside_allowed_roots'|'missing'|'unreadable'}
 */
final class Log_Tail {

	/** Server log paths an admin listed; not autoloaded. */
	public const SERVER_LOGS_OPTION = 'proxy_health_server_logs';

	public const DEFAULT_BYTES = 16384;
	public const MAX_BYTES     = 65536;

	/** What a session debug log this plugin created is called (Evidence_Session::start_locked()). */
	public const SESSION_LOG_NAME = '/^debug-[a-f0-9]{16}\.log\z/';

	/** File names read as logs: "…log", "…log.1", "…log.txt" ("debug.log", "error_log", "php_errors.log"). */
	private const LOG_NAME = '/log(?:\.\d+)?(?:\.txt)?$/i';

	/** Constants whose values no log line may show. */
	private const SECRET_CONSTANTS = array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' );

	/** Where web servers and PHP-FPM keep their logs on common systems. */
	private const SERVER_LOG_ROOTS = array(
		'/var/log/nginx',
		'/var/log/apache2',
		'/var/log/httpd',
		'/var/log/php-fpm',
		'/var/log/php',
		'/usr/local/var/log',
	);

	/**
	 * Tails of every evidence log.
	 *
	 * @since 0.1.0
	 *
	 * @param string $session_log The current or last session's debug log ('' for none).
	 * @return list<Log>
	 */
	public static function collect( string $session_log, int $bytes = self::DEFAULT_BYTES ): array {
		$roots      = self::site_roots();
		$candidates = array();
		$logs       = array();
		if ( '' === $session_log ) {
			// The last session's log was deleted when it ended; its redacted tail was kept.
			$kept = self::kept_tail( $bytes );
			if ( null !== $kept ) {
				$logs[] = $kept;
			}
		} else {
			// The path comes from an option: only a debug log this plugin named in its private folder is read.
			$private      = self::session_log_root( $session_log );
			$candidates[] = array( $session_log, null === $private ? array() : array( $private ) );
		}
		$php_log = (string) ini_get( 'error_log' );
		if ( '' !== $php_log && 'syslog' !== $php_log && str_starts_with( $php_log, '/' ) && 1 === preg_match( self::LOG_NAME, basename( $php_log ) ) ) {
			$candidates[] = array( $php_log, array_merge( $roots, self::server_roots() ) );
		}
		foreach ( self::server_logs() as $server_log ) {
			$candidates[] = array( $server_log, self::server_roots() );
		}

		$seen = array();
		foreach ( $candidates as list( $path, $allowed ) ) {
			$real = realpath( $path );
			$key  = false === $real ? $path : $real;
			if ( isset( $seen[ $key ] ) ) {
				continue;
			}
			$seen[ $key ] = true;
			$logs[]       = self::tail( $path, $bytes, $allowed );
		}
		return $logs;
	}

	/**
	 * The last bytes of one file, as redacted lines.
	 *
	 * @since 0.1.0
	 *
	 * @param list<string> $roots Allowed folders (real paths).
	 * @return Log
	 */
	public static function tail( string $path, int $bytes, array $roots ): array {
		$bytes = max( 1024, min( self::MAX_BYTES, $bytes ) );
		$real  = realpath( $path );
		$shown = self::shown( false === $real ? $path : $real );
		if ( false === $real || ! is_file( $real ) ) {
			return array(
				'file'    => $shown,
				'lines'   => array(),
				'skipped' => 'missing',
			);
		}
		if ( ! self::inside( $real, $roots ) || 1 !== preg_match( self::LOG_NAME, basename( $real ) ) ) {
			return array(
				'file'    => $shown,
				'lines'   => array(),
				'skipped' => 'outside_allowed_roots',
			);
		}
		$handle = @fopen( $real, 'rb' ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- reported as unreadable; reads only the end of a log with fseek(); WP_Filesystem reads whole files.
		if ( false === $handle ) {
			return array(
				'file'    => $shown,
				'lines'   => array(),
				'skipped' => 'unreadable',
			);
		}
		$size  = (int) filesize( $real );
		$start = max( 0, $size - $bytes );
		fseek( $handle, $start );
		$text = (string) stream_get_contents( $handle, $bytes );
		fclose( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- closes the log opened above.
		$lines = preg_split( '/\r\n|\n|\r/', $text ) ?: array();
		if ( $start > 0 ) {
			array_shift( $lines ); // Starts mid-line.
		}
		if ( array() !== $lines && '' === end( $lines ) ) {
			array_pop( $lines );
		}
		$secrets = self::secrets();
		return array(
			'file'  => $shown,
			'lines' => array_values( array_map( static fn( string $line ): string => Redactor::text( $line, $secrets ), $lines ) ),
		);
	}

	/**
	 * The private folder (real path, trailing slash) when a path names a session debug log in it, else null.
	 *
	 * @since 0.1.0
	 */
	public static function session_log_root( string $path ): ?string {
		if ( 1 !== preg_match( self::SESSION_LOG_NAME, basename( $path ) ) ) {
			return null;
		}
		$real = realpath( $path );
		$real = false === $real ? $path : $real;
		// The private folder in uploads, or its twin outside the web root (Debug_Log).
		foreach ( Debug_Log::folders() as $root ) {
			if ( dirname( $real ) === $root ) {
				return $root . '/';
			}
		}
		return null;
	}

	/**
	 * The kept tail of the last session's log, cut to the bytes asked for, or null.
	 *
	 * @return Log|null
	 */
	private static function kept_tail( int $bytes ): ?array {
		$kept = get_option( Debug_Log::KEPT_TAIL_OPTION );
		if ( ! is_array( $kept ) || ! is_string( $kept['file'] ?? null ) || ! is_array( $kept['lines'] ?? null ) ) {
			return null;
		}
		$lines = array();
		$size  = 0;
		foreach ( array_reverse( array_filter( $kept['lines'], 'is_string' ) ) as $line ) {
			$size += strlen( $line ) + 1;
			if ( $size > $bytes ) {
				break;
			}
			array_unshift( $lines, $line );
		}
		return array(
			'file'  => $kept['file'],
			'lines' => $lines,
		);
	}

	/**
	 * Values no tail may show: the proxy and database passwords, the keys and salts.
	 *
	 * @return list<string>
	 */
	private static function secrets(): array {
		$secrets = Call_Recorder::known_secrets();
		foreach ( self::SECRET_CONSTANTS as $name ) {
			if ( defined( $name ) && is_string( constant( $name ) ) && strlen( (string) constant( $name ) ) >= 8 ) {
				$secrets[] = (string) constant( $name );
			}
		}
		return $secrets;
	}

	/**
	 * Saves the server logs an admin lists, each checked against the server log folders.
	 *
	 * @since 0.1.0
	 *
	 * @param list<string> $paths Absolute paths.
	 * @return list<string>|WP_Error The saved real paths.
	 */
	public static function set_server_logs( array $paths ) {
		$saved = array();
		foreach ( $paths as $path ) {
			$real = is_string( $path ) ? realpath( $path ) : false;
			if ( false === $real || ! is_file( $real ) || ! self::inside( $real, self::server_roots() ) || 1 !== preg_match( self::LOG_NAME, basename( $real ) ) ) {
				return new WP_Error(
					'proxy_health_log_path_not_allowed',
					/* translators: %s: a log file path. */
					sprintf( __( '%s is not a log file inside the server log folders Proxy Health may read.', 'proxy-health' ), is_string( $path ) ? $path : '' ),
					array( 'status' => 400 )
				);
			}
			$saved[] = $real;
		}
		update_option( self::SERVER_LOGS_OPTION, array_values( array_unique( $saved ) ), false );
		return $saved;
	}

	/**
	 * @return list<string>
	 */
	private static function server_logs(): array {
		$paths = get_option( self::SERVER_LOGS_OPTION, array() );
		return is_array( $paths ) ? array_values( array_filter( $paths, 'is_string' ) ) : array();
	}

	/**
	 * @return list<string>
	 */
	public static function site_roots(): array {
		$roots = array( ABSPATH, WP_CONTENT_DIR );
		$dir   = Private_Dir::path();
		if ( is_string( $dir ) ) {
			$roots[] = $dir;
		}
		return self::real_dirs( $roots );
	}

	/**
	 * @return list<string>
	 */
	public static function server_roots(): array {
		/**
		 * Filters the folders where admin-listed server logs may live.
		 *
		 * @since 0.1.0
		 *
		 * @param list<string> $roots Absolute folder paths.
		 */
		return self::real_dirs( (array) apply_filters( 'proxy_health_server_log_roots', self::SERVER_LOG_ROOTS ) );
	}

	/**
	 * @param list<string> $roots
	 */
	private static function inside( string $real, array $roots ): bool {
		foreach ( $roots as $root ) {
			if ( str_starts_with( $real, $root ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Real paths of existing folders, each with one trailing slash.
	 *
	 * @param array<mixed> $dirs
	 * @return list<string>
	 */
	private static function real_dirs( array $dirs ): array {
		$real = array();
		foreach ( $dirs as $dir ) {
			$resolved = is_string( $dir ) ? realpath( $dir ) : false;
			if ( false !== $resolved && is_dir( $resolved ) && '/' !== $resolved ) {
				$real[] = rtrim( $resolved, '/' ) . '/';
			}
		}
		return array_values( array_unique( $real ) );
	}

	/**
	 * A path as shown: relative to the WordPress root when inside it, the private folder masked.
	 */
	private static function shown( string $path ): string {
		$abspath = realpath( ABSPATH );
		$abspath = false === $abspath ? ABSPATH : rtrim( $abspath, '/' ) . '/';
		$path    = str_starts_with( $path, $abspath ) ? substr( $path, strlen( $abspath ) ) : $path;
		return Private_Dir::mask( $path );
	}
}
