<?php
/**
 * Plugin Name: Proxy Health sandbox (temporary)
 * Description: Installed by Proxy Health while a plugin bisection runs, removed when it ends. It acts only on requests that carry a valid single-use token signed with this site's keys; every other request is left untouched.
 * Version:     0.1.0
 * License:     GPL-2.0-or-later
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

// Visitors pay one isset(): nothing else happens without the header. The other way in is a
// step process of `wp proxy-health bisect` (PHP's command line, WP-CLI, the token in its
// environment: never on a command line, where other local users could read it).
if ( ! defined( 'ABSPATH' ) ) {
	return;
}
if ( isset( $_SERVER['HTTP_X_PROXY_HEALTH_SANDBOX'] ) && is_string( $_SERVER['HTTP_X_PROXY_HEALTH_SANDBOX'] ) ) {
	$proxy_health_sandbox_token = wp_unslash( $_SERVER['HTTP_X_PROXY_HEALTH_SANDBOX'] ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- a signed token, verified byte for byte.
	// Read after the includes are found, and only up to Sandbox_Request::MAX_BODY_BYTES.
	$proxy_health_sandbox_body = null;
} elseif ( 'cli' === PHP_SAPI && defined( 'WP_CLI' ) && WP_CLI && is_string( getenv( 'PROXY_HEALTH_SANDBOX_TOKEN' ) ) ) {
	$proxy_health_sandbox_token = (string) getenv( 'PROXY_HEALTH_SANDBOX_TOKEN' );
	$proxy_health_sandbox_body  = (string) getenv( 'PROXY_HEALTH_SANDBOX_BODY' );
	// Gone before any plugin under test loads or starts a process of its own.
	foreach ( array( 'PROXY_HEALTH_SANDBOX_TOKEN', 'PROXY_HEALTH_SANDBOX_BODY' ) as $proxy_health_sandbox_variable ) {
		putenv( $proxy_health_sandbox_variable );
		unset( $_SERVER[ $proxy_health_sandbox_variable ], $_ENV[ $proxy_health_sandbox_variable ] );
	}
	unset( $proxy_health_sandbox_variable );
} else {
	return;
}

// Written in by Proxy Health when it installs this file.
$proxy_health_sandbox_includes = '{PROXY_HEALTH_INCLUDES}';
if ( ! is_readable( $proxy_health_sandbox_includes . '/Bisection/Sandbox/Sandbox_Request.php' ) ) {
	unset( $proxy_health_sandbox_includes, $proxy_health_sandbox_token, $proxy_health_sandbox_body );
	return;
}
require_once $proxy_health_sandbox_includes . '/Autoloader.php';
ProxyHealth\Autoloader::register( $proxy_health_sandbox_includes );
if ( null === $proxy_health_sandbox_body ) {
	$proxy_health_sandbox_body = ProxyHealth\Bisection\Sandbox\Sandbox_Request::read_body();
	if ( null === $proxy_health_sandbox_body ) {
		unset( $proxy_health_sandbox_includes, $proxy_health_sandbox_token, $proxy_health_sandbox_body );
		return;
	}
}
ProxyHealth\Bisection\Sandbox\Sandbox_Request::boot( $proxy_health_sandbox_token, $proxy_health_sandbox_body );
unset( $proxy_health_sandbox_includes, $proxy_health_sandbox_token, $proxy_health_sandbox_body );
