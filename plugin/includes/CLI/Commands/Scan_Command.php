<?php
/**
 * `wp proxy-health scan`
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI\Commands;

use ProxyHealth\CLI\Options;
use ProxyHealth\CLI\Output;
use ProxyHealth\Scan\Site_Scanner;
use WP_CLI;

use function WP_CLI\Utils\format_items;

/**
 * The static scan of active plugins, must-use plugins and theme (GET /scan).
 *
 * @since 0.2.0
 */
final class Scan_Command {

	/** Columns of the list `scan` prints (`--fields` picks among them). */
	private const FIELDS = array( 'suspect', 'score', 'code', 'file', 'detail' );

	/**
	 * Ranks the active plugins, must-use plugins and theme by code that touches HTTP or proxies,
	 * read with PHP's tokenizer and never run: the suspects a bisection tries first.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format; json is what GET /proxy-health/v1/scan answers, csv the list of findings.
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
	 * : Comma-separated columns, for table and csv: suspect, score, code, file, detail.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp proxy-health scan
	 *     $ wp proxy-health scan --format=json
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>         $args       Positional arguments (none).
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		$format = Options::format( $assoc_args );
		$fields = Options::fields( $assoc_args, $format, self::FIELDS );
		$report = ( new Site_Scanner() )->scan_site();
		if ( Output::print_data( $report, $format ) ) {
			return;
		}
		$rows = array();
		foreach ( $report['suspects'] as $suspect ) {
			foreach ( $suspect['hits'] as $hit ) {
				$rows[] = array(
					'suspect' => $suspect['type'] . ':' . $suspect['slug'],
					'score'   => (string) $suspect['score'],
					'code'    => $hit['code'],
					'file'    => $hit['file'] . ':' . $hit['line'],
					'detail'  => $hit['detail'],
				);
			}
		}
		format_items( $format, $rows, $fields );
		foreach ( $report['problems'] as $problem ) {
			/* translators: 1: file relative to wp-content. 2: why it was not scanned. */
			WP_CLI::warning( sprintf( __( '%1$s not scanned: %2$s', 'proxy-health' ), $problem['file'], $problem['message'] ) );
		}
		if ( $report['truncated'] ) {
			WP_CLI::warning( __( 'The scan stopped at its time or file limit; some files were not read.', 'proxy-health' ) );
		}
	}
}
