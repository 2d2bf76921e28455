<?php
/**
 * Turns an installed lab site into a subdirectory network, without WP-CLI. Run twice by the PHP
 * CLI from src/lab/wordpress/multisite.ts; prints one result line for it to parse.
 *
 * Step "network" (the site is still single): points home and siteurl at the server, creates the
 * global tables (install_network()) and the network rows (populate_network()), as
 * wp-admin/network.php does. multisite.ts then writes the MULTISITE constants into wp-config.php.
 * Step "site" (now a network): adds a second site with wp_insert_site().
 *
 * Input (environment): PROXY_HEALTH_LAB_ROOT, PROXY_HEALTH_LAB_STEP, PROXY_HEALTH_LAB_URL
 * (http://127.0.0.1:<port>), PROXY_HEALTH_LAB_SITE_PATH (step "site", e.g. /site2/).
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

const PROXY_HEALTH_LAB_RESULT_PREFIX = 'PROXY_HEALTH_LAB_RESULT ';

/**
 * Prints the result line and stops.
 *
 * @param array<string, mixed> $result Result document.
 * @param int                  $code   Exit code.
 */
function proxy_health_lab_finish( array $result, int $code ): void {
	echo "\n" . PROXY_HEALTH_LAB_RESULT_PREFIX . json_encode( $result, JSON_UNESCAPED_SLASHES ) . "\n";
	exit( $code );
}

$proxy_health_lab_root = rtrim( (string) getenv( 'PROXY_HEALTH_LAB_ROOT' ), '/' );
$proxy_health_lab_step = (string) getenv( 'PROXY_HEALTH_LAB_STEP' );
$proxy_health_lab_url  = rtrim( (string) getenv( 'PROXY_HEALTH_LAB_URL' ), '/' );
// Multisite keeps the port in the domain (127.0.0.1:8123), as ms-settings.php reads HTTP_HOST.
$proxy_health_lab_domain = (string) parse_url( $proxy_health_lab_url, PHP_URL_HOST ) . ( parse_url( $proxy_health_lab_url, PHP_URL_PORT ) ? ':' . parse_url( $proxy_health_lab_url, PHP_URL_PORT ) : '' );
if ( '' === $proxy_health_lab_root || '' === $proxy_health_lab_url || ! in_array( $proxy_health_lab_step, array( 'network', 'site' ), true ) ) {
	proxy_health_lab_finish( array( 'error' => 'Set PROXY_HEALTH_LAB_ROOT, PROXY_HEALTH_LAB_URL and PROXY_HEALTH_LAB_STEP (network|site).' ), 2 );
}

$_SERVER['HTTP_HOST']   = $proxy_health_lab_domain;
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = (string) parse_url( $proxy_health_lab_url, PHP_URL_HOST );
if ( 'network' === $proxy_health_lab_step ) {
	define( 'WP_INSTALLING_NETWORK', true );
}
define( 'WP_USE_THEMES', false );

require $proxy_health_lab_root . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

// No HTTP while the lab builds the network (the proxy may be one a scenario broke).
add_filter(
	'pre_http_request',
	static fn() => new WP_Error( 'proxy_health_lab_installing', 'No HTTP while the lab builds the network.' )
);

if ( 'network' === $proxy_health_lab_step ) {
	if ( is_multisite() ) {
		proxy_health_lab_finish( array( 'error' => 'This site is a network already.' ), 1 );
	}
	global $wpdb;
	// Multisite resolves sites from the database and ignores WP_HOME: the options must hold the
	// URL. While single, WP_HOME filters the old value, so update_option() would see no change.
	remove_filter( 'option_home', '_config_wp_home' );
	remove_filter( 'option_siteurl', '_config_wp_siteurl' );
	update_option( 'home', $proxy_health_lab_url );
	update_option( 'siteurl', $proxy_health_lab_url );
	// What wp-admin/network.php does before populate_network(): name the network tables.
	foreach ( $wpdb->tables( 'ms_global' ) as $proxy_health_lab_table => $proxy_health_lab_prefixed ) {
		$wpdb->$proxy_health_lab_table = $proxy_health_lab_prefixed;
	}
	install_network();
	$proxy_health_lab_admin = get_user_by( 'login', 'admin' );
	$proxy_health_lab_done  = populate_network( 1, $proxy_health_lab_domain, $proxy_health_lab_admin ? $proxy_health_lab_admin->user_email : '', 'Proxy Health lab network', '/', false );
	if ( is_wp_error( $proxy_health_lab_done ) ) {
		proxy_health_lab_finish( array( 'error' => $proxy_health_lab_done->get_error_message() ), 1 );
	}
	// populate_network() switched permalinks to /blog/…; the lab's routes do not need that.
	update_option( 'permalink_structure', '/%postname%/' );
	flush_rewrite_rules( false );
	proxy_health_lab_finish(
		array(
			'domain' => $proxy_health_lab_domain,
			'tables' => $wpdb->tables( 'ms_global' ),
		),
		0
	);
}

if ( ! is_multisite() ) {
	proxy_health_lab_finish( array( 'error' => 'wp-config.php does not define MULTISITE yet.' ), 1 );
}
// WordPress keeps "using_application_passwords" as a network option: while single it sat in
// wp_options, a network reads wp_sitemeta. Without it, Application Passwords are never checked.
update_site_option( 'using_application_passwords', 1 );
$proxy_health_lab_path    = '/' . trim( (string) getenv( 'PROXY_HEALTH_LAB_SITE_PATH' ), '/' ) . '/';
$proxy_health_lab_site_id = wp_insert_site(
	array(
		'domain'  => $proxy_health_lab_domain,
		'path'    => $proxy_health_lab_path,
		'title'   => 'Proxy Health lab second site',
		'user_id' => (int) get_user_by( 'login', 'admin' )->ID,
	)
);
if ( is_wp_error( $proxy_health_lab_site_id ) ) {
	proxy_health_lab_finish( array( 'error' => $proxy_health_lab_site_id->get_error_message() ), 1 );
}
proxy_health_lab_finish(
	array(
		'blogId'      => (int) $proxy_health_lab_site_id,
		'url'         => get_home_url( (int) $proxy_health_lab_site_id ),
		'superAdmins' => get_super_admins(),
		'multisite'   => is_multisite(),
	),
	0
);
