<?php
/**
 * Proxy constants defined after wp-settings.php is required.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint\Checks;

use ProxyHealth\Lint\Config_Check;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Lint\Lint_Context;

/**
 * Code: proxy_constants_after_settings.
 *
 * wp-settings.php loads the plugins and runs plugins_loaded, init and wp_loaded before it
 * returns to wp-config.php; only then are the later lines defined. So HTTP requests made while
 * WordPress loads (plugin update or licence checks on init, cron spawning on wp_loaded) go out
 * without the proxy, or without its credentials, while requests made afterwards (REST, admin
 * screens, the events in wp-cron.php, this very check) see the constants. Critical: part of the
 * site's traffic bypasses the intended configuration, and a probe run after loading cannot see it.
 *
 * @since 0.1.0
 */
final class Constants_Order_Check implements Config_Check {

	/**
	 * @since 0.1.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @return list<Finding>
	 */
	public function run( Lint_Context $context ): array {
		$scan = $context->wp_config();
		if ( null === $scan || null === $scan->settings_line() ) {
			return array();
		}
		$settings_line = $scan->settings_line();
		$late          = array_values( array_filter( $scan->definitions(), static fn( array $d ): bool => $d['line'] > $settings_line ) );
		if ( ! $late ) {
			return array();
		}
		$file     = $context->wp_config_name();
		$evidence = array( sprintf( '%s line %d: wp-settings.php is required', $file, $settings_line ) );
		foreach ( $late as $definition ) {
			$evidence[] = sprintf( '%s line %d: %s is defined (%s)', $file, $definition['line'], $definition['name'], 'const' === $definition['form'] ? 'const' : 'define()' );
		}
		$names = implode( ', ', array_unique( array_column( $late, 'name' ) ) );
		return array(
			new Finding(
				'proxy_constants_after_settings',
				Finding::CRITICAL,
				__( 'Proxy constants are defined after WordPress has loaded', 'proxy-health' ),
				/* translators: 1: constant names, 2: wp-config.php. */
				sprintf( __( '%1$s come after the line of %2$s that requires wp-settings.php. WordPress loads every plugin and runs the plugins_loaded, init and wp_loaded actions inside wp-settings.php, before those lines run: HTTP requests made then (update and licence checks, cron spawning) go out without the proxy or without its credentials. Requests made later in the same page load, including this check, do see the constants, so the problem hides from tests run afterwards.', 'proxy-health' ), $names, $file ),
				array(
					/* translators: %s: wp-config.php. */
					sprintf( __( 'Move the WP_PROXY_* lines in %s above the line "/* That\'s all, stop editing! */" and the require_once of wp-settings.php.', 'proxy-health' ), $file ),
				),
				$evidence
			),
		);
	}
}
