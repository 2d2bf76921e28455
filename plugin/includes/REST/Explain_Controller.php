<?php
/**
 * POST /proxy-health/v1/explain
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Explain_Document;
use ProxyHealth\Report\Url_Rules;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Says whether WordPress would send a URL through the proxy, and why. Sends nothing.
 *
 * @since 0.1.0
 */
final class Explain_Controller extends Base_Controller {

	public const MAX_URL_LENGTH = 2048;

	protected const REST_BASE = 'explain';

	protected const DOCUMENT = Explain_Document::class;

	/**
	 * Registers POST /explain.
	 */
	public function register_routes(): void {
		$this->register_admin_route(
			WP_REST_Server::CREATABLE,
			array( $this, 'create_item' ),
			array(
				'url' => array(
					'description'       => __( 'The http or https URL to explain.', 'proxy-health' ),
					'type'              => 'string',
					'required'          => true,
					'maxLength'         => self::MAX_URL_LENGTH,
					'validate_callback' => array( $this, 'validate_url' ),
				),
			)
		);
	}

	/**
	 * Schema checks first (type, length), then: no whitespace or control characters, and an
	 * http:// or https:// prefix. Anything after the prefix is left to parse_url(), because
	 * explaining what WordPress does with an odd URL is the point of the route.
	 *
	 * @param mixed           $value   Submitted URL.
	 * @param WP_REST_Request $request Request.
	 * @param string          $param   Parameter name.
	 * @return true|WP_Error
	 */
	public function validate_url( $value, $request, $param ) {
		return self::validate_then( $value, $request, $param, static fn( $value ) => Url_Rules::explain_url_error( (string) $value ) ?? true );
	}

	/**
	 * Explains the URL with the live constants, siteurl and filters.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function create_item( $request ): WP_REST_Response {
		return rest_ensure_response( Explain_Document::build( (string) $request->get_param( 'url' ) ) );
	}
}
