<?php
/**
 * The bounded store of outbound calls recorded during evidence sessions.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Evidence;

/**
 * Append-only: each request that made calls INSERTs one non-autoloaded row of its own (a name
 * nobody else uses, under the session's prefix), so concurrent requests never overwrite each
 * other's calls (a single read-modify-written option lost about a third of them under load).
 * A small marker option names the latest session. Bounded: a row keeps at most ROW_CALLS calls
 * and the session at most about LIMIT; the oldest rows go first, and every call dropped is
 * counted (the count travels in the row names), never silently lost.
 *
 * @since 0.1.0
 *
 * @phpstan-type Stored array{sessionId: string, calls: list<array<string, mixed>>, dropped: int}
 */
final class Call_Store {

	/** The marker: which session the rows belong to. Not autoloaded. */
	public const OPTION = 'proxy_health_evidence_calls';

	/** Rows of calls: <prefix><session hash>_<time µs>_<calls>_<dropped>_<random>. */
	public const ROW_PREFIX = 'proxy_health_evc_';

	/** Most calls kept per session; at about 400 bytes each, near 200 KB. */
	public const LIMIT = 500;

	/** Most calls one request stores (the newest); the rest are counted as dropped. */
	public const ROW_CALLS = 50;

	/**
	 * Appends the calls one request made during a session.
	 *
	 * @since 0.1.0
	 *
	 * @param list<array<string, mixed>> $calls
	 */
	public static function append( string $session_id, array $calls ): void {
		global $wpdb;
		if ( array() === $calls ) {
			return;
		}
		$dropped = max( 0, count( $calls ) - self::ROW_CALLS );
		$calls   = array_values( array_slice( $calls, -self::ROW_CALLS ) );
		$prefix  = self::prefix( $session_id );

		// Make room: the oldest rows go while the session would hold more than LIMIT calls and
		// one row (so that read() always has the newest LIMIT, whatever the rows' sizes).
		$total = count( $calls );
		$rows  = self::rows( $prefix );
		foreach ( $rows as $name => $row ) {
			$total += $row['calls'];
		}
		foreach ( $rows as $name => $row ) {
			if ( $total <= self::LIMIT + self::ROW_CALLS ) {
				break;
			}
			$total -= $row['calls'];
			// Only the request whose DELETE removed the row carries its count on.
			if ( 1 === (int) $wpdb->query( $wpdb->prepare( 'DELETE FROM %i WHERE option_name = %s', $wpdb->options, $name ) ) ) {
				$dropped += $row['calls'] + $row['dropped'];
			}
		}

		$name = sprintf( '%s%020d_%d_%d_%s', $prefix, (int) floor( microtime( true ) * 1000000 ), count( $calls ), $dropped, bin2hex( random_bytes( 4 ) ) );
		$wpdb->query(
			$wpdb->prepare(
				'INSERT INTO %i (option_name, option_value, autoload) VALUES (%s, %s, %s)',
				$wpdb->options,
				$name,
				maybe_serialize( $calls ),
				'off'
			)
		);
	}

	/**
	 * Starts an empty list for a new session, removing every earlier session's rows.
	 *
	 * @since 0.1.0
	 */
	public static function reset( string $session_id ): void {
		self::delete_rows();
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
	 * Removes every stored call (uninstall, reset).
	 *
	 * @since 0.1.0
	 */
	public static function delete_rows(): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( 'DELETE FROM %i WHERE option_name LIKE %s', $wpdb->options, $wpdb->esc_like( self::ROW_PREFIX ) . '%' ) );
	}

	/**
	 * The latest session's calls, oldest first, the newest LIMIT kept, and how many were dropped.
	 *
	 * @since 0.1.0
	 *
	 * @return Stored
	 */
	public static function read(): array {
		global $wpdb;
		// The marker is written by another request: read the row, not this request's cached copy.
		wp_cache_delete( self::OPTION, 'options' );
		$marker     = get_option( self::OPTION );
		$session_id = is_array( $marker ) && isset( $marker['sessionId'] ) ? (string) $marker['sessionId'] : '';
		if ( '' === $session_id ) {
			return array(
				'sessionId' => '',
				'calls'     => array(),
				'dropped'   => 0,
			);
		}
		$prefix  = self::prefix( $session_id );
		$results = $wpdb->get_results( $wpdb->prepare( 'SELECT option_name, option_value FROM %i WHERE option_name LIKE %s ORDER BY option_name', $wpdb->options, $wpdb->esc_like( $prefix ) . '%' ), ARRAY_A );
		$calls   = array();
		$dropped = 0;
		foreach ( (array) $results as $result ) {
			$parsed = self::parse_name( $prefix, (string) $result['option_name'] );
			$value  = maybe_unserialize( (string) $result['option_value'] );
			if ( null === $parsed || ! is_array( $value ) ) {
				continue;
			}
			$dropped += $parsed['dropped'];
			foreach ( $value as $call ) {
				if ( is_array( $call ) ) {
					$calls[] = $call;
				}
			}
		}
		$dropped += max( 0, count( $calls ) - self::LIMIT );
		return array(
			'sessionId' => $session_id,
			'calls'     => array_values( array_slice( $calls, -self::LIMIT ) ),
			'dropped'   => $dropped,
		);
	}

	/**
	 * The row-name prefix of a session.
	 */
	private static function prefix( string $session_id ): string {
		return self::ROW_PREFIX . substr( md5( $session_id ), 0, 12 ) . '_';
	}

	/**
	 * A session's rows, oldest first, with the counts their names carry.
	 *
	 * @return array<string, array{calls: int, dropped: int}>
	 */
	private static function rows( string $prefix ): array {
		global $wpdb;
		$names = $wpdb->get_col( $wpdb->prepare( 'SELECT option_name FROM %i WHERE option_name LIKE %s ORDER BY option_name', $wpdb->options, $wpdb->esc_like( $prefix ) . '%' ) );
		$rows  = array();
		foreach ( (array) $names as $name ) {
			$parsed = self::parse_name( $prefix, (string) $name );
			if ( null !== $parsed ) {
				$rows[ (string) $name ] = $parsed;
			}
		}
		return $rows;
	}

	/**
	 * @return array{calls: int, dropped: int}|null
	 */
	private static function parse_name( string $prefix, string $name ): ?array {
		if ( 0 !== strpos( $name, $prefix ) || ! preg_match( '/^\d{20}_(\d+)_(\d+)_[a-f0-9]{8}$/', substr( $name, strlen( $prefix ) ), $m ) ) {
			return null;
		}
		return array(
			'calls'   => (int) $m[1],
			'dropped' => (int) $m[2],
		);
	}
}
