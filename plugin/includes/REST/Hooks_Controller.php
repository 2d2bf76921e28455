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
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$nullable_string = array( 'type' => array( 'string', 'null' ) );
		$nullable_int    = array( 'type' => array( 'integer', 'null' ) );
		$owner_type      = array(
			'type' => 'string',
			'enum' => array( 'plugin', 'mu-plugin', 'theme', 'core', 'drop-in', 'unknown' ),
		);
		$this->schema    = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'proxy-health-hooks',
			'type'       => 'object',
			'properties' => array(
				'hooks'  => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'hook'      => array( 'type' => 'string' ),
							'callbacks' => array(
								'type'  => 'array',
								'items' => array(
									'type'       => 'object',
									'properties' => array(
										'priority'     => array( 'type' => 'integer' ),
										'callback'     => array( 'type' => 'string' ),
										'acceptedArgs' => array( 'type' => 'integer' ),
										'owner'        => array(
											'type'       => 'object',
											'properties' => array(
												'type' => $owner_type,
												'slug' => $nullable_string,
												'file' => $nullable_string,
												'line' => $nullable_int,
											),
										),
										'proxyHealth'  => array( 'type' => 'boolean' ),
									),
								),
							),
						),
					),
				),
				'owners' => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'type'        => $owner_type,
							'slug'        => $nullable_string,
							'proxyHealth' => array( 'type' => 'boolean' ),
							'callbacks'   => array(
								'type'  => 'array',
								'items' => array(
									'type'       => 'object',
									'properties' => array(
										'hook'     => array( 'type' => 'string' ),
										'priority' => array( 'type' => 'integer' ),
										'callback' => array( 'type' => 'string' ),
										'file'     => $nullable_string,
										'line'     => $nullable_int,
									),
								),
							),
						),
					),
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
