<?php
/**
 * WP_PROXY_PORT must be a port number.
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
 * Code: proxy_port_invalid.
 *
 * @since 0.1.0
 */
final class Port_Check implements Config_Check {

	/**
	 * @since 0.1.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @return list<Finding>
	 */
	public function run( Lint_Context $context ): array {
		$port = Evidence::raw( $context, 'port' );
		if ( null === $port ) {
			return array();
		}
		if ( 1 === preg_match( '/^\d{1,5}$/D', $port ) && (int) $port >= 1 && (int) $port <= 65535 ) {
			return array();
		}
		$digits = (string) preg_replace( '/\D+/', '', $port );
		return array(
			new Finding(
				'proxy_port_invalid',
				Finding::CRITICAL,
				__( 'The proxy port is not a valid port number', 'proxy-health' ),
				/* translators: 1: the port as defined, 2: the resulting proxy address. */
				sprintf( __( 'WP_PROXY_PORT is "%1$s", not a number from 1 to 65535. WordPress builds the proxy address "%2$s" from it, and requests through it fail before they reach the proxy.', 'proxy-health' ), Evidence::printable( $port ), Evidence::printable( ( Evidence::raw( $context, 'host' ) ?? '' ) . ':' . $port ) ),
				array(
					'' !== $digits && (int) $digits >= 1 && (int) $digits <= 65535
						/* translators: %s: a port number. */
						? sprintf( __( 'Write the port number alone: define( \'WP_PROXY_PORT\', \'%s\' );', 'proxy-health' ), $digits )
						: __( 'Write the port number alone, for example define( \'WP_PROXY_PORT\', \'3128\' );', 'proxy-health' ),
				),
				array( Evidence::constant( $context, 'port' ) )
			),
		);
	}
}
