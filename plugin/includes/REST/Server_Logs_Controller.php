<?php
/**
 * GET and PUT /proxy-health/v1/evidence/server-logs
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Server_Logs_Document;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * The server logs (nginx, Apache, PHP-FPM) an admin lists for the evidence log tails. Each path
 * must be a file inside the server log folders (filter `proxy_health_server_log_roots`); the
 * tails themselves are read, redacted, by GET /evidence.
 *
 * @since 0.1.0
 */
final class Server_Logs_Controller extends Base_Controller {

	protected const REST_BASE = 'evidence/server-logs';

	protected const DOCUMENT = Server_Logs_Document::class;

	public const MAX_PATHS = 10;

	/**
	 * Registers GET and PUT.
	 */
	public function register_routes(): void {
		$this->register_admin_route( WP_REST_Server::READABLE, array( $this, 'get_item' ) );
		$this->register_admin_route(
			WP_REST_Server::EDITABLE,
			array( $this, 'update_item' ),
			array(
				'paths' => array(
					'description' => __( 'Absolute paths of server log files, inside the server log folders.', 'proxy-health' ),
					'type'        => 'array',
					'required'    => true,
					'maxItems'    => self::MAX_PATHS,
					'items'       => array(
						'type'      => 'string',
						'minLength' => 1,
						'maxLength' => 4096,
						'pattern'   => '^/[^\x00-\x1f]*$',
					),
				),
			)
		);
	}

	/**
	 * The listed logs.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return rest_ensure_response( Server_Logs_Document::build() );
	}

	/**
	 * Replaces the list; nothing is saved unless every path is allowed.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|\WP_Error
	 */
	public function update_item( $request ) {
		return self::respond( Server_Logs_Document::save( array_values( (array) $request['paths'] ) ) );
	}
}
