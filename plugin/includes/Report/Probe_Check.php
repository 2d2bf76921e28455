<?php
/**
 * Runs the probe grid for a caller that is not the probes route, and reads the last report.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Report;

use ProxyHealth\Alerts\Verdict_Alert;
use ProxyHealth\Diagnosis\Probe_Report;
use ProxyHealth\Probe\Credentials;
use ProxyHealth\Probe\History;
use ProxyHealth\Probe\Probe_Runner;

/**
 * What `wp proxy-health check`, GET /report?run=1 and POST /probes share: run the probes
 * (Diagnosis\Probe_Report) and keep the report in the history, so that the panel, the route and
 * the command line see the same latest report.
 *
 * @since 0.1.0
 */
final class Probe_Check {

	/**
	 * Whether this build keeps a probe history (Probe\History).
	 *
	 * @since 0.1.0
	 */
	public static function has_history(): bool {
		return class_exists( History::class );
	}

	/**
	 * Probes now (the default targets when none are named), stores the report and returns it.
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>|null             $targets     Validated http(s) URLs (see Url_Rules), or null.
	 * @param list<'curl'|'fsockopen'>|null $transports  Transports; null for every available one.
	 * @param Credentials|null              $credentials One-off credentials, or null for wp-config.php's.
	 * @return array<string, mixed> ProbeReport.
	 */
	public function run( ?array $targets = null, ?array $transports = null, ?Credentials $credentials = null ): array {
		$targets = null === $targets || array() === $targets ? Probe_Runner::default_targets() : array_values( $targets );
		$report  = ( new Probe_Report() )->run( $targets, $transports, $credentials );
		if ( self::has_history() ) {
			History::add( $report );
		}
		Verdict_Alert::watch( $report );
		return $report;
	}

	/**
	 * The newest stored report, or null when there is none (or no history in this build).
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, mixed>|null ProbeReport.
	 */
	public function latest(): ?array {
		if ( ! self::has_history() ) {
			return null;
		}
		$all = History::all();
		return $all[0] ?? null;
	}
}
