<?php
/**
 * `wp proxy-health …`
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI;

use ProxyHealth\Proxy\Proxy_Route_Explainer;
use ProxyHealth\Hooks\Hook_Inspector;
use ProxyHealth\Report\Probe_Check;
use ProxyHealth\Report\Report_Builder;
use ProxyHealth\Report\Status_Report;
use ProxyHealth\Report\Url_Rules;
use WP_CLI;
use WP_Error;

use function WP_CLI\Utils\format_items;

/**
 * Diagnoses "407 Proxy Authentication Required" on this site's outbound requests.
 *
 * Each subcommand is a thin layer over the service its REST route uses: `--format=json` prints
 * exactly the JSON the route answers, `--format=yaml` the same data as YAML, and the default
 * table a summary of it.
 *
 * ## EXAMPLES
 *
 *     # Is the proxy configured as WordPress will use it?
 *     $ wp proxy-health status
 *
 *     # Probe through the proxy; exit code 1 when the verdict is fail.
 *     $ wp proxy-health check --format=json
 *
 * @since 0.1.0
 */
final class Command {

	private const FORMATS = array( 'table', 'json', 'yaml' );

	/**
	 * Shows the proxy configuration as WordPress will use it, the transports PHP offers and the
	 * configuration findings. The password is never shown, only whether one is set.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format; json is the GET /proxy-health/v1/status document.
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
	 *     $ wp proxy-health status
	 *     $ wp proxy-health status --format=json
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>         $args       Positional arguments (none).
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function status( array $args, array $assoc_args ): void {
		$format = self::format( $args, $assoc_args, 0 );
		$status = Status_Report::build();
		if ( self::print_data( $status, $format ) ) {
			return;
		}
		$proxy = (array) $status['proxy'];
		$curl  = (array) ( $status['transports']['curl'] ?? array() );
		self::table(
			array( 'field', 'value' ),
			array(
				self::row( __( 'Proxy enabled', 'proxy-health' ), $proxy['enabled'] ?? false ),
				self::row( __( 'Host', 'proxy-health' ), $proxy['host'] ?? null ),
				self::row( __( 'Port', 'proxy-health' ), $proxy['port'] ?? null ),
				self::row( __( 'Username', 'proxy-health' ), $proxy['username'] ?? null ),
				self::row( __( 'Password set', 'proxy-health' ), $proxy['hasPassword'] ?? false ),
				self::row( __( 'Bypass hosts', 'proxy-health' ), $proxy['bypassHosts'] ?? null ),
				self::row( __( 'cURL', 'proxy-health' ), ! empty( $curl['available'] ) ? (string) ( $curl['version'] ?? '' ) : false ),
				self::row( __( 'cURL proxy auth schemes', 'proxy-health' ), $curl['authSchemes'] ?? array() ),
				self::row( __( 'fsockopen', 'proxy-health' ), $status['transports']['fsockopen']['available'] ?? false ),
				self::row( __( 'Environment proxies', 'proxy-health' ), array_column( (array) $status['environment'], 'name' ) ),
				self::row( __( 'WordPress', 'proxy-health' ), $status['runtime']['wordpress'] ),
				self::row( __( 'PHP', 'proxy-health' ), $status['runtime']['php'] . ' (' . $status['runtime']['sapi'] . ')' ),
			)
		);
		self::findings( (array) $status['findings'] );
	}

	/**
	 * Sends test requests through WordPress's HTTP API and the configured proxy now, diagnoses
	 * them and keeps the report in the probe history (as Tools → Proxy Health does).
	 *
	 * Exit code 1 when the verdict is fail, 0 for pass or warn.
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
	 * : Output format; json is the ProbeReport POST /proxy-health/v1/probes answers.
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
	 *     $ wp proxy-health check
	 *     $ wp proxy-health check https://api.wordpress.org/ http://example.com/ --format=json
	 *     $ wp proxy-health check --target=https://downloads.wordpress.org/ || echo "proxy trouble"
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>         $args       URLs.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function check( array $args, array $assoc_args ): void {
		$format  = self::format( array(), $assoc_args, 0, array( 'target' ) );
		$targets = array_map( 'strval', $args );
		if ( array_key_exists( 'target', $assoc_args ) ) {
			if ( ! is_string( $assoc_args['target'] ) ) {
				WP_CLI::error( __( '--target needs a URL: --target=<url>.', 'proxy-health' ) );
			}
			$targets[] = $assoc_args['target'];
		}
		if ( count( $targets ) > Url_Rules::MAX_TARGETS ) {
			WP_CLI::error(
				/* translators: %d: maximum number of URLs. */
				sprintf( __( 'At most %d targets can be probed in one run.', 'proxy-health' ), Url_Rules::MAX_TARGETS )
			);
		}
		foreach ( $targets as $index => $target ) {
			self::fail_on( Url_Rules::target_error( $target, (int) $index ) );
		}

		$report = ( new Probe_Check() )->run( $targets );
		if ( ! self::print_data( $report, $format ) ) {
			$rows = array();
			foreach ( (array) $report['results'] as $result ) {
				$rows[] = array(
					'target'    => $result['target'],
					'transport' => $result['transport'],
					'viaProxy'  => self::cell( $result['viaProxy'] ),
					'outcome'   => $result['outcome'],
					'http'      => self::cell( $result['httpStatus'] ?? null ),
					'connect'   => self::cell( $result['connectStatus'] ?? null ),
					'totalMs'   => self::cell( $result['timingsMs']['total'] ?? null ),
				);
			}
			self::table( array( 'target', 'transport', 'viaProxy', 'outcome', 'http', 'connect', 'totalMs' ), $rows );
			self::findings( (array) $report['diagnoses'] );
			/* translators: %s: pass, warn or fail. */
			WP_CLI::line( sprintf( __( 'Verdict: %s', 'proxy-health' ), (string) $report['verdict'] ) );
		}
		if ( 'fail' === $report['verdict'] ) {
			WP_CLI::halt( 1 );
		}
	}

	/**
	 * Says whether WordPress would send a URL through the proxy, and why. Sends nothing.
	 *
	 * ## OPTIONS
	 *
	 * <url>
	 * : The http or https URL to explain.
	 *
	 * [--format=<format>]
	 * : Output format; json is what POST /proxy-health/v1/explain answers.
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
	 *     $ wp proxy-health explain https://api.wordpress.org/
	 *     $ wp proxy-health explain http://intranet.example/ --format=json
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>         $args       The URL.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function explain( array $args, array $assoc_args ): void {
		if ( 1 !== count( $args ) ) {
			WP_CLI::error( __( 'Name exactly one URL to explain: wp proxy-health explain <url>.', 'proxy-health' ) );
		}
		$format = self::format( array(), $assoc_args, 0 );
		$url    = (string) $args[0];
		self::fail_on( Url_Rules::explain_url_error( $url ) );

		$explanation = Proxy_Route_Explainer::from_live()->explain( $url );
		if ( self::print_data( $explanation, $format ) ) {
			return;
		}
		$callbacks = array_map(
			static fn( array $callback ): string => $callback['name'] . ' (' . $callback['priority'] . ')',
			(array) ( $explanation['filter']['callbacks'] ?? array() )
		);
		self::table(
			array( 'field', 'value' ),
			array(
				self::row( __( 'URL', 'proxy-health' ), $explanation['url'] ),
				self::row( __( 'Host', 'proxy-health' ), $explanation['host'] ),
				self::row( __( 'Through the proxy', 'proxy-health' ), $explanation['viaProxy'] ),
				self::row( __( 'Reason', 'proxy-health' ), $explanation['reason'] ),
				self::row( __( 'Detail', 'proxy-health' ), $explanation['detail'] ),
				self::row( __( 'Matched bypass rule', 'proxy-health' ), $explanation['matchedRule'] ?? null ),
				self::row( __( 'pre_http_send_through_proxy callbacks', 'proxy-health' ), $callbacks ),
				self::row( __( 'Hints', 'proxy-health' ), $explanation['hints'] ),
			)
		);
	}

	/**
	 * Lists the callbacks on the HTTP-related hooks, each with the plugin, theme, must-use
	 * plugin, drop-in or core file (and line) that added it.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format; json is what GET /proxy-health/v1/hooks answers.
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
	 *     $ wp proxy-health hooks
	 *     $ wp proxy-health hooks --format=yaml
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>         $args       Positional arguments (none).
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function hooks( array $args, array $assoc_args ): void {
		$format = self::format( $args, $assoc_args, 0 );
		$report = ( new Hook_Inspector() )->report();
		if ( self::print_data( $report, $format ) ) {
			return;
		}
		$rows = array();
		foreach ( $report['hooks'] as $hook ) {
			foreach ( $hook['callbacks'] as $callback ) {
				$owner  = $callback['owner'];
				$rows[] = array(
					'hook'     => $hook['hook'],
					'priority' => (string) $callback['priority'],
					'callback' => $callback['callback'],
					'owner'    => $owner['type'] . ( null !== $owner['slug'] ? ':' . $owner['slug'] : '' ),
					'file'     => null === $owner['file'] ? '' : $owner['file'] . ( null !== $owner['line'] ? ':' . $owner['line'] : '' ),
				);
			}
		}
		self::table( array( 'hook', 'priority', 'callback', 'owner', 'file' ), $rows );
	}

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
	public function report( array $args, array $assoc_args ): void {
		$format  = self::format( $args, $assoc_args, 0, array( 'run', 'inbound' ) );
		$run     = self::flag( $assoc_args, 'run' );
		$inbound = self::flag( $assoc_args, 'inbound' );
		$report  = ( new Report_Builder() )->build( $run, $inbound );
		if ( self::print_data( $report, $format ) ) {
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
		self::table(
			array( 'field', 'value' ),
			array(
				self::row( __( 'Generated at', 'proxy-health' ), $report['generatedAt'] ),
				self::row( __( 'Site', 'proxy-health' ), $report['site']['url'] ),
				self::row( __( 'WordPress', 'proxy-health' ), $report['site']['wp'] ),
				self::row( __( 'PHP', 'proxy-health' ), $report['site']['php'] ),
				self::row( __( 'Proxy', 'proxy-health' ), ! empty( $status['proxy']['enabled'] ) ? $status['proxy']['host'] . ':' . $status['proxy']['port'] : false ),
				self::row( __( 'Configuration problems', 'proxy-health' ), array_column( $problems, 'code' ) ),
				self::row( __( 'Latest probe verdict', 'proxy-health' ), null === $probe ? $none : $probe['verdict'] . ' (' . $probe['createdAt'] . ')' ),
				self::row( __( 'Latest probe diagnoses', 'proxy-health' ), null === $probe ? array() : array_column( (array) $probe['diagnoses'], 'code' ) ),
				self::row( __( 'HTTP hook callbacks', 'proxy-health' ), (string) $count ),
				self::row( __( 'Inbound verdict', 'proxy-health' ), null === $report['inbound'] ? __( 'not run (use --inbound)', 'proxy-health' ) : $report['inbound']['verdict'] ),
			)
		);
	}

	/**
	 * The validated --format, after refusing positional arguments and options the subcommand
	 * does not take. WP-CLI checks the synopsis before calling; this also covers direct calls.
	 *
	 * @param list<string>         $args        Positional arguments.
	 * @param array<string, mixed> $assoc_args  Options.
	 * @param int                  $max_args    Positional arguments allowed.
	 * @param list<string>         $other_flags Options besides --format.
	 * @return 'table'|'json'|'yaml'
	 */
	private static function format( array $args, array $assoc_args, int $max_args, array $other_flags = array() ): string {
		if ( count( $args ) > $max_args ) {
			WP_CLI::error(
				/* translators: %s: the unexpected arguments. */
				sprintf( __( 'Too many positional arguments: %s', 'proxy-health' ), implode( ' ', array_slice( $args, $max_args ) ) )
			);
		}
		$unknown = array_diff( array_keys( $assoc_args ), array_merge( array( 'format' ), $other_flags ) );
		if ( array() !== $unknown ) {
			WP_CLI::error(
				/* translators: %s: option names. */
				sprintf( __( 'Unknown option(s): %s', 'proxy-health' ), '--' . implode( ', --', $unknown ) )
			);
		}
		$format = $assoc_args['format'] ?? 'table';
		if ( ! is_string( $format ) || ! in_array( $format, self::FORMATS, true ) ) {
			WP_CLI::error(
				/* translators: %s: the accepted formats. */
				sprintf( __( 'Invalid value for --format; use one of: %s.', 'proxy-health' ), implode( ', ', self::FORMATS ) )
			);
		}
		return $format;
	}

	/**
	 * A boolean option: absent is false; `--name` (true), `--name=1|0|true|false` are accepted.
	 *
	 * @param array<string, mixed> $assoc_args Options.
	 * @param string               $name       Option name.
	 */
	private static function flag( array $assoc_args, string $name ): bool {
		if ( ! array_key_exists( $name, $assoc_args ) ) {
			return false;
		}
		$value = $assoc_args[ $name ];
		if ( is_bool( $value ) ) {
			return $value;
		}
		$value = strtolower( (string) $value );
		if ( ! in_array( $value, array( '1', '0', 'true', 'false' ), true ) ) {
			WP_CLI::error(
				/* translators: %s: option name. */
				sprintf( __( '--%s is a flag: leave the value out, or give 1, 0, true or false.', 'proxy-health' ), $name )
			);
		}
		return in_array( $value, array( '1', 'true' ), true );
	}

	/**
	 * Prints JSON or YAML; answers false when the caller should print its table instead.
	 *
	 * @param array<string, mixed> $data   Document, exactly as the REST route returns it.
	 * @param string               $format table, json or yaml.
	 */
	private static function print_data( array $data, string $format ): bool {
		if ( 'json' === $format ) {
			// The same encoder and flags as WP_REST_Server, so the bytes match the route's body.
			$json = wp_json_encode( $data );
			if ( false === $json ) {
				WP_CLI::error( __( 'The result could not be encoded as JSON.', 'proxy-health' ) );
			}
			WP_CLI::line( (string) $json );
			return true;
		}
		if ( 'yaml' === $format ) {
			WP_CLI::line( rtrim( Yaml::dump( $data ), "\n" ) );
			return true;
		}
		return false;
	}

	/**
	 * Prints findings or diagnoses (code, severity, title) when there are any.
	 *
	 * @param array<int, mixed> $items Findings or diagnoses.
	 */
	private static function findings( array $items ): void {
		$rows = array();
		foreach ( $items as $item ) {
			$rows[] = array(
				'code'     => (string) ( $item['code'] ?? '' ),
				'severity' => (string) ( $item['severity'] ?? '' ),
				'title'    => (string) ( $item['title'] ?? '' ),
			);
		}
		if ( array() !== $rows ) {
			self::table( array( 'code', 'severity', 'title' ), $rows );
		}
	}

	/**
	 * @param list<string>                $fields Columns.
	 * @param list<array<string, string>> $rows   Rows.
	 */
	private static function table( array $fields, array $rows ): void {
		format_items( 'table', $rows, $fields );
	}

	/**
	 * @param string $field Label.
	 * @param mixed  $value Value.
	 * @return array{field: string, value: string}
	 */
	private static function row( string $field, $value ): array {
		return array(
			'field' => $field,
			'value' => self::cell( $value ),
		);
	}

	/**
	 * One table cell: yes/no for booleans, lists joined with commas, nothing for null.
	 *
	 * @param mixed $value Value.
	 */
	private static function cell( $value ): string {
		if ( is_bool( $value ) ) {
			return $value ? __( 'yes', 'proxy-health' ) : __( 'no', 'proxy-health' );
		}
		if ( is_array( $value ) ) {
			return implode( ', ', array_map( array( self::class, 'cell' ), $value ) );
		}
		return null === $value ? '' : (string) $value;
	}

	/**
	 * Stops with the error's message (exit code 1) when there is one.
	 *
	 * @param WP_Error|null $error Error from a validation rule.
	 */
	private static function fail_on( ?WP_Error $error ): void {
		if ( null !== $error ) {
			WP_CLI::error( $error->get_error_message() );
		}
	}
}
