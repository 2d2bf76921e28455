<?php
/**
 * POST /proxy-health/v1/probes, GET /probes, GET /probes/{id}
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Probe_Report_Document;
use ProxyHealth\Documents\Schema;
use ProxyHealth\Probe\Credentials;
use ProxyHealth\Probe\History;
use ProxyHealth\Probe\Probe_Runner;
use ProxyHealth\Report\Url_Rules;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Runs the probe grid on demand and serves the history of reports.
 *
 * @since 0.1.0
 */
final class Probes_Controller extends Base_Controller {

	public const MAX_TARGETS    = Url_Rules::MAX_TARGETS;
	public const MAX_URL_LENGTH = Url_Rules::MAX_LENGTH;

	protected const REST_BASE = 'probes';

	protected const DOCUMENT = Probe_Report_Document::class;

	/** Report ids are UUID v4 (wp_generate_uuid4()). */
	private const ID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$';

	/**
	 * Registers POST /probes, GET /probes and GET /probes/{id}.
	 */
	public function register_routes(): void {
		$this->register_admin_route(
			WP_REST_Server::READABLE,
			array( $this, 'get_items' ),
			array(
				'page'     => array(
					'description' => __( 'Page of the history, from 1.', 'proxy-health' ),
					'type'        => 'integer',
					'default'     => 1,
					'minimum'     => 1,
					'maximum'     => History::LIMIT,
				),
				'per_page' => array(
					'description' => __( 'Reports per page.', 'proxy-health' ),
					'type'        => 'integer',
					'default'     => 10,
					'minimum'     => 1,
					'maximum'     => History::LIMIT,
				),
			)
		);
		$this->register_admin_route(
			WP_REST_Server::READABLE,
			array( $this, 'get_item' ),
			array(
				'id' => array(
					'description' => __( 'Report id.', 'proxy-health' ),
					'type'        => 'string',
					'pattern'     => self::ID_PATTERN,
				),
			),
			'/(?P<id>[^/]+)'
		);
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
				'transports'  => array(
					'description'       => __( 'Transports to probe with; every available one when left out.', 'proxy-health' ),
					'type'              => 'array',
					'minItems'          => 1,
					'uniqueItems'       => true,
					'items'             => Schema::enum( Probe_Report_Document::TRANSPORTS ),
					'validate_callback' => array( $this, 'validate_transports' ),
				),
				'credentials' => array(
					'description'       => __( 'Proxy username and password for this run only; never stored or returned.', 'proxy-health' ),
					'type'              => 'object',
					'validate_callback' => array( $this, 'validate_credentials' ),
				),
			)
		);
	}

	/**
	 * Schema checks, then: every named transport must exist in this PHP.
	 *
	 * @param mixed           $value   Submitted transports.
	 * @param WP_REST_Request $request Request.
	 * @param string          $param   Parameter name.
	 * @return true|WP_Error
	 */
	public function validate_transports( $value, $request, $param ) {
		return self::validate_then(
			$value,
			$request,
			$param,
			static function ( $value ) {
				$missing = array_diff( (array) $value, Probe_Runner::available_transports() );
				if ( array() === $missing ) {
					return true;
				}
				return self::bad_request(
					'proxy_health_transport_unavailable',
					/* translators: %s: transport names. */
					sprintf( __( 'This PHP cannot use the transport(s): %s.', 'proxy-health' ), implode( ', ', $missing ) )
				);
			}
		);
	}

	/**
	 * The submitted credentials must be usable; the error never repeats them.
	 *
	 * @param mixed $value Submitted credentials.
	 * @return true|WP_Error
	 */
	public function validate_credentials( $value ) {
		$extra   = is_array( $value ) ? array_diff( array_keys( $value ), array( 'username', 'password' ) ) : array();
		$problem = array() !== $extra ? __( 'credentials may hold only username and password.', 'proxy-health' ) : Credentials::problem( $value );
		if ( null === $problem ) {
			return true;
		}
		return self::bad_request( 'proxy_health_invalid_credentials', $problem );
	}

	/**
	 * A page of the history: summaries, newest first; totals in X-WP-Total and X-WP-TotalPages.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_items( $request ): WP_REST_Response {
		$per_page = (int) $request->get_param( 'per_page' );
		$page     = Probe_Report_Document::history_page( (int) $request->get_param( 'page' ), $per_page );
		$response = rest_ensure_response( $page );
		$response->header( 'X-WP-Total', (string) $page['total'] );
		$response->header( 'X-WP-TotalPages', (string) max( 1, (int) ceil( $page['total'] / $per_page ) ) );
		return $response;
	}

	/**
	 * One stored report.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		return self::respond( Probe_Report_Document::find( (string) $request->get_param( 'id' ) ) );
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
		return self::validate_then(
			$value,
			$request,
			$param,
			static function ( $value ) {
				foreach ( (array) $value as $index => $url ) {
					$error = Url_Rules::target_error( (string) $url, (int) $index );
					if ( null !== $error ) {
						return $error;
					}
				}
				return true;
			}
		);
	}

	/**
	 * Runs the probes, stores the report in the history and returns it.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function create_item( $request ): WP_REST_Response {
		$targets     = $request->get_param( 'targets' );
		$targets     = is_array( $targets ) ? array_values( array_map( 'strval', $targets ) ) : null;
		$transports  = $request->get_param( 'transports' );
		$transports  = is_array( $transports ) ? array_values( array_map( 'strval', $transports ) ) : null;
		$submitted   = $request->get_param( 'credentials' );
		$credentials = is_array( $submitted ) ? Credentials::one_off( (string) $submitted['username'], (string) $submitted['password'] ) : null;
		return rest_ensure_response( Probe_Report_Document::run( $targets, $transports, $credentials ) );
	}
}
