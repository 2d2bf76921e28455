<?php
/**
 * Tools → Proxy Health.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Admin;

use ProxyHealth\Plugin;

/**
 * Adds the Tools page and loads the built panel on it, and only on it.
 *
 * @since 0.1.0
 */
final class Admin_Page {

	public const SLUG         = 'proxy-health';
	public const CAPABILITY   = 'manage_options';
	public const SCRIPT       = 'proxy-health-admin';
	public const ROOT_ELEMENT = 'proxy-health-root';

	/**
	 * Absolute path of the main plugin file.
	 *
	 * @var string
	 */
	private string $main_file;

	/**
	 * Hook suffix WordPress gave the page.
	 *
	 * @var string
	 */
	private string $hook_suffix = '';

	/**
	 * @param string $main_file Absolute path of proxy-health.php.
	 */
	public function __construct( string $main_file ) {
		$this->main_file = $main_file;
	}

	/**
	 * Adds the admin hooks.
	 *
	 * @since 0.1.0
	 */
	public function register(): void {
		add_action( 'admin_menu', array( $this, 'add_page' ) );
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
	}

	/**
	 * Who sees the page: whoever the REST routes let in (Base_Controller), so on a network only
	 * super admins; a site administrator would get a panel whose every request is refused.
	 *
	 * @since 0.1.0
	 */
	public static function capability(): string {
		return is_multisite() ? 'manage_network_options' : self::CAPABILITY;
	}

	/**
	 * Adds Tools → Proxy Health.
	 */
	public function add_page(): void {
		$suffix = add_management_page(
			__( 'Proxy Health', 'proxy-health' ),
			__( 'Proxy Health', 'proxy-health' ),
			self::capability(),
			self::SLUG,
			array( $this, 'render' )
		);
		$this->hook_suffix = is_string( $suffix ) ? $suffix : '';
	}

	/**
	 * Prints the element the panel mounts into, with a message for browsers without JavaScript.
	 */
	public function render(): void {
		printf(
			'<div class="wrap"><div id="%1$s"><h1>%2$s</h1><noscript><p>%3$s</p></noscript></div></div>',
			esc_attr( self::ROOT_ELEMENT ),
			esc_html__( 'Proxy Health', 'proxy-health' ),
			esc_html__( 'Proxy Health needs JavaScript to run its checks.', 'proxy-health' )
		);
	}

	/**
	 * Enqueues the built panel with the dependencies the build recorded.
	 *
	 * @param string $hook_suffix Current admin page.
	 */
	public function enqueue( string $hook_suffix ): void {
		if ( '' === $this->hook_suffix || $hook_suffix !== $this->hook_suffix ) {
			return;
		}
		$build_dir  = plugin_dir_path( $this->main_file ) . 'build/';
		$asset_file = $build_dir . 'index.asset.php';
		if ( ! is_readable( $asset_file ) ) {
			add_action( 'admin_notices', array( $this, 'missing_build_notice' ) );
			return;
		}
		$asset = require $asset_file;
		$url   = plugin_dir_url( $this->main_file ) . 'build/';

		wp_enqueue_script( self::SCRIPT, $url . 'index.js', $asset['dependencies'], $asset['version'], true );
		wp_set_script_translations( self::SCRIPT, Plugin::TEXT_DOMAIN, plugin_dir_path( $this->main_file ) . 'languages' );
		wp_enqueue_style( 'wp-components' );
		if ( is_readable( $build_dir . 'index.css' ) ) {
			wp_enqueue_style( self::SCRIPT, $url . 'index.css', array( 'wp-components' ), $asset['version'] );
			wp_style_add_data( self::SCRIPT, 'rtl', 'replace' );
		}
	}

	/**
	 * Tells a developer running from a checkout that the panel was not built.
	 */
	public function missing_build_notice(): void {
		echo '<div class="notice notice-error"><p>' . esc_html__( 'The Proxy Health panel is not built. Run "npm run build" in the plugin folder.', 'proxy-health' ) . '</p></div>';
	}
}
