<?php
/**
 * Which transport's 407 makes a bisection step fail.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

/**
 * The same rule as the verdict, where it applies. When every plugin active fails on the transport
 * WordPress uses, only that transport's 407 counts: a plugin that breaks just the fallback
 * transport is not what the admin is looking for, and ddmin would otherwise minimise to whichever
 * failing set it meets first. When that transport passes and only the fallback fails (the panel
 * shows it as information), the run looks for that 407 instead, so the admin learns where it
 * comes from rather than getting "nothing to bisect".
 *
 * Decided once, by the run's first step (every plugin active), and kept as the run's `failsOn`.
 *
 * @since 0.1.0
 */
final class Failing_Transport {

	/** A 407 on any transport fails the step. */
	public const ANY = 'any';

	/**
	 * @since 0.1.0
	 *
	 * @param array{outcome: string, failedTransports?: list<string>} $first     First step's sandbox answer.
	 * @param string                                                   $wordpress Transport WordPress uses.
	 * @return string A transport, or ANY.
	 */
	public static function decide( array $first, string $wordpress ): string {
		return in_array( $wordpress, $first['failedTransports'] ?? array(), true ) ? $wordpress : self::ANY;
	}

	/**
	 * The step's outcome under the run's rule; a crash stays a crash.
	 *
	 * @since 0.1.0
	 *
	 * @param array{outcome: string, failedTransports?: list<string>} $answer   Sandbox answer.
	 * @param string                                                   $fails_on A transport, or ANY.
	 * @return 'pass'|'fail'|'crash'
	 */
	public static function outcome( array $answer, string $fails_on ): string {
		if ( 'crash' === $answer['outcome'] ) {
			return 'crash';
		}
		$failed = $answer['failedTransports'] ?? array();
		$hit    = self::ANY === $fails_on ? array() !== $failed : in_array( $fails_on, $failed, true );
		return $hit ? 'fail' : 'pass';
	}
}
