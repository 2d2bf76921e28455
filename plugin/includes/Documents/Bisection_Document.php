<?php
/**
 * The bisection documents: POST /proxy-health/v1/bisections, GET and DELETE /bisections/{id},
 * POST /bisections/{id}/step, and the runs `wp proxy-health bisect` and the report show.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Bisection\Bisection_Store;
use ProxyHealth\Bisection\Bisector;
use ProxyHealth\Bisection\Failing_Transport;
use ProxyHealth\Bisection\Staging\Table_Cloner;
use ProxyHealth\Bisection\Search;
use WP_Error;

/**
 * What the bisection routes, `wp proxy-health bisect` and the report share: finding a run,
 * its public document, the recent runs, and a server-driven run that reports its progress; and
 * the schema of the Bisection, with the prepared step and the sandbox's signed result among its
 * definitions.
 *
 * @since 0.1.0 As Report\Bisection_Runs.
 *
 * @phpstan-type Summary array{id: string, status: string, mode: string, conclusion?: string, culprits: list<list<string>>, probesUsed: int, createdAt: string}
 */
final class Bisection_Document {

	/** Run ids are UUIDs (wp_generate_uuid4()); the REST route takes the same pattern. */
	public const ID_REGEX = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

	public const MODES = array( Search::MODE_DDMIN, Search::MODE_ONE_BY_ONE );

	public const CLONE_MODES = array( Table_Cloner::MODE_LIGHT, Table_Cloner::MODE_FULL );

	/**
	 * A stored run by id.
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, mixed>|WP_Error Stored run, or proxy_health_bisection_not_found (404).
	 */
	public static function find( string $id ) {
		$run = 1 === preg_match( '/^' . self::ID_REGEX . '$/', $id ) ? Bisection_Store::get( $id ) : null;
		if ( null === $run ) {
			return new WP_Error( 'proxy_health_bisection_not_found', __( 'No bisection with that id.', 'proxy-health' ), array( 'status' => 404 ) );
		}
		return $run;
	}

	/**
	 * The Bisection document: the stored record in the contract's field order; optional fields
	 * only when set.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $run Stored run.
	 * @return array<string, mixed>
	 */
	public static function build( array $run ): array {
		$shape = array(
			'id'              => (string) $run['id'],
			'status'          => (string) $run['status'],
			'mode'            => (string) $run['mode'],
			'driver'          => (string) $run['driver'],
			'cloneMode'       => (string) ( $run['cloneMode'] ?? Table_Cloner::MODE_LIGHT ),
			'plugins'         => array_values( (array) $run['plugins'] ),
			// Runs stored before suspect ordering searched in `plugins` order.
			'order'           => array_values( (array) ( $run['order'] ?? array_map( static fn( $plugin ): array => array( 'plugin' => (string) $plugin, 'reason' => 'none' ), (array) $run['plugins'] ) ) ),
			'probesUsed'      => (int) $run['probesUsed'],
			'probesEstimated' => (int) $run['probesEstimated'],
			'steps'           => array_values( (array) $run['steps'] ),
			'culprits'        => array_values( (array) $run['culprits'] ),
			'clone'           => array(
				'prefix' => (string) $run['clone']['prefix'],
				'state'  => (string) $run['clone']['state'],
			),
			'createdAt'       => (string) ( $run['createdAt'] ?? '' ),
			'updatedAt'       => (string) ( $run['updatedAt'] ?? '' ),
		);
		if ( isset( $run['driverReason'] ) ) {
			$shape['driverReason'] = array(
				'code'    => (string) $run['driverReason']['code'],
				'message' => (string) $run['driverReason']['message'],
			);
		}
		if ( isset( $run['theme'] ) ) {
			$shape['theme'] = array(
				'stylesheet' => (string) $run['theme']['stylesheet'],
				'fallback'   => (string) $run['theme']['fallback'],
			);
		}
		if ( isset( $run['failsOn'] ) ) {
			$shape['failsOn'] = (string) $run['failsOn'];
		}
		if ( isset( $run['conclusion'] ) ) {
			$shape['conclusion'] = (string) $run['conclusion'];
		}
		if ( isset( $run['error'] ) ) {
			$shape['error'] = $run['error'];
		}
		return $shape;
	}

	/**
	 * The kept runs, newest first, each as a summary.
	 *
	 * @since 0.1.0
	 *
	 * @return list<Summary>
	 */
	public static function recent(): array {
		$summaries = array();
		foreach ( array_reverse( array_values( Bisection_Store::all() ) ) as $run ) {
			if ( ! is_array( $run ) || ! isset( $run['id'], $run['status'], $run['mode'] ) ) {
				continue;
			}
			$summary = array(
				'id'     => (string) $run['id'],
				'status' => (string) $run['status'],
				'mode'   => (string) $run['mode'],
			);
			if ( isset( $run['conclusion'] ) ) {
				$summary['conclusion'] = (string) $run['conclusion'];
			}
			$summaries[] = $summary + array(
				'culprits'   => array_values( array_map( static fn( $set ): array => array_values( array_map( 'strval', (array) $set ) ), (array) ( $run['culprits'] ?? array() ) ) ),
				'probesUsed' => (int) ( $run['probesUsed'] ?? 0 ),
				'createdAt'  => (string) ( $run['createdAt'] ?? '' ),
			);
		}
		return $summaries;
	}

	/**
	 * Runs a bisection to its end, calling $on_progress with the run each time it is saved
	 * (clone ready, every step, the end). A caller with a driver of its own starts the run with
	 * it (`wp proxy-health bisect` passes CLI\Bisect_Steps::run(), which runs each step in a
	 * child WP-CLI process, driver `cli`, when it can start one); else the server drives:
	 * Bisector bounds each drive (probes, seconds); a run still going after one drive is driven
	 * on while it makes progress.
	 *
	 * @since 0.1.0
	 *
	 * @param string                                    $mode        One of self::MODES.
	 * @param string                                    $clone_mode  One of self::CLONE_MODES.
	 * @param callable(array<string, mixed>): void|null $on_progress Called with each saved state of the run.
	 * @param bool                                      $include_theme Whether the active theme is tested too.
	 * @param callable|null                             $start         Starts the run with another driver: (Bisector, mode, clone mode, include theme) => run|WP_Error.
	 * @return array<string, mixed>|WP_Error Stored run, or why it could not start (the lock,
	 *                                       the clone, the sandbox loader, no fallback theme).
	 */
	public static function run( string $mode, string $clone_mode, ?callable $on_progress = null, bool $include_theme = false, ?callable $start = null ) {
		$watch = static function ( $before, $after ) use ( $on_progress ): void {
			$before = is_array( $before ) ? $before : array();
			foreach ( is_array( $after ) ? $after : array() as $id => $run ) {
				if ( null !== $on_progress && is_array( $run ) && ( $before[ $id ] ?? null ) !== $run ) {
					$on_progress( $run );
				}
			}
		};
		// Bisector saves the run after each step; watching the store reports progress without
		// changing how a run is driven.
		$added   = static fn( $option, $value ) => $watch( array(), $value );
		$updated = static fn( $old, $value ) => $watch( $old, $value );
		add_action( 'add_option_' . Bisection_Store::OPTION, $added, 10, 2 );
		add_action( 'update_option_' . Bisection_Store::OPTION, $updated, 10, 2 );
		try {
			$bisector = new Bisector();
			$run      = null !== $start
				? $start( $bisector, $mode, $clone_mode, $include_theme )
				: $bisector->start( $mode, Bisector::DRIVER_SERVER, $clone_mode, array(), $include_theme );
			while ( ! is_wp_error( $run ) && 'running' === $run['status'] && Bisector::DRIVER_SERVER === $run['driver'] ) {
				$steps = count( (array) $run['steps'] );
				$run   = $bisector->drive( $run );
				if ( 'running' === $run['status'] && count( (array) $run['steps'] ) === $steps ) {
					break;
				}
			}
		} finally {
			remove_action( 'add_option_' . Bisection_Store::OPTION, $added, 10 );
			remove_action( 'update_option_' . Bisection_Store::OPTION, $updated, 10 );
		}
		return $run;
	}

	/**
	 * Schema of the Bisection; the prepared step and the sandbox result are among its definitions.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		$outcome = Schema::enum( array( 'pass', 'fail', 'crash' ) );
		// POST /bisections/{id}/step with prepare answers the next step's signed sandbox request;
		// the sandbox answers it with a signed result, posted back as is.
		return Schema::with_definitions(
			self::run_schema(),
			array(
				Schema::document(
					'proxy-health-bisection-prepared-step',
					array(
						'step'      => array( 'type' => 'integer' ),
						'expiresAt' => array( 'type' => 'string' ),
						'request'   => Schema::object(
							array(
								'url'     => array( 'type' => 'string' ),
								'method'  => Schema::enum( array( 'POST' ) ),
								'headers' => array(
									'type'                 => 'object',
									'additionalProperties' => array( 'type' => 'string' ),
								),
								'body'    => array( 'type' => 'string' ),
							),
							array()
						),
					),
					array()
				),
				Schema::document(
					'proxy-health-sandbox-result',
					array(
						'proxyHealthSandbox' => array(
							'type' => 'boolean',
							'enum' => array( true ),
						),
						'bisection'          => array( 'type' => 'string' ),
						'step'               => array( 'type' => 'integer' ),
						'outcome'            => $outcome,
						'signature'          => array( 'type' => 'string' ),
					),
					array()
				),
			)
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	private static function run_schema(): array {
		return Schema::document(
			'proxy-health-bisection',
			array(
				'id'              => array( 'type' => 'string' ),
				'status'          => Schema::enum( array( 'running', 'done', 'failed', 'cancelled' ) ),
				'mode'            => Schema::enum( array( Search::MODE_DDMIN, Search::MODE_ONE_BY_ONE ) ),
				'driver'          => Schema::enum( array( Bisector::DRIVER_SERVER, Bisector::DRIVER_CLIENT, Bisector::DRIVER_CLI ) ),
				'driverReason'    => array(
					'description' => __( 'Why the run has its driver: code loopback_ok, loopback_failed, requested, wp_cli, wp_cli_no_launch or not_needed, and a sentence.', 'proxy-health' ),
				) + Schema::object(
					array(
						'code'    => array( 'type' => 'string' ),
						'message' => array( 'type' => 'string' ),
					),
					array()
				),
				'cloneMode'       => Schema::enum( array( Table_Cloner::MODE_LIGHT, Table_Cloner::MODE_FULL ) ),
				'plugins'         => Schema::string_list(),
				'order'           => Schema::list_of(
					array(
						'plugin' => array( 'type' => 'string' ),
						'reason' => Schema::enum( array( 'hooks', 'scan', 'none' ) ),
					),
					array()
				),
				'probesUsed'      => array( 'type' => 'integer' ),
				'probesEstimated' => array( 'type' => 'integer' ),
				'steps'           => Schema::list_of(
					array(
						'subset'           => Schema::string_list(),
						'outcome'          => Schema::enum( array( 'pass', 'fail', 'crash' ) ),
						'reportId'         => array( 'type' => 'string' ),
						'evidence'         => Schema::string_list(),
						'failedTransports' => Schema::string_list(),
					),
					array( 'reportId', 'evidence', 'failedTransports' )
				),
				'failsOn'         => array(
					'description' => __( 'Which 407 makes a step fail: on the transport WordPress uses when every candidate active fails there, else on any transport.', 'proxy-health' ),
				) + Schema::enum( array( 'curl', 'fsockopen', Failing_Transport::ANY ) ),
				'theme'           => array(
					'description' => __( 'The active theme when the run tests it (its candidate is "theme:" and its stylesheet), and the theme steps run without it.', 'proxy-health' ),
				) + Schema::object(
					array(
						'stylesheet' => array( 'type' => 'string' ),
						'fallback'   => array( 'type' => 'string' ),
					),
					array()
				),
				'conclusion'      => Schema::enum( array( Search::CULPRIT_FOUND, Search::NOT_A_PLUGIN, Search::INCONCLUSIVE, Search::NOTHING_TO_BISECT ) ),
				'culprits'        => array(
					'type'  => 'array',
					'items' => Schema::string_list(),
				),
				'clone'           => Schema::object(
					array(
						'prefix' => array( 'type' => 'string' ),
						'state'  => Schema::enum( array( 'creating', 'ready', 'dropped' ) ),
					),
					array()
				),
				'createdAt'       => array( 'type' => 'string' ),
				'updatedAt'       => array( 'type' => 'string' ),
				'error'           => Schema::error(),
			),
			array( 'driverReason', 'cloneMode', 'order', 'failsOn', 'theme', 'conclusion', 'createdAt', 'updatedAt', 'error' )
		);
	}
}
