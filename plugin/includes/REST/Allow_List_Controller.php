<?php
/**
 * GET /proxy-health/v1/allow-list
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Allow_List_Document;
use WP_HTTP_Response;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * The allow-list for the network team: JSON, or a text or CSV download. For text and CSV the
 * response carries the file as its data and `rest_pre_serve_request` prints it raw, for this
 * route only.
 *
 * @since 0.4.0
 */
final class Allow_List_Controller extends Base_Controller {

	protected const REST_BASE = 'allow-list';

	protected const DOCUMENT = Allow_List_Document::class;

	/** Content types of the raw formats. */
	private const RAW_TYPES = array(
		'text' => 'text/plain',
		'csv'  => 'text/csv',
	);

	/** File extensions of the formats. */
	private const EXTENSIONS = array(
		'json' => 'json',
		'text' => 'txt',
		'csv'  => 'csv',
	);

	/**
	 * Registers GET /allow-list and the raw serving of text and CSV.
	 */
	public function register_routes(): void {
		$this->register_admin_route(
			WP_REST_Server::READABLE,
			array( $this, 'get_item' ),
			array(
				'format' => self::format_arg( __( 'json (a JSON document), text (a plain-text list) or csv (one row per destination).', 'proxy-health' ), Allow_List_Document::FORMATS ),
			)
		);
		add_filter( 'rest_pre_serve_request', array( self::class, 'serve_raw' ), 10, 3 );
	}

	/**
	 * Returns the allow-list as a download.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		$format   = (string) $request['format'];
		$format   = isset( self::EXTENSIONS[ $format ] ) ? $format : 'json';
		$document = Allow_List_Document::build();
		$data     = $document;
		if ( 'text' === $format ) {
			$data = Allow_List_Document::to_text( $document );
		} elseif ( 'csv' === $format ) {
			$data = Allow_List_Document::to_csv( $document );
		}
		$response = self::download( $data, Allow_List_Document::filename( self::EXTENSIONS[ $format ] ), self::RAW_TYPES[ $format ] ?? '' );
		if ( isset( self::RAW_TYPES[ $format ] ) ) {
			$response->header( 'X-Content-Type-Options', 'nosniff' );
		}
		return $response;
	}

	/**
	 * Prints the text or CSV list as is instead of JSON-encoding it.
	 *
	 * @since 0.4.0
	 *
	 * @param bool             $served  Whether the request was already served.
	 * @param WP_HTTP_Response $result  Response.
	 * @param WP_REST_Request  $request Request.
	 */
	public static function serve_raw( $served, $result, $request ): bool {
		return self::serve_text( $served, $result, $request, self::REST_BASE, '#^text/(?:plain|csv)\b#' );
	}
}
