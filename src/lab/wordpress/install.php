<?php
/**
 * Installs WordPress in a lab site without WP-CLI. Run by the PHP CLI (real or php-wasm) from
 * src/lab/wordpress/site.ts; prints one result line for it to parse.
 *
 * Input (environment): PROXY_HEALTH_LAB_ROOT (site folder), PROXY_HEALTH_LAB_ADMIN_PASSWORD,
 * PROXY_HEALTH_LAB_ACTIVATE (JSON list of plugin files), PROXY_HEALTH_LAB_PERMALINKS.
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

/**
 * Reads a required environment variable.
 *
 * @param string $name Variable name.
 */
function proxy_health_lab_env( string $name ): string {
	$value = getenv( $name );
	if ( false === $value || '' === $value ) {
		proxy_health_lab_finish( array( 'error' => "Missing environment variable {$name}." ), 2 );
	}
	return (string) $value;
}

$proxy_health_lab_root     = rtrim( proxy_health_lab_env( 'PROXY_HEALTH_LAB_ROOT' ), '/' );
$proxy_health_lab_password = proxy_health_lab_env( 'PROXY_HEALTH_LAB_ADMIN_PASSWORD' );
$proxy_health_lab_activate = json_decode( (string) getenv( 'PROXY_HEALTH_LAB_ACTIVATE' ), true );
$proxy_health_lab_activate = is_array( $proxy_health_lab_activate ) ? $proxy_health_lab_activate : array();
$proxy_health_lab_pretty   = '0' !== getenv( 'PROXY_HEALTH_LAB_PERMALINKS' );

define( 'WP_INSTALLING', true );

// wp_install() mails the new admin; the lab has no mail. The real function is pluggable.
function wp_new_blog_notification(): void {
}

require $proxy_health_lab_root . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

// Installing must not reach out: the pretty-permalink self-test would request port 80, and the
// configured proxy may be one a scenario deliberately broke.
add_filter(
	'pre_http_request',
	static fn() => new WP_Error( 'proxy_health_lab_installing', 'No HTTP while the lab installs WordPress.' )
);

if ( is_blog_installed() ) {
	proxy_health_lab_finish( array( 'error' => 'WordPress is already installed in this database.' ), 1 );
}

$proxy_health_lab_install = wp_install(
	'Proxy Health lab',
	'admin',
	'admin@example.test',
	false,
	'',
	wp_slash( $proxy_health_lab_password )
);
$proxy_health_lab_user_id = (int) $proxy_health_lab_install['user_id'];

update_option( 'permalink_structure', $proxy_health_lab_pretty ? '/%postname%/' : '' );
$GLOBALS['wp_rewrite']->init();
// Soft flush: rules go to the database only; the lab servers route without .htaccess.
flush_rewrite_rules( false );

// Core's first wp-admin load schedules a one-off comment type batch that a later cron request
// finishes by writing an option; done here, no test sees a live option change it did not make.
if ( function_exists( '_wp_batch_update_comment_type' ) ) {
	_wp_batch_update_comment_type();
}

$proxy_health_lab_app = WP_Application_Passwords::create_new_application_password(
	$proxy_health_lab_user_id,
	array( 'name' => 'Proxy Health lab' )
);
if ( is_wp_error( $proxy_health_lab_app ) ) {
	proxy_health_lab_finish( array( 'error' => $proxy_health_lab_app->get_error_message() ), 1 );
}

wp_set_current_user( $proxy_health_lab_user_id );
$proxy_health_lab_activated = array();
foreach ( $proxy_health_lab_activate as $proxy_health_lab_plugin ) {
	$proxy_health_lab_error = activate_plugin( (string) $proxy_health_lab_plugin, '', false, false );
	if ( is_wp_error( $proxy_health_lab_error ) ) {
		proxy_health_lab_finish(
			array(
				'error' => sprintf(
					'Could not activate %s: %s',
					(string) $proxy_health_lab_plugin,
					$proxy_health_lab_error->get_error_message()
				),
			),
			1
		);
	}
	$proxy_health_lab_activated[] = (string) $proxy_health_lab_plugin;
}

proxy_health_lab_finish(
	array(
		'userId'              => $proxy_health_lab_user_id,
		'applicationPassword' => $proxy_health_lab_app[0],
		'activated'           => $proxy_health_lab_activated,
		'wordpress'           => $GLOBALS['wp_version'],
		'php'                 => PHP_VERSION,
	),
	0
);
