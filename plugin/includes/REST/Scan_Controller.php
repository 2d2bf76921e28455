<?php
/**
 * GET /proxy-health/v1/scan
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Scan_Document;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * The static scan of the site's active plugins, must-use plugins and theme: the suspects a
 * bisection tries first, in the shape `proxy-health scan --format json` prints them.
 *
 * @since 0.1.0
 */
final class Scan_Controller extends Base_Controller {

	protected const REST_BASE = 'scan';

	/**
	 * Registers GET /scan (it takes no arguments).
	 */
	public function register_routes(): void {
		$this->register_admin_route( WP_REST_Server::READABLE, array( $this, 'get_item' ) );
	}

	/**
	 * Scans now and returns the report.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return rest_ensure_response( Scan_Document::build() );
	}

	/**
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return $this->cached_schema( array( Scan_Document::class, 'schema' ) );
	}
}
