<?php
/**
 * The status document: GET /proxy-health/v1/status.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Config\Write_Policy;
use ProxyHealth\Lint\Config_Linter;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Lint\Lint_Context;
use ProxyHealth\Probe\Parallel_Runner;
use ProxyHealth\Proxy\Environment;
use ProxyHealth\Proxy\Proxy_Config;

/**
 * The proxy configuration, the transports WordPress can use, the proxy variables of the
 * environment, the runtime, the features that write files and the configuration findings
 * every status answer carries (for GET /status, `wp proxy-health status` and the report), and
 * the schema of that document. Read-only; the password is reported only as `hasPassword`.
 *
 * @since 0.3.0 With what Report\Status_Report built.
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
		global $wp_version;
		return array(
			'proxy'       => Proxy_Config::from_constants()->to_array(),
			'transports'  => Environment::transports(),
			'environment' => Environment::proxy_variables(),
			'runtime'     => array(
				'wordpress'         => (string) $wp_version,
				'php'               => PHP_VERSION,
				'sapi'              => PHP_SAPI,
				'parallelFsockopen' => Parallel_Runner::parallel_fsockopen(),
			),
			// Which features that write files this site allows (DISALLOW_FILE_MODS, file permissions).
			'writeFeatures' => Write_Policy::features(),
			'findings'    => array_map(
				static fn( Finding $finding ): array => $finding->to_array(),
				( new Config_Linter() )->lint( Lint_Context::from_wordpress() )
			),
		);
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
