<?php
/**
 * GET /proxy-health/v1/evidence/bundle
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Evidence_Bundle_Document;
use WP_HTTP_Response;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * The evidence bundle as a download: JSON, or one readable HTML page. REST serves JSON; for
 * HTML the response carries the page as its data and `rest_pre_serve_request` prints it raw,
 * for this route only.
 *
 * @since 0.1.0
 */
final class Evidence_Bundle_Controller extends Base_Controller {

	protected const REST_BASE = 'evidence';

	protected const DOCUMENT = Evidence_Bundle_Document::class;

	private const SUFFIX = '/bundle';

	/**
	 * Registers GET /evidence/bundle and the raw HTML serving.
	 */
	public function register_routes(): void {
		$this->register_admin_route(
			WP_REST_Server::READABLE,
			array( $this, 'get_item' ),
			array(
				'format' => self::format_arg( __( 'json (a JSON document) or html (a readable, printable page).', 'proxy-health' ), array( 'json', 'html' ) ),
			),
			self::SUFFIX
		);
		add_filter( 'rest_pre_serve_request', array( self::class, 'serve_html' ), 10, 3 );
	}

	/**
	 * Returns the bundle as a download.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		$document = Evidence_Bundle_Document::build();
		$html     = 'html' === $request['format'];
		if ( ! $html ) {
			return self::download( $document, Evidence_Bundle_Document::filename( 'json' ) );
		}
		$response = self::download( Evidence_Bundle_Document::to_html( $document ), Evidence_Bundle_Document::filename( 'html' ), 'text/html' );
		$response->header( 'Content-Security-Policy', Evidence_Bundle_Document::HTML_CSP );
		return $response;
	}

	/**
	 * Prints the HTML bundle as is instead of JSON-encoding it.
	 *
	 * @since 0.1.0
	 *
	 * @param bool             $served  Whether the request was already served.
	 * @param WP_HTTP_Response $result  Response.
	 * @param WP_REST_Request  $request Request.
	 */
	public static function serve_html( $served, $result, $request ): bool {
		return self::serve_text( $served, $result, $request, self::REST_BASE . self::SUFFIX, '#^text/html#' );
	}
}
