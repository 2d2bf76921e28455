<?php
/**
 * What every Proxy Health REST controller shares.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Access\Admin_Access;
use ProxyHealth\Plugin;
use WP_Error;
use WP_HTTP_Response;
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
	 * @param callable $build Returns the whole schema (see Documents\Schema::document()).
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
	 * The `format` argument of a route that also answers a download.
	 *
	 * @since 0.3.0
	 *
	 * @param string   $description What each format is.
	 * @param string[] $formats     The formats, JSON first (the default).
	 * @return array<string, mixed>
	 */
	protected static function format_arg( string $description, array $formats ): array {
		return array(
			'description' => $description,
			'type'        => 'string',
			'enum'        => $formats,
			'default'     => 'json',
		);
	}

	/**
	 * A download: the data as an attachment that is never cached, with its content type when
	 * it is text rather than JSON.
	 *
	 * @since 0.3.0
	 *
	 * @param mixed  $data         The document, or its text.
	 * @param string $filename     File name offered to the browser.
	 * @param string $content_type e.g. "text/html"; empty for JSON.
	 */
	protected static function download( $data, string $filename, string $content_type = '' ): WP_REST_Response {
		$response = new WP_REST_Response( $data );
		$response->header( 'Content-Disposition', 'attachment; filename="' . $filename . '"' );
		$response->header( 'Cache-Control', 'no-store' );
		if ( '' !== $content_type ) {
			$response->header( 'Content-Type', $content_type . '; charset=' . get_option( 'blog_charset' ) );
		}
		return $response;
	}

	/**
	 * For `rest_pre_serve_request`: prints a download's text as is instead of JSON-encoding it,
	 * for one route and the content types it serves as text only.
	 *
	 * @since 0.3.0
	 *
	 * @param bool             $served  Whether the request was already served.
	 * @param WP_HTTP_Response $result  Response.
	 * @param WP_REST_Request  $request Request.
	 * @param string           $route   The route under the namespace, e.g. "allow-list".
	 * @param string           $types   Pattern the Content-Type must match, e.g. "#^text/html#".
	 */
	protected static function serve_text( $served, $result, $request, string $route, string $types ): bool {
		if ( $served || ! $request instanceof WP_REST_Request || '/' . Plugin::REST_NS . '/' . $route !== $request->get_route() ) {
			return (bool) $served;
		}
		$data = $result instanceof WP_HTTP_Response ? $result->get_data() : null;
		$type = $result instanceof WP_HTTP_Response ? (string) ( $result->get_headers()['Content-Type'] ?? '' ) : '';
		if ( ! is_string( $data ) || ! preg_match( $types, $type ) ) {
			return false;
		}
		echo $data; // phpcs:ignore WordPress.Security.EscapeOutput -- the route's own text download: HTML escaped where it is built, text and CSV sent as text/plain and text/csv with nosniff.
		return true;
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
