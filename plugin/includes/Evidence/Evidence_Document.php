<?php
/**
 * The evidence document: what the current (or last) evidence session collected.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Evidence;

use ProxyHealth\Changes\Change_Detector;
use ProxyHealth\Htaccess\Htaccess_Audit;

/**
 * Builds the document GET /proxy-health/v1/evidence answers and the evidence bundle embeds:
 * the session, its recorded outbound calls, log tails, the .htaccess audit and the changes
 * since the last good probe.
 *
 * @since 0.2.0
 */
final class Evidence_Document {

	/**
	 * The evidence document.
	 *
	 * @since 0.2.0
	 *
	 * @param int  $log_bytes How much of the end of each log.
	 * @param bool $chains    Whether to follow the inbound redirect chains.
	 * @return array<string, mixed>
	 */
	public static function build( int $log_bytes, bool $chains ): array {
		$session = Evidence_Session::current();
		$log     = null !== $session ? $session['debugLog'] : (string) get_option( Evidence_Session::LAST_LOG_OPTION, '' );
		$stored  = Call_Store::read();
		return array(
			'session'      => null === $session ? null : Evidence_Session::to_public( $session ),
			'calls'        => $stored['calls'],
			// Calls the store's bound dropped (the oldest; or beyond one request's share).
			'droppedCalls' => $stored['dropped'],
			'logs'         => Log_Tail::collect( $log, $log_bytes ),
			'htaccess'     => ( new Htaccess_Audit() )->run( $chains ),
			'changes'      => Change_Detector::from_history(),
		);
	}
}
