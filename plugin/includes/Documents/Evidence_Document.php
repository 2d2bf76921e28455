<?php
/**
 * The evidence document: what the current (or last) evidence session collected.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Changes\Change_Detector;
use ProxyHealth\Evidence\Call_Store;
use ProxyHealth\Evidence\Evidence_Session;
use ProxyHealth\Evidence\Log_Tail;
use ProxyHealth\Htaccess\Htaccess_Audit;

/**
 * Builds the document GET /proxy-health/v1/evidence answers and the evidence bundle embeds:
 * the session, its recorded outbound calls, log tails, the .htaccess audit and the changes
 * since the last good probe.
 *
 * @since 0.2.0 In Evidence/ until 0.3.0, with its schema in REST\Evidence_Controller.
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

	/**
	 * Schema of the evidence document. `droppedCalls`, `htaccess` and `changes` are left out by
	 * earlier plugin versions.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		return Schema::document(
			'proxy-health-evidence',
			array(
				'session'      => Schema::part( Evidence_Session_Document::schema(), true ),
				'calls'        => self::calls_schema(),
				'droppedCalls' => array(
					'type'    => 'integer',
					'minimum' => 0,
				),
				'logs'         => array(
					'type'  => 'array',
					'items' => Schema::named(
						'EvidenceLog',
						Schema::object(
							array(
								'file'    => array( 'type' => 'string' ),
								'lines'   => Schema::string_list(),
								'skipped' => Schema::enum( array( 'outside_allowed_roots', 'missing', 'unreadable' ) ),
							),
							array( 'skipped' )
						)
					),
				),
				'htaccess'     => self::htaccess_schema(),
				'changes'      => Schema::part( Change_Set_Document::changes_schema(), true ),
			),
			array( 'droppedCalls', 'htaccess', 'changes' )
		);
	}

	/**
	 * The outbound calls an evidence session recorded (`Evidence\Call_Recorder`).
	 *
	 * @return array<string, mixed>
	 */
	private static function calls_schema(): array {
		$calls          = Schema::list_of(
			array(
				'at'               => Schema::date_time(),
				'url'              => array( 'type' => 'string' ),
				'method'           => array( 'type' => 'string' ),
				'source'           => Schema::named(
					'CallSource',
					Schema::object(
						array(
							'type' => Schema::source_type(),
							'slug' => array( 'type' => 'string' ),
						),
						array()
					)
				),
				'context'          => Schema::enum( array( 'cron', 'admin', 'rest', 'front', 'cli' ) ),
				'viaProxy'         => array( 'type' => 'boolean' ),
				'outcome'          => Schema::outcome(),
				'httpStatus'       => array( 'type' => 'integer' ),
				'connectStatus'    => array( 'type' => 'integer' ),
				'proxyAuthOffered' => Schema::string_list(),
				'timingsMs'        => Schema::timings(),
				'error'            => Schema::error(),
			),
			array( 'httpStatus', 'connectStatus', 'proxyAuthOffered', 'error' )
		);
		$calls['items'] = Schema::named( 'EvidenceCall', $calls['items'] );
		return $calls;
	}

	/**
	 * The `.htaccess` audit (`Htaccess\Htaccess_Audit::run()`; `chains` empty with chains=false).
	 *
	 * @return array<string, mixed>
	 */
	private static function htaccess_schema(): array {
		$line  = array( 'type' => 'integer' );
		$text  = array( 'type' => 'string' );
		$audit = Schema::object(
			array(
				'files'  => Schema::list_of(
					array(
						'file'  => $text,
						'found' => array( 'type' => 'boolean' ),
						'hash'  => Schema::nullable( 'string' ),
					),
					array()
				),
				'rules'  => Schema::list_of(
					array(
						'file'       => $text,
						'line'       => $line,
						'directive'  => Schema::enum( array( 'Redirect', 'RedirectMatch', 'RedirectPermanent', 'RedirectTemp', 'RewriteRule' ) ),
						'text'       => $text,
						'pattern'    => $text,
						'match'      => Schema::enum( array( 'prefix', 'regex' ) ),
						'target'     => $text,
						'status'     => $line,
						'flags'      => Schema::string_list(),
						'conditions' => Schema::list_of(
							array(
								'line'    => $line,
								'test'    => $text,
								'pattern' => $text,
								'flags'   => Schema::string_list(),
							),
							array()
						),
					),
					array()
				),
				'chains' => Schema::list_of(
					array(
						'entryPoint'  => Schema::enum( array_keys( Htaccess_Audit::entry_points() ) ),
						'url'         => $text,
						'hops'        => Schema::hops(),
						'loop'        => array( 'type' => 'boolean' ),
						'tooManyHops' => array( 'type' => 'boolean' ),
						'error'       => Schema::error(),
						'flags'       => Schema::list_of(
							array(
								'hop'      => $line,
								'reason'   => Schema::enum( array( Htaccess_Audit::OTHER_HOST, Htaccess_Audit::LOOP, Htaccess_Audit::AUTH_REQUIRED ) ),
								'url'      => $text,
								'status'   => $line,
								'location' => $text,
								'rule'     => array( 'type' => array( 'object', 'null' ) ) + Schema::object(
									array(
										'file'      => $text,
										'line'      => $line,
										'directive' => $text,
									),
									array()
								),
							),
							array( 'location' )
						),
					),
					array( 'error' )
				),
			),
			array()
		);
		return Schema::named( 'HtaccessAudit', $audit );
	}
}
