<?php
/**
 * Tools → Site Health: the proxy test (Status) and the Proxy section (Info).
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Site_Health;

use ProxyHealth\Documents\Site_Health_Result_Document;
use ProxyHealth\Evidence\Debug_Log;
use ProxyHealth\Plugin;
use ProxyHealth\Proxy\Environment;
use ProxyHealth\Proxy\Proxy_Config;

/**
 * Adds an asynchronous Site Health test whose REST endpoint is Proxy Health's own, and a
 * "Proxy" section to the debug information. The password is never part of either.
 *
 * @since 0.1.0
 */
final class Site_Health {

	/** Key of the section in Tools → Site Health → Info. */
	public const DEBUG_SECTION = 'proxy-health';

	/**
	 * Registers the proxy test as asynchronous: the Site Health screen calls our REST route,
	 * and the weekly scheduled check calls the test directly (no loopback needed).
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $tests Site Health tests by kind.
	 * @return array<string, mixed>
	 */
	public function add_tests( $tests ): array {
		$tests = is_array( $tests ) ? $tests : array();
		if ( ! isset( $tests['async'] ) || ! is_array( $tests['async'] ) ) {
			$tests['async'] = array();
		}
		$tests['async'][ Site_Health_Result_Document::TEST_ID ] = array(
			'label'             => __( 'Outbound requests through the proxy', 'proxy-health' ),
			'test'              => rest_url( Plugin::REST_NS . '/' . Site_Health_Result_Document::ROUTE ),
			'has_rest'          => true,
			'async_direct_test' => array( Site_Health_Result_Document::class, 'build' ),
		);
		return $tests;
	}

	/**
	 * Adds the Proxy section. Fields that name or hint at credentials are private, so "Copy site
	 * info to clipboard" leaves them out; the password itself is never read into the section.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $info Debug information sections.
	 * @return array<string, mixed>
	 */
	public function add_debug_section( $info ): array {
		$info = is_array( $info ) ? $info : array();
		// Core prints WP_DEBUG_LOG whole (and "Copy site info" copies it): neither where an
		// evidence session's log is nor its random name is shown (Debug_Log::mask()).
		foreach ( array( 'value', 'debug' ) as $part ) {
			if ( isset( $info['wp-constants']['fields']['WP_DEBUG_LOG'][ $part ] ) && is_string( $info['wp-constants']['fields']['WP_DEBUG_LOG'][ $part ] ) ) {
				$info['wp-constants']['fields']['WP_DEBUG_LOG'][ $part ] = Debug_Log::mask( $info['wp-constants']['fields']['WP_DEBUG_LOG'][ $part ] );
			}
		}
		$info[ self::DEBUG_SECTION ] = array(
			'label'       => __( 'Proxy', 'proxy-health' ),
			'description' => __( 'The outbound proxy as WordPress uses it (WP_PROXY_* in wp-config.php), the transports PHP offers and the proxy variables in this process’s environment. The password is never shown.', 'proxy-health' ),
			'fields'      => $this->debug_fields(),
		);
		return $info;
	}

	/**
	 * @return array<string, array{label: string, value: string, debug?: string, private?: bool}>
	 */
	private function debug_fields(): array {
		$proxy      = Proxy_Config::from_constants()->to_array();
		$transports = Environment::transports();
		$not_set    = __( 'Not set', 'proxy-health' );

		$curl = $transports['curl']['available']
			/* translators: 1: libcurl version, 2: proxy authentication schemes it supports. */
			? sprintf( __( 'cURL %1$s (proxy authentication: %2$s)', 'proxy-health' ), (string) $transports['curl']['version'], implode( ', ', $transports['curl']['authSchemes'] ) )
			: __( 'cURL is not available', 'proxy-health' );
		$fsockopen = $transports['fsockopen']['available']
			? __( 'fsockopen is available (Basic proxy authentication only, no HTTPS tunnel)', 'proxy-health' )
			: __( 'fsockopen is not available', 'proxy-health' );

		$environment = array();
		foreach ( Environment::proxy_variables() as $variable ) {
			$environment[] = $variable['name'] . '=' . $variable['value'];
		}

		return array(
			'enabled'      => array(
				'label' => __( 'Proxy in use', 'proxy-health' ),
				'value' => $proxy['enabled'] ? __( 'Yes', 'proxy-health' ) : __( 'No', 'proxy-health' ),
				'debug' => $proxy['enabled'] ? 'yes' : 'no',
			),
			'host'         => array(
				'label' => __( 'Host (WP_PROXY_HOST)', 'proxy-health' ),
				'value' => $proxy['host'] ?? $not_set,
				'debug' => $proxy['host'] ?? 'not set',
			),
			'port'         => array(
				'label' => __( 'Port (WP_PROXY_PORT)', 'proxy-health' ),
				'value' => $proxy['port'] ?? $not_set,
				'debug' => $proxy['port'] ?? 'not set',
			),
			'username'     => array(
				'label'   => __( 'Username (WP_PROXY_USERNAME)', 'proxy-health' ),
				'value'   => $proxy['username'] ?? $not_set,
				'private' => true,
			),
			'password_set' => array(
				'label'   => __( 'Password set (WP_PROXY_PASSWORD)', 'proxy-health' ),
				'value'   => $proxy['hasPassword'] ? __( 'Yes', 'proxy-health' ) : __( 'No', 'proxy-health' ),
				'private' => true,
			),
			'bypass_hosts' => array(
				'label' => __( 'Bypass hosts (WP_PROXY_BYPASS_HOSTS)', 'proxy-health' ),
				'value' => null === $proxy['bypassHosts'] ? $not_set : implode( ', ', $proxy['bypassHosts'] ),
				'debug' => null === $proxy['bypassHosts'] ? 'not set' : implode( ', ', $proxy['bypassHosts'] ),
			),
			'transports'   => array(
				'label' => __( 'Transports', 'proxy-health' ),
				'value' => $curl . '; ' . $fsockopen,
			),
			'environment'  => array(
				'label'   => __( 'Environment proxies', 'proxy-health' ),
				'value'   => array() === $environment ? __( 'None', 'proxy-health' ) : implode( ', ', $environment ),
				// Proxy URLs in the environment may carry a user name even with the password redacted.
				'private' => true,
			),
		);
	}
}
