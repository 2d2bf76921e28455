<?php
/**
 * `wp proxy-health check`
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI\Commands;

use ProxyHealth\CLI\Options;
use ProxyHealth\CLI\Output;
use ProxyHealth\Probe\Probe_Runner;
use ProxyHealth\Report\Probe_Check;
use ProxyHealth\Report\Url_Rules;
use WP_CLI;

use function WP_CLI\Utils\format_items;
use function WP_CLI\Utils\make_progress_bar;

/**
 * Probes through the proxy now (POST /probes); exit code 1 on a fail verdict.
 *
 * @since 0.2.0
 */
final class Check_Command {

	/** Columns of the list `check` prints (`--fields` picks among them). */
	private const FIELDS = array( 'target', 'transport', 'viaProxy', 'outcome', 'http', 'connect', 'totalMs' );

	/**
	 * Sends test requests through WordPress's HTTP API and the configured proxy now, diagnoses
	 * them and keeps the report in the probe history (as Tools → Proxy Health does).
	 *
	 * Exit code 1 when the verdict is fail, 0 for pass or warn. With the table format, a
	 * progress bar counts the probes while they run (on a terminal).
	 *
	 * ## OPTIONS
	 *
	 * [<url>...]
	 * : http or https URLs to probe instead of the default targets (at most 10).
	 *
	 * [--target=<url>]
	 * : One more URL to probe. WP-CLI keeps only the last of repeated options, so name several
	 * targets as positional URLs.
	 *
	 * [--format=<format>]
	 * : Output format; json is the ProbeReport POST /proxy-health/v1/probes answers, csv the
	 * list of results (the table also lists the diagnoses and the verdict).
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 *   - yaml
	 * ---
	 *
	 * [--fields=<fields>]
	 * : Comma-separated columns of the results, for table and csv: target, transport, viaProxy,
	 * outcome, http, connect, totalMs.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp proxy-health check
	 *     $ wp proxy-health check https://api.wordpress.org/ http://example.com/ --format=json
	 *     $ wp proxy-health check --target=https://downloads.wordpress.org/ || echo "proxy trouble"
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>         $args       URLs.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		$format  = Options::format( $assoc_args );
		$fields  = Options::fields( $assoc_args, $format, self::FIELDS );
		$targets = array_map( 'strval', $args );
		if ( isset( $assoc_args['target'] ) ) {
			$targets[] = (string) $assoc_args['target'];
		}
		if ( count( $targets ) > Url_Rules::MAX_TARGETS ) {
			WP_CLI::error(
				/* translators: %d: maximum number of URLs. */
				sprintf( __( 'At most %d targets can be probed in one run.', 'proxy-health' ), Url_Rules::MAX_TARGETS )
			);
		}
		foreach ( $targets as $index => $target ) {
			Options::fail_on( Url_Rules::target_error( $target, (int) $index ) );
		}

		$report = self::probe_with_progress( $targets, 'table' === $format );
		if ( ! Output::print_data( $report, $format ) ) {
			$rows = array();
			foreach ( (array) $report['results'] as $result ) {
				$rows[] = array(
					'target'    => $result['target'],
					'transport' => $result['transport'],
					'viaProxy'  => Output::cell( $result['viaProxy'] ),
					'outcome'   => $result['outcome'],
					'http'      => Output::cell( $result['httpStatus'] ?? null ),
					'connect'   => Output::cell( $result['connectStatus'] ?? null ),
					'totalMs'   => Output::cell( $result['timingsMs']['total'] ?? null ),
				);
			}
			format_items( $format, $rows, $fields );
			if ( 'table' === $format ) {
				Output::findings( (array) $report['diagnoses'] );
				/* translators: %s: pass, warn or fail. */
				WP_CLI::line( sprintf( __( 'Verdict: %s', 'proxy-health' ), (string) $report['verdict'] ) );
			}
		}
		if ( 'fail' === $report['verdict'] ) {
			WP_CLI::halt( 1 );
		}
	}

	/**
	 * Runs the probes (and stores the report, as the panel does); with a progress bar that
	 * counts the finished probes when asked (shown only on a terminal).
	 *
	 * @param list<string> $targets  Validated URLs, or none for the default targets.
	 * @param bool         $progress Show the bar.
	 * @return array<string, mixed> ProbeReport.
	 */
	private static function probe_with_progress( array $targets, bool $progress ): array {
		if ( ! $progress ) {
			return ( new Probe_Check() )->run( $targets );
		}
		$count = count( array() === $targets ? Probe_Runner::default_targets() : $targets ) * count( Probe_Runner::available_transports() );
		$bar   = make_progress_bar( __( 'Probing through the proxy', 'proxy-health' ), max( 1, $count ) );
		// Each probe, side by side or not, ends with WordPress's own http_api_debug action.
		$tick = static function ( $response, $context ) use ( $bar ): void {
			if ( 'response' === $context ) {
				$bar->tick();
			}
		};
		add_action( 'http_api_debug', $tick, 10, 2 );
		try {
			return ( new Probe_Check() )->run( $targets );
		} finally {
			remove_action( 'http_api_debug', $tick, 10 );
			$bar->finish();
		}
	}
}
