<?php
/**
 * GET /proxy-health/v1/scan
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Schema;
use ProxyHealth\Scan\Pattern_Set;
use ProxyHealth\Scan\Site_Scanner;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * The static scan of the site's active plugins, must-use plugins and theme: the suspects a
 * bisection tries first, in the shape `proxy-health scan --format json` prints them.
 *
 * @since 0.1.0
 */
final class Scan_Controller extends Base_Controller {

	protected const REST_BASE = 'scan';

	/**
	 * Registers GET /scan (it takes no arguments).
	 */
	public function register_routes(): void {
		$this->register_admin_route( WP_REST_Server::READABLE, array( $this, 'get_item' ) );
	}

	/**
	 * Scans now and returns the report.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return rest_ensure_response( ( new Site_Scanner() )->scan_site() );
	}

	/**
	 * Schema of the scan report, shared with src/api/types.ts (SiteScanReport) and the CLI's
	 * ScanReport suspects and problems.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return $this->item_schema(
			'proxy-health-scan',
			static fn(): array => array(
				'suspects'     => array(
					'description' => __( 'Components whose code touches HTTP or proxies, most likely first.', 'proxy-health' ),
				) + Schema::list_of(
					array(
						'type'  => Schema::enum( array( 'plugin', 'mu-plugin', 'theme' ) ),
						'slug'  => array( 'type' => 'string' ),
						'score' => array( 'type' => 'integer' ),
						'hits'  => Schema::list_of(
							array(
								'code'   => array( 'x-codes' => 'ScanPatternCode' ) + Schema::enum( array_keys( Pattern_Set::data()['weights'] ) ),
								'weight' => array( 'type' => 'integer' ),
								'file'   => array(
									'description' => __( 'Relative to wp-content.', 'proxy-health' ),
									'type'        => 'string',
								),
								'line'   => array( 'type' => 'integer' ),
								'detail' => array( 'type' => 'string' ),
							),
							array()
						),
					),
					array()
				),
				'problems'     => array(
					'description' => __( 'Files that could not be read or parsed; the scan went on without them.', 'proxy-health' ),
				) + Schema::list_of(
					array(
						'file'    => array( 'type' => 'string' ),
						'line'    => Schema::nullable( 'integer' ),
						'reason'  => Schema::enum( array( 'parse_error', 'too_large', 'unreadable' ) ),
						'message' => array( 'type' => 'string' ),
					),
					array( 'line' )
				),
				'filesScanned' => array( 'type' => 'integer' ),
				'truncated'    => array(
					'description' => __( 'True when the file or time bound stopped the scan early.', 'proxy-health' ),
					'type'        => 'boolean',
				),
				'elapsedMs'    => array( 'type' => 'integer' ),
			),
			array()
		);
	}
}
