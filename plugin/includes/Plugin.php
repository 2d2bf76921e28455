<?php
/**
 * Wires Proxy Health into WordPress.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth;

use ProxyHealth\Admin\Admin_Page;
use ProxyHealth\Alerts\Alert_Notice;
use ProxyHealth\CLI\Command_List;
use ProxyHealth\Bisection\Reaper;
use ProxyHealth\Documents\Hooks_Document;
use ProxyHealth\Documents\Inbound_Check_Document;
use ProxyHealth\Documents\Scan_Document;
use ProxyHealth\Documents\Site_Health_Result_Document;
use ProxyHealth\Documents\Status_Document;
use ProxyHealth\REST\Alerts_Controller;
use ProxyHealth\REST\Allow_List_Controller;
use ProxyHealth\REST\Bisections_Controller;
use ProxyHealth\REST\Changes_Controller;
use ProxyHealth\REST\Document_Controller;
use ProxyHealth\Evidence\Evidence_Session;
use ProxyHealth\REST\Evidence_Bundle_Controller;
use ProxyHealth\REST\Evidence_Controller;
use ProxyHealth\REST\Evidence_Sessions_Controller;
use ProxyHealth\REST\Explain_Controller;
use ProxyHealth\REST\Probes_Controller;
use ProxyHealth\REST\Proxy_Config_Controller;
use ProxyHealth\REST\Report_Controller;
use ProxyHealth\REST\Server_Logs_Controller;
use ProxyHealth\Site_Health\Site_Health;
use WP_REST_Server;

/**
 * Plugin entry point: registers hooks only, so that a front-end request pays for nothing else.
 *
 * @since 0.1.0
 */
final class Plugin {

	public const VERSION     = '0.1.0';
	public const REST_NS     = 'proxy-health/v1';
	public const TEXT_DOMAIN = 'proxy-health';

	/** Autoloaded option that holds the evidence session; read here so page views load no evidence class. */
	public const EVIDENCE_SESSION_OPTION = 'proxy_health_evidence_session';

	/** Cron event that ends an evidence session at its expiry. */
	public const EVIDENCE_EXPIRY_HOOK = 'proxy_health_evidence_expire';

	/**
	 * Absolute path of the main plugin file.
	 *
	 * @var string
	 */
	private string $main_file;

	/**
	 * @param string $main_file Absolute path of proxy-health.php.
	 */
	public function __construct( string $main_file ) {
		$this->main_file = $main_file;
	}

	/**
	 * Adds the plugin's hooks.
	 *
	 * @since 0.1.0
	 */
	public function register(): void {
		add_action( 'init', array( $this, 'load_textdomain' ) );
		add_action( 'rest_api_init', array( $this, 'register_rest_routes' ) );
		// Site Health asks for its tests in wp-admin, REST and cron (the weekly check), never on a
		// page view: the class loads only when WordPress asks.
		add_filter( 'site_status_tests', static fn( $tests ) => ( new Site_Health() )->add_tests( (array) $tests ) );
		add_filter( 'debug_information', static fn( $info ) => ( new Site_Health() )->add_debug_section( (array) $info ) );
		// While an evidence session is on every request records its outbound calls; otherwise a page
		// view pays one read of an autoloaded option and loads nothing.
		if ( is_admin() || '' !== get_option( self::EVIDENCE_SESSION_OPTION, '' ) ) {
			Evidence_Session::register();
		}
		// The expiry event must find its listener whenever cron runs, even with no admin around.
		add_action(
			self::EVIDENCE_EXPIRY_HOOK,
			static function ( $session_id = '' ): void {
				Evidence_Session::on_expiry_event( (string) $session_id );
			}
		);
		// Admin load and an hourly event reap what a bisection that died left behind.
		if ( is_admin() || wp_doing_cron() ) {
			( new Reaper() )->register();
		}
		if ( is_admin() ) {
			( new Admin_Page( $this->main_file ) )->register();
			( new Alert_Notice() )->register();
		}
		// `wp proxy-health …`: only inside WP-CLI, where the WP_CLI class exists.
		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			Command_List::register();
		}
	}

	/**
	 * Loads the translations shipped in languages/. WordPress 6.6 loads plugin translations
	 * just in time only from WP_LANG_DIR/plugins (6.7 also looks in the plugin's own folder),
	 * so the bundled files need this call.
	 *
	 * @since 0.1.0
	 */
	public function load_textdomain(): void {
		load_plugin_textdomain( self::TEXT_DOMAIN, false, dirname( plugin_basename( $this->main_file ) ) . '/languages' );
	}

	/**
	 * Registers every REST controller.
	 *
	 * @since 0.1.0
	 */
	public function register_rest_routes(): void {
		( new Document_Controller( 'status', WP_REST_Server::READABLE, Status_Document::class ) )->register_routes();
		( new Bisections_Controller() )->register_routes();
		( new Probes_Controller() )->register_routes();
		( new Proxy_Config_Controller() )->register_routes();
		( new Explain_Controller() )->register_routes();
		( new Document_Controller( Site_Health_Result_Document::ROUTE, WP_REST_Server::READABLE, Site_Health_Result_Document::class ) )->register_routes();
		( new Document_Controller( 'hooks', WP_REST_Server::READABLE, Hooks_Document::class ) )->register_routes();
		( new Document_Controller( 'scan', WP_REST_Server::READABLE, Scan_Document::class ) )->register_routes();
		( new Document_Controller( 'inbound-checks', WP_REST_Server::CREATABLE, Inbound_Check_Document::class ) )->register_routes();
		( new Evidence_Sessions_Controller() )->register_routes();
		( new Evidence_Controller() )->register_routes();
		( new Server_Logs_Controller() )->register_routes();
		( new Changes_Controller() )->register_routes();
		( new Evidence_Bundle_Controller() )->register_routes();
		( new Report_Controller() )->register_routes();
		( new Alerts_Controller() )->register_routes();
		( new Allow_List_Controller() )->register_routes();
	}
}
