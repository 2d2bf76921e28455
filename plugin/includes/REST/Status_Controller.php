<?php
/**
 * GET /proxy-health/v1/status
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Status_Document;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Reports the proxy configuration and the transports WordPress can use. Read-only.
 *
 * @since 0.1.0
 */
final class Status_Controller extends Base_Controller {

	protected const REST_BASE = 'status';

	/**
	 * Registers GET /status.
	 */
	public function register_routes(): void {
		$this->register_admin_route( WP_REST_Server::READABLE, array( $this, 'get_item' ) );
	}

	/**
	 * Returns the status document.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return rest_ensure_response( Status_Document::build() );
	}

	/**
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return $this->cached_schema( array( Status_Document::class, 'schema' ) );
	}
}
