<?php
/**
 * GET /proxy-health/v1/hooks
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Hooks\Hook_Inspector;
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
		return rest_ensure_response( ( new Hook_Inspector() )->report() );
	}

	/**
	 * Schema of the hooks report, shared with src/api/types.ts (HooksReport).
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return $this->item_schema(
			'proxy-health-hooks',
			static function (): array {
				$owner_type = Schema::enum( array( 'plugin', 'mu-plugin', 'theme', 'core', 'drop-in', 'unknown' ) );
				return array(
					'hooks'  => Schema::list_of(
						array(
							'hook'      => array( 'type' => 'string' ),
							'callbacks' => Schema::list_of(
								array(
									'priority'     => array( 'type' => 'integer' ),
									'callback'     => array( 'type' => 'string' ),
									'acceptedArgs' => array( 'type' => 'integer' ),
									'owner'        => Schema::object(
										array(
											'type' => $owner_type,
											'slug' => Schema::nullable( 'string' ),
											'file' => Schema::nullable( 'string' ),
											'line' => Schema::nullable( 'integer' ),
										),
										array()
									),
									'proxyHealth'  => array( 'type' => 'boolean' ),
								),
								array()
							),
						),
						array()
					),
					'owners' => Schema::list_of(
						array(
							'type'        => $owner_type,
							'slug'        => Schema::nullable( 'string' ),
							'proxyHealth' => array( 'type' => 'boolean' ),
							'callbacks'   => Schema::list_of(
								array(
									'hook'     => array( 'type' => 'string' ),
									'priority' => array( 'type' => 'integer' ),
									'callback' => array( 'type' => 'string' ),
									'file'     => Schema::nullable( 'string' ),
									'line'     => Schema::nullable( 'integer' ),
								),
								array()
							),
						),
						array()
					),
				);
			},
			array()
		);
	}
}
