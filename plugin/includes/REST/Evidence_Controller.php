<?php
/**
 * GET /proxy-health/v1/evidence
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

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
				'logKb' => array(
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
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return $this->item_schema(
			'proxy-health-evidence',
			static fn() => array(
				'session'      => array( 'type' => array( 'object', 'null' ) ),
				'droppedCalls' => array(
					'type'    => 'integer',
					'minimum' => 0,
				),
				'calls'    => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'at'               => Schema::date_time(),
							'url'              => array( 'type' => 'string' ),
							'method'           => array( 'type' => 'string' ),
							'source'           => array(
								'type'       => 'object',
								'properties' => array(
									'type' => Schema::source_type(),
									'slug' => array( 'type' => 'string' ),
								),
							),
							'context'          => array(
								'type' => 'string',
								'enum' => array( 'cron', 'admin', 'rest', 'front', 'cli' ),
							),
							'viaProxy'         => array( 'type' => 'boolean' ),
							'outcome'          => array( 'type' => 'string' ),
							'httpStatus'       => array( 'type' => 'integer' ),
							'connectStatus'    => array( 'type' => 'integer' ),
							'proxyAuthOffered' => Schema::string_list(),
							'timingsMs'        => array( 'type' => 'object' ),
							'error'            => array( 'type' => 'object' ),
						),
					),
				),
				'logs'     => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'file'    => array( 'type' => 'string' ),
							'lines'   => Schema::string_list(),
							'skipped' => array(
								'type' => 'string',
								'enum' => array( 'outside_allowed_roots', 'missing', 'unreadable' ),
							),
						),
					),
				),
				'htaccess' => array(
					'type'       => 'object',
					'properties' => array(
						'files'  => array(
							'type'  => 'array',
							'items' => array(
								'type'       => 'object',
								'properties' => array(
									'file'  => array( 'type' => 'string' ),
									'found' => array( 'type' => 'boolean' ),
									'hash'  => array( 'type' => array( 'string', 'null' ) ),
								),
							),
						),
						'rules'  => array(
							'type'  => 'array',
							'items' => array(
								'type'       => 'object',
								'properties' => array(
									'file'       => array( 'type' => 'string' ),
									'line'       => array( 'type' => 'integer' ),
									'directive'  => array(
										'type' => 'string',
										'enum' => array( 'Redirect', 'RedirectMatch', 'RedirectPermanent', 'RedirectTemp', 'RewriteRule' ),
									),
									'text'       => array( 'type' => 'string' ),
									'pattern'    => array( 'type' => 'string' ),
									'match'      => array(
										'type' => 'string',
										'enum' => array( 'prefix', 'regex' ),
									),
									'target'     => array( 'type' => 'string' ),
									'status'     => array( 'type' => 'integer' ),
									'flags'      => Schema::string_list(),
									'conditions' => array(
										'type'  => 'array',
										'items' => array(
											'type'       => 'object',
											'properties' => array(
												'line'    => array( 'type' => 'integer' ),
												'test'    => array( 'type' => 'string' ),
												'pattern' => array( 'type' => 'string' ),
												'flags'   => Schema::string_list(),
											),
										),
									),
								),
							),
						),
						'chains' => array(
							'type'  => 'array',
							'items' => array(
								'type'       => 'object',
								'properties' => array(
									'entryPoint'  => array(
										'type' => 'string',
										'enum' => array_keys( Htaccess_Audit::entry_points() ),
									),
									'url'         => array( 'type' => 'string' ),
									'hops'        => array( 'type' => 'array' ),
									'loop'        => array( 'type' => 'boolean' ),
									'tooManyHops' => array( 'type' => 'boolean' ),
									'error'       => array( 'type' => 'object' ),
									'flags'       => array(
										'type'  => 'array',
										'items' => array(
											'type'       => 'object',
											'properties' => array(
												'hop'      => array( 'type' => 'integer' ),
												'reason'   => array(
													'type' => 'string',
													'enum' => array( Htaccess_Audit::OTHER_HOST, Htaccess_Audit::LOOP, Htaccess_Audit::AUTH_REQUIRED ),
												),
												'url'      => array( 'type' => 'string' ),
												'status'   => array( 'type' => 'integer' ),
												'location' => array( 'type' => 'string' ),
												'rule'     => array( 'type' => array( 'object', 'null' ) ),
											),
										),
									),
								),
							),
						),
					),
				),
				'changes'  => Changes_Controller::changes_schema(),
			)
		);
	}
}
