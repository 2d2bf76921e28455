<?php
/**
 * `wp proxy-health status`
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI\Commands;

use ProxyHealth\CLI\Options;
use ProxyHealth\CLI\Output;
use ProxyHealth\Documents\Status_Document;

/**
 * The proxy configuration as WordPress will use it, the transports and the findings (GET /status).
 *
 * @since 0.2.0
 */
final class Status_Command {

	/**
	 * Shows the proxy configuration as WordPress will use it, the transports PHP offers and the
	 * configuration findings. The password is never shown, only whether one is set.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format; json is the GET /proxy-health/v1/status document.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - yaml
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp proxy-health status
	 *     $ wp proxy-health status --format=json
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>         $args       Positional arguments (none).
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		$format = Options::format( $assoc_args );
		$status = Status_Document::build();
		if ( Output::print_data( $status, $format ) ) {
			return;
		}
		$proxy = (array) $status['proxy'];
		$curl  = (array) ( $status['transports']['curl'] ?? array() );
		Output::table(
			array( 'field', 'value' ),
			array(
				Output::row( __( 'Proxy enabled', 'proxy-health' ), $proxy['enabled'] ?? false ),
				Output::row( __( 'Host', 'proxy-health' ), $proxy['host'] ?? null ),
				Output::row( __( 'Port', 'proxy-health' ), $proxy['port'] ?? null ),
				Output::row( __( 'Username', 'proxy-health' ), $proxy['username'] ?? null ),
				Output::row( __( 'Password set', 'proxy-health' ), $proxy['hasPassword'] ?? false ),
				Output::row( __( 'Bypass hosts', 'proxy-health' ), $proxy['bypassHosts'] ?? null ),
				Output::row( __( 'cURL', 'proxy-health' ), ! empty( $curl['available'] ) ? (string) ( $curl['version'] ?? '' ) : false ),
				Output::row( __( 'cURL proxy auth schemes', 'proxy-health' ), $curl['authSchemes'] ?? array() ),
				Output::row( __( 'fsockopen', 'proxy-health' ), $status['transports']['fsockopen']['available'] ?? false ),
				Output::row( __( 'Environment proxies', 'proxy-health' ), array_column( (array) $status['environment'], 'name' ) ),
				Output::row( __( 'WordPress', 'proxy-health' ), $status['runtime']['wordpress'] ),
				Output::row( __( 'PHP', 'proxy-health' ), $status['runtime']['php'] . ' (' . $status['runtime']['sapi'] . ')' ),
			)
		);
		Output::findings( (array) $status['findings'] );
	}
}
