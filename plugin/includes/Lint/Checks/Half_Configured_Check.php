<?php
/**
 * Host without port, or port without host.
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
 * Code: proxy_half_configured. Critical: the admin meant to use a proxy, and WordPress silently
 * sends everything directly instead, which fails on networks that require the proxy.
 *
 * @since 0.1.0
 */
final class Half_Configured_Check implements Config_Check {

	/**
	 * @since 0.1.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @return list<Finding>
	 */
	public function run( Lint_Context $context ): array {
		$has_host = null !== Evidence::raw( $context, 'host' );
		$has_port = null !== Evidence::raw( $context, 'port' );
		if ( $has_host === $has_port ) {
			return array();
		}
		$missing = $has_host ? 'WP_PROXY_PORT' : 'WP_PROXY_HOST';
		return array(
			new Finding(
				'proxy_half_configured',
				Finding::CRITICAL,
				/* translators: %s: constant name. */
				sprintf( __( 'The proxy is off because %s is missing', 'proxy-health' ), $missing ),
				__( 'WordPress uses a proxy only when both WP_PROXY_HOST and WP_PROXY_PORT are defined. With one of them missing it sends every request directly, without a word, and any credentials are never used.', 'proxy-health' ),
				array(
					/* translators: %s: constant name. */
					sprintf( __( 'Define %s in wp-config.php next to the other proxy constants, above the line that requires wp-settings.php.', 'proxy-health' ), $missing ),
				),
				array( Evidence::constant( $context, 'host' ), Evidence::constant( $context, 'port' ) )
			),
		);
	}
}
