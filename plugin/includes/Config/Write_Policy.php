<?php
/**
 * Which of Proxy Health's file writes this site allows, and why not.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Config;

use WP_Error;

/**
 * Three features write files: the evidence session's debug switch and "Apply" of tested
 * credentials write wp-config.php; a plugin bisection writes a temporary must-use loader. With
 * `DISALLOW_FILE_MODS` (core's `file_mod_allowed` filter decides, as for updates and the
 * editors), or a wp-config.php / must-use folder PHP may not write, they refuse with a stable
 * code before anything is changed. Reverting what Proxy Health wrote earlier stays allowed: it
 * only puts the site back. Read-only diagnosis never writes and is never affected.
 *
 * @since 0.1.0
 *
 * @phpstan-type Write_Feature array{available: bool, reason: 'file_mods_disallowed'|'config_not_found'|'config_unwritable'|'mu_plugins_unwritable'|null}
 */
final class Write_Policy {

	/** Error code when DISALLOW_FILE_MODS (or the file_mod_allowed filter) forbids the write. */
	public const CODE_FILE_MODS = 'proxy_health_file_mods_disallowed';

	/** Error code when the must-use plugins folder cannot take the sandbox loader. */
	public const CODE_MU_UNWRITABLE = 'proxy_health_sandbox_install_failed';

	/** The `$context` core's file_mod_allowed filter receives for each kind of write. */
	public const CONTEXT_WP_CONFIG = 'proxy_health_wp_config';
	public const CONTEXT_MU_PLUGIN = 'proxy_health_sandbox_loader';

	/**
	 * Why wp-config.php may not be changed now, or null when it may.
	 *
	 * @since 0.1.0
	 */
	public static function wp_config_error(): ?WP_Error {
		return self::file_mods_error( self::CONTEXT_WP_CONFIG, __( 'File changes are turned off on this site (DISALLOW_FILE_MODS), so Proxy Health does not change wp-config.php. Nothing was changed.', 'proxy-health' ) );
	}

	/**
	 * Why the sandbox loader may not be installed now, or null when it may.
	 *
	 * @since 0.1.0
	 */
	public static function must_use_error(): ?WP_Error {
		return self::file_mods_error( self::CONTEXT_MU_PLUGIN, __( 'File changes are turned off on this site (DISALLOW_FILE_MODS), so Proxy Health cannot add the temporary must-use loader a bisection needs. Nothing was changed.', 'proxy-health' ) );
	}

	/**
	 * The refusal when core's file_mod_allowed filter forbids a kind of write, else null.
	 *
	 * @param string $context The filter's `$context` for this write.
	 * @param string $message What the refusal says.
	 */
	private static function file_mods_error( string $context, string $message ): ?WP_Error {
		return wp_is_file_mod_allowed( $context ) ? null : new WP_Error( self::CODE_FILE_MODS, $message, array( 'status' => 409 ) );
	}

	/**
	 * The write features and whether each is available, for GET /status.
	 *
	 * @since 0.1.0
	 *
	 * @return array{debugSwitch: Write_Feature, applyCredentials: Write_Feature, bisection: Write_Feature}
	 */
	public static function features(): array {
		$config = self::feature( self::wp_config_reason() );
		return array(
			'debugSwitch'      => $config,
			'applyCredentials' => $config,
			'bisection'        => self::feature( self::must_use_reason() ),
		);
	}

	/**
	 * @return 'file_mods_disallowed'|'config_not_found'|'config_unwritable'|null
	 */
	private static function wp_config_reason(): ?string {
		if ( null !== self::wp_config_error() ) {
			return 'file_mods_disallowed';
		}
		$file = Wp_Config_Locator::locate();
		if ( null === $file ) {
			return 'config_not_found';
		}
		return Wp_Config_Editor::writable( $file ) instanceof WP_Error ? 'config_unwritable' : null;
	}

	/**
	 * @return 'file_mods_disallowed'|'mu_plugins_unwritable'|null
	 */
	private static function must_use_reason(): ?string {
		if ( null !== self::must_use_error() ) {
			return 'file_mods_disallowed';
		}
		// The folder, or the nearest folder that exists (wp_mkdir_p() creates the rest).
		$dir = WPMU_PLUGIN_DIR;
		while ( ! is_dir( $dir ) && dirname( $dir ) !== $dir ) {
			$dir = dirname( $dir );
		}
		return wp_is_writable( $dir ) ? null : 'mu_plugins_unwritable';
	}

	/**
	 * @param string|null $reason Why not, or null.
	 * @return Write_Feature
	 */
	private static function feature( ?string $reason ): array {
		return array(
			'available' => null === $reason,
			'reason'    => $reason,
		);
	}
}
