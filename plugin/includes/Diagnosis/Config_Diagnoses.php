<?php
/**
 * Diagnoses that rest on the configuration findings rather than on a request.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Diagnosis;

use ProxyHealth\Lint\Config_Linter;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Lint\Lint_Context;
use ProxyHealth\Proxy\Proxy_Config;

/**
 * Groups the problem findings of GET /status under the stable diagnosis codes (README, "Diagnosis codes"), so a probe
 * report names a broken wp-config.php, a misleading bypass list or a disagreeing environment
 * proxy next to what the requests showed.
 *
 * @since 0.1.0
 */
final class Config_Diagnoses {

	/** Finding code prefixes or codes → diagnosis code. */
	private const GROUPS = array(
		'bypass_'                        => 'proxy_bypass_misconfigured',
		'site_home_host_mismatch'        => 'proxy_bypass_misconfigured',
		'env_proxy_mismatch'             => 'env_proxy_mismatch',
		'proxy_host_'                    => 'proxy_config_invalid',
		'proxy_port_invalid'             => 'proxy_config_invalid',
		'proxy_half_configured'          => 'proxy_config_invalid',
		'proxy_credentials_incomplete'   => 'proxy_config_invalid',
		'proxy_username_domain_form'     => 'proxy_config_invalid',
		'proxy_username_has_colon'       => 'proxy_config_invalid',
		'proxy_credentials_percent_decoded' => 'proxy_config_invalid',
		'proxy_constants_after_settings' => 'proxy_config_invalid',
	);

	private const RANK = array(
		'good'        => 0,
		'recommended' => 1,
		'critical'    => 2,
	);

	/**
	 * Diagnoses for the live configuration.
	 *
	 * @since 0.1.0
	 *
	 * @return list<array{code: string, severity: string, title: string, detail: string, remedies: list<string>, evidence: list<string>}>
	 */
	public static function current(): array {
		return self::from_findings( ( new Config_Linter() )->lint( Lint_Context::from_wordpress() ), Proxy_Config::from_constants() );
	}

	/**
	 * @since 0.1.0
	 *
	 * @param list<Finding> $findings Configuration findings.
	 * @param Proxy_Config  $config   Proxy configuration in force.
	 * @return list<array{code: string, severity: string, title: string, detail: string, remedies: list<string>, evidence: list<string>}>
	 */
	public static function from_findings( array $findings, Proxy_Config $config ): array {
		$groups = array();
		foreach ( $findings as $finding ) {
			$code = $finding->is_problem() ? self::group_of( $finding->code() ) : null;
			if ( null !== $code ) {
				$groups[ $code ][] = $finding;
			}
		}
		$diagnoses = array();
		foreach ( $groups as $code => $group ) {
			$evidence = array();
			$severity = 'good';
			foreach ( $group as $finding ) {
				$shape    = $finding->to_array();
				$severity = self::RANK[ $shape['severity'] ] > self::RANK[ $severity ] ? $shape['severity'] : $severity;
				// The finding's own words lead its evidence lines, so each line says what it proves.
				$evidence[] = $shape['code'] . ': ' . $shape['title'];
				foreach ( $shape['evidence'] as $line ) {
					$evidence[] = '  ' . $line;
				}
			}
			$diagnosis             = Catalog::diagnosis( $code, $evidence, $config );
			$diagnosis['severity'] = $severity;
			$diagnoses[]           = $diagnosis;
		}
		return $diagnoses;
	}

	private static function group_of( string $finding_code ): ?string {
		foreach ( self::GROUPS as $prefix => $code ) {
			if ( 0 === strncmp( $finding_code, $prefix, strlen( $prefix ) ) ) {
				return $code;
			}
		}
		return null;
	}
}
