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

	/** Transcript lines kept per result in history (the first ones: the exchange with the proxy). */
	public const TRANSCRIPT_LINES = 40;

	/** Longest string kept in a stored report (URLs, error messages, transcript lines). */
	public const STRING_BYTES = 2048;

	/**
	 * Most bytes the stored list may take (serialized): well under MySQL's smallest usual
	 * max_allowed_packet (1 MiB before MySQL 8), so saving never fails silently; older reports go first.
	 */
	public const MAX_BYTES = 786432;

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
		$report  = self::bounded( $report );
		$reports = self::all();
		array_unshift( $reports, $report );
		$reports = array_slice( $reports, 0, self::LIMIT );
		while ( count( $reports ) > 1 && strlen( serialize( $reports ) ) > self::MAX_BYTES ) { // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions -- measuring what update_option() stores.
			array_pop( $reports );
		}
		if ( strlen( serialize( $reports ) ) > self::MAX_BYTES ) { // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions -- measuring what update_option() stores.
			// One report alone too large: keep it without its transcripts.
			foreach ( (array) ( $reports[0]['results'] ?? array() ) as $i => $result ) {
				if ( is_array( $result ) ) {
					unset( $reports[0]['results'][ $i ]['transcript'] );
				}
			}
		}
		if ( false === get_option( self::OPTION, false ) ) {
			add_option( self::OPTION, $reports, '', false );
		} else {
			update_option( self::OPTION, $reports, false );
		}
		return $report;
	}

	/**
	 * A report as history keeps it: each transcript cut to its first TRANSCRIPT_LINES lines,
	 * every string to STRING_BYTES.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $report ProbeReport.
	 * @return array<string, mixed>
	 */
	public static function bounded( array $report ): array {
		foreach ( (array) ( $report['results'] ?? array() ) as $i => $result ) {
			if ( is_array( $result ) && isset( $result['transcript'] ) && is_array( $result['transcript'] ) && count( $result['transcript'] ) > self::TRANSCRIPT_LINES ) {
				$cut                                   = count( $result['transcript'] ) - self::TRANSCRIPT_LINES;
				$report['results'][ $i ]['transcript'] = array_merge(
					array_slice( $result['transcript'], 0, self::TRANSCRIPT_LINES ),
					/* translators: %d: number of lines. */
					array( sprintf( __( '… %d more lines not kept in history', 'proxy-health' ), $cut ) )
				);
			}
		}
		return self::cap_strings( $report );
	}

	/**
	 * @param array<mixed> $value Any part of a report.
	 * @return array<mixed>
	 */
	private static function cap_strings( array $value ): array {
		foreach ( $value as $key => $item ) {
			if ( is_array( $item ) ) {
				$value[ $key ] = self::cap_strings( $item );
			} elseif ( is_string( $item ) && strlen( $item ) > self::STRING_BYTES ) {
				$value[ $key ] = self::cut( $item, self::STRING_BYTES );
			}
		}
		return $value;
	}

	/**
	 * A string cut to at most $bytes bytes (never inside a UTF-8 character), "…" marking the cut.
	 *
	 * @since 0.1.0
	 */
	public static function cut( string $text, int $bytes ): string {
		if ( strlen( $text ) <= $bytes ) {
			return $text;
		}
		$cut = substr( $text, 0, max( 0, $bytes - 3 ) );
		// Drop a character the cut split (a lead byte and fewer continuation bytes than it needs).
		$cut = (string) preg_replace( '/(?:[\xC0-\xDF]|[\xE0-\xEF][\x80-\xBF]?|[\xF0-\xF7][\x80-\xBF]{0,2})$/', '', $cut );
		return $cut . '…';
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
