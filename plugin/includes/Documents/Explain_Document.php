<?php
/**
 * The explanation document: POST /proxy-health/v1/explain.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Proxy\Bypass_Traps;
use ProxyHealth\Proxy\Proxy_Route_Explainer;

/**
 * Whether WordPress would send a URL through the proxy, and why, with the live constants,
 * siteurl and filters (Proxy\Proxy_Route_Explainer; nothing is sent), and the schema of that
 * document.
 *
 * @since 0.3.0
 */
final class Explain_Document {

	/**
	 * Explains the URL with the live constants, siteurl and filters.
	 *
	 * @since 0.3.0
	 *
	 * @param string $url A validated http or https URL (Report\Url_Rules::explain_url_error()).
	 * @return array<string, mixed>
	 */
	public static function build( string $url ): array {
		return Proxy_Route_Explainer::from_live()->explain( $url );
	}

	/**
	 * The document's schema (the route's item schema).
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		return Schema::document(
			'proxy-health-explanation',
			array(
				'url'          => array( 'type' => 'string' ),
				'host'         => array(
					'description' => __( 'Host as PHP\'s parse_url() reads it (not lower-cased); null when it finds none.', 'proxy-health' ),
					'type'        => array( 'string', 'null' ),
				),
				'viaProxy'     => array( 'type' => 'boolean' ),
				'reason'       => Schema::enum( Proxy_Route_Explainer::REASONS ),
				'detail'       => array( 'type' => 'string' ),
				'matchedRule'  => array(
					'description' => __( 'The WP_PROXY_BYPASS_HOSTS entry that matched, exactly as split from the constant.', 'proxy-health' ),
					'type'        => 'string',
				),
				'filter'       => array(
					'description' => __( 'Callbacks hooked on pre_http_send_through_proxy, present when there are any.', 'proxy-health' ),
				) + Schema::object(
					array(
						'callbacks' => Schema::list_of(
							array(
								'name'     => array( 'type' => 'string' ),
								'priority' => array( 'type' => 'integer' ),
							),
							array()
						),
					),
					array()
				),
				'proxyEnabled' => array( 'type' => 'boolean' ),
				'hints'        => array(
					'type'  => 'array',
					'items' => Schema::codes( 'ExplainHint', Bypass_Traps::HINTS ),
				),
			),
			array( 'matchedRule', 'filter' )
		);
	}
}
