<?php
/**
 * Configuration findings grouped under the diagnosis codes a probe report carries.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Diagnosis\Config_Diagnoses;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Proxy\Proxy_Config;

final class Config_Diagnoses_Test extends TestCase {

	private static function finding( string $code, string $severity ): Finding {
		return new Finding( $code, $severity, "title of $code", 'detail', array( 'remedy' ), array( "wp-config.php:12 $code" ) );
	}

	public function test_groups_findings_under_design_codes_with_the_worst_severity(): void {
		$config    = Proxy_Config::from_array( array( 'WP_PROXY_HOST' => 'http://proxy.test', 'WP_PROXY_PORT' => '3128' ) );
		$diagnoses = Config_Diagnoses::from_findings(
			array(
				self::finding( 'proxy_host_has_scheme', 'recommended' ),
				self::finding( 'proxy_port_invalid', 'critical' ),
				self::finding( 'bypass_entry_whitespace', 'recommended' ),
				self::finding( 'env_proxy_mismatch', 'recommended' ),
				self::finding( 'proxy_config_ok', 'good' ),
			),
			$config
		);
		$by_code = array_column( $diagnoses, null, 'code' );
		$this->assertSame( array( 'proxy_config_invalid', 'proxy_bypass_misconfigured', 'env_proxy_mismatch' ), array_keys( $by_code ) );
		$this->assertSame( 'critical', $by_code['proxy_config_invalid']['severity'] );
		$this->assertContains( 'proxy_port_invalid: title of proxy_port_invalid', $by_code['proxy_config_invalid']['evidence'] );
		$this->assertContains( '  wp-config.php:12 proxy_host_has_scheme', $by_code['proxy_config_invalid']['evidence'] );
		$this->assertSame( 'recommended', $by_code['proxy_bypass_misconfigured']['severity'] );
	}

	public function test_a_clean_configuration_adds_nothing(): void {
		$this->assertSame( array(), Config_Diagnoses::from_findings( array( self::finding( 'proxy_config_ok', 'good' ) ), Proxy_Config::from_array( array() ) ) );
		// The lab site behind the PHP suite has a valid configuration (only its password is wrong).
		$this->assertSame( array(), Config_Diagnoses::current() );
	}
}
