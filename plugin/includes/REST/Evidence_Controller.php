<?php
/**
 * GET /proxy-health/v1/evidence
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Change_Set_Document;
use ProxyHealth\Documents\Schema;
use ProxyHealth\Evidence\Evidence_Document;
use ProxyHealth\Evidence\Log_Tail;
use ProxyHealth\Htaccess\Htaccess_Audit;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * What the current (or last) evidence session collected: outbound calls and log tails.
 *
 * @since 0.1.0
 */
final class Evidence_Controller extends Base_Controller {

	protected const REST_BASE = 'evidence';

	/**
	 * Registers GET /evidence.
	 */
	public function register_routes(): void {
		$this->register_admin_route(
			WP_REST_Server::READABLE,
			array( $this, 'get_item' ),
			array(
				'logKb'  => array(
					'description' => __( 'How much of the end of each log to return, in KB (1 to 64).', 'proxy-health' ),
					'type'        => 'integer',
					'minimum'     => 1,
					'maximum'     => (int) ( Log_Tail::MAX_BYTES / 1024 ),
					'default'     => (int) ( Log_Tail::DEFAULT_BYTES / 1024 ),
				),
				'chains' => array(
					'description' => __( 'Whether to follow the redirect chains of home, robots.txt and the sitemap (a few loopback requests).', 'proxy-health' ),
					'type'        => 'boolean',
					'default'     => true,
				),
			)
		);
	}

	/**
	 * Returns the evidence.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return rest_ensure_response( Evidence_Document::build( (int) $request['logKb'] * 1024, (bool) $request['chains'] ) );
	}

	/**
	 * The evidence document (`Evidence\Evidence_Document::build()`). `droppedCalls`, `htaccess`
	 * and `changes` are left out by earlier plugin versions.
	 *
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return $this->item_schema(
			'proxy-health-evidence',
			static fn() => array(
				'session'      => Schema::part( ( new Evidence_Sessions_Controller() )->get_item_schema(), true ),
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
