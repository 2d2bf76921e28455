<?php
/**
 * The inputs of the configuration lint.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint;

use ProxyHealth\Proxy\Environment;
use ProxyHealth\Proxy\Proxy_Config;

/**
 * Everything the checks read, gathered once: the WP_PROXY_* constants as read (without the
 * password), siteurl and home, the proxy environment variables (already redacted) and the text
 * of wp-config.php. Tests build it from explicit values.
 *
 * @since 0.1.0
 *
 * @phpstan-type EnvironmentVariable array{name: string, getenv: string|null, server: string|null}
 */
final class Lint_Context {

	/** wp-config.php larger than this is not read (it would not be a configuration file). */
	private const MAX_CONFIG_BYTES = 1048576;

	private ?Wp_Config_Scan $scan = null;

	private Proxy_Config $proxy;

	private string $siteurl;

	private string $home;

	/** @var list<EnvironmentVariable> */
	private array $environment;

	private ?string $wp_config;

	private ?string $config_path;

	/**
	 * @since 0.1.0
	 *
	 * @param Proxy_Config              $proxy       WP_PROXY_* as read.
	 * @param string                    $siteurl     The siteurl option (WordPress bypasses the proxy for its host).
	 * @param string                    $home        The home option.
	 * @param list<EnvironmentVariable> $environment Proxy variables, values redacted.
	 * @param string|null               $wp_config   wp-config.php source, null when unreadable.
	 * @param string|null               $config_path Where it was read from (for evidence).
	 */
	public function __construct(
		Proxy_Config $proxy,
		string $siteurl = '',
		string $home = '',
		array $environment = array(),
		?string $wp_config = null,
		?string $config_path = null
	) {
		$this->proxy       = $proxy;
		$this->siteurl     = $siteurl;
		$this->home        = $home;
		$this->environment = $environment;
		$this->wp_config   = $wp_config;
		$this->config_path = $config_path;
	}

	/**
	 * The inputs of the running site.
	 *
	 * @since 0.1.0
	 */
	public static function from_wordpress(): self {
		$path = self::locate_wp_config();
		$text = null;
		if ( null !== $path ) {
			$size = filesize( $path );
			if ( false !== $size && $size <= self::MAX_CONFIG_BYTES ) {
				// Read as text for the tokenizer; never included or evaluated.
				$read = file_get_contents( $path ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents
				$text = false === $read ? null : $read;
			}
		}
		return new self(
			Proxy_Config::from_constants(),
			(string) get_option( 'siteurl' ),
			(string) get_option( 'home' ),
			Environment::proxy_variable_sources(),
			$text,
			$path
		);
	}

	/**
	 * wp-config.php where wp-load.php looks for it: in ABSPATH, or one folder up when that
	 * folder is not itself a WordPress install.
	 */
	private static function locate_wp_config(): ?string {
		if ( ! defined( 'ABSPATH' ) ) {
			return null;
		}
		$candidates = array( ABSPATH . 'wp-config.php' );
		if ( ! is_file( dirname( ABSPATH ) . '/wp-settings.php' ) ) {
			$candidates[] = dirname( ABSPATH ) . '/wp-config.php';
		}
		foreach ( $candidates as $candidate ) {
			if ( is_file( $candidate ) ) {
				return is_readable( $candidate ) ? $candidate : null;
			}
		}
		return null;
	}

	/**
	 * @since 0.1.0
	 */
	public function proxy(): Proxy_Config {
		return $this->proxy;
	}

	/**
	 * @since 0.1.0
	 */
	public function siteurl(): string {
		return $this->siteurl;
	}

	/**
	 * @since 0.1.0
	 */
	public function home(): string {
		return $this->home;
	}

	/**
	 * Proxy environment variables this SAPI sees, values redacted.
	 *
	 * @since 0.1.0
	 *
	 * @return list<EnvironmentVariable>
	 */
	public function environment(): array {
		return $this->environment;
	}

	/**
	 * The scanned wp-config.php, or null when it could not be read.
	 *
	 * @since 0.1.0
	 */
	public function wp_config(): ?Wp_Config_Scan {
		if ( null === $this->wp_config ) {
			return null;
		}
		$this->scan ??= Wp_Config_Scan::from_source( $this->wp_config );
		return $this->scan;
	}

	/**
	 * How evidence names the configuration file.
	 *
	 * @since 0.1.0
	 */
	public function wp_config_name(): string {
		// Only the relative place, never the server's absolute path.
		if ( null !== $this->config_path && defined( 'ABSPATH' ) && dirname( $this->config_path ) . '/' !== ABSPATH ) {
			return '../wp-config.php';
		}
		return 'wp-config.php';
	}
}
