<?php
/**
 * Starts, steps, drives and cancels plugin bisections in a staging clone.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

use ProxyHealth\Bisection\Staging\Clone_Registry;
use ProxyHealth\Bisection\Staging\Table_Cloner;
use ProxyHealth\Config\Write_Policy;
use ProxyHealth\Probe\Probe_Runner;
use ProxyHealth\Scan\Site_Plugins;
use ProxyHealth\Scan\Site_Scanner;
use WP_Error;

/**
 * The Bisection record (its schema: Documents\Bisection_Document::schema()) plus cloneMode, createdAt, updatedAt and error.
 *
 * Every run: lock, clone, loader, probes, then cleanup (clone dropped, loader removed, lock
 * released) whether it ends done, failed or cancelled. The only live rows written are Proxy
 * Health's own options (the run, the lock, the clone registry, token nonces).
 *
 * @since 0.1.0
 */
final class Bisector {

	public const DRIVER_SERVER = 'server';
	public const DRIVER_CLIENT = 'client';
	/** `wp proxy-health bisect`: each step in a child WP-CLI process (CLI\Bisect_Steps), no HTTP. */
	public const DRIVER_CLI = 'cli';

	/** Bounds for one server-driven request. */
	public const MAX_PROBES  = 200;
	public const MAX_SECONDS = 600;

	/**
	 * The active theme and the theme steps run without it.
	 *
	 * @return array{stylesheet: string, fallback: string}|WP_Error
	 */
	private static function theme_under_test() {
		$fallback = Theme_Candidate::fallback();
		if ( null === $fallback ) {
			return new WP_Error(
				'proxy_health_bisection_no_fallback_theme',
				__( 'Testing the theme needs a second theme to run instead of it, and no other theme is installed. Install a default theme (for example Twenty Twenty-Four) and try again.', 'proxy-health' ),
				array( 'status' => 400 )
			);
		}
		return array(
			'stylesheet' => get_stylesheet(),
			'fallback'   => $fallback,
		);
	}

	/**
	 * Starts a run. With the server driver, drives it to the end before returning.
	 *
	 * @since 0.1.0
	 *
	 * @param string       $mode       Search::MODE_*.
	 * @param string       $driver     self::DRIVER_*, or Driver_Choice::AUTO (a loopback preflight decides).
	 * @param string       $clone_mode Table_Cloner::MODE_*.
	 * @param list<string> $suspects   Plugin files a static scan ranked, most likely first; tried first,
	 *                                 then the plugins the site's own scan (GET /scan) ranks.
	 * @param bool         $test_theme Whether the active theme is a candidate too (Theme_Candidate).
	 * @return array<string, mixed>|WP_Error Bisection.
	 */
	public function start( string $mode, string $driver, string $clone_mode, array $suspects = array(), bool $test_theme = false ) {
		global $wpdb;
		$theme = $test_theme ? self::theme_under_test() : null;
		if ( is_wp_error( $theme ) ) {
			return $theme;
		}
		// Every driver needs the must-use loader: refused before any clone is made.
		$disallowed = Write_Policy::must_use_error();
		if ( null !== $disallowed ) {
			return $disallowed;
		}
		$id = wp_generate_uuid4();
		if ( ! Lock::acquire( $id ) ) {
			return new WP_Error(
				'proxy_health_bisection_running',
				// The lock is network-wide: on a network the run may be another site's.
				is_multisite()
					? __( 'A bisection is already running on this network (perhaps from another site). Wait for it to finish or cancel it.', 'proxy-health' )
					: __( 'A bisection is already running on this site. Wait for it to finish or cancel it.', 'proxy-health' ),
				array(
					'status'      => 409,
					'bisectionId' => Lock::holder(),
				)
			);
		}
		Clone_Registry::reap();
		Sandbox_Token::purge_expired();

		$plugins = Site_Plugins::under_test();
		if ( null !== $theme ) {
			$plugins[] = Theme_Candidate::id( $theme['stylesheet'] );
		}
		$run = array(
			'id'              => $id,
			'status'          => 'running',
			'mode'            => $mode,
			// Auto: decided by the preflight once the loader is in place; server until then.
			'driver'          => Driver_Choice::AUTO === $driver ? self::DRIVER_SERVER : $driver,
			'driverReason'    => Driver_Choice::AUTO === $driver
				? array(
					'code'    => 'not_needed',
					'message' => __( 'No step was needed, so the site did not check whether it can reach itself.', 'proxy-health' ),
				)
				: Driver_Choice::requested( $driver ),
			'cloneMode'       => $clone_mode,
			'plugins'         => $plugins,
			'order'           => Suspect_Order::order( $plugins, Suspect_Order::hooked( $plugins ), Suspect_Order::with_scan( $plugins, $suspects, ( new Site_Scanner() )->scan_site()['suspects'] ) ),
			'probesUsed'      => 0,
			'probesEstimated' => Search::estimate( count( $plugins ), $mode ),
			'steps'           => array(),
			'culprits'        => array(),
			'clone'           => array(
				'prefix' => '',
				'state'  => 'creating',
			),
			'createdAt'       => gmdate( 'c' ),
		);
		if ( null !== $theme ) {
			$run['theme'] = $theme;
		}
		if ( array() === $plugins ) {
			return $this->finish( $run, 'done', Search::NOTHING_TO_BISECT );
		}

		$size = Table_Cloner::check_size( $clone_mode );
		if ( is_wp_error( $size ) ) {
			Lock::release( $id );
			return $size;
		}
		// Never a prefix a kept run used: that run's late end would drop this run's clone.
		$used = array_map( static fn( $kept ): string => (string) ( $kept['clone']['prefix'] ?? '' ), Bisection_Store::all() );
		do {
			$prefix = Clone_Registry::new_prefix( $wpdb->base_prefix );
		} while ( in_array( $prefix, $used, true ) );
		$run['clone']['prefix'] = $prefix;
		Clone_Registry::register( $prefix );
		Step_Claim::open( $id );
		Bisection_Store::save( $run );

		$created = Table_Cloner::create( $prefix, $clone_mode );
		if ( is_wp_error( $created ) ) {
			$this->fail( $run, $created );
			return $created;
		}
		$run['clone']['state'] = 'ready';
		$installed             = Sandbox_Installer::install();
		if ( is_wp_error( $installed ) ) {
			$this->fail( $run, $installed );
			return $installed;
		}
		$choice              = Driver_Choice::choose( $driver, $id, $prefix );
		$run['driver']       = $choice['driver'];
		$run['driverReason'] = $choice['reason'];
		$run                 = Bisection_Store::save( $run );

		return self::DRIVER_SERVER === $run['driver'] ? $this->drive( $run ) : $run;
	}

	/**
	 * Steps until the run ends, within a probe and time bound (a client may go on with /step).
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $run Bisection.
	 * @return array<string, mixed> Bisection.
	 */
	public function drive( array $run ): array {
		$started = time();
		for ( $i = 0; $i < self::MAX_PROBES && 'running' === $run['status'] && time() - $started < self::MAX_SECONDS; $i++ ) {
			$run = $this->step( $run );
		}
		return $run;
	}

	/**
	 * Runs the next probe, or concludes. Runs that are not running are returned unchanged, and so
	 * is the stored run when another request recorded this step first.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $run Bisection.
	 * @return array<string, mixed> Bisection.
	 */
	public function step( array $run ): array {
		if ( 'running' !== $run['status'] ) {
			return $run;
		}
		$next = $this->advance( $run );
		return is_wp_error( $next ) ? ( Bisection_Store::get( (string) $run['id'] ) ?? $run ) : $next;
	}

	/**
	 * step() with the site sending the sandbox request itself; a run that has ended is
	 * proxy_health_bisection_finished (409), a step another request recorded first is
	 * proxy_health_bisection_step_conflict (409).
	 *
	 * @since 0.2.0
	 *
	 * @param array<string, mixed> $run Bisection.
	 * @return array<string, mixed>|WP_Error Bisection.
	 */
	public function advance( array $run ) {
		$begun = $this->begin( $run );
		if ( is_wp_error( $begun ) || ! isset( $begun['probe'] ) ) {
			return $begun;
		}
		$id = (string) $run['id'];
		set_time_limit( Sandbox_Client::TIMEOUT + 30 ); // phpcs:ignore Squiz.PHP.DiscouragedFunctions.Discouraged
		$result = Sandbox_Client::probe( $id, count( $run['steps'] ) + 1, (string) $run['clone']['prefix'], Theme_Candidate::sandbox_subset( $begun['probe'], $run['theme'] ?? null ) );

		// The run may have been cancelled while the probe ran: its record wins.
		$current = Bisection_Store::get( $id );
		if ( null !== $current && 'running' !== $current['status'] ) {
			// The cancel released the lock before this step may have taken it again: let it go.
			Lock::release( $id );
			return $current;
		}
		if ( is_wp_error( $result ) ) {
			return $this->fail( $run, $result );
		}
		return $this->record_step( $run, $begun['probe'], $result );
	}

	/**
	 * The signed sandbox request of the run's next step, for the client to send to the site
	 * (client driver): { step, expiresAt, request: { url, method, headers, body } }. Nothing is
	 * recorded; a run the search concludes without another probe ends here and comes back.
	 *
	 * @since 0.2.0
	 *
	 * @param array<string, mixed> $run Bisection.
	 * @return array<string, mixed>|WP_Error The request, or the Bisection when it ended.
	 */
	public function prepare( array $run ) {
		$begun = $this->begin( $run );
		if ( is_wp_error( $begun ) || ! isset( $begun['probe'] ) ) {
			return $begun;
		}
		$step = count( $run['steps'] ) + 1;
		return array(
			'step'      => $step,
			'expiresAt' => gmdate( 'c', time() + Sandbox_Token::LIFETIME ),
			'request'   => Sandbox_Client::request(
				(string) $run['id'],
				$step,
				(string) $run['clone']['prefix'],
				Theme_Candidate::sandbox_subset( $begun['probe'], $run['theme'] ?? null ),
				// Where a browser or the CLI reaches the site (proxy_health_sandbox_url is the loopback's).
				(string) apply_filters( 'proxy_health_sandbox_client_url', home_url( '/' ) )
			),
		);
	}

	/**
	 * Records the sandbox's signed answer a client sent for the step the run expects. Refused,
	 * changing nothing: a result that is not a sandbox answer (400 _result_malformed), whose
	 * signature does not check out (400 _result_forged), signed for another run or clone
	 * (400 _result_wrong_run), for a run that has ended (409 _finished), one already recorded
	 * (409 _result_replayed), for an earlier step, another subset or too old (409 _result_stale),
	 * for a later step (409 _result_out_of_order), or a step another request recorded first
	 * (409 _step_conflict).
	 *
	 * @since 0.2.0
	 *
	 * @param array<string, mixed> $run    Bisection.
	 * @param mixed                $posted The sandbox's answer as the client received it.
	 * @return array<string, mixed>|WP_Error Bisection.
	 */
	public function record( array $run, $posted ) {
		$result = Step_Result::verify( $posted );
		if ( 'malformed' === $result ) {
			return self::refusal( 'proxy_health_bisection_result_malformed', __( 'The result is not a sandbox answer.', 'proxy-health' ), 400 );
		}
		if ( ! is_array( $result ) ) {
			return self::refusal( 'proxy_health_bisection_result_forged', __( 'The result does not carry this site\'s signature: it was altered or not made by this site\'s sandbox.', 'proxy-health' ), 400 );
		}
		if ( $result['bisection'] !== (string) $run['id'] || $result['prefix'] !== (string) $run['clone']['prefix'] ) {
			return self::refusal( 'proxy_health_bisection_result_wrong_run', __( 'The result was signed for another bisection.', 'proxy-health' ), 400 );
		}
		if ( 'running' !== $run['status'] ) {
			return self::finished();
		}
		$expected = count( $run['steps'] ) + 1;
		if ( $result['step'] < $expected ) {
			$recorded = (string) ( $run['results'][ $result['step'] ] ?? '' );
			return hash_equals( $recorded, hash( 'sha256', $result['signature'] ) )
				? self::refusal( 'proxy_health_bisection_result_replayed', __( 'This result has already been recorded.', 'proxy-health' ), 409 )
				: self::refusal( 'proxy_health_bisection_result_stale', __( 'The result is for a step that has already been recorded.', 'proxy-health' ), 409 );
		}
		if ( $result['step'] > $expected ) {
			return self::refusal( 'proxy_health_bisection_result_out_of_order', __( 'The result is for a later step than the one the bisection expects.', 'proxy-health' ), 409 );
		}
		if ( $result['answeredAt'] < time() - Lock::TTL ) {
			return self::refusal( 'proxy_health_bisection_result_stale', __( 'The result is too old to be recorded.', 'proxy-health' ), 409 );
		}
		$begun = $this->begin( $run );
		if ( is_wp_error( $begun ) || ! isset( $begun['probe'] ) ) {
			return $begun;
		}
		if ( Theme_Candidate::sandbox_subset( $begun['probe'], $run['theme'] ?? null ) !== $result['subset'] ) {
			return self::refusal( 'proxy_health_bisection_result_stale', __( 'The result is for other plugins than the step the bisection expects.', 'proxy-health' ), 409 );
		}
		$run['results'][ $expected ] = hash( 'sha256', $result['signature'] );
		$step                        = array(
			'outcome'          => $result['outcome'],
			'failedTransports' => $result['failedTransports'],
			'evidence'         => $result['evidence'],
		);
		if ( '' !== $result['reportId'] ) {
			$step['reportId'] = $result['reportId'];
		}
		return $this->record_step( $run, $begun['probe'], $step );
	}

	/**
	 * What every step starts with: the run still running, its lock held and refreshed, the loader
	 * in place, the next probe. A run that ended, lost its lock or concluded comes back as it now is.
	 *
	 * @param array<string, mixed> $run Bisection.
	 * @return array{probe: list<string>}|array<string, mixed>|WP_Error The probe, or the Bisection.
	 */
	private function begin( array $run ) {
		if ( 'running' !== $run['status'] ) {
			return self::finished();
		}
		$id = (string) $run['id'];
		// A cancel may have landed since this request read the run: never take the lock back for it.
		$stored = Bisection_Store::get( $id );
		if ( null !== $stored && 'running' !== $stored['status'] ) {
			return self::finished();
		}
		$claimed = Step_Claim::is_open( $id );
		if ( Lock::holder() !== $id && ! Lock::acquire( $id ) ) {
			return $this->fail( $run, new WP_Error( 'proxy_health_bisection_lock_lost', __( 'Another bisection took over the site.', 'proxy-health' ) ) );
		}
		Lock::refresh( $id );
		$next = self::search( $run );
		if ( ! isset( $next['probe'] ) ) {
			return $this->finish( $run, 'done', $next['conclusion'], $next['culprits'] );
		}
		// Idempotent: puts the loader back if a stale run's end removed it after this run began.
		Sandbox_Installer::install();
		if ( self::ended_meanwhile( $id, $claimed ) ) {
			self::withdraw( $id );
			return self::finished();
		}
		return array( 'probe' => $next['probe'] );
	}

	/**
	 * Whether the run ended (a cancel, another request's conclusion, the reaper) after begin()
	 * read it as running. Every end closes the step claim, and closes it before it removes the
	 * loader and frees the lock, so a claim closed after the install means the end may have
	 * missed what this request put back. A run started before step claims existed has none: its
	 * record says.
	 */
	private static function ended_meanwhile( string $id, bool $claimed ): bool {
		if ( $claimed ) {
			return ! Step_Claim::is_open( $id );
		}
		$stored = Bisection_Store::get( $id );
		return null !== $stored && 'running' !== $stored['status'];
	}

	/**
	 * Lets go of what a run holds on the site once it has ended: the loader (unless another run
	 * holds the site now) and the lock.
	 */
	private static function withdraw( string $id ): void {
		$holder = Lock::holder();
		if ( null === $holder || $holder === $id ) {
			Sandbox_Installer::remove();
		}
		Lock::release( $id );
	}

	/**
	 * Appends a step's result and saves, or concludes; only if this request claims the step.
	 *
	 * @param array<string, mixed> $run    Bisection.
	 * @param list<string>         $probe  The step's subset (in `plugins` order).
	 * @param array<string, mixed> $result outcome, failedTransports, evidence, reportId.
	 * @return array<string, mixed>|WP_Error Bisection.
	 */
	private function record_step( array $run, array $probe, array $result ) {
		$id = (string) $run['id'];
		if ( ! isset( $run['failsOn'] ) ) {
			$run['failsOn'] = Failing_Transport::decide( $result, Probe_Runner::wordpress_transport() );
		}
		$result['outcome'] = Failing_Transport::outcome( $result, (string) $run['failsOn'] );
		if ( ! self::claim( $run, count( $run['steps'] ) + 1 ) ) {
			$stored = Bisection_Store::get( $id );
			return null !== $stored && 'running' !== $stored['status']
				? self::finished()
				: self::refusal( 'proxy_health_bisection_step_conflict', __( 'Another request recorded this step first; this one changed nothing.', 'proxy-health' ), 409 );
		}
		$run['steps'][]    = array( 'subset' => $probe ) + $result;
		$run['probesUsed'] = count( $run['steps'] );
		$after             = self::search( $run );
		if ( ! isset( $after['probe'] ) ) {
			return $this->finish( $run, 'done', $after['conclusion'], $after['culprits'] );
		}
		$run['probesEstimated'] = max( (int) $run['probesEstimated'], $run['probesUsed'] + 1 );
		$saved                  = Bisection_Store::save( $run );
		if ( ! Step_Claim::is_open( $id ) ) {
			// A cancel landed between the claim and the save, and this save overwrote it: it wins.
			return $this->finish( $saved, 'cancelled' );
		}
		return $saved;
	}

	/**
	 * Step_Claim::claim(), opening the counter of a run started before step claims existed.
	 *
	 * @param array<string, mixed> $run Bisection.
	 */
	private static function claim( array $run, int $step ): bool {
		$id = (string) $run['id'];
		if ( Step_Claim::claim( $id, $step ) ) {
			return true;
		}
		if ( isset( $run['driverReason'] ) || Step_Claim::is_open( $id ) ) {
			return false;
		}
		Step_Claim::open( $id, $step - 1 );
		return Step_Claim::claim( $id, $step );
	}

	/**
	 * A step asked of a run that has ended.
	 *
	 * @since 0.2.0
	 */
	public static function finished(): WP_Error {
		return self::refusal( 'proxy_health_bisection_finished', __( 'This bisection has ended: it takes no more steps.', 'proxy-health' ), 409 );
	}

	private static function refusal( string $code, string $message, int $status ): WP_Error {
		return new WP_Error( $code, $message, array( 'status' => $status ) );
	}

	/**
	 * The next probe or the conclusion, searching in suspect order; subsets and culprits are
	 * given back in the order of `plugins`, so the order changes which probes run, not how a
	 * set reads (Search compares subsets as sets).
	 *
	 * @param array<string, mixed> $run Bisection.
	 * @return array{probe: list<string>}|array{conclusion: string, culprits: list<list<string>>}
	 */
	private static function search( array $run ): array {
		$plugins = array_values( (array) $run['plugins'] );
		$order   = isset( $run['order'] ) ? Suspect_Order::plugins( (array) $run['order'] ) : $plugins;
		$next    = Search::next( $order, (string) $run['mode'], $run['steps'] );
		$as_run  = static fn( array $subset ): array => array_values( array_intersect( $plugins, $subset ) );
		if ( isset( $next['probe'] ) ) {
			return array( 'probe' => $as_run( $next['probe'] ) );
		}
		$next['culprits'] = array_map( $as_run, $next['culprits'] );
		return $next;
	}

	/**
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $run Bisection.
	 * @return array<string, mixed> Bisection.
	 */
	public function cancel( array $run ): array {
		if ( 'running' !== $run['status'] ) {
			return $run;
		}
		// First, so a step in flight can no longer record itself over the cancel.
		Step_Claim::close( (string) $run['id'] );
		return $this->finish( $run, 'cancelled' );
	}

	/**
	 * @param array<string, mixed> $run Bisection.
	 * @return array<string, mixed>
	 */
	private function fail( array $run, WP_Error $error ): array {
		$run['error'] = array(
			'code'    => (string) $error->get_error_code(),
			'message' => $error->get_error_message(),
		);
		return $this->finish( $run, 'failed', Search::INCONCLUSIVE );
	}

	/**
	 * Ends a run and cleans up after it.
	 *
	 * @param array<string, mixed> $run        Bisection.
	 * @param list<list<string>>   $culprits   Culprit sets.
	 * @return array<string, mixed>
	 */
	private function finish( array $run, string $status, ?string $conclusion = null, array $culprits = array() ): array {
		$run['status']   = $status;
		$run['culprits'] = $culprits;
		if ( null !== $conclusion ) {
			$run['conclusion'] = $conclusion;
		}
		$id = (string) $run['id'];
		Step_Claim::close( $id );
		// A stale run (its lock expired, another run holds it now) ends without touching what
		// that run uses: the loader, the lock, and a clone of the same prefix.
		$holder = Lock::holder();
		$other  = null !== $holder && $holder !== $id ? Bisection_Store::get( $holder ) : null;
		$prefix = (string) $run['clone']['prefix'];
		if ( '' !== $prefix && ( null === $other || (string) ( $other['clone']['prefix'] ?? '' ) !== $prefix ) ) {
			Table_Cloner::drop( $prefix );
			Clone_Registry::forget( $prefix );
		}
		$run['clone']['state'] = 'dropped';
		$run['probesUsed']     = count( $run['steps'] );
		self::withdraw( $id );
		return Bisection_Store::save( $run );
	}
}
