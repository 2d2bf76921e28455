<?php
/**
 * The scan document: GET /proxy-health/v1/scan.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Scan\Pattern_Set;
use ProxyHealth\Scan\Site_Scanner;

/**
 * The static scan of the site's active plugins, must-use plugins and theme (Scan\Site_Scanner):
 * the suspects a bisection tries first, in the shape `proxy-health scan --format json` prints
 * them, and the schema of that document (also the CLI's ScanReport suspects and problems).
 *
 * @since 0.3.0
 */
final class Scan_Document {

	/**
	 * Scans now and returns the report.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function build(): array {
		return ( new Site_Scanner() )->scan_site();
	}

	/**
	 * The document's schema (the route's item schema).
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		return Schema::document(
			'proxy-health-scan',
			array(
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
