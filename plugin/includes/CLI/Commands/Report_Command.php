<?php
/**
 * `wp proxy-health report`
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI\Commands;

use ProxyHealth\CLI\Options;
use ProxyHealth\CLI\Output;
use ProxyHealth\Documents\Report_Document;

/**
 * Everything in one redacted document (GET /report).
 *
 * @since 0.2.0
 */
final class Report_Command {

	/**
	 * Prints everything in one redacted document: site, status, the latest probe report, hooks
	 * and, on request, a fresh probe run and the inbound check.
	 *
	 * ## OPTIONS
	 *
	 * [--run]
	 * : Probe now (the run is kept in the history) instead of using the latest stored report.
	 *
	 * [--inbound]
	 * : Also check what browsers and crawlers get from the site's own entry points.
	 *
	 * [--format=<format>]
	 * : Output format; json is what GET /proxy-health/v1/report answers.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - yaml
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp proxy-health report --format=json > proxy-report.json
	 *     $ wp proxy-health report --run --inbound
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>         $args       Positional arguments (none).
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		$format  = Options::format( $assoc_args );
		$run     = Options::flag( $assoc_args, 'run' );
		$inbound = Options::flag( $assoc_args, 'inbound' );
		$report  = ( new Report_Document() )->build( $run, $inbound );
		if ( Output::print_data( $report, $format ) ) {
			return;
		}
		$status   = $report['status'];
		$probe    = $report['latestProbeReport'];
		$problems = array_filter( (array) $status['findings'], static fn( $f ): bool => 'good' !== ( $f['severity'] ?? '' ) );
		$count    = 0;
		foreach ( $report['hooks']['hooks'] as $hook ) {
			$count += count( $hook['callbacks'] );
		}
		$none = __( 'none', 'proxy-health' );
		Output::table(
			array( 'field', 'value' ),
			array(
				Output::row( __( 'Generated at', 'proxy-health' ), $report['generatedAt'] ),
				Output::row( __( 'Site', 'proxy-health' ), $report['site']['url'] ),
				Output::row( __( 'WordPress', 'proxy-health' ), $report['site']['wp'] ),
				Output::row( __( 'PHP', 'proxy-health' ), $report['site']['php'] ),
				Output::row( __( 'Proxy', 'proxy-health' ), ! empty( $status['proxy']['enabled'] ) ? $status['proxy']['host'] . ':' . $status['proxy']['port'] : false ),
				Output::row( __( 'Configuration problems', 'proxy-health' ), array_column( $problems, 'code' ) ),
				Output::row( __( 'Latest probe verdict', 'proxy-health' ), null === $probe ? $none : $probe['verdict'] . ' (' . $probe['createdAt'] . ')' ),
				Output::row( __( 'Latest probe diagnoses', 'proxy-health' ), null === $probe ? array() : array_column( (array) $probe['diagnoses'], 'code' ) ),
				Output::row( __( 'HTTP hook callbacks', 'proxy-health' ), (string) $count ),
				Output::row( __( 'Inbound verdict', 'proxy-health' ), null === $report['inbound'] ? __( 'not run (use --inbound)', 'proxy-health' ) : $report['inbound']['verdict'] ),
				Output::row( __( 'Evidence session', 'proxy-health' ), null === $report['evidence']['session'] ? $none : $report['evidence']['session']['id'] . ' (' . $report['evidence']['session']['expiresAt'] . ')' ),
				/* translators: 1: recorded calls; 2: of which failed. */
				Output::row( __( 'Evidence calls', 'proxy-health' ), sprintf( __( '%1$d (%2$d failed)', 'proxy-health' ), $report['evidence']['calls'], $report['evidence']['failedCalls'] ) ),
				Output::row( __( 'Latest bisection', 'proxy-health' ), array() === $report['bisections'] ? $none : self::bisection_line( $report['bisections'][0] ) ),
			)
		);
	}

	/**
	 * One line for a bisection summary: status, conclusion, culprits.
	 *
	 * @param array<string, mixed> $summary Item of the report's `bisections`.
	 */
	private static function bisection_line( array $summary ): string {
		$culprits = array_map( static fn( array $set ): string => '[' . implode( ' + ', $set ) . ']', (array) $summary['culprits'] );
		return $summary['status'] . ( isset( $summary['conclusion'] ) ? ', ' . $summary['conclusion'] : '' ) . ( array() !== $culprits ? ': ' . implode( ', ', $culprits ) : '' ) . ' (' . $summary['createdAt'] . ')';
	}
}
