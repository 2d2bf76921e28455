<?php
/**
 * Tools → Proxy Health.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Access\Admin_Access;
use ProxyHealth\Admin\Admin_Page;
use ProxyHealth\Probe\History;

final class Admin_Page_Test extends TestCase {

	public function test_adds_a_tools_page_for_administrators_only(): void {
		global $submenu;
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		wp_set_current_user( 1 );
		$page = new Admin_Page( WP_PLUGIN_DIR . '/proxy-health/proxy-health.php' );
		$page->add_page();

		$entries = array_filter( $submenu['tools.php'] ?? array(), static fn( $item ) => Admin_Access::PAGE_SLUG === $item[2] );
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

	/**
	 * @param string               $id        Report id.
	 * @param list<string>         $codes     Diagnosis codes, critical.
	 * @param array<string, mixed> $extra     More report fields.
	 * @return array<string, mixed>
	 */
	private static function report( string $id, array $codes, array $extra = array() ): array {
		return $extra + array(
			'id'        => $id,
			'verdict'   => array() === $codes ? 'pass' : 'fail',
			'diagnoses' => array_map(
				static fn( string $code ): array => array(
					'code'     => $code,
					'severity' => 'critical',
				),
				$codes
			),
		);
	}

	/**
	 * Renders the page with a history (newest first) and returns the mount point's tag.
	 *
	 * @param list<array<string, mixed>> $reports
	 */
	private static function mount_point_with( array $reports ): string {
		$html = self::with_history(
			$reports,
			static function (): string {
				ob_start();
				( new Admin_Page( WP_PLUGIN_DIR . '/proxy-health/proxy-health.php' ) )->render();
				return (string) ob_get_clean();
			}
		);
		preg_match( '/<div id="proxy-health-root"[^>]*>/', $html, $tag );
		return $tag[0] ?? '';
	}

	/**
	 * What $read returns while the history holds $reports (the site's own history is put back).
	 *
	 * @param list<array<string, mixed>> $reports Stored reports, newest first.
	 * @param callable                   $read    What to read.
	 * @return mixed
	 */
	private static function with_history( array $reports, callable $read ) {
		$saved = get_option( History::OPTION, null );
		update_option( History::OPTION, $reports, false );
		try {
			return $read();
		} finally {
			delete_option( History::OPTION );
			if ( null !== $saved ) {
				add_option( History::OPTION, $saved, '', false );
			}
		}
	}

	public function test_the_page_names_the_newest_verdict_of_the_sites_own_settings_or_none_so_the_panel_checks_on_opening(): void {
		$last = static fn(): ?string => Admin_Page::settings()['lastReportId'];
		$this->assertNull( self::with_history( array(), $last ) );
		$this->assertSame( 'r2', self::with_history( array( self::report( 'r2', array( 'proxy_auth_rejected' ) ), self::report( 'r1', array() ) ), $last ) );
		// A run with one-off credentials is no verdict on the site's own settings.
		$this->assertNull( self::with_history( array( self::report( 'r3', array(), array( 'credentialsSource' => 'one-off' ) ) ), $last ) );
		$this->assertSame( 'r2', self::with_history( array( self::report( 'r3', array(), array( 'credentialsSource' => 'one-off' ) ), self::report( 'r2', array() ) ), $last ) );
	}

	public function test_the_mount_point_says_when_the_history_knows_a_407(): void {
		$tag = self::mount_point_with( array( self::report( 'r2', array( 'proxy_auth_rejected' ) ), self::report( 'r1', array() ) ) );
		$this->assertStringContainsString( 'data-proxy-auth-failure="proxy_auth_rejected"', $tag );
		if ( defined( 'WP_PROXY_USERNAME' ) ) {
			$this->assertStringContainsString( 'data-proxy-username="' . esc_attr( WP_PROXY_USERNAME ) . '"', $tag );
		}
		if ( defined( 'WP_PROXY_PASSWORD' ) && '' !== WP_PROXY_PASSWORD ) {
			$this->assertStringNotContainsString( (string) WP_PROXY_PASSWORD, $tag );
		}

		// A run with one-off credentials says nothing about the site: the site's own run below it counts.
		$tag = self::mount_point_with( array( self::report( 'r3', array(), array( 'credentialsSource' => 'one-off' ) ), self::report( 'r2', array( 'proxy_auth_missing' ) ) ) );
		$this->assertStringContainsString( 'data-proxy-auth-failure="proxy_auth_missing"', $tag );
	}

	public function test_the_mount_point_says_nothing_without_a_407_in_the_newest_report(): void {
		$this->assertSame( '<div id="proxy-health-root">', self::mount_point_with( array() ) );
		$this->assertSame( '<div id="proxy-health-root">', self::mount_point_with( array( self::report( 'r2', array() ), self::report( 'r1', array( 'proxy_auth_rejected' ) ) ) ), 'fixed since' );
		$this->assertSame( '<div id="proxy-health-root">', self::mount_point_with( array( self::report( 'r1', array( 'dns_failure' ) ) ) ) );
		$fallback_only = self::report( 'r1', array() );
		$fallback_only['diagnoses'][] = array(
			'code'     => 'proxy_auth_scheme_unsupported',
			'severity' => 'good',
		);
		$this->assertSame( '<div id="proxy-health-root">', self::mount_point_with( array( $fallback_only ) ), 'fallback transport only' );
	}

	/**
	 * Enqueues the panel on its own page and returns what the page preloads into api-fetch.
	 */
	private static function preloaded_paths(): string {
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		wp_set_current_user( 1 );
		$page = new Admin_Page( WP_PLUGIN_DIR . '/proxy-health/proxy-health.php' );
		$page->add_page();
		$suffix = get_plugin_page_hookname( Admin_Access::PAGE_SLUG, 'tools.php' );
		wp_scripts()->registered['wp-api-fetch']->extra['after'] = array();
		$page->enqueue( $suffix );
		$after = (array) wp_scripts()->get_data( 'wp-api-fetch', 'after' );
		return implode( "\n", array_filter( $after, 'is_string' ) );
	}

	public function test_preloads_the_preferences_request_of_the_command_palette_until_preferences_are_saved(): void {
		global $wpdb;
		if ( ! is_readable( WP_PLUGIN_DIR . '/proxy-health/build/index.asset.php' ) ) {
			$this->markTestSkipped( 'The panel is not built.' );
		}
		$meta    = $wpdb->get_blog_prefix() . 'persisted_preferences';
		$palette = has_action( 'admin_enqueue_scripts', 'wp_enqueue_command_palette_assets' );
		add_action( 'admin_enqueue_scripts', 'wp_enqueue_command_palette_assets' );
		try {
			delete_user_meta( 1, $meta );
			$script = self::preloaded_paths();
			$this->assertStringContainsString( '"\\/proxy-health\\/v1\\/status"', $script );
			$this->assertStringContainsString( '"\\/wp\\/v2\\/users\\/me?context=edit"', $script, 'no preferences saved yet: the page answers the request' );

			update_user_meta( 1, $meta, array( '_modified' => gmdate( 'c' ) ) );
			$this->assertStringNotContainsString( 'users\\/me', self::preloaded_paths(), 'saved preferences come with the page already' );

			delete_user_meta( 1, $meta );
			remove_action( 'admin_enqueue_scripts', 'wp_enqueue_command_palette_assets' );
			$this->assertStringNotContainsString( 'users\\/me', self::preloaded_paths(), 'no command palette, no such request' );
		} finally {
			delete_user_meta( 1, $meta );
			remove_action( 'admin_enqueue_scripts', 'wp_enqueue_command_palette_assets' );
			if ( false !== $palette ) {
				add_action( 'admin_enqueue_scripts', 'wp_enqueue_command_palette_assets', (int) $palette );
			}
		}
	}

	public function test_names_the_icon_favicon_ico_would_redirect_to(): void {
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		wp_set_current_user( 1 );
		$page = new Admin_Page( WP_PLUGIN_DIR . '/proxy-health/proxy-health.php' );
		$page->add_page();
		$suffix = get_plugin_page_hookname( Admin_Access::PAGE_SLUG, 'tools.php' );
		$this->assertNotFalse( has_action( 'admin_head-' . $suffix, array( $page, 'print_icon_link' ) ), 'on its own page only' );
		ob_start();
		$page->print_icon_link();
		$html = (string) ob_get_clean();
		$this->assertStringContainsString( '<link rel="icon" href="' . esc_url( get_site_icon_url( 32, includes_url( 'images/w-logo-gray-white-bg.png' ) ) ) . '"', $html );
		remove_action( 'admin_head-' . $suffix, array( $page, 'print_icon_link' ) );
	}
}
