<?php
/**
 * GET /proxy-health/v1/hooks
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Hooks_Document;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Lists the callbacks on the HTTP-related hooks with the plugin, theme or file that added them.
 *
 * @since 0.1.0
 */
final class Hooks_Controller extends Base_Controller {

	protected const REST_BASE = 'hooks';

	/**
	 * Registers GET /hooks.
	 */
	public function register_routes(): void {
		$this->register_admin_route( WP_REST_Server::READABLE, array( $this, 'get_item' ) );
	}

	/**
	 * Returns the hooks report.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return rest_ensure_response( Hooks_Document::build() );
	}

	/**
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return $this->cached_schema( array( Hooks_Document::class, 'schema' ) );
	}
}
