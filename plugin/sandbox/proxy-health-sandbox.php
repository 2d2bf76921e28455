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

// Visitors pay one isset(): nothing else happens without the header.
if ( ! defined( 'ABSPATH' ) || ! isset( $_SERVER['HTTP_X_PROXY_HEALTH_SANDBOX'] ) || ! is_string( $_SERVER['HTTP_X_PROXY_HEALTH_SANDBOX'] ) ) {
	return;
}

// Written in by Proxy Health when it installs this file.
$proxy_health_sandbox_includes = '{PROXY_HEALTH_INCLUDES}';
if ( ! is_readable( $proxy_health_sandbox_includes . '/Bisection/Sandbox/Sandbox_Request.php' ) ) {
	return;
}
require_once $proxy_health_sandbox_includes . '/Autoloader.php';
ProxyHealth\Autoloader::register( $proxy_health_sandbox_includes );
ProxyHealth\Bisection\Sandbox\Sandbox_Request::boot(
	wp_unslash( $_SERVER['HTTP_X_PROXY_HEALTH_SANDBOX'] ), // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- a signed token, verified byte for byte.
	(string) file_get_contents( 'php://input' )
);
unset( $proxy_health_sandbox_includes );
