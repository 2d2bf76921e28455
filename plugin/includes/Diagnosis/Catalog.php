<?php
/**
 * Titles, details and remedies for every diagnosis code.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Diagnosis;

use ProxyHealth\Proxy\Proxy_Config;

/**
 * The words attached to each stable diagnosis code. Codes never change; words may.
 *
 * @since 0.1.0
 */
final class Catalog {

	/**
	 * Builds a diagnosis for a code.
	 *
	 * @since 0.1.0
	 *
	 * @param string       $code     Stable diagnosis code.
	 * @param list<string> $evidence Observations it rests on.
	 * @param Proxy_Config $config   Proxy configuration in force.
	 * @return array{code: string, severity: string, title: string, detail: string, remedies: list<string>, evidence: list<string>}
	 */
	public static function diagnosis( string $code, array $evidence, Proxy_Config $config ): array {
		return self::from_entry( $code, self::entries( $config )[ $code ] ?? self::entries( $config )['target_unreachable'], $evidence );
	}

	/**
	 * A diagnosis from a catalog entry (this catalog's or another one's, e.g. the inbound one).
	 *
	 * @since 0.1.0
	 *
	 * @param string                                                  $code     Stable diagnosis code.
	 * @param array{0: string, 1: string, 2: string, 3: list<string>} $entry    Severity, title, detail, remedies.
	 * @param list<string>                                            $evidence Observations it rests on.
	 * @return array{code: string, severity: string, title: string, detail: string, remedies: list<string>, evidence: list<string>}
	 */
	public static function from_entry( string $code, array $entry, array $evidence ): array {
		return array(
			'code'     => $code,
			'severity' => $entry[0],
			'title'    => $entry[1],
			'detail'   => $entry[2],
			'remedies' => $entry[3],
			'evidence' => array_values( $evidence ),
		);
	}

	/**
	 * Every stable code of this catalog, in catalog order (exported with the REST schemas).
	 *
	 * @since 0.3.0
	 *
	 * @return list<string>
	 */
	public static function codes(): array {
		return array_keys( self::entries( Proxy_Config::from_array( array() ) ) );
	}

	/**
	 * A code's title in the current locale, for text kept from an earlier request (an alert
	 * raised by cron in the site's language, shown to an admin who reads another). Null for a
	 * code this catalog does not have.
	 *
	 * @since 0.3.0
	 *
	 * @param string $code Stable diagnosis code.
	 */
	public static function title( string $code ): ?string {
		$entry = self::entries( Proxy_Config::from_array( array() ) )[ $code ] ?? null;
		return null === $entry ? null : $entry[1];
	}

	/**
	 * @return array<string, array{0: string, 1: string, 2: string, 3: list<string>}>
	 */
	private static function entries( Proxy_Config $config ): array {
		$shape = $config->to_array();
		$where = null === $shape['host'] ? '' : $shape['host'] . ':' . $shape['port'];
		return array(
			'proxy_ok'             => array(
				'good',
				__( 'Outbound requests work through the proxy', 'proxy-health' ),
				/* translators: %s: proxy host and port. */
				sprintf( __( 'Every probe reached its target through %s.', 'proxy-health' ), $where ),
				array(),
			),
			'proxy_config_invalid' => array(
				'critical',
				__( 'The proxy settings in wp-config.php are wrong', 'proxy-health' ),
				__( 'WordPress builds its proxy from WP_PROXY_* as written; the configuration findings below show what it gets wrong, line by line.', 'proxy-health' ),
				array( __( 'Fix each finding in wp-config.php, above the line that loads wp-settings.php, then run the checks again.', 'proxy-health' ) ),
			),
			'proxy_bypass_misconfigured' => array(
				'recommended',
				__( 'The proxy bypass list does not do what it seems to', 'proxy-health' ),
				__( 'WP_PROXY_BYPASS_HOSTS is matched the way WordPress matches it: split on a comma and optional spaces, exact and case-sensitive unless an entry has a wildcard, with no ports or address ranges.', 'proxy-health' ),
				array( __( 'Rewrite the list as host names separated by commas, and test each host with the URL explainer.', 'proxy-health' ) ),
			),
			'env_proxy_mismatch'   => array(
				'recommended',
				__( 'Environment proxy variables disagree with WordPress\'s proxy', 'proxy-health' ),
				__( 'libcurl reads http_proxy, https_proxy and no_proxy from the environment, so requests from WP-CLI or system cron may take another proxy than WP_PROXY_* names.', 'proxy-health' ),
				array( __( 'Make the environment proxy variables match WP_PROXY_*, or remove them from the environment of PHP-FPM, cron and WP-CLI.', 'proxy-health' ) ),
			),
			'proxy_not_configured' => array(
				'good',
				__( 'No proxy is configured and outbound requests work', 'proxy-health' ),
				__( 'WP_PROXY_HOST and WP_PROXY_PORT are not both defined, so WordPress connects directly.', 'proxy-health' ),
				array(),
			),
			'proxy_auth_missing'   => array(
				'critical',
				__( 'The proxy requires a login that WordPress does not send', 'proxy-health' ),
				__( 'The proxy answered 407 Proxy Authentication Required. WordPress sends proxy credentials only when both WP_PROXY_USERNAME and WP_PROXY_PASSWORD are defined.', 'proxy-health' ),
				array(
					__( 'Ask your network administrator for the proxy username and password.', 'proxy-health' ),
					__( 'Define WP_PROXY_USERNAME and WP_PROXY_PASSWORD in wp-config.php, above the line that loads wp-settings.php.', 'proxy-health' ),
				),
			),
			'proxy_auth_rejected'  => array(
				'critical',
				__( 'The proxy rejects the username or password WordPress sends', 'proxy-health' ),
				/* translators: %s: proxy username. */
				sprintf( __( 'WordPress sent credentials for "%s" and the proxy still answered 407 Proxy Authentication Required.', 'proxy-health' ), (string) $shape['username'] ),
				array(
					__( 'Check WP_PROXY_USERNAME and WP_PROXY_PASSWORD in wp-config.php for typos, expired passwords and a missing DOMAIN\\ prefix.', 'proxy-health' ),
					__( 'Compare the schemes the proxy offers with the ones your PHP cURL supports (Tools → Proxy Health shows both).', 'proxy-health' ),
				),
			),
			'proxy_auth_scheme_unsupported' => array(
				'critical',
				__( 'The proxy asks for a login scheme this transport cannot answer', 'proxy-health' ),
				__( 'The proxy answered 407 and offers only authentication schemes this transport does not speak. WordPress\'s fsockopen transport sends Basic only; cURL answers Basic, Digest and, when libcurl has them, NTLM and Negotiate.', 'proxy-health' ),
				array(
					__( 'Install or enable the PHP cURL extension so WordPress uses cURL, which negotiates the proxy\'s scheme.', 'proxy-health' ),
					__( 'Or ask your network administrator to allow Basic authentication for this server.', 'proxy-health' ),
				),
			),
			'transport_cannot_tunnel' => array(
				'critical',
				__( 'This transport cannot reach HTTPS sites through a proxy', 'proxy-health' ),
				__( 'WordPress\'s fsockopen transport does not send CONNECT: for an https:// URL it opens a plain connection to the proxy and fails looking for a TLS certificate there, before any request is sent.', 'proxy-health' ),
				array( __( 'Install or enable the PHP cURL extension; WordPress then tunnels HTTPS through the proxy with CONNECT.', 'proxy-health' ) ),
			),
			'proxy_credentials_verified' => array(
				'recommended',
				__( 'The credentials you entered work; wp-config.php has different ones', 'proxy-health' ),
				__( 'The proxy accepted the username and password you entered for this check and refused the ones in wp-config.php. They were not saved.', 'proxy-health' ),
				array( __( 'Replace the WP_PROXY_USERNAME and WP_PROXY_PASSWORD lines in wp-config.php with the lines shown with this report (above the line that loads wp-settings.php), then run the checks again.', 'proxy-health' ) ),
			),
			'plugin_interference'  => array(
				'critical',
				__( 'A plugin changes what WordPress sends to the proxy', 'proxy-health' ),
				__( 'The proxy settings in wp-config.php work, but a callback on WordPress\'s HTTP hooks changes the proxy, the credentials, the authentication scheme or the route of WordPress\'s requests.', 'proxy-health' ),
				array(),
			),
			'proxy_access_denied'  => array(
				'critical',
				__( 'The proxy refuses these destinations', 'proxy-health' ),
				__( 'The proxy answered 403: its access rules do not allow this server or this destination, whatever the credentials.', 'proxy-health' ),
				array( __( 'Ask your network administrator to allow this server to reach the listed hosts.', 'proxy-health' ) ),
			),
			'proxy_unreachable'    => array(
				'critical',
				__( 'WordPress cannot connect to the proxy', 'proxy-health' ),
				/* translators: %s: proxy host and port. */
				sprintf( __( 'Connecting to %s failed.', 'proxy-health' ), $where ),
				array( __( 'Check WP_PROXY_HOST (a host name or IP address only, without http://) and WP_PROXY_PORT.', 'proxy-health' ) ),
			),
			'proxy_protocol_error' => array(
				'critical',
				__( 'The proxy does not answer in HTTP', 'proxy-health' ),
				/* translators: %s: proxy host and port. */
				sprintf( __( 'WordPress connected to %s, but no complete HTTP answer came back: the connection was reset or closed mid-answer, or something other than an HTTP proxy listens on that port.', 'proxy-health' ), $where ),
				array(
					__( 'Check that WP_PROXY_PORT is the proxy\'s HTTP port, not a SOCKS, SSH or other service port.', 'proxy-health' ),
					__( 'Check the proxy\'s logs for crashes or reset connections at the times below; a firewall or inspection device between this server and the proxy can also cut connections.', 'proxy-health' ),
				),
			),
			'proxy_timeout'        => array(
				'critical',
				__( 'The proxy does not answer in time', 'proxy-health' ),
				__( 'Requests through the proxy timed out.', 'proxy-health' ),
				array( __( 'Check that the proxy is running and that a firewall does not drop this server\'s connections.', 'proxy-health' ) ),
			),
			'tls_failure'          => array(
				'critical',
				__( 'The secure connection fails', 'proxy-health' ),
				__( 'The TLS handshake with the target failed, often because a proxy inspects HTTPS with a certificate this server does not trust.', 'proxy-health' )
					. ( 0 === stripos( (string) $shape['host'], 'https://' ) ? ' ' . __( 'WP_PROXY_HOST names an HTTPS proxy, so the first certificate checked is the proxy\'s own: libcurl checks it against the system\'s CA store, not WordPress\'s bundle. If your CA signs the proxy\'s certificate, set CURLOPT_PROXY_CAINFO from an http_api_curl callback (see the proxy_host_https_scheme finding).', 'proxy-health' ) : '' ),
				array(
					__( 'WordPress verifies HTTPS against its own CA bundle (wp-includes/certificates/ca-bundle.crt, or the file an http_request_args filter puts in sslcertificates), not the server\'s trust store: adding a CA to the operating system does not change what WordPress accepts. The evidence below names the certificate presented when it could be read.', 'proxy-health' ),
					__( 'If your network signs that certificate with its own CA, make WordPress trust it next to its bundle (see the tls_interception remedy: a copy of the bundle with the CA appended, set in sslcertificates); do not switch verification off.', 'proxy-health' ),
				),
			),
			'tls_interception'     => array(
				'critical',
				__( 'A proxy inspects HTTPS with a certificate WordPress does not trust', 'proxy-health' ),
				__( 'The certificate presented for the HTTPS target does not chain to any certificate in the CA bundle WordPress verifies with: something between this server and the target (usually the proxy, inspecting HTTPS) ended the TLS connection and presented a certificate of its own CA. WordPress verifies against its own bundle, not the server\'s trust store, so cURL error 60 stays until WordPress is given that CA or the proxy stops inspecting these destinations.', 'proxy-health' ),
				array(
					__( 'Ask the network team for the inspection CA\'s certificate (PEM) and give WordPress a bundle that holds its own bundle plus that CA, for example: cat wp-includes/certificates/ca-bundle.crt corporate-ca.pem > wp-content/ca-bundle-with-corporate-ca.crt', 'proxy-health' ),
					__( 'Then point WordPress at it from a must-use plugin (wp-content/mu-plugins/corporate-ca.php): <?php add_filter( \'http_request_args\', static function ( array $args ): array { $args[\'sslcertificates\'] = WP_CONTENT_DIR . \'/ca-bundle-with-corporate-ca.crt\'; return $args; } ); Recreate the file when a WordPress update changes wp-includes/certificates/ca-bundle.crt.', 'proxy-health' ),
					__( 'Or ask the network team to exempt WordPress.org (api.wordpress.org, downloads.wordpress.org) and the other HTTPS destinations this site calls from inspection at the proxy.', 'proxy-health' ),
					__( 'Do not switch certificate verification off (sslverify, https_ssl_verify): every answer could then be forged.', 'proxy-health' ),
				),
			),
			'dns_failure'          => array(
				'critical',
				__( 'A host name cannot be resolved', 'proxy-health' ),
				__( 'A name lookup failed, either on this server or on the proxy.', 'proxy-health' ),
				array( __( 'Check WP_PROXY_HOST and this server\'s DNS settings.', 'proxy-health' ) ),
			),
			'target_unreachable'   => array(
				'recommended',
				__( 'Some targets could not be reached', 'proxy-health' ),
				__( 'The proxy accepted the request but the target failed or answered with an error.', 'proxy-health' ),
				array( __( 'Open the evidence below to see which target failed and how.', 'proxy-health' ) ),
			),
		);
	}
}
