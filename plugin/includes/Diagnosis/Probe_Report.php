<?php
/**
 * The probe report: the probe grid's results, diagnosed.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Diagnosis;

use ProxyHealth\Probe\Credentials;
use ProxyHealth\Probe\Fingerprint;
use ProxyHealth\Probe\Probe_Runner;

/**
 * Runs the probe grid (Probe\Probe_Runner), diagnoses its results (Diagnoser, with the
 * configuration findings of Config_Diagnoses first) and returns a ProbeReport (its schema:
 * Documents\Probe_Report_Document).
 *
 * @since 0.3.0 Was Probe_Runner::run().
 */
final class Probe_Report {

	/**
	 * Probes each target with each transport, side by side, and diagnoses the results.
	 *
	 * @since 0.3.0
	 *
	 * @param list<string>                  $targets           http or https URLs, already validated.
	 * @param list<'curl'|'fsockopen'>|null $transports        Transports to use; null for every available one.
	 * @param Credentials|null              $credentials       One-off credentials, or null for wp-config.php's.
	 * @param bool                          $find_interference Whether failures on proxy auth or the route are
	 *                                                         traced to a hooked callback (extra requests).
	 * @return array<string, mixed> ProbeReport.
	 */
	public function run( array $targets, ?array $transports = null, ?Credentials $credentials = null, bool $find_interference = true ): array {
		$probed      = ( new Probe_Runner() )->probe( $targets, $transports, $credentials, $find_interference );
		$credentials = $probed['credentials'];
		$config      = $probed['config'];
		$diagnoses   = ( new Diagnoser() )->diagnose(
			$probed['results'],
			$config,
			array(
				'credentialsSent' => $credentials->is_set(),
				'wpConfigResults' => $probed['baseline'],
				'interference'    => $probed['interference'],
			)
		);
		// What the configuration findings explain goes next to what the requests showed.
		$diagnoses = array_merge( Config_Diagnoses::current(), $diagnoses );
		$report    = array(
			'id'                => wp_generate_uuid4(),
			'createdAt'         => gmdate( 'c' ),
			'verdict'           => Diagnoser::verdict( $diagnoses ),
			'proxy'             => $config->to_array(),
			'credentialsSource' => $credentials->source(),
			'transports'        => $probed['transports'],
			'results'           => $probed['results'],
			'diagnoses'         => $diagnoses,
			'fingerprint'       => Fingerprint::current(),
		);
		if ( in_array( 'proxy_credentials_verified', array_column( $diagnoses, 'code' ), true ) ) {
			$report['wpConfigLines'] = $credentials->wp_config_lines();
		}
		return $report;
	}
}
