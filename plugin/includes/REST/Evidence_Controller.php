<?php
/**
 * GET /proxy-health/v1/evidence
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Evidence_Document;
use ProxyHealth\Evidence\Log_Tail;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * What the current (or last) evidence session collected: outbound calls and log tails.
 *
 * @since 0.1.0
 */
final class Evidence_Controller extends Base_Controller {

	protected const REST_BASE = 'evidence';

	protected const DOCUMENT = Evidence_Document::class;

	/**
	 * Registers GET /evidence.
	 */
	public function register_routes(): void {
		$this->register_admin_route(
			WP_REST_Server::READABLE,
			array( $this, 'get_item' ),
			array(
				'logKb'  => array(
					'description' => __( 'How much of the end of each log to return, in KB (1 to 64).', 'proxy-health' ),
					'type'        => 'integer',
					'minimum'     => 1,
					'maximum'     => (int) ( Log_Tail::MAX_BYTES / 1024 ),
					'default'     => (int) ( Log_Tail::DEFAULT_BYTES / 1024 ),
				),
				'chains' => array(
					'description' => __( 'Whether to follow the redirect chains of home, robots.txt and the sitemap (a few loopback requests).', 'proxy-health' ),
					'type'        => 'boolean',
					'default'     => true,
				),
			)
		);
	}

	/**
	 * Returns the evidence.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return rest_ensure_response( Evidence_Document::build( (int) $request['logKb'] * 1024, (bool) $request['chains'] ) );
	}
}
