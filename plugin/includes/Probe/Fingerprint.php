<?php
/**
 * What the site looked like when a report was made, to diff a passing run with a failing one.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

use ProxyHealth\Proxy\Proxy_Config;

/**
 * Environment fingerprint of a report.
 *
 * @since 0.1.0
 */
final class Fingerprint {

	/**
	 * @since 0.1.0
	 *
	 * @return array{wp: string, php: string, plugins: object, theme: string, proxyConfigHash: string, htaccessHash: string|null, muPlugins: object, dropins: object}
	 */
	public static function current(): array {
		global $wp_version;
		if ( ! function_exists( 'get_plugins' ) ) {
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
		}
		$all     = get_plugins();
		$plugins = array();
		foreach ( (array) get_option( 'active_plugins', array() ) as $file ) {
			$plugins[ (string) $file ] = (string) ( $all[ $file ]['Version'] ?? '' );
		}
		$theme    = wp_get_theme();
		$htaccess = ABSPATH . '.htaccess';
		return array(
			'wp'              => (string) $wp_version,
			'php'             => PHP_VERSION,
			// An object even when empty, as the contract says ({ [file]: version }).
			'plugins'         => (object) $plugins,
			'theme'           => $theme->get_stylesheet() . '@' . $theme->get( 'Version' ),
			'proxyConfigHash' => self::proxy_config_hash(),
			'htaccessHash'    => is_readable( $htaccess ) ? (string) md5_file( $htaccess ) : null,
			// File => { version, hash }: an edited must-use plugin or drop-in rarely bumps its version.
			'muPlugins'       => (object) self::files( get_mu_plugins(), WPMU_PLUGIN_DIR ),
			'dropins'         => (object) self::files( get_dropins(), WP_CONTENT_DIR ),
		);
	}

	/**
	 * @param array<string, array<string, mixed>> $headers File => plugin headers.
	 * @param string                              $dir     Folder holding the files.
	 * @return array<string, array{version: string, hash: string}>
	 */
	private static function files( array $headers, string $dir ): array {
		$files = array();
		foreach ( $headers as $file => $data ) {
			$path                    = $dir . '/' . $file;
			$files[ (string) $file ] = array(
				'version' => (string) ( $data['Version'] ?? '' ),
				'hash'    => is_readable( $path ) ? substr( (string) hash_file( 'sha256', $path ), 0, 12 ) : '',
			);
		}
		ksort( $files );
		return $files;
	}

	/**
	 * Changes with any proxy setting, the password included, without revealing it: the password
	 * enters only through an HMAC keyed with the site's salt, so the hash cannot be brute-forced
	 * offline from an exported report.
	 */
	private static function proxy_config_hash(): string {
		$public   = Proxy_Config::from_constants()->to_array();
		$password = defined( 'WP_PROXY_PASSWORD' ) ? (string) constant( 'WP_PROXY_PASSWORD' ) : '';
		unset( $public['sources'] );
		$material = (string) wp_json_encode( $public ) . "\n" . hash_hmac( 'sha256', $password, wp_salt( 'auth' ) );
		return substr( hash( 'sha256', $material ), 0, 16 );
	}
}
