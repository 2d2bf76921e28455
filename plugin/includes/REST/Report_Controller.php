<?php
/**
 * GET /proxy-health/v1/report
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Schema;
use ProxyHealth\Report\Report_Builder;
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
		$report = ( new Report_Builder() )->build(
			(bool) rest_sanitize_boolean( $request->get_param( 'run' ) ),
			(bool) rest_sanitize_boolean( $request->get_param( 'inbound' ) )
		);
		return rest_ensure_response( $report );
	}

	/**
	 * Schema of the report, made of the schemas of the routes each part comes from; shared with
	 * src/api/types.ts (ReportDocument).
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return $this->item_schema(
			'proxy-health-report',
			static fn() => array(
				'generatedAt'       => Schema::date_time(),
				'site'              => Schema::object(
					array(
						'url' => array(
							'description' => __( 'The home URL.', 'proxy-health' ),
							'type'        => 'string',
						),
						'wp'  => array( 'type' => 'string' ),
						'php' => array( 'type' => 'string' ),
					),
					array()
				),
				'status'            => self::part( ( new Status_Controller() )->get_item_schema() ),
				'latestProbeReport' => self::part(
					( new Probes_Controller() )->get_item_schema(),
					true,
					__( 'The newest probe report in the history, or the one run for this request with run=1; null when there is none.', 'proxy-health' )
				),
				'hooks'             => self::part( ( new Hooks_Controller() )->get_item_schema() ),
				'inbound'           => self::part(
					( new Inbound_Controller() )->get_item_schema(),
					true,
					__( 'The inbound check, run for this request with inbound=1; null otherwise.', 'proxy-health' )
				),
				'evidence'          => self::part(
					Schema::object(
					array(
						'session'     => self::part(
							( new Evidence_Sessions_Controller() )->get_item_schema(),
							true,
							__( 'The running session; null when none runs.', 'proxy-health' )
						),
						'calls'       => array(
							'description' => __( 'Outbound calls recorded.', 'proxy-health' ),
							'type'        => 'integer',
						),
						'failedCalls' => array(
							'description' => __( 'Recorded calls whose outcome is not ok.', 'proxy-health' ),
							'type'        => 'integer',
						),
						'byOutcome'   => array(
							'description' => __( 'Recorded calls per outcome.', 'proxy-health' ),
						) + Schema::keyed( array( 'type' => 'integer' ) ),
						'bySource'    => array(
							'description' => __( 'Recorded calls per plugin, theme, must-use plugin or core function, the busiest first.', 'proxy-health' ),
						) + Schema::list_of(
							array(
								'type'   => Schema::source_type(),
								'slug'   => array( 'type' => 'string' ),
								'calls'  => array( 'type' => 'integer' ),
								'failed' => array( 'type' => 'integer' ),
							),
							array()
						),
					),
					array()
					),
					true,
					__( 'What the running evidence session (or the last one, when none runs) recorded, added up. Reading the report never starts a session. Null from plugin versions without it.', 'proxy-health' )
				),
				'bisections'        => array(
					'description' => __( 'The kept bisection runs, newest first (GET /bisections/{id} has each in full); null from plugin versions without them.', 'proxy-health' ),
					'type'        => array( 'array', 'null' ),
				) + Schema::list_of(
					array_intersect_key(
						( new Bisections_Controller() )->get_item_schema()['properties'],
						array_flip( array( 'id', 'status', 'mode', 'conclusion', 'culprits', 'probesUsed', 'createdAt' ) )
					),
					array( 'conclusion' )
				),
			),
			array()
		);
	}

	/**
	 * Another route's schema as one property of the report.
	 *
	 * @param array<string, mixed> $schema      That route's item schema.
	 * @param bool                 $nullable    Whether the part may be null.
	 * @param string               $description What the part holds.
	 * @return array<string, mixed>
	 */
	private static function part( array $schema, bool $nullable = false, string $description = '' ): array {
		unset( $schema['$schema'], $schema['title'], $schema['definitions'] );
		if ( $nullable ) {
			$schema['type'] = array( 'object', 'null' );
		}
		if ( '' !== $description ) {
			$schema['description'] = $description;
		}
		return $schema;
	}
}
