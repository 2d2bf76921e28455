<?php
/**
 * What every Proxy Health REST controller shares.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Access\Admin_Access;
use ProxyHealth\Documents\Schema;
use ProxyHealth\Plugin;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;

/**
 * One permission rule for every route: site administrators (network administrators on multisite).
 *
 * @since 0.1.0
 */
abstract class Base_Controller extends WP_REST_Controller {

	/** Route under the namespace, e.g. "status"; each controller names its own. */
	protected const REST_BASE = '';

	/** The document class (see Documents/) whose static schema() is the route's schema. */
	protected const DOCUMENT = '';

	public function __construct() {
		$this->namespace = Plugin::REST_NS;
		$this->rest_base = static::REST_BASE;
	}

	/**
	 * Registers one endpoint on /<rest_base>, with the controller's public schema and the
	 * administrators-only permission check.
	 *
	 * @since 0.1.0
	 *
	 * @param string               $methods  HTTP methods (WP_REST_Server constants).
	 * @param callable             $callback Handler.
	 * @param array<string, mixed> $args     Argument schemas.
	 * @param string               $suffix   Path after the base, e.g. "/(?P<id>[a-f0-9-]+)".
	 */
	protected function register_admin_route( string $methods, callable $callback, array $args = array(), string $suffix = '' ): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . $suffix,
			array(
				array(
					'methods'             => $methods,
					'callback'            => $callback,
					'permission_callback' => array( $this, 'check_admin_permission' ),
					'args'                => $args,
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * The controller's item schema, built once per instance.
	 *
	 * @since 0.1.0
	 *
	 * @param callable $build Returns the whole schema (see Schema::document()).
	 * @return array<string, mixed>
	 */
	protected function cached_schema( callable $build ): array {
		if ( ! $this->schema ) {
			$this->schema = $build();
		}
		return $this->add_additional_fields_schema( $this->schema );
	}

	/**
	 * The route's item schema: the document class's schema(), built once per instance.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return $this->cached_schema( array( static::DOCUMENT, 'schema' ) );
	}

	/**
	 * Runs the argument's own schema checks first, then the route's extra check.
	 *
	 * @since 0.1.0
	 *
	 * @param mixed           $value   Submitted value.
	 * @param WP_REST_Request $request Request.
	 * @param string          $param   Parameter name.
	 * @param callable        $check   Gets the value; returns true or a WP_Error.
	 * @return true|WP_Error
	 */
	protected static function validate_then( $value, $request, string $param, callable $check ) {
		$valid = rest_validate_request_arg( $value, $request, $param );
		return is_wp_error( $valid ) ? $valid : $check( $value );
	}

	/**
	 * A 400 error with a stable code.
	 *
	 * @since 0.1.0
	 *
	 * @param string $code    Error code.
	 * @param string $message Translated message.
	 */
	protected static function bad_request( string $code, string $message ): WP_Error {
		return new WP_Error( $code, $message, array( 'status' => 400 ) );
	}

	/**
	 * A 201 response for something the request created.
	 *
	 * @since 0.1.0
	 *
	 * @param mixed $data What was created.
	 */
	protected static function created( $data ): WP_REST_Response {
		$response = rest_ensure_response( $data );
		$response->set_status( 201 );
		return $response;
	}

	/**
	 * The result as a response, or the error as is.
	 *
	 * @since 0.1.0
	 *
	 * @param mixed $result Data or WP_Error.
	 * @return WP_REST_Response|WP_Error
	 */
	protected static function respond( $result ) {
		return is_wp_error( $result ) ? $result : rest_ensure_response( $result );
	}

	/**
	 * Allows administrators; everyone else gets 401 (not logged in) or 403.
	 *
	 * @since 0.1.0
	 *
	 * @return true|WP_Error
	 */
	public function check_admin_permission() {
		if ( Admin_Access::allowed() ) {
			return true;
		}
		return new WP_Error(
			'rest_forbidden',
			__( 'Sorry, only site administrators can use Proxy Health.', 'proxy-health' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}
}
