<?php
/**
 * POST /bisections, GET /bisections/{id}, POST /bisections/{id}/step, DELETE /bisections/{id}
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Bisection\Bisector;
use ProxyHealth\Bisection\Driver_Choice;
use ProxyHealth\Bisection\Staging\Table_Cloner;
use ProxyHealth\Bisection\Step_Result;
use ProxyHealth\Bisection\Search;
use ProxyHealth\Documents\Bisection_Document;
use ProxyHealth\Scan\Site_Plugins;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Plugin bisection in a staging clone (the Bisection shape is get_item_schema() below).
 *
 * @since 0.1.0
 */
final class Bisections_Controller extends Base_Controller {

	protected const REST_BASE = 'bisections';

	protected const DOCUMENT = Bisection_Document::class;

	private const ID_PATTERN = '/(?P<id>' . Bisection_Document::ID_REGEX . ')';

	/**
	 * Registers the four routes.
	 */
	public function register_routes(): void {
		$this->register_admin_route(
			WP_REST_Server::CREATABLE,
			array( $this, 'create_item' ),
			array(
				'mode'      => array(
					'description' => __( 'Search strategy: delta debugging, or one plugin at a time.', 'proxy-health' ),
					'type'        => 'string',
					'enum'        => array( Search::MODE_DDMIN, Search::MODE_ONE_BY_ONE ),
					'default'     => Search::MODE_DDMIN,
				),
				'driver'    => array(
					'description' => __( 'Who sends each step: auto (the site itself when a short loopback check passes, else the client), server (the site itself, loopback) or client (the client sends each signed sandbox request through /step).', 'proxy-health' ),
					'type'        => 'string',
					'enum'        => array( Driver_Choice::AUTO, Bisector::DRIVER_SERVER, Bisector::DRIVER_CLIENT ),
					'default'     => Driver_Choice::AUTO,
				),
				'cloneMode' => array(
					'description' => __( 'light copies the rows a probe needs (options, users); full copies every table.', 'proxy-health' ),
					'type'        => 'string',
					'enum'        => array( Table_Cloner::MODE_LIGHT, Table_Cloner::MODE_FULL ),
					'default'     => Table_Cloner::MODE_LIGHT,
				),
				'suspects'  => array(
					'description'       => __( 'Plugin files a static scan ranked, most likely first; the search tries them first. Each must be an active plugin under test.', 'proxy-health' ),
					'type'              => 'array',
					'items'             => array( 'type' => 'string' ),
					'maxItems'          => 500,
					'default'           => array(),
					'validate_callback' => array( $this, 'validate_suspects' ),
				),
				'includeTheme' => array(
					'description' => __( 'Also test the active theme: steps that leave it out run another installed theme (the default theme when there is one).', 'proxy-health' ),
					'type'        => 'boolean',
					'default'     => false,
				),
			)
		);
		$this->register_admin_route( WP_REST_Server::READABLE, array( $this, 'get_item' ), array(), self::ID_PATTERN );
		$this->register_admin_route( WP_REST_Server::DELETABLE, array( $this, 'delete_item' ), array(), self::ID_PATTERN );
		$this->register_admin_route(
			WP_REST_Server::CREATABLE,
			array( $this, 'step_item' ),
			array(
				'prepare' => array(
					'description' => __( 'Answer the signed sandbox request of the next step for the client to send, instead of sending it from the site.', 'proxy-health' ),
					'type'        => 'boolean',
					'default'     => false,
				),
				'result'  => array(
					'description'       => __( 'The sandbox\'s signed answer to a request from prepare, exactly as received: it is recorded as the step the run expects.', 'proxy-health' ),
					'type'              => 'object',
					'validate_callback' => array( self::class, 'validate_result' ),
				),
			),
			self::ID_PATTERN . '/step'
		);
	}

	/**
	 * A posted result must have the shape of a sandbox answer before any run is looked up, so
	 * bad input is a 400 whatever the id; whether its signature holds is the Bisector's check.
	 *
	 * @since 0.2.0
	 *
	 * @param mixed           $value   Posted value.
	 * @param WP_REST_Request $request Request.
	 * @param string          $param   Argument name.
	 * @return true|WP_Error
	 */
	public static function validate_result( $value, $request, string $param ) {
		$valid = rest_validate_request_arg( $value, $request, $param );
		if ( true !== $valid ) {
			return $valid;
		}
		if ( 'malformed' === Step_Result::verify( $value ) ) {
			return new WP_Error( 'proxy_health_bisection_result_malformed', __( 'The result is not a sandbox answer.', 'proxy-health' ), array( 'status' => 400 ) );
		}
		return true;
	}

	/**
	 * Starts a bisection (and, with the server driver, runs it to the end).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		$run = ( new Bisector() )->start( (string) $request['mode'], (string) $request['driver'], (string) $request['cloneMode'], array_values( array_map( 'strval', (array) $request['suspects'] ) ), (bool) $request['includeTheme'] );
		return is_wp_error( $run ) ? $run : self::created( Bisection_Document::build( $run ) );
	}

	/**
	 * Suspects must be plugin files the bisection will test (active, not Proxy Health).
	 *
	 * @since 0.1.0
	 *
	 * @param mixed           $value   Value sent.
	 * @param WP_REST_Request $request Request.
	 * @param string          $param   Argument name.
	 * @return true|WP_Error
	 */
	public function validate_suspects( $value, $request, $param ) {
		return self::validate_then(
			$value,
			$request,
			$param,
			static function ( $value ) {
				$unknown = array_values( array_diff( array_map( 'strval', (array) $value ), Site_Plugins::under_test() ) );
				if ( array() === $unknown ) {
					return true;
				}
				return self::bad_request(
					'proxy_health_bisection_unknown_suspect',
					sprintf(
						/* translators: %s: plugin file such as "hello-dolly/hello.php". */
						__( '%s is not an active plugin this bisection would test.', 'proxy-health' ),
						$unknown[0]
					)
				);
			}
		);
	}

	/**
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		$run = Bisection_Document::find( (string) $request['id'] );
		return is_wp_error( $run ) ? $run : rest_ensure_response( Bisection_Document::build( $run ) );
	}

	/**
	 * One step, in one of three ways: `{ prepare: true }` answers the next step's signed sandbox
	 * request ({ step, expiresAt, request: { url, method, headers, body } }) for the client to
	 * send; `{ result }` records the sandbox's signed answer and returns the Bisection; no body
	 * makes the site send the request to itself (loopback) and returns the Bisection. A run that
	 * has ended is proxy_health_bisection_finished (409).
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function step_item( $request ) {
		$run = Bisection_Document::find( (string) $request['id'] );
		if ( is_wp_error( $run ) ) {
			return $run;
		}
		$bisector = new Bisector();
		if ( null !== $request['result'] ) {
			$done = $bisector->record( $run, $request['result'] );
		} elseif ( true === $request['prepare'] ) {
			$done = $bisector->prepare( $run );
			if ( is_array( $done ) && isset( $done['request'] ) ) {
				return rest_ensure_response( $done );
			}
		} else {
			$done = $bisector->advance( $run );
		}
		return is_wp_error( $done ) ? $done : rest_ensure_response( Bisection_Document::build( $done ) );
	}

	/**
	 * Cancels: drops the clone, removes the loader, releases the lock.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_item( $request ) {
		$run = Bisection_Document::find( (string) $request['id'] );
		return is_wp_error( $run ) ? $run : rest_ensure_response( Bisection_Document::build( ( new Bisector() )->cancel( $run ) ) );
	}
}
