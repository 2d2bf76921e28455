<?php
/**
 * The status document: GET /proxy-health/v1/status.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Report\Status_Report;

/**
 * The proxy configuration, the transports WordPress can use, the proxy variables of the
 * environment, the runtime, the features that write files and the configuration findings
 * (Report\Status_Report builds them), and the schema of that document.
 *
 * @since 0.3.0
 */
final class Status_Document {

	/**
	 * The status document.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function build(): array {
		return Status_Report::build();
	}

	/**
	 * Schema of the status document.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		return Schema::document(
			'proxy-health-status',
			array(
				'proxy'       => Schema::proxy_config(),
				'transports'  => Schema::object(
					array(
						'curl'      => Schema::object(
							array(
								'available'   => array( 'type' => 'boolean' ),
								'version'     => Schema::nullable( 'string' ),
								'sslVersion'  => Schema::nullable( 'string' ),
								'authSchemes' => Schema::string_list(),
							),
							array()
						),
						'fsockopen' => Schema::object( array( 'available' => array( 'type' => 'boolean' ) ), array() ),
					),
					array()
				),
				'environment' => Schema::list_of(
					array(
						'name'   => array( 'type' => 'string' ),
						'value'  => array( 'type' => 'string' ),
						'seenBy' => Schema::enum( array( 'getenv', 'server', 'both' ) ),
					),
					array()
				),
				'runtime'     => Schema::object(
					array(
						'wordpress'         => array( 'type' => 'string' ),
						'php'               => array( 'type' => 'string' ),
						'sapi'              => array( 'type' => 'string' ),
						// Whether fsockopen probes run side by side (Fibers, PHP 8.1+), and why not.
						'parallelFsockopen' => Schema::object(
							array(
								'available' => array( 'type' => 'boolean' ),
								'reason'    => array(
									'type' => array( 'string', 'null' ),
									'enum' => array( 'php_version', 'php_wasm', 'filter', null ),
								),
							),
							array()
						),
					),
					array()
				),
				// The features that write files, each available or not and why (Write_Policy).
				'writeFeatures' => Schema::object(
					array_fill_keys(
						array( 'debugSwitch', 'applyCredentials', 'bisection' ),
						Schema::object(
							array(
								'available' => array( 'type' => 'boolean' ),
								'reason'    => array(
									'type' => array( 'string', 'null' ),
									'enum' => array( 'file_mods_disallowed', 'config_not_found', 'config_unwritable', 'mu_plugins_unwritable', null ),
								),
							),
							array()
						)
					),
					array()
				),
				// Configuration findings have the diagnoses' shape.
				'findings'    => Schema::findings(),
			),
			// Earlier plugin versions do not send writeFeatures.
			array( 'writeFeatures' )
		);
	}
}
