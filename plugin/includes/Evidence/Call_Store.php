<?php
/**
 * The bounded store of outbound calls recorded during evidence sessions.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Evidence;

/**
 * One non-autoloaded option holding the calls of the latest session, newest kept. A request
 * that made calls writes once, at shutdown.
 *
 * @since 0.1.0
 *
 * @phpstan-type Stored array{sessionId: string, calls: list<array<string, mixed>>}
 */
final class Call_Store {

	public const OPTION = 'proxy_health_evidence_calls';

	/** Most calls kept; at about 400 bytes each the row stays near 200 KB. */
	public const LIMIT = 500;

	/**
	 * Appends calls of a session (dropping those of any earlier session).
	 *
	 * @since 0.1.0
	 *
	 * @param list<array<string, mixed>> $calls
	 */
	public static function append( string $session_id, array $calls ): void {
		if ( array() === $calls ) {
			return;
		}
		$stored = self::read();
		$kept   = $stored['sessionId'] === $session_id ? $stored['calls'] : array();
		$kept   = array_slice( array_merge( $kept, $calls ), -self::LIMIT );
		update_option(
			self::OPTION,
			array(
				'sessionId' => $session_id,
				'calls'     => $kept,
			),
			false
		);
	}

	/**
	 * Starts an empty list for a new session.
	 *
	 * @since 0.1.0
	 */
	public static function reset( string $session_id ): void {
		update_option(
			self::OPTION,
			array(
				'sessionId' => $session_id,
				'calls'     => array(),
			),
			false
		);
	}

	/**
	 * The stored calls, oldest first.
	 *
	 * @since 0.1.0
	 *
	 * @return Stored
	 */
	public static function read(): array {
		// Other requests append too: read the row, not this request's cached copy.
		wp_cache_delete( self::OPTION, 'options' );
		$stored = get_option( self::OPTION );
		if ( ! is_array( $stored ) || ! isset( $stored['sessionId'], $stored['calls'] ) || ! is_array( $stored['calls'] ) ) {
			return array(
				'sessionId' => '',
				'calls'     => array(),
			);
		}
		return array(
			'sessionId' => (string) $stored['sessionId'],
			'calls'     => array_values( $stored['calls'] ),
		);
	}
}
