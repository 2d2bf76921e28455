<?php
/**
 * Reads what cURL saw of the proxy exchange during one WordPress HTTP request.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

/**
 * Listens to the Requests cURL transport for one request and keeps the proxy facts and timings.
 *
 * WordPress hands the cURL handle to `http_api_curl` before sending; the Requests bridge fires
 * `requests-curl.after_send` right after curl_exec, while the handle is still open, including
 * when the CONNECT step failed and WordPress will only return a WP_Error.
 *
 * @since 0.1.0
 */
final class Curl_Observer {

	/**
	 * @var \CurlHandle|resource|null
	 */
	private $handle = null;

	/**
	 * @var array{connectStatus: int|null, proxyAuthAvailable: int|null, timingsMs: array<string, float>}|null
	 */
	private ?array $observed = null;

	/**
	 * Starts observing the next request.
	 */
	public function attach(): void {
		$this->handle   = null;
		$this->observed = null;
		add_action( 'http_api_curl', array( $this, 'keep_handle' ), PHP_INT_MAX );
		add_action( 'requests-curl.after_send', array( $this, 'read_handle' ), PHP_INT_MAX, 0 );
	}

	/**
	 * Stops observing.
	 */
	public function detach(): void {
		remove_action( 'http_api_curl', array( $this, 'keep_handle' ), PHP_INT_MAX );
		remove_action( 'requests-curl.after_send', array( $this, 'read_handle' ), PHP_INT_MAX );
		$this->handle = null;
	}

	/**
	 * @param \CurlHandle|resource $handle cURL handle WordPress is about to use.
	 */
	public function keep_handle( $handle ): void {
		$this->handle = $handle;
	}

	/**
	 * Reads the CONNECT code, the auth schemes the proxy offered and the timings.
	 */
	public function read_handle(): void {
		if ( null === $this->handle ) {
			return;
		}
		$info  = curl_getinfo( $this->handle );
		$ms    = static fn( $seconds ): float => round( (float) $seconds * 1000, 1 );
		$this->observed = array(
			'connectStatus'      => ( (int) curl_getinfo( $this->handle, CURLINFO_HTTP_CONNECTCODE ) ) ?: null,
			'proxyAuthAvailable' => defined( 'CURLINFO_PROXYAUTH_AVAIL' ) ? (int) curl_getinfo( $this->handle, CURLINFO_PROXYAUTH_AVAIL ) : null,
			'timingsMs'          => array(
				'dns'       => $ms( $info['namelookup_time'] ?? 0 ),
				'connect'   => $ms( $info['connect_time'] ?? 0 ),
				'tls'       => $ms( $info['appconnect_time'] ?? 0 ),
				'firstByte' => $ms( $info['starttransfer_time'] ?? 0 ),
				'total'     => $ms( $info['total_time'] ?? 0 ),
			),
		);
	}

	/**
	 * What was observed for the last request, or null when cURL was not the transport.
	 *
	 * @return array{connectStatus: int|null, proxyAuthAvailable: int|null, timingsMs: array<string, float>}|null
	 */
	public function observed(): ?array {
		return $this->observed;
	}
}
