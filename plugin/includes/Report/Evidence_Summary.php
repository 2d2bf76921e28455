<?php
/**
 * The evidence part of the report: the session and what its recorded calls add up to.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Report;

use ProxyHealth\Evidence\Call_Store;
use ProxyHealth\Evidence\Evidence_Session;

/**
 * Counts the calls GET /evidence lists (those of the running session, or of the last one when
 * none runs), by outcome and by the plugin, theme, must-use plugin or core function that made
 * them. Read-only: it never starts, ends or extends a session.
 *
 * @since 0.1.0
 *
 * @phpstan-type Summary array{session: array{id: string, startedAt: string, expiresAt: string, debugConstants: bool}|null, calls: int, failedCalls: int, byOutcome: array<string, int>|\stdClass, bySource: list<array{type: string, slug: string, calls: int, failed: int}>}
 */
final class Evidence_Summary {

	/** The outcome of a call that worked; every other outcome counts as failed. */
	private const OK = 'ok';

	/**
	 * The summary of the stored evidence.
	 *
	 * @since 0.1.0
	 *
	 * @return Summary
	 */
	public static function build(): array {
		$session = Evidence_Session::current();
		return self::summarize( null === $session ? null : Evidence_Session::to_public( $session ), Call_Store::read()['calls'] );
	}

	/**
	 * Adds up calls. `byOutcome` is an object even when empty; `bySource` lists the busiest
	 * source first (then by type and slug, so the order is stable).
	 *
	 * @since 0.1.0
	 *
	 * @param array{id: string, startedAt: string, expiresAt: string, debugConstants: bool}|null $session Public session, or null.
	 * @param list<array<string, mixed>>                                                         $calls   Recorded calls.
	 * @return Summary
	 */
	public static function summarize( ?array $session, array $calls ): array {
		$failed     = 0;
		$by_outcome = array();
		$by_source  = array();
		foreach ( $calls as $call ) {
			$outcome = (string) ( $call['outcome'] ?? '' );
			$type    = (string) ( $call['source']['type'] ?? 'core' );
			$slug    = (string) ( $call['source']['slug'] ?? '' );
			$fail    = self::OK !== $outcome;
			$key     = $type . "\0" . $slug;

			$failed                 += $fail ? 1 : 0;
			$by_outcome[ $outcome ]  = ( $by_outcome[ $outcome ] ?? 0 ) + 1;
			$by_source[ $key ]     ??= array(
				'type'   => $type,
				'slug'   => $slug,
				'calls'  => 0,
				'failed' => 0,
			);
			++$by_source[ $key ]['calls'];
			$by_source[ $key ]['failed'] += $fail ? 1 : 0;
		}
		ksort( $by_outcome );
		$by_source = array_values( $by_source );
		usort(
			$by_source,
			static fn( array $a, array $b ): int => array( $b['calls'], $a['type'], $a['slug'] ) <=> array( $a['calls'], $b['type'], $b['slug'] )
		);
		return array(
			'session'     => $session,
			'calls'       => count( $calls ),
			'failedCalls' => $failed,
			// An object in JSON even with no calls (an empty PHP array would encode as []).
			'byOutcome'   => array() === $by_outcome ? (object) array() : $by_outcome,
			'bySource'    => $by_source,
		);
	}
}
