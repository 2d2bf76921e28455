<?php
/**
 * POST /proxy-health/v1/probes, GET /probes, GET /probes/{id}
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Diagnosis\Probe_Report;
use ProxyHealth\Documents\Schema;
use ProxyHealth\Probe\Credentials;
use ProxyHealth\Alerts\Verdict_Alert;
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

	/** Transports a probe can use, as Requests names them. */
	private const TRANSPORTS = array( 'curl', 'fsockopen' );

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
					'items'             => Schema::enum( self::TRANSPORTS ),
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
		$all      = History::all();
		$per_page = (int) $request->get_param( 'per_page' );
		$page     = (int) $request->get_param( 'page' );
		$items    = array_map( array( History::class, 'summary' ), array_slice( $all, ( $page - 1 ) * $per_page, $per_page ) );
		$response = rest_ensure_response(
			array(
				'items'   => $items,
				'total'   => count( $all ),
				'page'    => $page,
				'perPage' => $per_page,
			)
		);
		$response->header( 'X-WP-Total', (string) count( $all ) );
		$response->header( 'X-WP-TotalPages', (string) max( 1, (int) ceil( count( $all ) / $per_page ) ) );
		return $response;
	}

	/**
	 * One stored report.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		$report = History::find( (string) $request->get_param( 'id' ) );
		if ( null === $report ) {
			return new WP_Error(
				'proxy_health_report_not_found',
				__( 'No stored probe report has this id; the history keeps the last 50.', 'proxy-health' ),
				array( 'status' => 404 )
			);
		}
		return rest_ensure_response( $report );
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
		$targets     = is_array( $targets ) && array() !== $targets ? array_values( array_map( 'strval', $targets ) ) : Probe_Runner::default_targets();
		$transports  = $request->get_param( 'transports' );
		$transports  = is_array( $transports ) ? array_values( array_map( 'strval', $transports ) ) : null;
		$submitted   = $request->get_param( 'credentials' );
		$credentials = is_array( $submitted ) ? Credentials::one_off( (string) $submitted['username'], (string) $submitted['password'] ) : null;

		$report = ( new Probe_Report() )->run( $targets, $transports, $credentials );
		History::add( $report );
		Verdict_Alert::watch( $report );
		return rest_ensure_response( $report );
	}

	/**
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		$int = array( 'type' => 'integer' );
		// GET /probes answers a page of the history: summaries of the reports, newest first.
		return Schema::with_definitions(
			$this->report_schema(),
			array(
				Schema::document(
					'proxy-health-probe-history',
					array(
						'items'   => Schema::list_of(
							array(
								'id'        => array( 'type' => 'string' ),
								'createdAt' => array( 'type' => 'string' ),
								'verdict'   => Schema::verdict(),
								'counts'    => Schema::object( array_fill_keys( array( 'results', 'ok', 'failed', 'diagnoses' ), $int ), array() ),
							),
							array()
						),
						'total'   => $int,
						'page'    => $int,
						'perPage' => $int,
					),
					array()
				),
			)
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	private function report_schema(): array {
		return $this->item_schema(
			'proxy-health-probe-report',
			static fn() => array(
				'id'                => array( 'type' => 'string' ),
				'createdAt'         => Schema::date_time(),
				'verdict'           => Schema::verdict(),
				'proxy'             => Schema::proxy_config(),
				'credentialsSource' => Schema::enum( array( 'one-off', 'wp-config', 'none' ) ),
				'transports'        => array(
					'type'  => 'array',
					'items' => Schema::enum( self::TRANSPORTS ),
				),
				// Only in the POST answer when one-off credentials fixed a failing wp-config.php; never stored.
				'wpConfigLines'     => Schema::string_list(),
				'results'           => Schema::list_of(
					array(
						'target'           => array( 'type' => 'string' ),
						'method'           => array( 'type' => 'string' ),
						'transport'        => Schema::enum( self::TRANSPORTS ),
						'viaProxy'         => array( 'type' => 'boolean' ),
						'bypassReason'     => array( 'type' => 'string' ),
						'outcome'          => Schema::outcome(),
						'httpStatus'       => array( 'type' => 'integer' ),
						'connectStatus'    => array( 'type' => 'integer' ),
						'proxyAuthOffered' => Schema::string_list(),
						'proxyRealm'       => array( 'type' => 'string' ),
						'proxyServer'      => array( 'type' => 'string' ),
						'timingsMs'        => Schema::timings(),
						'error'            => Schema::error(),
						'transcript'       => Schema::string_list(),
						// After a TLS failure on cURL: the certificate presented for the target.
						'tlsCertificate'   => array(
							'type'       => 'object',
							'properties' => array(
								'subject'        => array( 'type' => 'string' ),
								'issuer'         => array( 'type' => 'string' ),
								'chainsToBundle' => array( 'type' => array( 'boolean', 'null' ) ),
								'bundle'         => array( 'type' => 'string' ),
							),
							'required'   => array( 'subject', 'issuer', 'chainsToBundle', 'bundle' ),
						),
					),
					array( 'bypassReason', 'httpStatus', 'connectStatus', 'proxyAuthOffered', 'proxyRealm', 'proxyServer', 'error', 'transcript', 'tlsCertificate' )
				),
				'diagnoses'         => Schema::probe_diagnoses(),
				'fingerprint'       => Schema::fingerprint(),
			),
			array( 'credentialsSource', 'transports', 'wpConfigLines' )
		);
	}
}
