<?php
/**
 * Runs WordPress core's own WP_HTTP_Proxy on one proxy configuration, outside WordPress.
 *
 * Core reads its configuration from constants and keeps the bypass list in static variables,
 * so one PHP process can only ever hold one configuration. Explain_Test starts this script once
 * per configuration. Only get_option() and apply_filters() are stood in for (siteurl, and no
 * filter hooked); the decision itself is core's unmodified class file.
 *
 * stdin: JSON { classFile, proxyHost, proxyPort, bypassHosts, siteUrl, urls[] } (null = undefined)
 * stdout: JSON list of booleans, is_enabled() && send_through_proxy( url ), one per URL.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

$input = json_decode( (string) stream_get_contents( STDIN ), true, 512, JSON_THROW_ON_ERROR );

foreach ( array( 'WP_PROXY_HOST' => 'proxyHost', 'WP_PROXY_PORT' => 'proxyPort', 'WP_PROXY_BYPASS_HOSTS' => 'bypassHosts' ) as $constant => $field ) {
	if ( null !== $input[ $field ] ) {
		define( $constant, $input[ $field ] );
	}
}

function get_option( string $name ) {
	global $input;
	return 'siteurl' === $name ? $input['siteUrl'] : false;
}

function apply_filters( string $hook_name, $value ) {
	return $value;
}

require $input['classFile'];

$proxy   = new WP_HTTP_Proxy();
$answers = array();
foreach ( $input['urls'] as $url ) {
	// A hostless URL makes core read a missing array key; that warning is core's, not ours.
	$answers[] = (bool) ( $proxy->is_enabled() && @$proxy->send_through_proxy( $url ) );
}
echo json_encode( $answers );
