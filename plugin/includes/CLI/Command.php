<?php
/**
 * `wp proxy-health …`
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI;

use ProxyHealth\Bisection\Bisector;
use ProxyHealth\Bisection\Theme_Candidate;
use ProxyHealth\Evidence\Evidence_Session;
use ProxyHealth\Probe\Probe_Runner;
use ProxyHealth\Proxy\Proxy_Route_Explainer;
use ProxyHealth\Hooks\Hook_Inspector;
use ProxyHealth\Report\Bisection_Runs;
use ProxyHealth\Report\Evidence_Sessions;
use ProxyHealth\Report\Evidence_Summary;
use ProxyHealth\Report\Probe_Check;
use ProxyHealth\Report\Report_Builder;
use ProxyHealth\Report\Status_Report;
use ProxyHealth\Report\Url_Rules;
use ProxyHealth\Scan\Site_Scanner;
use WP_CLI;
use WP_Error;

use function WP_CLI\Utils\format_items;
use function WP_CLI\Utils\make_progress_bar;

/**
 * Diagnoses "407 Proxy Authentication Required" on this site's outbound requests.
 *
 * Each subcommand is a thin layer over the service its REST route uses: `--format=json` prints
 * exactly the JSON the route answers, `--format=yaml` the same data as YAML, and the default
 * table a summary of it. Subcommands that print a list (check, hooks, scan) also take
 * `--format=csv` and `--fields`, through WP-CLI's own formatter. Arguments are checked by
 * WP-CLI against each subcommand's synopsis before the subcommand runs.
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

	private const FORMATS = array( 'table', 'json', 'csv', 'yaml' );

	/** Columns of the list `check` prints (`--fields` picks among them). */
	private const CHECK_FIELDS = array( 'target', 'transport', 'viaProxy', 'outcome', 'http', 'connect', 'totalMs' );

	/** Columns of the list `hooks` prints. */
	private const HOOK_FIELDS = array( 'hook', 'priority', 'callback', 'owner', 'file' );

	/** Columns of the list `scan` prints. */
	private const SCAN_FIELDS = array( 'suspect', 'score', 'code', 'file', 'detail' );

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
		$format = self::format( $assoc_args );
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
	public function check( array $args, array $assoc_args ): void {
		$format  = self::format( $assoc_args );
		$fields  = self::fields( $assoc_args, $format, self::CHECK_FIELDS );
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
			self::fail_on( Url_Rules::target_error( $target, (int) $index ) );
		}

		$report = self::probe_with_progress( $targets, 'table' === $format );
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
			format_items( $format, $rows, $fields );
			if ( 'table' === $format ) {
				self::findings( (array) $report['diagnoses'] );
				/* translators: %s: pass, warn or fail. */
				WP_CLI::line( sprintf( __( 'Verdict: %s', 'proxy-health' ), (string) $report['verdict'] ) );
			}
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
		$format = self::format( $assoc_args );
		$url    = (string) ( $args[0] ?? '' );
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
	 * : Output format; json is what GET /proxy-health/v1/hooks answers, csv the list of
	 * callbacks.
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
	 * : Comma-separated columns, for table and csv: hook, priority, callback, owner, file.
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
		$format = self::format( $assoc_args );
		$fields = self::fields( $assoc_args, $format, self::HOOK_FIELDS );
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
		format_items( $format, $rows, $fields );
	}

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
	public function scan( array $args, array $assoc_args ): void {
		$format = self::format( $assoc_args );
		$fields = self::fields( $assoc_args, $format, self::SCAN_FIELDS );
		$report = ( new Site_Scanner() )->scan_site();
		if ( self::print_data( $report, $format ) ) {
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
		$format  = self::format( $assoc_args );
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
				self::row( __( 'Evidence session', 'proxy-health' ), null === $report['evidence']['session'] ? $none : $report['evidence']['session']['id'] . ' (' . $report['evidence']['session']['expiresAt'] . ')' ),
				/* translators: 1: recorded calls; 2: of which failed. */
				self::row( __( 'Evidence calls', 'proxy-health' ), sprintf( __( '%1$d (%2$d failed)', 'proxy-health' ), $report['evidence']['calls'], $report['evidence']['failedCalls'] ) ),
				self::row( __( 'Latest bisection', 'proxy-health' ), array() === $report['bisections'] ? $none : self::bisection_line( $report['bisections'][0] ) ),
			)
		);
	}

	/**
	 * Starts, shows or stops the time-boxed evidence session: while it runs, every outbound HTTP
	 * call the site makes (cron and update checks too) is recorded with the plugin, theme or
	 * core function that made it.
	 *
	 * ## OPTIONS
	 *
	 * <action>
	 * : on starts a session, off stops it (and reverts the debug constants), status shows it
	 * with a summary of the calls recorded.
	 * ---
	 * options:
	 *   - on
	 *   - off
	 *   - status
	 * ---
	 *
	 * [--minutes=<n>]
	 * : With on: how long the session records, 1 to 1440; 15 when left out. (No synopsis
	 * default: WP-CLI would pass it to off and status too, which take no options.)
	 *
	 * [--debug-constants]
	 * : With on: also switch WP_DEBUG and WP_DEBUG_LOG on in wp-config.php (display stays off)
	 * until the session ends; the file is restored byte for byte.
	 *
	 * [--format=<format>]
	 * : Output format; json is what POST /proxy-health/v1/evidence-sessions (on) or
	 * DELETE /proxy-health/v1/evidence-sessions/current (off) answers, and for status the
	 * `evidence` part of GET /proxy-health/v1/report.
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
	 *     $ wp proxy-health debug on --minutes=30 --debug-constants
	 *     $ wp proxy-health debug status
	 *     $ wp proxy-health debug off
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>         $args       The action.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function debug( array $args, array $assoc_args ): void {
		$action = (string) ( $args[0] ?? '' );
		// WP-CLI 2.10 lets any word through here despite the synopsis' list (seen in its tests).
		if ( ! in_array( $action, array( 'on', 'off', 'status' ), true ) ) {
			WP_CLI::error( __( 'Name what to do: wp proxy-health debug on|off|status.', 'proxy-health' ) );
		}
		$format = self::format( $assoc_args );
		if ( 'on' !== $action ) {
			self::refuse_options( $assoc_args, array( 'minutes', 'debug-constants' ), 'wp proxy-health debug on' );
			'off' === $action ? self::debug_off( $format ) : self::debug_status( $format );
			return;
		}

		$minutes = $assoc_args['minutes'] ?? (string) Evidence_Session::DEFAULT_MINUTES;
		self::fail_on( Evidence_Sessions::minutes_error( $minutes ) );
		$session = Evidence_Sessions::start( (int) $minutes, self::flag( $assoc_args, 'debug-constants' ) );
		self::fail_on( $session instanceof WP_Error ? $session : null );
		if ( self::print_data( $session, $format ) ) {
			return;
		}
		WP_CLI::success(
			$session['debugConstants']
				/* translators: 1: session id; 2: end time (ISO 8601, UTC). */
				? sprintf( __( 'Evidence session %1$s records until %2$s, with WP_DEBUG and WP_DEBUG_LOG on.', 'proxy-health' ), $session['id'], $session['expiresAt'] )
				/* translators: 1: session id; 2: end time (ISO 8601, UTC). */
				: sprintf( __( 'Evidence session %1$s records until %2$s.', 'proxy-health' ), $session['id'], $session['expiresAt'] )
		);
	}

	/**
	 * Runs a plugin bisection in a staging clone and prints each step as it happens and the
	 * conclusion. Each step runs in a child process of this WP-CLI (no HTTP, so it works where
	 * the site cannot call itself); where WP-CLI cannot start one, the site drives the steps.
	 * The live site, its tables and its plugins are never changed; the clone is dropped at the
	 * end. Or shows or cancels a run.
	 *
	 * Exit code 0 when the run completes (whatever it concludes), 1 when it fails, is cancelled,
	 * or another run holds the site's bisection lock.
	 *
	 * ## OPTIONS
	 *
	 * [<action>]
	 * : status or cancel, followed by a run id; leave out to start a run.
	 * ---
	 * options:
	 *   - status
	 *   - cancel
	 * ---
	 *
	 * [<id>]
	 * : The run id, with status and cancel.
	 *
	 * [--mode=<mode>]
	 * : Search strategy: ddmin (the default: halving, about log2 N probes, and delta debugging
	 * when plugins fail only together) or one-by-one (one plugin at a time). No synopsis
	 * default, so that status and cancel, which take no options, get none.
	 * ---
	 * options:
	 *   - ddmin
	 *   - one-by-one
	 * ---
	 *
	 * [--clone=<clone>]
	 * : light (the default) copies the rows a probe needs (options, users); full copies every
	 * table.
	 * ---
	 * options:
	 *   - light
	 *   - full
	 * ---
	 *
	 * [--include-theme]
	 * : Test the active theme too: steps that leave it out run another installed theme (the
	 * default theme when there is one).
	 *
	 * [--format=<format>]
	 * : Output format; json is the Bisection document the /proxy-health/v1/bisections routes
	 * answer (progress lines are printed with table only).
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
	 *     $ wp proxy-health bisect
	 *     $ wp proxy-health bisect --mode=one-by-one --format=json
	 *     $ wp proxy-health bisect --include-theme
	 *     $ wp proxy-health bisect status 3f2a8c1e-0b6d-4c2e-9a51-7d0e4b1c2f39
	 *     $ wp proxy-health bisect cancel 3f2a8c1e-0b6d-4c2e-9a51-7d0e4b1c2f39
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>         $args       The action and run id, or nothing.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function bisect( array $args, array $assoc_args ): void {
		$action = (string) ( $args[0] ?? '' );
		$format = self::format( $assoc_args );
		if ( '' !== $action ) {
			self::refuse_options( $assoc_args, array( 'mode', 'clone', 'include-theme' ), 'wp proxy-health bisect' );
			if ( ! isset( $args[1] ) ) {
				/* translators: %s: status or cancel. */
				WP_CLI::error( sprintf( __( 'Name the run: wp proxy-health bisect %s <id>.', 'proxy-health' ), $action ) );
			}
			$run = Bisection_Runs::find( (string) $args[1] );
			self::fail_on( is_wp_error( $run ) ? $run : null );
			if ( 'cancel' === $action ) {
				$was = (string) $run['status'];
				$run = ( new Bisector() )->cancel( $run );
				if ( 'running' !== $was && 'table' === $format ) {
					/* translators: 1: run id; 2: its status. */
					WP_CLI::warning( sprintf( __( 'Bisection %1$s is not running (%2$s); nothing to cancel.', 'proxy-health' ), $run['id'], $was ) );
				}
			}
			self::print_bisection( Bisection_Runs::document( $run ), $format );
			return;
		}

		// WP-CLI checked the values against the synopsis; no synopsis default (see --mode).
		$mode  = (string) ( $assoc_args['mode'] ?? Bisection_Runs::MODES[0] );
		$clone = (string) ( $assoc_args['clone'] ?? Bisection_Runs::CLONE_MODES[0] );

		$announced = false;
		$printed   = 0;
		$bar       = null;
		$progress  = 'table' !== $format ? null : static function ( array $run ) use ( &$announced, &$printed, &$bar ): void {
			if ( ! $announced && 'ready' === ( $run['clone']['state'] ?? '' ) ) {
				$announced = true;
				$plugins = array_filter( (array) $run['plugins'], static fn( $candidate ): bool => ! Theme_Candidate::is( (string) $candidate ) );
				/* translators: 1: run id; 2: number of plugins; 3: table prefix of the clone. */
				WP_CLI::log( sprintf( __( 'Bisection %1$s: %2$d plugins under test, staging clone %3$s ready.', 'proxy-health' ), $run['id'], count( $plugins ), $run['clone']['prefix'] ) );
				if ( isset( $run['theme'] ) ) {
					/* translators: 1: the active theme's folder; 2: the theme steps without it run. */
					WP_CLI::log( sprintf( __( 'The active theme (%1$s) is tested too: steps without it run %2$s.', 'proxy-health' ), $run['theme']['stylesheet'], $run['theme']['fallback'] ) );
				}
				// A bar on a terminal (nothing when the output is piped), next to the step lines.
				$bar = make_progress_bar( __( 'Bisection probes', 'proxy-health' ), max( 1, (int) $run['probesEstimated'] ) );
			}
			$steps = array_values( (array) $run['steps'] );
			for ( ; $printed < count( $steps ); $printed++ ) {
				$subset = (array) $steps[ $printed ]['subset'];
				WP_CLI::log(
					sprintf(
						/* translators: 1: step number; 2: estimated number of probes; 3: the plugins active in the probe; 4: pass, fail or crash. */
						__( 'Step %1$d/~%2$d: %3$s → %4$s', 'proxy-health' ),
						$printed + 1,
						max( (int) $run['probesEstimated'], $printed + 1 ),
						array() === $subset ? __( 'no plugins active', 'proxy-health' ) : implode( ', ', $subset ),
						(string) $steps[ $printed ]['outcome']
					)
				);
				if ( null !== $bar ) {
					$bar->tick();
				}
			}
		};
		$run = Bisection_Runs::run( $mode, $clone, $progress, self::flag( $assoc_args, 'include-theme' ), true );
		if ( null !== $bar ) {
			$bar->finish();
		}
		if ( is_wp_error( $run ) ) {
			$holder = 'proxy_health_bisection_running' === $run->get_error_code() ? ( $run->get_error_data()['bisectionId'] ?? null ) : null;
			WP_CLI::error(
				null === $holder
					? $run->get_error_message()
					/* translators: 1: the error message; 2: id of the run holding the lock. */
					: sprintf( __( '%1$s Running now: bisection %2$s (wp proxy-health bisect status %2$s).', 'proxy-health' ), $run->get_error_message(), $holder )
			);
		}
		$document = Bisection_Runs::document( $run );
		self::print_bisection( $document, $format );
		if ( 'done' === $document['status'] && 'table' === $format ) {
			WP_CLI::success(
				/* translators: 1: run id; 2: conclusion code (culprit_found, not_a_plugin, inconclusive, nothing_to_bisect); 3: culprit sets, or nothing. */
				sprintf( __( 'Bisection %1$s concluded %2$s%3$s', 'proxy-health' ), $document['id'], $document['conclusion'] ?? '', array() === $document['culprits'] ? '.' : ': ' . self::cell( array_map( static fn( array $set ): string => '[' . implode( ' + ', $set ) . ']', $document['culprits'] ) ) . '.' )
			);
		}
		if ( 'done' !== $document['status'] ) {
			WP_CLI::error(
				'failed' === $document['status'] && isset( $document['error']['message'] )
					/* translators: 1: run id; 2: why it failed. */
					? sprintf( __( 'Bisection %1$s failed: %2$s', 'proxy-health' ), $document['id'], (string) $document['error']['message'] )
					/* translators: 1: run id; 2: its status. */
					: sprintf( __( 'Bisection %1$s did not complete (%2$s).', 'proxy-health' ), $document['id'], $document['status'] )
			);
		}
	}

	/**
	 * `debug off`: stops the session; says what happened to wp-config.php.
	 *
	 * @param string $format table, json or yaml.
	 */
	private static function debug_off( string $format ): void {
		$stopped = Evidence_Sessions::stop();
		self::fail_on( $stopped instanceof WP_Error ? $stopped : null );
		if ( self::print_data( $stopped, $format ) ) {
			return;
		}
		if ( null !== $stopped['config'] ) {
			WP_CLI::log( (string) $stopped['config']['message'] );
		}
		/* translators: %s: session id. */
		WP_CLI::success( sprintf( __( 'Evidence session %s stopped.', 'proxy-health' ), $stopped['stopped']['id'] ) );
	}

	/**
	 * `debug status`: the session (if one runs) and what was recorded, added up.
	 *
	 * @param string $format table, json or yaml.
	 */
	private static function debug_status( string $format ): void {
		$summary = Evidence_Summary::build();
		if ( self::print_data( $summary, $format ) ) {
			return;
		}
		$session  = $summary['session'];
		$outcomes = array();
		foreach ( (array) $summary['byOutcome'] as $outcome => $count ) {
			$outcomes[] = $outcome . ': ' . $count;
		}
		self::table(
			array( 'field', 'value' ),
			array(
				self::row( __( 'Session', 'proxy-health' ), null === $session ? __( 'none running', 'proxy-health' ) : $session['id'] ),
				self::row( __( 'Started', 'proxy-health' ), $session['startedAt'] ?? null ),
				self::row( __( 'Ends', 'proxy-health' ), $session['expiresAt'] ?? null ),
				self::row( __( 'Debug constants', 'proxy-health' ), $session['debugConstants'] ?? null ),
				self::row( __( 'Calls recorded', 'proxy-health' ), (string) $summary['calls'] ),
				self::row( __( 'Failed calls', 'proxy-health' ), (string) $summary['failedCalls'] ),
				self::row( __( 'By outcome', 'proxy-health' ), $outcomes ),
			)
		);
		$rows = array();
		foreach ( $summary['bySource'] as $source ) {
			$rows[] = array(
				'source' => $source['type'] . ':' . $source['slug'],
				'calls'  => (string) $source['calls'],
				'failed' => (string) $source['failed'],
			);
		}
		if ( array() !== $rows ) {
			self::table( array( 'source', 'calls', 'failed' ), $rows );
		}
	}

	/**
	 * Prints a Bisection document: JSON or YAML as the route answers it, or a summary with
	 * its steps.
	 *
	 * @param array<string, mixed> $document Bisection.
	 * @param string               $format   table, json or yaml.
	 */
	private static function print_bisection( array $document, string $format ): void {
		if ( self::print_data( $document, $format ) ) {
			return;
		}
		self::table(
			array( 'field', 'value' ),
			array(
				self::row( __( 'Bisection', 'proxy-health' ), $document['id'] ),
				self::row( __( 'Status', 'proxy-health' ), $document['status'] ),
				self::row( __( 'Mode', 'proxy-health' ), $document['mode'] . ' (' . $document['driver'] . ', ' . $document['cloneMode'] . ')' ),
				self::row( __( 'Plugins under test', 'proxy-health' ), $document['plugins'] ),
				self::row( __( 'Probes', 'proxy-health' ), $document['probesUsed'] . '/~' . $document['probesEstimated'] ),
				self::row( __( 'Conclusion', 'proxy-health' ), $document['conclusion'] ?? null ),
				self::row( __( 'Culprits', 'proxy-health' ), array_map( static fn( array $set ): string => '[' . implode( ' + ', $set ) . ']', $document['culprits'] ) ),
				self::row( __( 'Error', 'proxy-health' ), $document['error']['message'] ?? null ),
				self::row( __( 'Created', 'proxy-health' ), $document['createdAt'] ),
			)
		);
		$rows = array();
		foreach ( $document['steps'] as $index => $step ) {
			$rows[] = array(
				'step'    => (string) ( $index + 1 ),
				'active'  => implode( ', ', (array) $step['subset'] ),
				'outcome' => (string) $step['outcome'],
			);
		}
		if ( array() !== $rows ) {
			self::table( array( 'step', 'active', 'outcome' ), $rows );
		}
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

	/**
	 * The --format WP-CLI checked against the synopsis. WP-CLI also lets through a
	 * comma-separated list of valid values (`--format=json,csv`); that is refused here.
	 *
	 * @param array<string, mixed> $assoc_args Options.
	 * @return 'table'|'json'|'csv'|'yaml'
	 */
	private static function format( array $assoc_args ): string {
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
	 * The columns --fields picks for a list, in the order given; every column when left out.
	 * Checked before anything runs.
	 *
	 * @param array<string, mixed> $assoc_args Options.
	 * @param string               $format     table, json, csv or yaml.
	 * @param list<string>         $all        The list's columns.
	 * @return list<string>
	 */
	private static function fields( array $assoc_args, string $format, array $all ): array {
		if ( ! isset( $assoc_args['fields'] ) ) {
			return $all;
		}
		if ( 'table' !== $format && 'csv' !== $format ) {
			WP_CLI::error( __( '--fields picks the columns of --format=table or csv; json and yaml print the whole document.', 'proxy-health' ) );
		}
		$fields = array_values( array_filter( array_map( 'trim', explode( ',', (string) $assoc_args['fields'] ) ), 'strlen' ) );
		if ( array() === $fields || array() !== array_diff( $fields, $all ) ) {
			WP_CLI::error(
				/* translators: %s: the column names. */
				sprintf( __( 'Invalid value for --fields; use some of: %s.', 'proxy-health' ), implode( ', ', $all ) )
			);
		}
		return $fields;
	}

	/**
	 * Refuses options that only another action of the subcommand takes (a synopsis lists one
	 * set of options for all of a subcommand's actions).
	 *
	 * @param array<string, mixed> $assoc_args Options.
	 * @param list<string>         $names      Options of the other action.
	 * @param string               $usage      The command they go with.
	 */
	private static function refuse_options( array $assoc_args, array $names, string $usage ): void {
		$given = array_values( array_intersect( $names, array_keys( $assoc_args ) ) );
		if ( array() !== $given ) {
			WP_CLI::error(
				/* translators: 1: option names; 2: the command that takes them. */
				sprintf( __( '%1$s only go with %2$s.', 'proxy-health' ), '--' . implode( ', --', $given ), $usage )
			);
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
