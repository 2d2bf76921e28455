<?php
/**
 * Runs the configuration checks.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint;

use ProxyHealth\Lint\Checks\Bypass_List_Check;
use ProxyHealth\Lint\Checks\Constants_Order_Check;
use ProxyHealth\Lint\Checks\Credentials_Check;
use ProxyHealth\Lint\Checks\Env_Proxy_Check;
use ProxyHealth\Lint\Checks\Half_Configured_Check;
use ProxyHealth\Lint\Checks\Host_Format_Check;
use ProxyHealth\Lint\Checks\Port_Check;
use ProxyHealth\Lint\Checks\Proxy_Scheme_Check;
use ProxyHealth\Lint\Checks\Site_Home_Check;
use ProxyHealth\Lint\Checks\Credential_Characters_Check;
use ProxyHealth\Lint\Checks\Username_Domain_Check;

/**
 * Static lint of the proxy configuration: runs every check on one context and, when none finds
 * a problem, adds a single good finding (proxy_config_ok, or proxy_not_configured without a
 * proxy) so the report always says something.
 *
 * @since 0.1.0
 */
final class Config_Linter {

	/** @var list<Config_Check>|null */
	private ?array $checks;

	/**
	 * Every code the built-in checks and this linter give findings (exported with the REST
	 * schemas as FindingCode; other plugins' checks add codes of their own). Stable: extend,
	 * never rename.
	 *
	 * @since 0.3.0
	 */
	public const CODES = array(
		'proxy_config_ok',
		'proxy_not_configured',
		'proxy_host_has_scheme',
		'proxy_host_has_path',
		'proxy_host_has_port',
		'proxy_host_empty',
		'proxy_host_socks_scheme',
		'proxy_host_https_scheme',
		'proxy_port_invalid',
		'proxy_half_configured',
		'proxy_credentials_incomplete',
		'proxy_username_domain_form',
		'proxy_username_has_colon',
		'proxy_credentials_percent_decoded',
		'bypass_entry_whitespace',
		'bypass_wildcard_excludes_apex',
		'bypass_entry_has_port',
		'bypass_entry_cidr',
		'bypass_entry_case',
		'bypass_entry_empty',
		'site_home_host_mismatch',
		'proxy_constants_after_settings',
		'env_proxy_mismatch',
		'env_proxy_socks_scheme',
		'env_proxy_https_scheme',
	);

	/**
	 * The built-in checks.
	 *
	 * @since 0.1.0
	 *
	 * @return list<Config_Check>
	 */
	public static function default_checks(): array {
		return array(
			new Half_Configured_Check(),
			new Host_Format_Check(),
			new Proxy_Scheme_Check(),
			new Port_Check(),
			new Credentials_Check(),
			new Username_Domain_Check(),
			new Credential_Characters_Check(),
			new Bypass_List_Check(),
			new Site_Home_Check(),
			new Constants_Order_Check(),
			new Env_Proxy_Check(),
		);
	}

	/**
	 * @since 0.1.0
	 *
	 * @param list<Config_Check>|null $checks Checks to run; null for the built-in ones plus those
	 *                                        added through `proxy_health_config_checks`.
	 */
	public function __construct( ?array $checks = null ) {
		$this->checks = $checks;
	}

	/**
	 * Findings for a context, in check order.
	 *
	 * @since 0.1.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @return list<Finding>
	 */
	public function lint( Lint_Context $context ): array {
		$findings = array();
		foreach ( $this->checks() as $check ) {
			foreach ( $check->run( $context ) as $finding ) {
				if ( $finding instanceof Finding ) {
					$findings[] = $finding;
				}
			}
		}
		foreach ( $findings as $finding ) {
			if ( $finding->is_problem() ) {
				return $findings;
			}
		}
		$findings[] = $context->proxy()->is_enabled() ? self::config_ok( $context ) : self::not_configured();
		return $findings;
	}

	/**
	 * @return list<Config_Check>
	 */
	private function checks(): array {
		if ( null !== $this->checks ) {
			return $this->checks;
		}
		/**
		 * Filters the configuration checks behind the `findings` of GET /proxy-health/v1/status.
		 *
		 * Add an object implementing ProxyHealth\Lint\Config_Check; its findings should use codes
		 * of your own (prefixed with your plugin's slug).
		 *
		 * @since 0.1.0
		 *
		 * @param list<Config_Check> $checks The built-in checks.
		 */
		$checks = apply_filters( 'proxy_health_config_checks', self::default_checks() );
		return is_array( $checks )
			? array_values( array_filter( $checks, static fn( $check ): bool => $check instanceof Config_Check ) )
			: self::default_checks();
	}

	/**
	 * The single good finding when a proxy is configured and no check objects.
	 *
	 * @param Lint_Context $context Inputs.
	 */
	private static function config_ok( Lint_Context $context ): Finding {
		$evidence = array(
			Evidence::constant( $context, 'host' ),
			Evidence::constant( $context, 'port' ),
		);
		$shape = $context->proxy()->to_array();
		if ( $shape['authEnabled'] ) {
			$evidence[] = Evidence::constant( $context, 'username' );
			$evidence[] = 'WP_PROXY_PASSWORD is defined' . Evidence::where( $context, 'WP_PROXY_PASSWORD' );
		}
		if ( null !== $shape['bypassHosts'] ) {
			$evidence[] = Evidence::constant( $context, 'bypassHosts' );
		}
		return new Finding(
			'proxy_config_ok',
			Finding::GOOD,
			__( 'The proxy configuration is well formed', 'proxy-health' ),
			__( 'WP_PROXY_* are complete and written the way WordPress expects. This says nothing about whether the proxy accepts the credentials: run the checks to find out.', 'proxy-health' ),
			array(),
			$evidence
		);
	}

	/**
	 * The single good finding when no proxy is configured and no check objects.
	 */
	private static function not_configured(): Finding {
		return new Finding(
			'proxy_not_configured',
			Finding::GOOD,
			__( 'No proxy is configured', 'proxy-health' ),
			__( 'WP_PROXY_HOST and WP_PROXY_PORT are not defined and no proxy environment variable is visible here, so WordPress connects to every host directly. If this server must use a proxy, define the WP_PROXY_* constants in wp-config.php.', 'proxy-health' ),
			array(),
			array( 'WP_PROXY_HOST and WP_PROXY_PORT are not defined' )
		);
	}
}
