<?php
/**
 * POST /proxy-health/v1/inbound-checks
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Inbound\Inbound_Checker;
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
		return rest_ensure_response( ( new Inbound_Checker() )->run() );
	}

	/**
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		if ( $this->schema ) {
			return $this->add_additional_fields_schema( $this->schema );
		}
		$strings      = array(
			'type'  => 'array',
			'items' => array( 'type' => 'string' ),
		);
		$this->schema = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'proxy-health-inbound-check',
			'type'       => 'object',
			'properties' => array(
				'createdAt' => array(
					'type'   => 'string',
					'format' => 'date-time',
				),
				'verdict'   => array(
					'type' => 'string',
					'enum' => array( 'pass', 'fail', 'warn' ),
				),
				'chains'    => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'entryPoint'  => array(
								'type' => 'string',
								'enum' => array( 'home', 'robots', 'restApi' ),
							),
							'client'      => array(
								'type' => 'string',
								'enum' => array_keys( Inbound_Checker::AGENTS ),
							),
							'url'         => array( 'type' => 'string' ),
							'hops'        => array(
								'type'  => 'array',
								'items' => array(
									'type'       => 'object',
									'properties' => array(
										'url'          => array( 'type' => 'string' ),
										'status'       => array( 'type' => 'integer' ),
										'location'     => array( 'type' => 'string' ),
										'server'       => array( 'type' => 'string' ),
										'via'          => array( 'type' => 'string' ),
										'authenticate' => array( 'type' => 'string' ),
									),
								),
							),
							'loop'        => array( 'type' => 'boolean' ),
							'tooManyHops' => array( 'type' => 'boolean' ),
							'error'       => array( 'type' => 'object' ),
						),
					),
				),
				'diagnoses' => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'code'     => array( 'type' => 'string' ),
							'severity' => array(
								'type' => 'string',
								'enum' => array( 'critical', 'recommended', 'good' ),
							),
							'title'    => array( 'type' => 'string' ),
							'detail'   => array( 'type' => 'string' ),
							'remedies' => $strings,
							'evidence' => $strings,
						),
					),
				),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
