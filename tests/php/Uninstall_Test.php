<?php
/**
 * uninstall.php removes what Proxy Health stored and nothing else.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;

final class Uninstall_Test extends TestCase {

	public function test_removes_only_proxy_health_options(): void {
		update_option( 'proxy_health_history', array( 'a' ) );
		update_option( 'proxy_health_settings', array( 'b' ) );
		update_option( 'proxyhealth_unrelated', 'keep' );
		update_option( 'blogname_backup_for_test', 'keep' );

		if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
			define( 'WP_UNINSTALL_PLUGIN', 'proxy-health/proxy-health.php' );
		}
		require WP_PLUGIN_DIR . '/proxy-health/uninstall.php';

		$this->assertFalse( get_option( 'proxy_health_history' ) );
		$this->assertFalse( get_option( 'proxy_health_settings' ) );
		$this->assertSame( 'keep', get_option( 'proxyhealth_unrelated' ) );
		$this->assertSame( 'keep', get_option( 'blogname_backup_for_test' ) );
		delete_option( 'proxyhealth_unrelated' );
		delete_option( 'blogname_backup_for_test' );
	}
}
