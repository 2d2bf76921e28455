<?php
/**
 * The one redacted document with everything Proxy Health knows about a site.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Report;

use ProxyHealth\Hooks\Hook_Inspector;
use ProxyHealth\Inbound\Inbound_Checker;
use ProxyHealth\Redaction\Redactor;

/**
 * Builds the document GET /report and `wp proxy-health report` return (what the batch CLI
 * collects): site, status, the latest probe report, hooks, optionally the inbound check.
 *
 * Every part comes from the service its own route uses, so each part is exactly what that route
 * returns. Each service redacts at the source; nothing is scrubbed here afterwards.
 *
 * `evidence` sums up what the evidence session recorded and `bisections` lists the recent
 * bisection runs; both only read what is stored, so building a report never starts either.
 *
 * @since 0.1.0
 *
 * @phpstan-type ReportDocument array{generatedAt: string, site: array{url: string, wp: string, php: string}, status: array<string, mixed>, latestProbeReport: array<string, mixed>|null, hooks: array<string, mixed>, inbound: array<string, mixed>|null, evidence: array<string, mixed>, bisections: list<array<string, mixed>>}
 */
final class Report_Builder {

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
			'status'            => Status_Report::build(),
			'latestProbeReport' => $run ? $this->probes->run() : $this->probes->latest(),
			'hooks'             => ( new Hook_Inspector() )->report(),
			'inbound'           => $inbound ? ( new Inbound_Checker() )->run() : null,
			'evidence'          => Evidence_Summary::build(),
			'bisections'        => Bisection_Runs::recent(),
		);
	}
}
