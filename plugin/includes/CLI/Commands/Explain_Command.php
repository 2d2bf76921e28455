<?php
/**
 * `wp proxy-health explain`
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI\Commands;

use ProxyHealth\CLI\Options;
use ProxyHealth\CLI\Output;
use ProxyHealth\Proxy\Proxy_Route_Explainer;
use ProxyHealth\Report\Url_Rules;

/**
 * Whether WordPress would send a URL through the proxy, and why (POST /explain).
 *
 * @since 0.2.0
 */
final class Explain_Command {

	/**
	 * Says whether WordPress would send a URL through the proxy, and why. Sends nothing.
	 *
	 * ## OPTIONS
	 *
	 * <url>
	 * : The http or https URL to explain.
	 *
	 * [--format=<format>]
	 * : Output format; json is what POST /proxy-health/v1/explain answers.
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
	 *     $ wp proxy-health explain https://api.wordpress.org/
	 *     $ wp proxy-health explain http://intranet.example/ --format=json
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>         $args       The URL.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		$format = Options::format( $assoc_args );
		$url    = (string) ( $args[0] ?? '' );
		Options::fail_on( Url_Rules::explain_url_error( $url ) );

		$explanation = Proxy_Route_Explainer::from_live()->explain( $url );
		if ( Output::print_data( $explanation, $format ) ) {
			return;
		}
		$callbacks = array_map(
			static fn( array $callback ): string => $callback['name'] . ' (' . $callback['priority'] . ')',
			(array) ( $explanation['filter']['callbacks'] ?? array() )
		);
		Output::table(
			array( 'field', 'value' ),
			array(
				Output::row( __( 'URL', 'proxy-health' ), $explanation['url'] ),
				Output::row( __( 'Host', 'proxy-health' ), $explanation['host'] ),
				Output::row( __( 'Through the proxy', 'proxy-health' ), $explanation['viaProxy'] ),
				Output::row( __( 'Reason', 'proxy-health' ), $explanation['reason'] ),
				Output::row( __( 'Detail', 'proxy-health' ), $explanation['detail'] ),
				Output::row( __( 'Matched bypass rule', 'proxy-health' ), $explanation['matchedRule'] ?? null ),
				Output::row( __( 'pre_http_send_through_proxy callbacks', 'proxy-health' ), $callbacks ),
				Output::row( __( 'Hints', 'proxy-health' ), $explanation['hints'] ),
			)
		);
	}
}
