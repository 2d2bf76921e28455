<?php
/**
 * GET /proxy-health/v1/report
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Report_Document;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Everything in one redacted document: what the batch CLI collects from each site.
 *
 * @since 0.1.0
 */
final class Report_Controller extends Base_Controller {

	protected const REST_BASE = 'report';

	protected const DOCUMENT = Report_Document::class;

	/**
	 * Registers GET /report.
	 */
	public function register_routes(): void {
		$this->register_admin_route(
			WP_REST_Server::READABLE,
			array( $this, 'get_item' ),
			array(
				'run'     => array(
					'description' => __( 'Probe now (the run is kept in the history) instead of returning the latest stored probe report.', 'proxy-health' ),
					'type'        => 'boolean',
					'default'     => false,
				),
				'inbound' => array(
					'description' => __( 'Also check what browsers and crawlers get from the site\'s own entry points.', 'proxy-health' ),
					'type'        => 'boolean',
					'default'     => false,
				),
			)
		);
	}

	/**
	 * Returns the report.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		$report = ( new Report_Document() )->build(
			(bool) rest_sanitize_boolean( $request->get_param( 'run' ) ),
			(bool) rest_sanitize_boolean( $request->get_param( 'inbound' ) )
		);
		return rest_ensure_response( $report );
	}
}
