<?php
/**
 * GET /proxy-health/v1/site-health
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Site_Health_Result_Document;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * The endpoint Tools → Site Health calls for the asynchronous proxy test.
 *
 * @since 0.1.0
 */
final class Site_Health_Controller extends Base_Controller {

	/** Route under the namespace, the one Site_Health registers the test with. */
	public const ROUTE = Site_Health_Result_Document::ROUTE;

	protected const REST_BASE = self::ROUTE;

	/**
	 * Registers GET /site-health.
	 */
	public function register_routes(): void {
		$this->register_admin_route( WP_REST_Server::READABLE, array( $this, 'get_item' ) );
	}

	/**
	 * Probes now and answers a Site Health test result.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return rest_ensure_response( Site_Health_Result_Document::build() );
	}

	/**
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return $this->cached_schema( array( Site_Health_Result_Document::class, 'schema' ) );
	}
}
