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
	 * @return list<array{name: string, value: string}>
	 */
	public static function proxy_variables(): array {
		$found = array();
		foreach ( self::PROXY_VARIABLES as $name ) {
			$value = getenv( $name );
			if ( false === $value || '' === $value ) {
				continue;
			}
			$found[] = array(
				'name'  => $name,
				'value' => Redactor::url( $value ),
			);
		}
		return $found;
	}
}
