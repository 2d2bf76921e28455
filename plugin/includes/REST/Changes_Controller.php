<?php
/**
 * GET /proxy-health/v1/changes
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Change_Set_Document;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * What changed between the last passing probe report and the first failing one after it
 * (Documents\Change_Set_Document).
 *
 * @since 0.1.0
 */
final class Changes_Controller extends Base_Controller {

	protected const REST_BASE = 'changes';

	protected const DOCUMENT = Change_Set_Document::class;

	/**
	 * Registers GET /changes.
	 */
	public function register_routes(): void {
		$this->register_admin_route( WP_REST_Server::READABLE, array( $this, 'get_item' ) );
	}

	/**
	 * Returns the changes.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return new WP_REST_Response( Change_Set_Document::build() );
	}
}
