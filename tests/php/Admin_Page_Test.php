<?php
/**
 * Tools → Proxy Health.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Admin\Admin_Page;

final class Admin_Page_Test extends TestCase {

	public function test_adds_a_tools_page_for_administrators_only(): void {
		global $submenu;
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		wp_set_current_user( 1 );
		$page = new Admin_Page( WP_PLUGIN_DIR . '/proxy-health/proxy-health.php' );
		$page->add_page();

		$entries = array_filter( $submenu['tools.php'] ?? array(), static fn( $item ) => Admin_Page::SLUG === $item[2] );
		$this->assertCount( 1, $entries );
		$this->assertSame( 'manage_options', array_values( $entries )[0][1] );
	}

	public function test_renders_the_mount_point(): void {
		$page = new Admin_Page( WP_PLUGIN_DIR . '/proxy-health/proxy-health.php' );
		ob_start();
		$page->render();
		$html = (string) ob_get_clean();
		$this->assertStringContainsString( 'id="proxy-health-root"', $html );
		$this->assertStringContainsString( '<noscript>', $html );
	}
}
