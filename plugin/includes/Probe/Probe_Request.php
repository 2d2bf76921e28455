<?php
/**
 * One planned request of the probe grid: a target, a transport and the credentials to send.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

use ProxyHealth\Plugin;
use WP_HTTP_Proxy;
use WpOrg\Requests\Proxy\Http as Requests_Proxy;

/**
 * Builds the arguments and Requests options exactly as WP_Http::request() would.
 *
 * The grid calls WpOrg\Requests\Requests directly (to pick the transport and to run requests in
 * parallel), so this class applies what wp_remote_request() applies first: the
 * `http_request_args` filter (the lab CA and plugins' changes arrive that way), the
 * `pre_http_request` short-circuit, the proxy built from WP_PROXY_* (credentials only when both
 * username and password are set), `sslverify`/`sslcertificates` as `verify` through
 * `https_ssl_verify`, Requests' default HTTP version (WordPress does not pass its own), and its own
 * Requests hooks. The response side (`http_api_debug`, `http_response`) is applied by
 * Parallel_Runner.
 *
 * @since 0.1.0
 */
final class Probe_Request {

	/** Most body bytes a probe keeps (`limit_response_size`). */
	public const RESPONSE_BYTES = 65536;

	public string $url;

	/** @var 'curl'|'fsockopen' */
	public string $transport;

	public Credentials $credentials;

	/** @var array<string, mixed> WordPress arguments after `http_request_args`. */
	public array $args;

	/** @var false|array<string, mixed>|\WP_Error What `pre_http_request` returned. */
	public $pre;

	/** @var array<string, mixed> Requests options. */
	public array $options;

	public bool $via_proxy;

	public ?string $bypass_reason;

	public Probe_Hooks $hooks;

	/**
	 * Whether the result belongs in the report (false for the wp-config.php comparison run).
	 */
	public bool $reported = true;

	/** When an fsockopen request finished writing (its reply deadline counts from here). */
	public float $sent_at = 0.0;

	/** The hooked callback this request was built and sent without (Interference_Finder), if any. */
	public ?Callback_Skip $skip;

	/**
	 * @param string      $url         http(s) URL.
	 * @param string      $transport   'curl' or 'fsockopen'.
	 * @param Credentials $credentials What to send to the proxy.
	 * @param float              $timeout     Seconds for this request.
	 * @param Callback_Skip|null $skip        A hooked callback to leave out of this request only.
	 */
	public function __construct( string $url, string $transport, Credentials $credentials, float $timeout, ?Callback_Skip $skip = null ) {
		$this->skip = $skip;
		if ( null !== $skip ) {
			$skip->around(
				function () use ( $url, $transport, $credentials, $timeout ): void {
					$this->build( $url, $transport, $credentials, $timeout );
				}
			);
			$this->hooks->skip( $skip );
			return;
		}
		$this->build( $url, $transport, $credentials, $timeout );
	}

	/**
	 * Applies WordPress's filters and builds the Requests options.
	 *
	 * @param string      $url         http(s) URL.
	 * @param string      $transport   'curl' or 'fsockopen'.
	 * @param Credentials $credentials What to send to the proxy.
	 * @param float       $timeout     Seconds for this request.
	 */
	private function build( string $url, string $transport, Credentials $credentials, float $timeout ): void {
		$this->url         = $url;
		$this->transport   = $transport;
		$this->credentials = $credentials;

		$args = array(
			'method'              => 'GET',
			'timeout'             => $timeout,
			'redirection'         => 0,
			'httpversion'         => '1.0',
			'user-agent'          => 'ProxyHealth/' . Plugin::VERSION . '; ' . home_url( '/' ),
			'reject_unsafe_urls'  => false,
			'blocking'            => true,
			'headers'             => array(),
			'cookies'             => array(),
			'body'                => null,
			'compress'            => false,
			'decompress'          => true,
			'sslverify'           => true,
			'sslcertificates'     => ABSPATH . WPINC . '/certificates/ca-bundle.crt',
			'stream'              => false,
			'filename'            => null,
			'limit_response_size' => self::RESPONSE_BYTES,
		);
		/** This filter is documented in wp-includes/class-wp-http.php */
		$this->args = (array) apply_filters( 'http_request_args', $args, $url );
		/** This filter is documented in wp-includes/class-wp-http.php */
		$this->pre = apply_filters( 'pre_http_request', false, $this->args, $url );

		$proxy           = new WP_HTTP_Proxy();
		$this->via_proxy = $proxy->is_enabled() && $proxy->send_through_proxy( $url );
		$this->bypass_reason = $this->via_proxy ? null : ( $proxy->is_enabled() ? 'bypassed' : 'no_proxy' );

		$this->hooks = new Probe_Hooks( $url, $this->args );
		// Bounded: a request never outlives the timeout WordPress was given, connect included.
		$seconds       = (float) $this->args['timeout'];
		$this->options = array(
			'timeout'          => $seconds,
			'connect_timeout'  => $seconds,
			'useragent'        => (string) $this->args['user-agent'],
			'blocking'         => true,
			'hooks'            => $this->hooks,
			'follow_redirects' => false,
			'verify'           => $this->args['sslverify'] ? $this->args['sslcertificates'] : false,
			'transport'        => 'curl' === $transport ? \WpOrg\Requests\Transport\Curl::class : \WpOrg\Requests\Transport\Fsockopen::class,
		);
		// As WP_Http::request() maps it: the body is cut at this size (a probe reads the status and headers).
		if ( ! empty( $this->args['limit_response_size'] ) ) {
			$this->options['max_bytes'] = (int) $this->args['limit_response_size'];
		}
		if ( ! $this->args['sslverify'] ) {
			$this->options['verifyname'] = false;
		}
		/** This filter is documented in wp-includes/class-wp-http.php */
		$this->options['verify'] = apply_filters( 'https_ssl_verify', $this->options['verify'], $url );
		$this->hooks->set_tls( $this->options['verify'], (bool) ( $this->options['verifyname'] ?? true ) );
		if ( $this->via_proxy ) {
			$this->options['proxy'] = new Requests_Proxy( $proxy->host() . ':' . $proxy->port() );
			// WordPress sends credentials only when both constants are defined; one-off ones replace them.
			if ( $credentials->is_set() ) {
				$this->options['proxy']->use_authentication = true;
				$this->options['proxy']->user               = $credentials->username();
				$this->options['proxy']->pass               = $credentials->password();
			}
		}
	}

	/**
	 * The request as Requests::request_multiple() takes it.
	 *
	 * @return array{url: string, headers: array<string, string>, data: mixed, type: string, options: array<string, mixed>}
	 */
	public function for_requests(): array {
		return array(
			'url'     => $this->url,
			'headers' => (array) $this->args['headers'],
			'data'    => $this->args['body'] ?? array(),
			'type'    => (string) $this->args['method'],
			'options' => $this->options,
		);
	}
}
