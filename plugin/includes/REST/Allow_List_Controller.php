<?php
/**
 * GET /proxy-health/v1/allow-list
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Allow_List_Document;
use ProxyHealth\Plugin;
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
				'format' => array(
					'description' => __( 'json (a JSON document), text (a plain-text list) or csv (one row per destination).', 'proxy-health' ),
					'type'        => 'string',
					'enum'        => Allow_List_Document::FORMATS,
					'default'     => 'json',
				),
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
		$response = new WP_REST_Response( $data );
		$response->header( 'Content-Disposition', 'attachment; filename="' . Allow_List_Document::filename( self::EXTENSIONS[ $format ] ) . '"' );
		$response->header( 'Cache-Control', 'no-store' );
		if ( isset( self::RAW_TYPES[ $format ] ) ) {
			$response->header( 'Content-Type', self::RAW_TYPES[ $format ] . '; charset=' . get_option( 'blog_charset' ) );
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
		if ( $served || ! $request instanceof WP_REST_Request || '/' . Plugin::REST_NS . '/' . self::REST_BASE !== $request->get_route() ) {
			return (bool) $served;
		}
		$data = $result instanceof WP_HTTP_Response ? $result->get_data() : null;
		$type = $result instanceof WP_HTTP_Response ? (string) ( $result->get_headers()['Content-Type'] ?? '' ) : '';
		if ( ! is_string( $data ) || ! preg_match( '#^text/(?:plain|csv)\b#', $type ) ) {
			return false;
		}
		echo $data; // phpcs:ignore WordPress.Security.EscapeOutput -- a text/plain or text/csv download (nosniff), never HTML.
		return true;
	}
}
