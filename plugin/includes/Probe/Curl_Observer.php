<?php
/**
 * Reads what cURL saw of the proxy exchange during one WordPress HTTP request.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

use ProxyHealth\Redaction\Redactor;

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

	/** Bytes of verbose log kept per request: the proxy exchange fits well within it. */
	private const TRANSCRIPT_LIMIT = 16384;

	/**
	 * @var \CurlHandle|resource|null
	 */
	private $handle = null;

	/**
	 * Where cURL writes its verbose log of this request (the proxy exchange included).
	 *
	 * @var resource|null
	 */
	private $transcript = null;

	/**
	 * @var array{connectStatus: int|null, proxyAuthAvailable: int|null, timingsMs: array<string, float>, transcript: list<string>}|null
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
		if ( null !== $this->transcript ) {
			fclose( $this->transcript );
			$this->transcript = null;
		}
	}

	/**
	 * @param \CurlHandle|resource $handle cURL handle WordPress is about to use.
	 */
	public function keep_handle( $handle ): void {
		$this->handle     = $handle;
		$this->transcript = fopen( 'php://temp', 'w+b' ) ?: null;
		if ( null !== $this->transcript ) {
			// The verbose log is the only place cURL shows the CONNECT reply's headers.
			curl_setopt( $handle, CURLOPT_VERBOSE, true );
			curl_setopt( $handle, CURLOPT_STDERR, $this->transcript );
		}
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
			'transcript'         => $this->read_transcript(),
		);
	}

	/**
	 * The verbose log as lines, credentials redacted before they leave this object.
	 *
	 * @return list<string>
	 */
	private function read_transcript(): array {
		if ( null === $this->transcript ) {
			return array();
		}
		rewind( $this->transcript );
		$text = (string) stream_get_contents( $this->transcript, self::TRANSCRIPT_LIMIT );
		fclose( $this->transcript );
		$this->transcript = null;
		$lines = preg_split( '/\r?\n/', $text );
		return array_values( array_map( array( Redactor::class, 'header_line' ), array_filter( (array) $lines, 'strlen' ) ) );
	}

	/**
	 * What was observed for the last request, or null when cURL was not the transport.
	 *
	 * @return array{connectStatus: int|null, proxyAuthAvailable: int|null, timingsMs: array<string, float>, transcript: list<string>}|null
	 */
	public function observed(): ?array {
		return $this->observed;
	}
}
