<?php
/**
 * `wp proxy-health debug`
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI\Commands;

use ProxyHealth\CLI\Options;
use ProxyHealth\CLI\Output;
use ProxyHealth\Documents\Evidence_Session_Document;
use ProxyHealth\Evidence\Evidence_Session;
use ProxyHealth\Report\Evidence_Summary;
use WP_CLI;
use WP_Error;

/**
 * Starts, shows or stops the time-boxed evidence session (/evidence-sessions).
 *
 * @since 0.2.0
 */
final class Debug_Command {

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
	public function __invoke( array $args, array $assoc_args ): void {
		$action = (string) ( $args[0] ?? '' );
		// WP-CLI 2.10 lets any word through here despite the synopsis' list (seen in its tests).
		if ( ! in_array( $action, array( 'on', 'off', 'status' ), true ) ) {
			WP_CLI::error( __( 'Name what to do: wp proxy-health debug on|off|status.', 'proxy-health' ) );
		}
		$format = Options::format( $assoc_args );
		if ( 'on' !== $action ) {
			Options::refuse_options( $assoc_args, array( 'minutes', 'debug-constants' ), 'wp proxy-health debug on' );
			'off' === $action ? self::debug_off( $format ) : self::debug_status( $format );
			return;
		}

		$minutes = $assoc_args['minutes'] ?? (string) Evidence_Session::DEFAULT_MINUTES;
		Options::fail_on( Evidence_Session_Document::minutes_error( $minutes ) );
		$session = Evidence_Session_Document::start( (int) $minutes, Options::flag( $assoc_args, 'debug-constants' ) );
		Options::fail_on( $session instanceof WP_Error ? $session : null );
		if ( Output::print_data( $session, $format ) ) {
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
	 * `debug off`: stops the session; says what happened to wp-config.php.
	 *
	 * @param string $format table, json or yaml.
	 */
	private static function debug_off( string $format ): void {
		$stopped = Evidence_Session_Document::stop();
		Options::fail_on( $stopped instanceof WP_Error ? $stopped : null );
		if ( Output::print_data( $stopped, $format ) ) {
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
		if ( Output::print_data( $summary, $format ) ) {
			return;
		}
		$session  = $summary['session'];
		$outcomes = array();
		foreach ( (array) $summary['byOutcome'] as $outcome => $count ) {
			$outcomes[] = $outcome . ': ' . $count;
		}
		Output::table(
			array( 'field', 'value' ),
			array(
				Output::row( __( 'Session', 'proxy-health' ), null === $session ? __( 'none running', 'proxy-health' ) : $session['id'] ),
				Output::row( __( 'Started', 'proxy-health' ), $session['startedAt'] ?? null ),
				Output::row( __( 'Ends', 'proxy-health' ), $session['expiresAt'] ?? null ),
				Output::row( __( 'Debug constants', 'proxy-health' ), $session['debugConstants'] ?? null ),
				Output::row( __( 'Calls recorded', 'proxy-health' ), (string) $summary['calls'] ),
				Output::row( __( 'Failed calls', 'proxy-health' ), (string) $summary['failedCalls'] ),
				Output::row( __( 'By outcome', 'proxy-health' ), $outcomes ),
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
			Output::table( array( 'source', 'calls', 'failed' ), $rows );
		}
	}
}
