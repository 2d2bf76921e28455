<?php
/**
 * Raised by the search when it needs an outcome nobody has observed yet.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

use RuntimeException;

/**
 * Carries the subset to probe next; the search is replayed from the recorded steps each time,
 * so a run can stop after any probe (client-driven steps, a killed process) and go on later.
 *
 * @since 0.1.0
 */
final class Need_Probe extends RuntimeException {

	/**
	 * Plugin files to activate in the next probe.
	 *
	 * @var list<string>
	 */
	public array $subset;

	/**
	 * @param list<string> $subset Plugin files to activate.
	 */
	public function __construct( array $subset ) {
		parent::__construct( 'probe needed' );
		$this->subset = $subset;
	}
}
