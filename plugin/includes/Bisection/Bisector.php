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
use ProxyHealth\Probe\Probe_Runner;
use ProxyHealth\Scan\Site_Scanner;
use WP_Error;

/**
 * The Bisection record (DESIGN.md) plus cloneMode, createdAt, updatedAt and error.
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

	/** Bounds for one server-driven request. */
	public const MAX_PROBES  = 200;
	public const MAX_SECONDS = 600;

	/**
	 * Plugin files a bisection tests: every active plugin except Proxy Health itself.
	 *
	 * @since 0.1.0
	 *
	 * @return list<string>
	 */
	public static function plugins_under_test(): array {
		$active = (array) get_option( 'active_plugins', array() );
		if ( is_multisite() ) {
			$active = array_merge( $active, array_keys( (array) get_site_option( 'active_sitewide_plugins', array() ) ) );
		}
		$self = plugin_basename( dirname( __DIR__, 2 ) . '/proxy-health.php' );
		return array_values(
			array_unique(
				array_filter(
					array_map( 'strval', $active ),
					static fn( string $file ): bool => '' !== $file && $file !== $self && 'proxy-health/proxy-health.php' !== $file
				)
			)
		);
	}

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
	 * @param string       $driver     self::DRIVER_*.
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

		$plugins = self::plugins_under_test();
		if ( null !== $theme ) {
			$plugins[] = Theme_Candidate::id( $theme['stylesheet'] );
		}
		$run = array(
			'id'              => $id,
			'status'          => 'running',
			'mode'            => $mode,
			'driver'          => $driver,
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
		$prefix                 = Clone_Registry::new_prefix( $wpdb->base_prefix );
		$run['clone']['prefix'] = $prefix;
		Clone_Registry::register( $prefix );
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
		$run = Bisection_Store::save( $run );

		return self::DRIVER_SERVER === $driver ? $this->drive( $run ) : $run;
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
	 * Runs the next probe, or concludes. Runs that are not running are returned unchanged.
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
		$id = (string) $run['id'];
		// A cancel may have landed since this request read the run: never take the lock back for it.
		$stored = Bisection_Store::get( $id );
		if ( null !== $stored && 'running' !== $stored['status'] ) {
			return $stored;
		}
		if ( Lock::holder() !== $id && ! Lock::acquire( $id ) ) {
			return $this->fail( $run, new WP_Error( 'proxy_health_bisection_lock_lost', __( 'Another bisection took over the site.', 'proxy-health' ) ) );
		}
		Lock::refresh( $id );
		$next = self::search( $run );
		if ( ! isset( $next['probe'] ) ) {
			return $this->finish( $run, 'done', $next['conclusion'], $next['culprits'] );
		}
		set_time_limit( Sandbox_Client::TIMEOUT + 30 ); // phpcs:ignore Squiz.PHP.DiscouragedFunctions.Discouraged
		$result = Sandbox_Client::probe( $id, count( $run['steps'] ) + 1, (string) $run['clone']['prefix'], Theme_Candidate::sandbox_subset( $next['probe'], $run['theme'] ?? null ) );

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
		if ( ! isset( $run['failsOn'] ) ) {
			$run['failsOn'] = Failing_Transport::decide( $result, Probe_Runner::wordpress_transport() );
		}
		$result['outcome'] = Failing_Transport::outcome( $result, (string) $run['failsOn'] );
		$run['steps'][]    = array( 'subset' => $next['probe'] ) + $result;
		$run['probesUsed'] = count( $run['steps'] );
		$after             = self::search( $run );
		if ( ! isset( $after['probe'] ) ) {
			return $this->finish( $run, 'done', $after['conclusion'], $after['culprits'] );
		}
		$run['probesEstimated'] = max( (int) $run['probesEstimated'], $run['probesUsed'] + 1 );
		return Bisection_Store::save( $run );
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
		$prefix = (string) $run['clone']['prefix'];
		if ( '' !== $prefix ) {
			Table_Cloner::drop( $prefix );
			Clone_Registry::forget( $prefix );
		}
		$run['clone']['state'] = 'dropped';
		$run['probesUsed']     = count( $run['steps'] );
		Sandbox_Installer::remove();
		Lock::release( (string) $run['id'] );
		return Bisection_Store::save( $run );
	}
}
