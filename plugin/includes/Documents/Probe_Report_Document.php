<?php
/**
 * The probe report documents: POST /proxy-health/v1/probes, GET /probes and GET /probes/{id}.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Probe\Credentials;
use ProxyHealth\Probe\History;
use ProxyHealth\Report\Probe_Check;
use WP_Error;

/**
 * A probe report run now (and kept in the history, Report\Probe_Check), a page of the history
 * or one stored report, and the schema of the probe report with the history page among its
 * definitions.
 *
 * @since 0.3.0
 */
final class Probe_Report_Document {

	/** Transports a probe can use, as Requests names them. */
	public const TRANSPORTS = array( 'curl', 'fsockopen' );

	/**
	 * Runs the probes, stores the report in the history and returns it.
	 *
	 * @since 0.3.0
	 *
	 * @param list<string>|null             $targets     Validated http(s) URLs; null for the defaults.
	 * @param list<'curl'|'fsockopen'>|null $transports  Transports; null for every available one.
	 * @param Credentials|null              $credentials One-off credentials, or null for wp-config.php's.
	 * @return array<string, mixed> ProbeReport.
	 */
	public static function run( ?array $targets, ?array $transports = null, ?Credentials $credentials = null ): array {
		return ( new Probe_Check() )->run( $targets, $transports, $credentials );
	}

	/**
	 * A page of the history: summaries, newest first.
	 *
	 * @since 0.3.0
	 *
	 * @param int $page     Page, from 1.
	 * @param int $per_page Reports per page.
	 * @return array{items: list<array<string, mixed>>, total: int, page: int, perPage: int}
	 */
	public static function history_page( int $page, int $per_page ): array {
		$all = History::all();
		return array(
			'items'   => array_map( array( History::class, 'summary' ), array_slice( $all, ( $page - 1 ) * $per_page, $per_page ) ),
			'total'   => count( $all ),
			'page'    => $page,
			'perPage' => $per_page,
		);
	}

	/**
	 * One stored report.
	 *
	 * @since 0.3.0
	 *
	 * @param string $id Report id.
	 * @return array<string, mixed>|WP_Error The report, or proxy_health_report_not_found (404).
	 */
	public static function find( string $id ) {
		$report = History::find( $id );
		if ( null === $report ) {
			return new WP_Error(
				'proxy_health_report_not_found',
				__( 'No stored probe report has this id; the history keeps the last 50.', 'proxy-health' ),
				array( 'status' => 404 )
			);
		}
		return $report;
	}

	/**
	 * Schema of the probe report; GET /probes' history page is among its definitions.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		$int = array( 'type' => 'integer' );
		// GET /probes answers a page of the history: summaries of the reports, newest first.
		return Schema::with_definitions(
			self::report_schema(),
			array(
				Schema::document(
					'proxy-health-probe-history',
					array(
						'items'   => Schema::list_of(
							array(
								'id'        => array( 'type' => 'string' ),
								'createdAt' => array( 'type' => 'string' ),
								'verdict'   => Schema::verdict(),
								'counts'    => Schema::object( array_fill_keys( array( 'results', 'ok', 'failed', 'diagnoses' ), $int ), array() ),
							),
							array()
						),
						'total'   => $int,
						'page'    => $int,
						'perPage' => $int,
					),
					array()
				),
			)
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	private static function report_schema(): array {
		return Schema::document(
			'proxy-health-probe-report',
			array(
				'id'                => array( 'type' => 'string' ),
				'createdAt'         => Schema::date_time(),
				'verdict'           => Schema::verdict(),
				'proxy'             => Schema::proxy_config(),
				'credentialsSource' => Schema::enum( array( 'one-off', 'wp-config', 'none' ) ),
				'transports'        => array(
					'type'  => 'array',
					'items' => Schema::enum( self::TRANSPORTS ),
				),
				// Only in the POST answer when one-off credentials fixed a failing wp-config.php; never stored.
				'wpConfigLines'     => array(
					// A fixed token of the contract, like a code: not translated.
					'description' => sprintf(
						'The wp-config.php lines that make WordPress send the one-off credentials the proxy accepted. The username is real; the password never leaves the server: its line holds the placeholder %s inside the quotes, which the caller replaces with the password it sent, escaped for a PHP single-quoted string (\\ and \' only).',
						Credentials::PASSWORD_PLACEHOLDER
					),
				) + Schema::string_list(),
				'results'           => Schema::list_of(
					array(
						'target'           => array( 'type' => 'string' ),
						'method'           => array( 'type' => 'string' ),
						'transport'        => Schema::enum( self::TRANSPORTS ),
						'viaProxy'         => array( 'type' => 'boolean' ),
						'bypassReason'     => array( 'type' => 'string' ),
						'outcome'          => Schema::outcome(),
						'httpStatus'       => array( 'type' => 'integer' ),
						'connectStatus'    => array( 'type' => 'integer' ),
						'proxyAuthOffered' => Schema::string_list(),
						'proxyRealm'       => array( 'type' => 'string' ),
						'proxyServer'      => array( 'type' => 'string' ),
						'timingsMs'        => Schema::timings(),
						'error'            => Schema::error(),
						'transcript'       => Schema::string_list(),
						// After a TLS failure on cURL: the certificate presented for the target.
						'tlsCertificate'   => Schema::object(
							array(
								'subject'        => array( 'type' => 'string' ),
								'issuer'         => array( 'type' => 'string' ),
								'chainsToBundle' => array( 'type' => array( 'boolean', 'null' ) ),
								'bundle'         => array( 'type' => 'string' ),
							),
							array()
						),
					),
					array( 'bypassReason', 'httpStatus', 'connectStatus', 'proxyAuthOffered', 'proxyRealm', 'proxyServer', 'error', 'transcript', 'tlsCertificate' )
				),
				'diagnoses'         => Schema::probe_diagnoses(),
				'fingerprint'       => Schema::fingerprint(),
			),
			array( 'credentialsSource', 'transports', 'wpConfigLines' )
		);
	}
}
