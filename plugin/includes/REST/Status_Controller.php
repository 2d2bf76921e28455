<?php
/**
 * GET /proxy-health/v1/status
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Lint\Finding;
use ProxyHealth\Report\Status_Report;
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
		return rest_ensure_response( Status_Report::build() );
	}

	/**
	 * Schema of the status document, shared with src/api/types.ts.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$nullable_string = array( 'type' => array( 'string', 'null' ) );
		$this->schema    = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'proxy-health-status',
			'type'       => 'object',
			'properties' => array(
				'proxy'       => array(
					'type'       => 'object',
					'properties' => array(
						'enabled'     => array( 'type' => 'boolean' ),
						'host'        => $nullable_string,
						'port'        => $nullable_string,
						'username'    => $nullable_string,
						'hasPassword' => array( 'type' => 'boolean' ),
						'authEnabled' => array( 'type' => 'boolean' ),
						'bypassHosts' => array(
							'type'  => array( 'array', 'null' ),
							'items' => array( 'type' => 'string' ),
						),
						'sources'     => array(
							'type'                 => 'object',
							'additionalProperties' => array(
								'type' => 'string',
								'enum' => array( 'constant', 'unset' ),
							),
						),
					),
				),
				'transports'  => array(
					'type'       => 'object',
					'properties' => array(
						'curl'      => array(
							'type'       => 'object',
							'properties' => array(
								'available'   => array( 'type' => 'boolean' ),
								'version'     => $nullable_string,
								'sslVersion'  => $nullable_string,
								'authSchemes' => array(
									'type'  => 'array',
									'items' => array( 'type' => 'string' ),
								),
							),
						),
						'fsockopen' => array(
							'type'       => 'object',
							'properties' => array( 'available' => array( 'type' => 'boolean' ) ),
						),
					),
				),
				'environment' => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'name'   => array( 'type' => 'string' ),
							'value'  => array( 'type' => 'string' ),
							'seenBy' => array(
								'type' => 'string',
								'enum' => array( 'getenv', 'server', 'both' ),
							),
						),
					),
				),
				'runtime'     => array(
					'type'       => 'object',
					'properties' => array(
						'wordpress' => array( 'type' => 'string' ),
						'php'       => array( 'type' => 'string' ),
						'sapi'      => array( 'type' => 'string' ),
					),
				),
				'findings'    => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'code'     => array( 'type' => 'string' ),
							'severity' => array(
								'type' => 'string',
								'enum' => array( Finding::CRITICAL, Finding::RECOMMENDED, Finding::GOOD ),
							),
							'title'    => array( 'type' => 'string' ),
							'detail'   => array( 'type' => 'string' ),
							'remedies' => array(
								'type'  => 'array',
								'items' => array( 'type' => 'string' ),
							),
							'evidence' => array(
								'type'  => 'array',
								'items' => array( 'type' => 'string' ),
							),
						),
					),
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
