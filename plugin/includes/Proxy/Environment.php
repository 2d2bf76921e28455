<?php
/**
 * What the PHP runtime offers for outbound HTTP.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Proxy;

use ProxyHealth\Redaction\Redactor;

/**
 * Transports and environment proxy variables as this SAPI sees them.
 *
 * @since 0.1.0
 */
final class Environment {

	/** libcurl feature bits for the proxy authentication schemes WordPress's cURL path may use. */
	private const CURL_AUTH_FEATURES = array(
		'NTLM'      => 'CURL_VERSION_NTLM',
		'SPNEGO'    => 'CURL_VERSION_SPNEGO',
		'Kerberos'  => 'CURL_VERSION_KERBEROS5',
		'GSS-API'   => 'CURL_VERSION_GSSAPI',
	);

	/** Proxy variables read by libcurl and by most CLI tools, in both cases. */
	private const PROXY_VARIABLES = array( 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY' );

	/**
	 * cURL and fsockopen availability, with the auth schemes libcurl was built with.
	 *
	 * @since 0.1.0
	 *
	 * @return array{curl: array{available: bool, version: string|null, sslVersion: string|null, authSchemes: list<string>}, fsockopen: array{available: bool}}
	 */
	public static function transports(): array {
		$curl = array(
			'available'   => false,
			'version'     => null,
			'sslVersion'  => null,
			'authSchemes' => array(),
		);
		if ( function_exists( 'curl_version' ) && function_exists( 'curl_init' ) ) {
			$info    = curl_version();
			$schemes = array( 'Basic', 'Digest' );
			foreach ( self::CURL_AUTH_FEATURES as $scheme => $constant ) {
				if ( defined( $constant ) && ( $info['features'] & constant( $constant ) ) ) {
					$schemes[] = $scheme;
				}
			}
			$curl = array(
				'available'   => true,
				'version'     => (string) $info['version'],
				'sslVersion'  => isset( $info['ssl_version'] ) ? (string) $info['ssl_version'] : null,
				'authSchemes' => $schemes,
			);
		}
		return array(
			'curl'      => $curl,
			'fsockopen' => array( 'available' => function_exists( 'fsockopen' ) ),
		);
	}

	/**
	 * Proxy variables visible to this PHP process, credentials in them redacted.
	 *
	 * @since 0.1.0
	 *
	 * @return list<array{name: string, value: string, seenBy: 'getenv'|'server'|'both'}>
	 */
	public static function proxy_variables(): array {
		$found = array();
		foreach ( self::proxy_variable_sources() as $variable ) {
			$in_env    = null !== $variable['getenv'];
			$in_server = null !== $variable['server'];
			$found[]   = array(
				'name'   => $variable['name'],
				'value'  => (string) ( $variable['getenv'] ?? $variable['server'] ),
				'seenBy' => $in_env && $in_server ? 'both' : ( $in_env ? 'getenv' : 'server' ),
			);
		}
		return $found;
	}

	/**
	 * Each proxy variable as getenv() and $_SERVER see it (they differ: web servers pass some
	 * variables only as server variables, and PHP-FPM's `clear_env` hides the process
	 * environment), values redacted at the source. Variables seen by neither are left out.
	 *
	 * @since 0.1.0
	 *
	 * @return list<array{name: string, getenv: string|null, server: string|null}>
	 */
	public static function proxy_variable_sources(): array {
		$found = array();
		foreach ( self::PROXY_VARIABLES as $name ) {
			$env    = getenv( $name );
			$server = isset( $_SERVER[ $name ] ) && is_string( $_SERVER[ $name ] ) ? $_SERVER[ $name ] : null; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput
			// $_SERVER['HTTP_PROXY'] is the request's own "Proxy:" header under CGI/FPM (httpoxy):
			// the client controls it, so it says nothing about the server's configuration.
			if ( 'HTTP_PROXY' === $name ) {
				$server = null;
			}
			$env    = false === $env || '' === $env ? null : Redactor::url( $env );
			$server = null === $server || '' === $server ? null : Redactor::url( $server );
			if ( null === $env && null === $server ) {
				continue;
			}
			$found[] = array(
				'name'   => $name,
				'getenv' => $env,
				'server' => $server,
			);
		}
		return $found;
	}
}
