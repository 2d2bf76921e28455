<?php
/**
 * The schema of the bisection documents: POST /proxy-health/v1/bisections, GET and DELETE
 * /bisections/{id}, POST /bisections/{id}/step.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Bisection\Bisector;
use ProxyHealth\Bisection\Failing_Transport;
use ProxyHealth\Bisection\Search;
use ProxyHealth\Bisection\Staging\Table_Cloner;

/**
 * The Bisection (Report\Bisection_Runs::document() builds it), with the prepared step and the
 * sandbox's signed result among its definitions.
 *
 * @since 0.3.0
 */
final class Bisection_Document {

	/**
	 * Schema of the Bisection; the prepared step and the sandbox result are among its definitions.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		$outcome = Schema::enum( array( 'pass', 'fail', 'crash' ) );
		// POST /bisections/{id}/step with prepare answers the next step's signed sandbox request;
		// the sandbox answers it with a signed result, posted back as is.
		return Schema::with_definitions(
			self::run_schema(),
			array(
				Schema::document(
					'proxy-health-bisection-prepared-step',
					array(
						'step'      => array( 'type' => 'integer' ),
						'expiresAt' => array( 'type' => 'string' ),
						'request'   => Schema::object(
							array(
								'url'     => array( 'type' => 'string' ),
								'method'  => Schema::enum( array( 'POST' ) ),
								'headers' => array(
									'type'                 => 'object',
									'additionalProperties' => array( 'type' => 'string' ),
								),
								'body'    => array( 'type' => 'string' ),
							),
							array()
						),
					),
					array()
				),
				Schema::document(
					'proxy-health-sandbox-result',
					array(
						'proxyHealthSandbox' => array(
							'type' => 'boolean',
							'enum' => array( true ),
						),
						'bisection'          => array( 'type' => 'string' ),
						'step'               => array( 'type' => 'integer' ),
						'outcome'            => $outcome,
						'signature'          => array( 'type' => 'string' ),
					),
					array()
				),
			)
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	private static function run_schema(): array {
		return Schema::document(
			'proxy-health-bisection',
			array(
				'id'              => array( 'type' => 'string' ),
				'status'          => array(
					'type' => 'string',
					'enum' => array( 'running', 'done', 'failed', 'cancelled' ),
				),
				'mode'            => array(
					'type' => 'string',
					'enum' => array( Search::MODE_DDMIN, Search::MODE_ONE_BY_ONE ),
				),
				'driver'          => array(
					'type' => 'string',
					'enum' => array( Bisector::DRIVER_SERVER, Bisector::DRIVER_CLIENT, Bisector::DRIVER_CLI ),
				),
				'driverReason'    => array(
					'description' => __( 'Why the run has its driver: code loopback_ok, loopback_failed, requested, wp_cli, wp_cli_no_launch or not_needed, and a sentence.', 'proxy-health' ),
					'type'        => 'object',
					'properties'  => array(
						'code'    => array( 'type' => 'string' ),
						'message' => array( 'type' => 'string' ),
					),
					'required'    => array( 'code', 'message' ),
				),
				'cloneMode'       => array(
					'type' => 'string',
					'enum' => array( Table_Cloner::MODE_LIGHT, Table_Cloner::MODE_FULL ),
				),
				'plugins'         => Schema::string_list(),
				'order'           => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'plugin' => array( 'type' => 'string' ),
							'reason' => array(
								'type' => 'string',
								'enum' => array( 'hooks', 'scan', 'none' ),
							),
						),
						'required'   => array( 'plugin', 'reason' ),
					),
				),
				'probesUsed'      => array( 'type' => 'integer' ),
				'probesEstimated' => array( 'type' => 'integer' ),
				'steps'           => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'subset'   => Schema::string_list(),
							'outcome'  => array(
								'type' => 'string',
								'enum' => array( 'pass', 'fail', 'crash' ),
							),
							'reportId'         => array( 'type' => 'string' ),
							'evidence'         => Schema::string_list(),
							'failedTransports' => Schema::string_list(),
						),
						'required'   => array( 'subset', 'outcome' ),
					),
				),
				'failsOn'         => array(
					'description' => __( 'Which 407 makes a step fail: on the transport WordPress uses when every candidate active fails there, else on any transport.', 'proxy-health' ),
					'type'        => 'string',
					'enum'        => array( 'curl', 'fsockopen', Failing_Transport::ANY ),
				),
				'theme'           => array(
					'description' => __( 'The active theme when the run tests it (its candidate is "theme:" and its stylesheet), and the theme steps run without it.', 'proxy-health' ),
					'type'        => 'object',
					'properties'  => array(
						'stylesheet' => array( 'type' => 'string' ),
						'fallback'   => array( 'type' => 'string' ),
					),
					'required'    => array( 'stylesheet', 'fallback' ),
				),
				'conclusion'      => array(
					'type' => 'string',
					'enum' => array( Search::CULPRIT_FOUND, Search::NOT_A_PLUGIN, Search::INCONCLUSIVE, Search::NOTHING_TO_BISECT ),
				),
				'culprits'        => array(
					'type'  => 'array',
					'items' => Schema::string_list(),
				),
				'clone'           => array(
					'type'       => 'object',
					'properties' => array(
						'prefix' => array( 'type' => 'string' ),
						'state'  => array(
							'type' => 'string',
							'enum' => array( 'creating', 'ready', 'dropped' ),
						),
					),
					'required'   => array( 'prefix', 'state' ),
				),
				'createdAt'       => array( 'type' => 'string' ),
				'updatedAt'       => array( 'type' => 'string' ),
				'error'           => Schema::error(),
			),
			array( 'driverReason', 'cloneMode', 'order', 'failsOn', 'theme', 'conclusion', 'createdAt', 'updatedAt', 'error' )
		);
	}
}
