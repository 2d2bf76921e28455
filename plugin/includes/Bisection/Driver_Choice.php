<?php
/**
 * Who sends each step of a run: the site itself when it can reach itself, else the client.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

use ProxyHealth\Redaction\Redactor;
use WP_Error;

/**
 * `driver: auto` runs a loopback preflight bounded like Site Health's: a GET of the front page
 * through the WordPress HTTP API (what Site Health's loopback test sends, so whatever refuses
 * that refuses this), then a ping of the sandbox loader with the signed request the server
 * driver sends (Sandbox_Client), each with a short timeout. Both answer: the server drives.
 * Either fails: the client drives (the panel or the CLI sends each sandbox request), and a run
 * never waits Sandbox_Client::TIMEOUT on a loopback that is not there.
 *
 * The run records the choice as `driver` and why as `driverReason` ({ code, message }).
 *
 * @since 0.2.0
 */
final class Driver_Choice {

	public const AUTO = 'auto';

	/** Seconds each preflight request may take. */
	public const TIMEOUT = 5;

	public const LOOPBACK_OK     = 'loopback_ok';
	public const LOOPBACK_FAILED = 'loopback_failed';
	public const REQUESTED       = 'requested';

	/**
	 * The driver for a run and why.
	 *
	 * @since 0.2.0
	 *
	 * @param string $asked  Bisector::DRIVER_* or self::AUTO.
	 * @param string $run_id Run id (the ping's token is bound to it).
	 * @param string $prefix The run's clone prefix (registered, loader installed).
	 * @return array{driver: string, reason: array{code: string, message: string}}
	 */
	public static function choose( string $asked, string $run_id, string $prefix ): array {
		if ( self::AUTO !== $asked ) {
			return array(
				'driver' => $asked,
				'reason' => self::requested( $asked ),
			);
		}
		$failure = self::preflight( $run_id, $prefix );
		if ( null === $failure ) {
			return array(
				'driver' => Bisector::DRIVER_SERVER,
				'reason' => array(
					'code'    => self::LOOPBACK_OK,
					'message' => __( 'The site reached itself (loopback), so it runs every step itself.', 'proxy-health' ),
				),
			);
		}
		return array(
			'driver' => Bisector::DRIVER_CLIENT,
			'reason' => array(
				'code'    => self::LOOPBACK_FAILED,
				'message' => sprintf(
					/* translators: 1: seconds waited at most. 2: what failed, e.g. "cURL error 28: Operation timed out". */
					__( 'The site could not reach itself within %1$d seconds (%2$s), so your browser or the command line sends each step.', 'proxy-health' ),
					self::TIMEOUT,
					$failure
				),
			),
		);
	}

	/**
	 * The reason of a driver chosen by whoever started the run.
	 *
	 * @since 0.2.0
	 *
	 * @return array{code: string, message: string}
	 */
	public static function requested( string $driver ): array {
		return array(
			'code'    => self::REQUESTED,
			'message' => Bisector::DRIVER_CLIENT === $driver
				? __( 'The client driver was asked for: your browser or the command line sends each step.', 'proxy-health' )
				: __( 'The server driver was asked for: the site sends each step to itself.', 'proxy-health' ),
		);
	}

	/**
	 * Null when both preflight requests answered, else what failed (no URL credentials).
	 */
	private static function preflight( string $run_id, string $prefix ): ?string {
		$home = wp_remote_get(
			home_url( '/' ),
			array(
				'timeout'     => self::TIMEOUT,
				'redirection' => 0,
				'headers'     => array( 'Cache-Control' => 'no-cache' ),
				'sslverify'   => (bool) apply_filters( 'https_local_ssl_verify', false ),
				'user-agent'  => 'ProxyHealth-Bisection',
			)
		);
		if ( is_wp_error( $home ) ) {
			return self::describe( $home );
		}
		$status = (int) wp_remote_retrieve_response_code( $home );
		if ( $status >= 500 ) {
			/* translators: %d: HTTP status. */
			return sprintf( __( 'HTTP %d', 'proxy-health' ), $status );
		}
		$ping = Sandbox_Client::ping( $run_id, $prefix, self::TIMEOUT );
		return true === $ping ? null : self::describe( $ping );
	}

	private static function describe( WP_Error $error ): string {
		return Redactor::url_anywhere( (string) strtok( $error->get_error_message(), "\n" ) );
	}
}
