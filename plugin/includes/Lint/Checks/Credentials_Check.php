<?php
/**
 * Username without password, or password without username.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint\Checks;

use ProxyHealth\Lint\Config_Check;
use ProxyHealth\Lint\Evidence;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Lint\Lint_Context;

/**
 * Code: proxy_credentials_incomplete. Critical: WordPress then sends no credentials at all, and
 * a proxy that requires them answers 407 to every request.
 *
 * @since 0.1.0
 */
final class Credentials_Check implements Config_Check {

	/**
	 * @since 0.1.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @return list<Finding>
	 */
	public function run( Lint_Context $context ): array {
		$shape        = $context->proxy()->to_array();
		$has_username = null !== $shape['username'];
		$has_password = $shape['hasPassword'];
		if ( $has_username === $has_password ) {
			return array();
		}
		$missing = $has_username ? 'WP_PROXY_PASSWORD' : 'WP_PROXY_USERNAME';
		return array(
			new Finding(
				'proxy_credentials_incomplete',
				Finding::CRITICAL,
				/* translators: %s: constant name. */
				sprintf( __( 'No proxy credentials are sent because %s is missing', 'proxy-health' ), $missing ),
				__( 'WordPress sends proxy credentials only when both WP_PROXY_USERNAME and WP_PROXY_PASSWORD are defined. With one of them missing it sends none, and a proxy that requires authentication answers 407 to every request.', 'proxy-health' ),
				array(
					/* translators: %s: constant name. */
					sprintf( __( 'Define %s in wp-config.php, or remove the other credential constant if the proxy needs no authentication.', 'proxy-health' ), $missing ),
				),
				array(
					Evidence::constant( $context, 'username' ),
					// Only whether the password is defined; its value is never read here.
					( $has_password ? 'WP_PROXY_PASSWORD is defined' : 'WP_PROXY_PASSWORD is not defined' ) . Evidence::where( $context, 'WP_PROXY_PASSWORD' ),
				)
			),
		);
	}
}
