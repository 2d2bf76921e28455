<?php
/**
 * POST /proxy-health/v1/inbound-checks
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Inbound_Check_Document;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Checks what an anonymous browser and a crawler get from the site's entry points.
 *
 * @since 0.1.0
 */
final class Inbound_Controller extends Base_Controller {

	protected const REST_BASE = 'inbound-checks';

	/**
	 * Registers POST /inbound-checks.
	 */
	public function register_routes(): void {
		$this->register_admin_route( WP_REST_Server::CREATABLE, array( $this, 'create_item' ) );
	}

	/**
	 * Runs the inbound check now.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function create_item( $request ): WP_REST_Response {
		return rest_ensure_response( Inbound_Check_Document::build() );
	}

	/**
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return $this->cached_schema( array( Inbound_Check_Document::class, 'schema' ) );
	}
}
