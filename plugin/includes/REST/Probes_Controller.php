<?php
/**
 * POST /proxy-health/v1/probes
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Probe\Probe_Runner;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Runs the probe grid on demand.
 *
 * @since 0.1.0
 */
final class Probes_Controller extends Base_Controller {

	public const MAX_TARGETS    = 10;
	public const MAX_URL_LENGTH = 2048;

	protected const REST_BASE = 'probes';

	/**
	 * Registers POST /probes.
	 */
	public function register_routes(): void {
		$this->register_admin_route(
			WP_REST_Server::CREATABLE,
			array( $this, 'create_item' ),
			array(
				'targets' => array(
					'description'       => __( 'http or https URLs to probe instead of the defaults.', 'proxy-health' ),
					'type'              => 'array',
					'maxItems'          => self::MAX_TARGETS,
					'items'             => array(
						'type'      => 'string',
						'maxLength' => self::MAX_URL_LENGTH,
					),
					'validate_callback' => array( $this, 'validate_targets' ),
				),
			)
		);
	}

	/**
	 * Schema checks first (types, counts, lengths), then: absolute http(s) URLs with a host only.
	 *
	 * @param mixed           $value   Submitted targets.
	 * @param WP_REST_Request $request Request.
	 * @param string          $param   Parameter name.
	 * @return true|WP_Error
	 */
	public function validate_targets( $value, $request, $param ) {
		$valid = rest_validate_request_arg( $value, $request, $param );
		if ( is_wp_error( $valid ) ) {
			return $valid;
		}
		foreach ( (array) $value as $index => $url ) {
			$parts  = wp_parse_url( (string) $url );
			$scheme = is_array( $parts ) ? strtolower( (string) ( $parts['scheme'] ?? '' ) ) : '';
			if ( ! in_array( $scheme, array( 'http', 'https' ), true ) || empty( $parts['host'] ) || preg_match( '/[\x00-\x20\x7f]/', (string) $url ) ) {
				return new WP_Error(
					'proxy_health_invalid_target',
					/* translators: %d: position of the URL in the list, from 0. */
					sprintf( __( 'targets[%d] must be an absolute http:// or https:// URL without spaces or control characters.', 'proxy-health' ), (int) $index ),
					array( 'status' => 400 )
				);
			}
		}
		return true;
	}

	/**
	 * Runs the probes and returns the ProbeReport.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function create_item( $request ): WP_REST_Response {
		$targets = $request->get_param( 'targets' );
		$targets = is_array( $targets ) && array() !== $targets ? array_values( array_map( 'strval', $targets ) ) : Probe_Runner::default_targets();
		return rest_ensure_response( ( new Probe_Runner() )->run( $targets ) );
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
			'title'      => 'proxy-health-probe-report',
			'type'       => 'object',
			'properties' => array(
				'id'          => array( 'type' => 'string' ),
				'createdAt'   => array(
					'type'   => 'string',
					'format' => 'date-time',
				),
				'verdict'     => array(
					'type' => 'string',
					'enum' => array( 'pass', 'fail', 'warn' ),
				),
				'proxy'       => array( 'type' => 'object' ),
				'results'     => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'target'           => array( 'type' => 'string' ),
							'method'           => array( 'type' => 'string' ),
							'transport'        => array(
								'type' => 'string',
								'enum' => array( 'curl', 'fsockopen' ),
							),
							'viaProxy'         => array( 'type' => 'boolean' ),
							'bypassReason'     => array( 'type' => 'string' ),
							'outcome'          => array(
								'type' => 'string',
								'enum' => array( 'ok', 'proxy_auth_required', 'connect_failed', 'timeout', 'tls_error', 'dns_error', 'http_error', 'proxy_denied' ),
							),
							'httpStatus'       => array( 'type' => 'integer' ),
							'connectStatus'    => array( 'type' => 'integer' ),
							'proxyAuthOffered' => $strings,
							'proxyRealm'       => array( 'type' => 'string' ),
							'proxyServer'      => array( 'type' => 'string' ),
							'timingsMs'        => array( 'type' => 'object' ),
							'error'            => array( 'type' => 'object' ),
						),
					),
				),
				'diagnoses'   => array(
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
				'fingerprint' => array( 'type' => 'object' ),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
