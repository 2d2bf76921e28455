<?php
/**
 * SOCKS and HTTPS proxies named with a scheme, in WP_PROXY_HOST or in the environment.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint\Checks;

use ProxyHealth\Lint\Config_Check;
use ProxyHealth\Lint\Evidence;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Lint\Lint_Context;

/**
 * WordPress hands `WP_PROXY_HOST . ':' . WP_PROXY_PORT` to Requests, whose cURL transport sets it
 * as CURLOPT_PROXY with CURLOPT_PROXYTYPE HTTP; libcurl takes a scheme written in the proxy
 * string over that type, so `socks5h://proxy` makes WordPress's cURL requests speak SOCKS5 and
 * `https://proxy` makes them reach the proxy over TLS. The fsockopen transport opens the same
 * string as a PHP socket and cannot. These findings say so and give the configuration that
 * works, instead of telling the admin to remove the scheme (which breaks such proxies).
 *
 * Codes: proxy_host_socks_scheme, proxy_host_https_scheme (WP_PROXY_HOST),
 * env_proxy_socks_scheme, env_proxy_https_scheme (http_proxy, https_proxy, all_proxy).
 *
 * @since 0.3.0
 */
final class Proxy_Scheme_Check implements Config_Check {

	/** Schemes libcurl speaks to a proxy, with the CURLOPT_PROXYTYPE constant that means the same. */
	public const PROXY_TYPES = array(
		'socks4'  => 'CURLPROXY_SOCKS4',
		'socks4a' => 'CURLPROXY_SOCKS4A',
		'socks5'  => 'CURLPROXY_SOCKS5',
		'socks5h' => 'CURLPROXY_SOCKS5_HOSTNAME',
		'https'   => 'CURLPROXY_HTTPS',
	);

	/** Environment variables libcurl reads a proxy from (it ignores upper-case HTTP_PROXY). */
	private const ENV_VARIABLES = array( 'http_proxy', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY' );

	private bool $curl;

	private bool $https_proxy;

	/**
	 * @since 0.3.0
	 *
	 * @param bool|null $curl        Whether WordPress sends its requests with cURL; null to detect.
	 * @param bool|null $https_proxy Whether that cURL can reach a proxy over TLS; null to detect.
	 */
	public function __construct( ?bool $curl = null, ?bool $https_proxy = null ) {
		$this->curl        = $curl ?? ( function_exists( 'curl_init' ) && function_exists( 'curl_exec' ) );
		$this->https_proxy = $https_proxy ?? self::curl_speaks_https_proxy();
	}

	/**
	 * @since 0.3.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @return list<Finding>
	 */
	public function run( Lint_Context $context ): array {
		$findings = array();
		$host     = Evidence::raw( $context, 'host' );
		$scheme   = null === $host ? null : self::scheme( $host );
		if ( null !== $scheme ) {
			$findings[] = $this->constant_finding( $context, (string) $host, $scheme );
		}
		foreach ( $context->environment() as $variable ) {
			$value = $variable['getenv'] ?? $variable['server'];
			if ( null === $value || ! in_array( $variable['name'], self::ENV_VARIABLES, true ) ) {
				continue;
			}
			$env_scheme = self::scheme( $value );
			if ( null !== $env_scheme ) {
				$findings[] = $this->environment_finding( $context, $variable['name'], $value, $env_scheme );
			}
		}
		return $findings;
	}

	/**
	 * The proxy scheme of a value, when it is one this check explains.
	 *
	 * @since 0.3.0
	 *
	 * @param string $value WP_PROXY_HOST or an environment proxy value.
	 */
	public static function scheme( string $value ): ?string {
		if ( ! preg_match( '#^\s*([a-z][a-z0-9+.-]*)://#i', $value, $match ) ) {
			return null;
		}
		$scheme = strtolower( $match[1] );
		return isset( self::PROXY_TYPES[ $scheme ] ) ? $scheme : null;
	}

	private function constant_finding( Lint_Context $context, string $host, string $scheme ): Finding {
		$shape    = $context->proxy()->to_array();
		$bare     = self::bare_host( $host );
		$port     = (string) ( $shape['port'] ?? '' );
		$works    = $this->curl && ( 'https' !== $scheme || $this->https_proxy );
		$evidence = array( Evidence::constant( $context, 'host' ) );
		$evidence[] = $this->curl ? 'WordPress sends its requests with cURL' : 'PHP cURL is not available: WordPress uses fsockopen';
		if ( 'https' === $scheme && $this->curl ) {
			$evidence[] = $this->https_proxy ? 'libcurl can reach a proxy over TLS (HTTPS-proxy feature)' : 'libcurl cannot reach a proxy over TLS (no HTTPS-proxy feature)';
		}

		if ( 'https' === $scheme ) {
			$title  = __( 'WordPress reaches the proxy over TLS (https://)', 'proxy-health' );
			$detail = __( 'WP_PROXY_HOST starts with "https://". WordPress passes WP_PROXY_HOST:WP_PROXY_PORT to cURL as the proxy, and libcurl takes the scheme written there over the proxy type WordPress sets, so WordPress\'s cURL requests open a TLS connection to the proxy and send the proxy credentials inside it. libcurl checks the proxy\'s certificate against its own CA store (the system\'s), not WordPress\'s bundle. The fsockopen transport cannot reach an HTTPS proxy: it fails with "Unable to find the socket transport".', 'proxy-health' );
		} else {
			$title = 'socks5h' === $scheme || 'socks4a' === $scheme
				/* translators: %s: scheme such as socks5h. */
				? sprintf( __( 'WordPress reaches the proxy with SOCKS (%s://, names resolved by the proxy)', 'proxy-health' ), $scheme )
				/* translators: %s: scheme such as socks5. */
				: sprintf( __( 'WordPress reaches the proxy with SOCKS (%s://, names resolved on this server)', 'proxy-health' ), $scheme );
			/* translators: %s: scheme such as socks5h. */
			$detail = sprintf( __( 'WP_PROXY_HOST starts with "%s://". WordPress passes WP_PROXY_HOST:WP_PROXY_PORT to cURL as the proxy, and libcurl takes the scheme written there over the proxy type WordPress sets (HTTP), so WordPress\'s cURL requests speak SOCKS to the proxy, HTTPS included. SOCKS5 sends WP_PROXY_USERNAME and WP_PROXY_PASSWORD unencrypted, as HTTP Basic does. The fsockopen transport cannot: it fails with "Unable to find the socket transport", and tools that read WP_PROXY_HOST as a host name misread it.', 'proxy-health' ), $scheme );
		}
		if ( ! $works ) {
			$detail .= ' ' . ( $this->curl
				? __( 'The libcurl in this PHP cannot reach a proxy over TLS, so every request through the proxy fails here.', 'proxy-health' )
				: __( 'PHP cURL is not available here, so WordPress uses fsockopen and every request through the proxy fails.', 'proxy-health' ) );
		}

		$remedies = array();
		if ( ! $this->curl ) {
			$remedies[] = __( 'Install or enable the PHP cURL extension: only WordPress\'s cURL transport can use this proxy.', 'proxy-health' );
		} elseif ( ! $works ) {
			$remedies[] = __( 'Use a PHP build whose libcurl has the HTTPS-proxy feature (libcurl 7.52 or later with OpenSSL, GnuTLS or similar), or ask for the proxy\'s plain-HTTP port.', 'proxy-health' );
		} else {
			$remedies[] = __( 'Keep the scheme if the checks pass: it is what makes cURL speak to this proxy. Keep the PHP cURL extension installed; the fsockopen fallback cannot be made to work with this proxy.', 'proxy-health' );
		}
		$remedies[] = self::snippet_remedy( $scheme, $bare, $port );
		if ( 'https' === $scheme ) {
			$remedies[] = __( 'If the proxy\'s certificate comes from your own CA, add to that callback: curl_setopt( $handle, CURLOPT_PROXY_CAINFO, \'/path/to/proxy-ca.pem\' ); (the CA of the proxy\'s certificate; WordPress\'s sslcertificates covers the sites, not the proxy).', 'proxy-health' );
		}
		$code = 'https' === $scheme ? 'proxy_host_https_scheme' : 'proxy_host_socks_scheme';
		return new Finding( $code, $works ? Finding::GOOD : Finding::CRITICAL, $title, $detail, $remedies, $evidence );
	}

	/**
	 * @param Lint_Context $context Inputs.
	 * @param string       $name    Variable name.
	 * @param string       $value   Its value (redacted).
	 * @param string       $scheme  Proxy scheme.
	 */
	private function environment_finding( Lint_Context $context, string $name, string $value, string $scheme ): Finding {
		$rest  = (string) preg_replace( '#^\s*[a-z][a-z0-9+.-]*://#i', '', $value );
		$rest  = (string) preg_replace( '#^.*@#', '', (string) preg_replace( '#/.*$#s', '', $rest ) );
		$host  = (string) preg_replace( '#:\d*$#', '', $rest );
		$port  = preg_match( '#:(\d+)$#', $rest, $m ) ? $m[1] : ( 'https' === $scheme ? '443' : '1080' );
		$title = 'https' === $scheme
			/* translators: %s: environment variable name, e.g. https_proxy. */
			? sprintf( __( '%s names an HTTPS proxy', 'proxy-health' ), $name )
			/* translators: %s: environment variable name, e.g. https_proxy. */
			: sprintf( __( '%s names a SOCKS proxy', 'proxy-health' ), $name );
		/* translators: 1: environment variable name, 2: scheme such as socks5h. */
		$detail = sprintf( __( '%1$s starts with "%2$s://". libcurl reads it on its own when WordPress sets no proxy, and speaks that protocol to the proxy, so WordPress\'s cURL requests use it in this environment only; the fsockopen transport and PHP processes without this variable (PHP-FPM often clears it, WP-CLI and cron have their own) connect directly.', 'proxy-health' ), $name, $scheme );
		if ( $context->proxy()->is_enabled() ) {
			$detail .= ' ' . __( 'WP_PROXY_HOST is defined, so WordPress sets its own proxy on every request and libcurl does not use this variable for them.', 'proxy-health' );
		}
		$remedies = array(
			/* translators: 1: scheme, 2: host, 3: port. */
			sprintf( __( 'To make it WordPress\'s proxy in every environment, define it in wp-config.php with its scheme: define( \'WP_PROXY_HOST\', \'%1$s://%2$s\' ); define( \'WP_PROXY_PORT\', \'%3$s\' ); (cURL only).', 'proxy-health' ), $scheme, $host, $port ),
			self::snippet_remedy( $scheme, $host, $port ),
		);
		$evidence = array( sprintf( '%s = %s', $name, Evidence::printable( $value ) ) );
		return new Finding( 'https' === $scheme ? 'env_proxy_https_scheme' : 'env_proxy_socks_scheme', Finding::GOOD, $title, $detail, $remedies, $evidence );
	}

	/**
	 * The host alone with the proxy type set from an `http_api_curl` callback: the same result
	 * with a WP_PROXY_HOST other tools can read as a host name.
	 *
	 * @param string $scheme Proxy scheme.
	 * @param string $host   Host without scheme.
	 * @param string $port   Port.
	 */
	private static function snippet_remedy( string $scheme, string $host, string $port ): string {
		return sprintf(
			/* translators: 1: proxy host, 2: proxy port, 3: cURL constant such as CURLPROXY_SOCKS5_HOSTNAME. */
			__( 'Or write the host alone and set the proxy type for WordPress\'s cURL requests: define( \'WP_PROXY_HOST\', \'%1$s\' ); define( \'WP_PROXY_PORT\', \'%2$s\' ); in wp-config.php, and in a must-use plugin (wp-content/mu-plugins/proxy-type.php): <?php add_action( \'http_api_curl\', static function ( $handle ): void { curl_setopt( $handle, CURLOPT_PROXYTYPE, %3$s ); } );', 'proxy-health' ),
			'' === $host ? 'proxy.example' : $host,
			'' === $port ? '1080' : $port,
			self::PROXY_TYPES[ $scheme ]
		);
	}

	/**
	 * "socks5h://proxy.example" → "proxy.example".
	 *
	 * @param string $host WP_PROXY_HOST.
	 */
	private static function bare_host( string $host ): string {
		$rest = (string) preg_replace( '#^\s*[a-z][a-z0-9+.-]*://#i', '', $host );
		$rest = (string) preg_replace( '#[/?\#].*$#s', '', $rest );
		$rest = (string) preg_replace( '#^.*@#', '', $rest );
		return 0 === strpos( $rest, '[' ) ? (string) preg_replace( '#\]:\d*$#', ']', $rest ) : (string) preg_replace( '#:.*$#', '', $rest );
	}

	private static function curl_speaks_https_proxy(): bool {
		if ( ! function_exists( 'curl_version' ) || ! defined( 'CURL_VERSION_HTTPS_PROXY' ) ) {
			return false;
		}
		$version = curl_version();
		return is_array( $version ) && 0 !== ( (int) ( $version['features'] ?? 0 ) & CURL_VERSION_HTTPS_PROXY );
	}
}
