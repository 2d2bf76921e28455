<?php
/**
 * The site's own plugins: what a scan reads and a bisection tests.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Scan;

/**
 * The active plugins without Proxy Health itself, and the must-use file Proxy Health installs
 * while a bisection runs: Proxy Health's own code is never a suspect.
 *
 * @since 0.3.0
 */
final class Site_Plugins {

	/** The must-use loader a bisection installs while it runs (Bisection\Sandbox_Installer). */
	public const SANDBOX_LOADER = 'proxy-health-sandbox.php';

	/**
	 * Plugin files the site runs, network-activated ones included: every active plugin except
	 * Proxy Health itself.
	 *
	 * @since 0.1.0 As Bisector::plugins_under_test().
	 *
	 * @return list<string>
	 */
	public static function under_test(): array {
		$active = (array) get_option( 'active_plugins', array() );
		if ( is_multisite() ) {
			$active = array_merge( $active, array_keys( (array) get_site_option( 'active_sitewide_plugins', array() ) ) );
		}
		$self = plugin_basename( dirname( __DIR__, 2 ) . '/proxy-health.php' );
		return array_values(
			array_unique(
				array_filter(
					array_map( 'strval', $active ),
					static fn( string $file ): bool => '' !== $file && $file !== $self && 'proxy-health/proxy-health.php' !== $file
				)
			)
		);
	}
}
