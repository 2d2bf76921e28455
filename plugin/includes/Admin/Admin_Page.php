<?php
/**
 * Tools → Proxy Health.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Admin;

use ProxyHealth\Access\Admin_Access;
use ProxyHealth\Plugin;
use ProxyHealth\Probe\History;

/**
 * Adds the Tools page and loads the built panel on it, and only on it.
 *
 * @since 0.1.0
 */
final class Admin_Page {

	public const SCRIPT       = 'proxy-health-admin';
	public const ROOT_ELEMENT = 'proxy-health-root';

	/** Diagnoses that mean the proxy answered 407 Proxy Authentication Required. */
	public const PROXY_AUTH_CODES = array( 'proxy_auth_missing', 'proxy_auth_rejected', 'proxy_auth_scheme_unsupported' );

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
	 * Adds Tools → Proxy Health.
	 */
	public function add_page(): void {
		$suffix = add_management_page(
			__( 'Proxy Health', 'proxy-health' ),
			__( 'Proxy Health', 'proxy-health' ),
			Admin_Access::capability(),
			Admin_Access::PAGE_SLUG,
			array( $this, 'render' )
		);
		$this->hook_suffix = is_string( $suffix ) ? $suffix : '';
		if ( '' !== $this->hook_suffix ) {
			add_action( 'admin_head-' . $this->hook_suffix, array( $this, 'print_icon_link' ) );
		}
	}

	/**
	 * Names the page's icon: the one WordPress's /favicon.ico redirects to (the site icon, else
	 * WordPress's logo). Admin pages name none, so a browser asks for /favicon.ico, which loads
	 * all of WordPress to answer with a redirect; that request lands right after the page loads
	 * and, on a host with few PHP workers, held up POST /probes after Run checks. Same icon, one
	 * static file.
	 *
	 * @since 0.3.0
	 */
	public function print_icon_link(): void {
		printf( '<link rel="icon" href="%s" sizes="32x32" />' . "\n", esc_url( get_site_icon_url( 32, includes_url( 'images/w-logo-gray-white-bg.png' ) ) ) );
	}

	/**
	 * Prints the element the panel mounts into, with a message for browsers without JavaScript.
	 * When the history already knows a 407, the element says so (`data-proxy-auth-failure`, the
	 * diagnosis code, and `data-proxy-username`), so the panel offers the credentials test before
	 * any run.
	 */
	public function render(): void {
		$failure = self::known_proxy_auth_failure();
		$hint    = '';
		if ( '' !== $failure ) {
			$hint = sprintf( ' data-proxy-auth-failure="%s"', esc_attr( $failure ) );
			if ( defined( 'WP_PROXY_USERNAME' ) && is_string( WP_PROXY_USERNAME ) ) {
				$hint .= sprintf( ' data-proxy-username="%s"', esc_attr( WP_PROXY_USERNAME ) );
			}
		}
		printf(
			'<div class="wrap"><div id="%1$s"%4$s><h1>%2$s</h1><noscript><p>%3$s</p></noscript></div></div>',
			esc_attr( self::ROOT_ELEMENT ),
			esc_html__( 'Proxy Health', 'proxy-health' ),
			esc_html__( 'Proxy Health needs JavaScript to run its checks.', 'proxy-health' ),
			$hint // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- attributes built above with esc_attr().
		);
	}

	/**
	 * The 407 diagnosis code of the newest report made with the site's own settings (runs with
	 * one-off credentials say nothing about the site), or '' when it has none.
	 *
	 * @since 0.2.0
	 */
	public static function known_proxy_auth_failure(): string {
		foreach ( History::all() as $report ) {
			if ( 'one-off' === ( $report['credentialsSource'] ?? null ) ) {
				continue;
			}
			$diagnoses = isset( $report['diagnoses'] ) && is_array( $report['diagnoses'] ) ? $report['diagnoses'] : array();
			foreach ( $diagnoses as $diagnosis ) {
				// A 407 on the fallback transport alone is information ('good'), not a failure.
				if ( is_array( $diagnosis ) && in_array( $diagnosis['code'] ?? null, self::PROXY_AUTH_CODES, true ) && 'good' !== ( $diagnosis['severity'] ?? null ) ) {
					return (string) $diagnosis['code'];
				}
			}
			return '';
		}
		return '';
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
		$settings = self::settings();
		wp_add_inline_script( self::SCRIPT, 'window.proxyHealthPanel = ' . wp_json_encode( $settings ) . ';', 'before' );
		$this->preload( $settings['lastReportId'] );
		wp_enqueue_style( 'wp-components' );
		if ( is_readable( $build_dir . 'index.css' ) ) {
			wp_enqueue_style( self::SCRIPT, $url . 'index.css', array( 'wp-components' ), $asset['version'] );
			wp_style_add_data( self::SCRIPT, 'rtl', 'replace' );
		}
	}

	/**
	 * What the panel needs to know about the site before its first request: the locale and the
	 * time zone it shows times in (the site's, from Settings → General, not the browser's), and
	 * the id of the newest report made with the site's own settings, whose verdict the panel
	 * shows on opening (null when the history holds none: the panel then runs the checks as it
	 * opens).
	 *
	 * @return array{locale: string, timeZone: string, lastReportId: string|null}
	 */
	public static function settings(): array {
		$last = self::last_own_report();
		return array(
			'locale'       => str_replace( '_', '-', get_user_locale() ),
			'timeZone'     => wp_timezone_string(),
			'lastReportId' => null !== $last && is_string( $last['id'] ?? null ) ? $last['id'] : null,
		);
	}

	/**
	 * The newest stored report made with the site's own settings (runs with one-off credentials
	 * say nothing about the site), or null.
	 *
	 * @return array<string, mixed>|null
	 */
	private static function last_own_report(): ?array {
		foreach ( History::all() as $report ) {
			if ( is_array( $report ) && 'one-off' !== ( $report['credentialsSource'] ?? null ) ) {
				return $report;
			}
		}
		return null;
	}

	/**
	 * Puts the answers of the panel's first requests into the page (api-fetch's preloading
	 * middleware serves each once): `GET /status`, so Run checks starts the probes at once
	 * instead of first waiting for a round trip, and the newest report, whose verdict shows
	 * as soon as the panel renders; and WordPress's own `GET /wp/v2/users/me?context=edit` when
	 * the page would ask for it on opening (see asks_for_preferences()). The data is what the REST
	 * routes answer this user, through
	 * the same permission checks; nothing is cached beyond this page.
	 *
	 * @param string|null $last_report_id The newest report's id, when there is one.
	 */
	private function preload( ?string $last_report_id ): void {
		$paths = array( '/' . Plugin::REST_NS . '/status' );
		if ( null !== $last_report_id ) {
			$paths[] = '/' . Plugin::REST_NS . '/probes/' . rawurlencode( $last_report_id );
		}
		if ( self::asks_for_preferences() ) {
			$paths[] = '/wp/v2/users/me?context=edit';
		}
		$preloaded = array_reduce( $paths, 'rest_preload_api_request', array() );
		if ( array() === $preloaded ) {
			return;
		}
		wp_add_inline_script(
			'wp-api-fetch',
			sprintf( 'wp.apiFetch.use( wp.apiFetch.createPreloadingMiddleware( %s ) );', wp_json_encode( $preloaded ) ),
			'after'
		);
	}

	/**
	 * Whether WordPress's own scripts on this page will ask for `/wp/v2/users/me?context=edit` as
	 * it opens: its command palette (on every admin screen since 6.9) reads the admin's
	 * preferences, and when the user has none saved on the site yet, the preferences store
	 * fetches them with that request. On a host with few PHP workers that request held up the
	 * probes of Run checks; answered from the page, it costs a lookup in this one.
	 *
	 * @since 0.3.0
	 */
	private static function asks_for_preferences(): bool {
		global $wpdb;
		if ( false === has_action( 'admin_enqueue_scripts', 'wp_enqueue_command_palette_assets' ) ) {
			return false;
		}
		$saved = get_user_meta( get_current_user_id(), $wpdb->get_blog_prefix() . 'persisted_preferences', true );
		return empty( $saved );
	}

	/**
	 * Tells a developer running from a checkout that the panel was not built.
	 */
	public function missing_build_notice(): void {
		echo '<div class="notice notice-error"><p>' . esc_html__( 'The Proxy Health panel is not built. Run "npm run build" in the plugin folder.', 'proxy-health' ) . '</p></div>';
	}
}
