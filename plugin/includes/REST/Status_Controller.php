<?php
/**
 * GET /proxy-health/v1/status
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Schema;
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
		return $this->item_schema(
			'proxy-health-status',
			static fn() => array(
				'proxy'       => Schema::proxy_config(),
				'transports'  => Schema::object(
					array(
						'curl'      => Schema::object(
							array(
								'available'   => array( 'type' => 'boolean' ),
								'version'     => Schema::nullable( 'string' ),
								'sslVersion'  => Schema::nullable( 'string' ),
								'authSchemes' => Schema::string_list(),
							),
							array()
						),
						'fsockopen' => Schema::object( array( 'available' => array( 'type' => 'boolean' ) ), array() ),
					),
					array()
				),
				'environment' => Schema::list_of(
					array(
						'name'   => array( 'type' => 'string' ),
						'value'  => array( 'type' => 'string' ),
						'seenBy' => Schema::enum( array( 'getenv', 'server', 'both' ) ),
					),
					array()
				),
				'runtime'     => Schema::object(
					array(
						'wordpress'         => array( 'type' => 'string' ),
						'php'               => array( 'type' => 'string' ),
						'sapi'              => array( 'type' => 'string' ),
						// Whether fsockopen probes run side by side (Fibers, PHP 8.1+), and why not.
						'parallelFsockopen' => Schema::object(
							array(
								'available' => array( 'type' => 'boolean' ),
								'reason'    => array(
									'type' => array( 'string', 'null' ),
									'enum' => array( 'php_version', 'php_wasm', 'filter', null ),
								),
							),
							array()
						),
					),
					array()
				),
				// The features that write files, each available or not and why (Write_Policy).
				'writeFeatures' => Schema::object(
					array_fill_keys(
						array( 'debugSwitch', 'applyCredentials', 'bisection' ),
						Schema::object(
							array(
								'available' => array( 'type' => 'boolean' ),
								'reason'    => array(
									'type' => array( 'string', 'null' ),
									'enum' => array( 'file_mods_disallowed', 'config_not_found', 'config_unwritable', 'mu_plugins_unwritable', null ),
								),
							),
							array()
						)
					),
					array()
				),
				// Configuration findings have the diagnoses' shape.
				'findings'    => Schema::findings(),
			),
			// Earlier plugin versions do not send writeFeatures.
			array( 'writeFeatures' )
		);
	}
}
