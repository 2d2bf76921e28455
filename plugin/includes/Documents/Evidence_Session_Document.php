<?php
/**
 * The evidence session documents: POST /evidence-sessions, GET and DELETE
 * /evidence-sessions/current.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Evidence\Evidence_Session;
use WP_Error;

/**
 * The documents POST /evidence-sessions, GET and DELETE /evidence-sessions/current answer,
 * shared with `wp proxy-health debug on|status|off` so both speak the same JSON and errors, and
 * their schemas.
 *
 * @since 0.1.0 As Report\Evidence_Sessions.
 */
final class Evidence_Session_Document {

	/**
	 * Whether a --minutes value is acceptable (REST checks the same bounds through its schema).
	 *
	 * @since 0.1.0
	 *
	 * @param mixed $minutes Submitted value (WP-CLI passes strings, or true for a bare flag).
	 * @return WP_Error|null Error with code proxy_health_invalid_minutes (status 400), or null.
	 */
	public static function minutes_error( $minutes ): ?WP_Error {
		$text = is_int( $minutes ) ? (string) $minutes : ( is_string( $minutes ) ? trim( $minutes ) : '' );
		if ( 1 !== preg_match( '/^\d{1,5}$/', $text ) || (int) $text < Evidence_Session::MIN_MINUTES || (int) $text > Evidence_Session::MAX_MINUTES ) {
			return new WP_Error(
				'proxy_health_invalid_minutes',
				sprintf(
					/* translators: 1: smallest number of minutes; 2: largest number of minutes. */
					__( 'minutes must be a whole number from %1$d to %2$d.', 'proxy-health' ),
					Evidence_Session::MIN_MINUTES,
					Evidence_Session::MAX_MINUTES
				),
				array( 'status' => 400 )
			);
		}
		return null;
	}

	/**
	 * Starts a session.
	 *
	 * @since 0.1.0
	 *
	 * @param int  $minutes         Validated length (see minutes_error()).
	 * @param bool $debug_constants Also switch WP_DEBUG and WP_DEBUG_LOG on until the session ends.
	 * @return array{id: string, startedAt: string, expiresAt: string, debugConstants: bool}|WP_Error
	 */
	public static function start( int $minutes, bool $debug_constants ) {
		$session = Evidence_Session::start( $minutes, $debug_constants );
		return $session instanceof WP_Error ? $session : Evidence_Session::to_public( $session );
	}

	/**
	 * The running session.
	 *
	 * @since 0.1.0
	 *
	 * @return array{id: string, startedAt: string, expiresAt: string, debugConstants: bool}|WP_Error
	 *         Error proxy_health_no_evidence_session (404) when none runs.
	 */
	public static function current() {
		$session = Evidence_Session::current();
		if ( null === $session ) {
			return self::none();
		}
		return Evidence_Session::to_public( $session );
	}

	/**
	 * Stops the session and reverts its debug constants.
	 *
	 * @since 0.1.0
	 *
	 * @return array{stopped: array{id: string, startedAt: string, expiresAt: string, debugConstants: bool}, config: array{status: string, message: string}|null}|WP_Error
	 */
	public static function stop() {
		$stopped = Evidence_Session::stop();
		if ( $stopped instanceof WP_Error ) {
			return $stopped;
		}
		return array(
			'stopped' => Evidence_Session::to_public( $stopped['session'] ),
			'config'  => $stopped['config'],
		);
	}

	private static function none(): WP_Error {
		return new WP_Error( 'proxy_health_no_evidence_session', __( 'No evidence session is running.', 'proxy-health' ), array( 'status' => 404 ) );
	}

	/**
	 * Schema of the session; DELETE's answer (the stopped session and what ending it did to
	 * wp-config.php) is among its definitions.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		$session = Schema::document(
			'proxy-health-evidence-session',
			array(
				'id'             => array( 'type' => 'string' ),
				'startedAt'      => Schema::date_time(),
				'expiresAt'      => Schema::date_time(),
				'debugConstants' => array( 'type' => 'boolean' ),
			),
			array()
		);
		// DELETE /evidence-sessions/current answers the stopped session and what ending it did.
		return Schema::with_definitions(
			$session,
			array(
				Schema::document(
					'proxy-health-evidence-session-stopped',
					array(
						'stopped' => Schema::object( $session['properties'], array() ),
						'config'  => array( 'type' => array( 'object', 'null' ) ) + Schema::config_revert(),
					),
					array()
				),
			)
		);
	}
}
