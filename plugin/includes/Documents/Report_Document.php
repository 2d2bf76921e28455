<?php
/**
 * The one redacted document with everything Proxy Health knows about a site.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Redaction\Redactor;
use ProxyHealth\Report\Evidence_Summary;
use ProxyHealth\Report\Probe_Check;

/**
 * Builds the document GET /report and `wp proxy-health report` return (what the batch CLI
 * collects): site, status, the latest probe report, hooks, optionally the inbound check; and
 * owns its schema, made of the schemas of the documents each part is.
 *
 * Every part comes from the document class its own route answers, so each part is exactly what
 * that route returns. Each service redacts at the source; nothing is scrubbed here afterwards.
 *
 * `evidence` sums up what the evidence session recorded and `bisections` lists the recent
 * bisection runs; both only read what is stored, so building a report never starts either.
 *
 * @since 0.1.0 As Report\Report_Builder.
 *
 * @phpstan-type ReportDocument array{generatedAt: string, site: array{url: string, wp: string, php: string}, status: array<string, mixed>, latestProbeReport: array<string, mixed>|null, hooks: array<string, mixed>, inbound: array<string, mixed>|null, evidence: array<string, mixed>, bisections: list<array<string, mixed>>}
 */
final class Report_Document {

	/**
	 * Probe runs and the history.
	 *
	 * @var Probe_Check
	 */
	private Probe_Check $probes;

	/**
	 * @param Probe_Check|null $probes Probe runs and the history.
	 */
	public function __construct( ?Probe_Check $probes = null ) {
		$this->probes = $probes ?? new Probe_Check();
	}

	/**
	 * Builds the report.
	 *
	 * @since 0.1.0
	 *
	 * @param bool $run     Probe now (and store the run in the history) instead of reading the latest stored report.
	 * @param bool $inbound Also run the inbound check (real requests to the site's own entry points).
	 * @return ReportDocument
	 */
	public function build( bool $run = false, bool $inbound = false ): array {
		global $wp_version;
		return array(
			'generatedAt'       => gmdate( 'c' ),
			'site'              => array(
				// A home URL with user-info is unusual but possible; it never leaves with a password.
				'url' => Redactor::url( home_url() ),
				'wp'  => (string) $wp_version,
				'php' => PHP_VERSION,
			),
			'status'            => Status_Document::build(),
			'latestProbeReport' => $run ? $this->probes->run() : $this->probes->latest(),
			'hooks'             => Hooks_Document::build(),
			'inbound'           => $inbound ? Inbound_Check_Document::build() : null,
			'evidence'          => Evidence_Summary::build(),
			'bisections'        => Bisection_Document::recent(),
		);
	}

	/**
	 * Schema of the report, made of the schemas of the documents each part is (ReportDocument
	 * in the generated contract).
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		return Schema::document(
			'proxy-health-report',
			array(
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
				'status'            => Schema::part( Status_Document::schema() ),
				'latestProbeReport' => Schema::part(
					Probe_Report_Document::schema(),
					true,
					__( 'The newest probe report in the history, or the one run for this request with run=1; null when there is none.', 'proxy-health' )
				),
				'hooks'             => Schema::part( Hooks_Document::schema() ),
				'inbound'           => Schema::part(
					Inbound_Check_Document::schema(),
					true,
					__( 'The inbound check, run for this request with inbound=1; null otherwise.', 'proxy-health' )
				),
				'evidence'          => Schema::part(
					Schema::object(
					array(
						'session'     => Schema::part(
							Evidence_Session_Document::schema(),
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
						Bisection_Document::schema()['properties'],
						array_flip( array( 'id', 'status', 'mode', 'conclusion', 'culprits', 'probesUsed', 'createdAt' ) )
					),
					array( 'conclusion' )
				),
			),
			array()
		);
	}
}
