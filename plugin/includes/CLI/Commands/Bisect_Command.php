<?php
/**
 * `wp proxy-health bisect`
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI\Commands;

use ProxyHealth\Bisection\Bisector;
use ProxyHealth\Bisection\Theme_Candidate;
use ProxyHealth\CLI\Bisect_Steps;
use ProxyHealth\CLI\Options;
use ProxyHealth\CLI\Output;
use ProxyHealth\Documents\Bisection_Document;
use WP_CLI;

use function WP_CLI\Utils\make_progress_bar;

/**
 * Runs, shows or cancels a plugin bisection in a staging clone (/bisections).
 *
 * @since 0.2.0
 */
final class Bisect_Command {

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
	public function __invoke( array $args, array $assoc_args ): void {
		$action = (string) ( $args[0] ?? '' );
		$format = Options::format( $assoc_args );
		if ( '' !== $action ) {
			Options::refuse_options( $assoc_args, array( 'mode', 'clone', 'include-theme' ), 'wp proxy-health bisect' );
			if ( ! isset( $args[1] ) ) {
				/* translators: %s: status or cancel. */
				WP_CLI::error( sprintf( __( 'Name the run: wp proxy-health bisect %s <id>.', 'proxy-health' ), $action ) );
			}
			$run = Bisection_Document::find( (string) $args[1] );
			Options::fail_on( is_wp_error( $run ) ? $run : null );
			if ( 'cancel' === $action ) {
				$was = (string) $run['status'];
				$run = ( new Bisector() )->cancel( $run );
				if ( 'running' !== $was && 'table' === $format ) {
					/* translators: 1: run id; 2: its status. */
					WP_CLI::warning( sprintf( __( 'Bisection %1$s is not running (%2$s); nothing to cancel.', 'proxy-health' ), $run['id'], $was ) );
				}
			}
			self::print_bisection( Bisection_Document::build( $run ), $format );
			return;
		}

		// WP-CLI checked the values against the synopsis; no synopsis default (see --mode).
		$mode  = (string) ( $assoc_args['mode'] ?? Bisection_Document::MODES[0] );
		$clone = (string) ( $assoc_args['clone'] ?? Bisection_Document::CLONE_MODES[0] );

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
		$run = Bisection_Document::run( $mode, $clone, $progress, Options::flag( $assoc_args, 'include-theme' ), array( Bisect_Steps::class, 'run' ) );
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
		$document = Bisection_Document::build( $run );
		self::print_bisection( $document, $format );
		if ( 'done' === $document['status'] && 'table' === $format ) {
			WP_CLI::success(
				/* translators: 1: run id; 2: conclusion code (culprit_found, not_a_plugin, inconclusive, nothing_to_bisect); 3: culprit sets, or nothing. */
				sprintf( __( 'Bisection %1$s concluded %2$s%3$s', 'proxy-health' ), $document['id'], $document['conclusion'] ?? '', array() === $document['culprits'] ? '.' : ': ' . Output::cell( array_map( static fn( array $set ): string => '[' . implode( ' + ', $set ) . ']', $document['culprits'] ) ) . '.' )
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
	 * Prints a Bisection document: JSON or YAML as the route answers it, or a summary with
	 * its steps.
	 *
	 * @param array<string, mixed> $document Bisection.
	 * @param string               $format   table, json or yaml.
	 */
	private static function print_bisection( array $document, string $format ): void {
		if ( Output::print_data( $document, $format ) ) {
			return;
		}
		Output::table(
			array( 'field', 'value' ),
			array(
				Output::row( __( 'Bisection', 'proxy-health' ), $document['id'] ),
				Output::row( __( 'Status', 'proxy-health' ), $document['status'] ),
				Output::row( __( 'Mode', 'proxy-health' ), $document['mode'] . ' (' . $document['driver'] . ', ' . $document['cloneMode'] . ')' ),
				Output::row( __( 'Plugins under test', 'proxy-health' ), $document['plugins'] ),
				Output::row( __( 'Probes', 'proxy-health' ), $document['probesUsed'] . '/~' . $document['probesEstimated'] ),
				Output::row( __( 'Conclusion', 'proxy-health' ), $document['conclusion'] ?? null ),
				Output::row( __( 'Culprits', 'proxy-health' ), array_map( static fn( array $set ): string => '[' . implode( ' + ', $set ) . ']', $document['culprits'] ) ),
				Output::row( __( 'Error', 'proxy-health' ), $document['error']['message'] ?? null ),
				Output::row( __( 'Created', 'proxy-health' ), $document['createdAt'] ),
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
			Output::table( array( 'step', 'active', 'outcome' ), $rows );
		}
	}
}
