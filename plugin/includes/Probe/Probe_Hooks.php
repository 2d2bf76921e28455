<?php
/**
 * Requests hooks of one probe request.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

use Fiber;
use WP_HTTP_Requests_Hooks;
use WpOrg\Requests\Exception as Requests_Exception;

/**
 * WordPress's own Requests hooks (so `http_api_curl` and `requests-*` actions fire as they do for
 * wp_remote_request()), plus the observers of this one request.
 *
 * Each request of a parallel batch gets its own instance, which is how observations stay apart.
 *
 * @since 0.1.0
 */
final class Probe_Hooks extends WP_HTTP_Requests_Hooks {

	private Curl_Observer $curl;

	private Fsockopen_Observer $fsockopen;

	/** @var string|bool|null Requests' `verify` option (CA bundle path, or false). */
	private $verify = null;

	private bool $verifyname = true;

	/** Seconds an fsockopen request may take in all, reply included. */
	private float $deadline;

	/** A callback left out of `http_api_curl` for this request only (Interference_Finder). */
	private ?Callback_Skip $skip = null;

	/**
	 * @param string               $url  Request URL.
	 * @param array<string, mixed> $args WordPress request arguments after `http_request_args`.
	 */
	public function __construct( $url, $args ) {
		parent::__construct( $url, $args );
		$this->curl      = new Curl_Observer();
		$this->fsockopen = new Fsockopen_Observer();

		/*
		 * Requests' curl_multi path dispatches `curl.before_multi_add` instead of
		 * `curl.before_send`, and Proxy\Http sets CURLOPT_PROXY* only on `curl.before_send`:
		 * without this, a batch would silently bypass the proxy (and skip the CA bundle). Dispatching it here also fires
		 * WordPress's `http_api_curl`, as a single wp_remote_request() would.
		 */
		$this->register( 'curl.before_multi_add', array( $this, 'before_multi_add' ) );
		// Requests closes each handle of a batch right after these; PHP 7.4 cannot read it after.
		$this->register( 'curl.after_request', array( $this->curl, 'snapshot' ), -1000 );
		$this->register( 'transport.internal.parse_error', array( $this->curl, 'snapshot' ), -1000 );
		$this->register( 'fsockopen.remote_socket', array( $this->fsockopen, 'before_connect' ), -1000 );
		$this->register( 'fsockopen.remote_host_path', array( $this->fsockopen, 'after_connect' ), -1000 );
		$this->register( 'fsockopen.after_send', array( $this, 'after_send' ), 1000 );
		$this->register( 'fsockopen.after_request', array( $this, 'after_request' ), 1000 );
		// Requests bounds each fsockopen read, not the whole reply: a proxy that drips its body a
		// byte at a time would hold the worker for ever. The request's timeout bounds it all.
		$this->deadline = max( 1.0, (float) ( $args['timeout'] ?? 10 ) );
		$this->register( 'request.progress', array( $this, 'on_progress' ), 1000 );
	}

	/**
	 * Ends an fsockopen reply still arriving past the request's timeout (counted from connect).
	 *
	 * @throws Requests_Exception Past the deadline (type `timeout`, as Requests' own read timeout).
	 */
	public function on_progress(): void {
		$elapsed = $this->fsockopen->elapsed();
		if ( null !== $elapsed && $elapsed > $this->deadline ) {
			$socket = $this->fsockopen->socket();
			if ( null !== $socket ) {
				stream_socket_shutdown( $socket, STREAM_SHUT_RDWR );
			}
			/* translators: %s: seconds. */
			throw new Requests_Exception( sprintf( __( 'The reply was still arriving after %s seconds (fsockopen); Proxy Health stopped reading.', 'proxy-health' ), (string) $this->deadline ), 'timeout' );
		}
	}

	/**
	 * The TLS options of this request, which Requests applies only on its single-request path.
	 *
	 * @param string|bool|null $verify     CA bundle path, or false to skip verification.
	 * @param bool             $verifyname Whether the host name is checked.
	 */
	public function set_tls( $verify, bool $verifyname ): void {
		$this->verify     = $verify;
		$this->verifyname = $verifyname;
	}

	/**
	 * @param \CurlHandle|resource $handle Handle about to join the batch.
	 */
	public function before_multi_add( &$handle ): void {
		// Curl::request() sets these right before curl_exec(); get_subrequest_handle() does not.
		if ( false === $this->verify ) {
			curl_setopt( $handle, CURLOPT_SSL_VERIFYHOST, 0 ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- WordPress's own TLS settings on its handle, which Requests applies only in curl_exec(), not in a batch.
			curl_setopt( $handle, CURLOPT_SSL_VERIFYPEER, 0 ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- WordPress's own TLS settings, as Requests applies them.
		} elseif ( is_string( $this->verify ) ) {
			curl_setopt( $handle, CURLOPT_CAINFO, $this->verify ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- WordPress's own CA bundle, as Requests applies it.
		}
		if ( ! $this->verifyname ) {
			curl_setopt( $handle, CURLOPT_SSL_VERIFYHOST, 0 ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- WordPress's own TLS settings, as Requests applies them.
		}
		if ( null !== $this->skip ) {
			$this->skip->around(
				function () use ( &$handle ): void {
					$this->dispatch( 'curl.before_send', array( &$handle ) );
				}
			);
		} else {
			$this->dispatch( 'curl.before_send', array( &$handle ) );
		}
		// After every `http_api_curl` callback, so a plugin cannot switch the transcript off.
		$this->curl->watch( $handle );
	}

	/**
	 * Records what fsockopen sent, then hands control back to Parallel_Runner (when it runs
	 * this request in a Fiber) so the other requests can be sent before anyone waits for a reply.
	 *
	 * @param string $out Request as written to the socket.
	 */
	public function after_send( $out ): void {
		$this->fsockopen->sent( (string) $out );
		if ( class_exists( Fiber::class, false ) && null !== Fiber::getCurrent() ) {
			Fiber::suspend( 'sent' );
		}
	}

	/**
	 * @param string $headers Raw reply.
	 */
	public function after_request( &$headers ): void {
		$this->fsockopen->received( (string) $headers );
	}

	/**
	 * Leaves one callback out while this request's `http_api_curl` runs.
	 *
	 * @since 0.3.0
	 */
	public function skip( Callback_Skip $skip ): void {
		$this->skip = $skip;
	}

	public function curl_observer(): Curl_Observer {
		return $this->curl;
	}

	public function fsockopen_observer(): Fsockopen_Observer {
		return $this->fsockopen;
	}
}
