<?php
/**
 * The last probe reports, kept for comparison ("what changed").
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

/**
 * A bounded list of ProbeReports in one option that is not autoloaded (it is read only by the
 * history routes, never on ordinary page loads), newest first.
 *
 * @since 0.1.0
 */
final class History {

	public const OPTION = 'proxy_health_history';

	/** Reports kept; the oldest is dropped beyond this. */
	public const LIMIT = 50;

	/**
	 * Stores a report. Fields that may carry a secret the admin typed (wpConfigLines) are
	 * dropped first: history outlives the request that earned them.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $report ProbeReport.
	 * @return array<string, mixed> What was stored.
	 */
	public static function add( array $report ): array {
		unset( $report['wpConfigLines'] );
		$reports = self::all();
		array_unshift( $reports, $report );
		$reports = array_slice( $reports, 0, self::LIMIT );
		if ( false === get_option( self::OPTION, false ) ) {
			add_option( self::OPTION, $reports, '', false );
		} else {
			update_option( self::OPTION, $reports, false );
		}
		return $report;
	}

	/**
	 * Every stored report, newest first.
	 *
	 * @since 0.1.0
	 *
	 * @return list<array<string, mixed>>
	 */
	public static function all(): array {
		$stored = get_option( self::OPTION, array() );
		return is_array( $stored ) ? array_values( array_filter( $stored, 'is_array' ) ) : array();
	}

	/**
	 * One report by id, or null.
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, mixed>|null
	 */
	public static function find( string $id ): ?array {
		foreach ( self::all() as $report ) {
			if ( ( $report['id'] ?? null ) === $id ) {
				return $report;
			}
		}
		return null;
	}

	/**
	 * The list entry of a report: id, time, verdict and counts.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $report ProbeReport.
	 * @return array{id: string, createdAt: string, verdict: string, counts: array{results: int, ok: int, failed: int, diagnoses: int}}
	 */
	public static function summary( array $report ): array {
		$results = (array) ( $report['results'] ?? array() );
		$ok      = count( array_filter( $results, static fn( $r ): bool => is_array( $r ) && 'ok' === ( $r['outcome'] ?? null ) ) );
		return array(
			'id'        => (string) ( $report['id'] ?? '' ),
			'createdAt' => (string) ( $report['createdAt'] ?? '' ),
			'verdict'   => (string) ( $report['verdict'] ?? 'fail' ),
			'counts'    => array(
				'results'   => count( $results ),
				'ok'        => $ok,
				'failed'    => count( $results ) - $ok,
				'diagnoses' => count( (array) ( $report['diagnoses'] ?? array() ) ),
			),
		);
	}
}
