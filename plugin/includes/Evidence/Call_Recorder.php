<?php
/**
 * Records every outbound HTTP call WordPress makes while an evidence session is on.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Evidence;

use ProxyHealth\Probe\Curl_Observer;
use ProxyHealth\Probe\History;
use ProxyHealth\Probe\Outcome_Classifier;
use ProxyHealth\Redaction\Redactor;
use WP_Error;
use WP_HTTP_Proxy;

/**
 * Hooks the HTTP API at its edges: `pre_http_request` (last, to know the call really goes
 * out and when), `http_api_curl` / `requests-curl.after_send` (the CONNECT code, the schemes
 * the proxy offered and cURL's timings, read while the handle is open) and `http_api_debug`
 * (the result). Calls are kept in memory and written once at shutdown.
 *
 * @since 0.1.0
 */
final class Call_Recorder {

	/** Longest URL or error message recorded (bytes). */
	public const STRING_BYTES = 2048;

	/** @var list<float> Start times of calls in flight (requests can nest through hooks). */
	private array $starts = array();

	/** @var \CurlHandle|resource|null */
	private $handle = null;

	/** @var array{connectStatus: int|null, proxyAuthAvailable: int, timingsMs: array<string, float>}|null */
	private ?array $curl = null;

	/** @var list<array<string, mixed>> */
	private array $pending = array();

	private Call_Source $sources;

	private string $session_id;

	public function __construct( string $session_id ) {
		$this->session_id = $session_id;
		$this->sources    = new Call_Source();
	}

	/**
	 * Attaches the recorder for the rest of this request.
	 *
	 * @since 0.1.0
	 */
	public function register(): void {
		add_filter( 'pre_http_request', array( $this, 'on_start' ), PHP_INT_MAX, 1 );
		add_action( 'http_api_curl', array( $this, 'on_curl_handle' ), PHP_INT_MAX, 1 );
		add_action( 'requests-curl.after_send', array( $this, 'on_curl_sent' ), PHP_INT_MAX, 0 );
		add_action( 'http_api_debug', array( $this, 'on_result' ), PHP_INT_MAX, 5 );
		add_action( 'shutdown', array( $this, 'flush' ), 0 );
	}

	/**
	 * Detaches the recorder (tests; a request simply ends).
	 *
	 * @since 0.1.0
	 */
	public function unregister(): void {
		remove_filter( 'pre_http_request', array( $this, 'on_start' ), PHP_INT_MAX );
		remove_action( 'http_api_curl', array( $this, 'on_curl_handle' ), PHP_INT_MAX );
		remove_action( 'requests-curl.after_send', array( $this, 'on_curl_sent' ), PHP_INT_MAX );
		remove_action( 'http_api_debug', array( $this, 'on_result' ), PHP_INT_MAX );
		remove_action( 'shutdown', array( $this, 'flush' ), 0 );
	}

	/**
	 * Notes the start of a call that no other filter answered.
	 *
	 * @since 0.1.0
	 *
	 * @param false|array<string, mixed>|WP_Error $preempt What earlier filters decided.
	 * @return false|array<string, mixed>|WP_Error Unchanged.
	 */
	public function on_start( $preempt ) {
		if ( false === $preempt ) {
			$this->starts[] = microtime( true );
			$this->curl     = null;
		}
		return $preempt;
	}

	/**
	 * @param \CurlHandle|resource $handle
	 */
	public function on_curl_handle( $handle ): void {
		$this->handle = $handle;
		$this->curl   = null;
	}

	/**
	 * Reads what only the open cURL handle knows.
	 */
	public function on_curl_sent(): void {
		if ( null === $this->handle ) {
			return;
		}
		$this->curl = Curl_Observer::read_info( $this->handle );
		// No scheme list from this libcurl: none offered, as the recorded calls have always said.
		$this->curl['proxyAuthAvailable'] = $this->curl['proxyAuthAvailable'] ?? 0;
		$this->handle                     = null;
	}

	/**
	 * Records one finished call.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed>|WP_Error $response Response or error.
	 * @param string                        $context  'response' for a finished call.
	 * @param string                        $class    Transport class.
	 * @param array<string, mixed>          $args     Request arguments.
	 * @param string                        $url      Requested URL.
	 */
	public function on_result( $response, $context, $class, $args, $url ): void {
		if ( 'response' !== $context ) {
			return;
		}
		$started = array_pop( $this->starts );
		$curl    = $this->curl;
		$this->curl = null;
		$url        = (string) $url;
		$via_proxy  = self::via_proxy( $url );

		$call = array(
			'at'       => gmdate( 'c' ),
			// By parameter name first, then any known secret wherever it sits (e.g. ?note=<password>).
			'url'      => History::cut( Redactor::text( Redactor::query( $url ), self::known_secrets() ), self::STRING_BYTES ),
			'method'   => strtoupper( (string) ( $args['method'] ?? 'GET' ) ),
			'source'   => $this->sources->from_frames( debug_backtrace( DEBUG_BACKTRACE_IGNORE_ARGS, 80 ) ), // phpcs:ignore WordPress.PHP.DevelopmentFunctions -- attribution is the point.
			'context'  => Call_Source::context(),
			'viaProxy' => $via_proxy,
		);
		$offered = array();
		if ( $response instanceof WP_Error ) {
			$classified = Outcome_Classifier::from_error( $response, $curl['connectStatus'] ?? null );
			$call      += array( 'outcome' => $classified['outcome'] );
			if ( null !== $classified['connectStatus'] ) {
				$call['connectStatus'] = $classified['connectStatus'];
			}
			$call['error'] = array(
				'code'    => (string) $response->get_error_code(),
				'message' => History::cut( Redactor::text( $response->get_error_message(), self::known_secrets() ), self::STRING_BYTES ),
			);
		} else {
			$status  = (int) wp_remote_retrieve_response_code( $response );
			$headers = wp_remote_retrieve_headers( $response );
			$headers = is_object( $headers ) && method_exists( $headers, 'getAll' ) ? array_change_key_case( (array) $headers->getAll() ) : array_change_key_case( (array) $headers );
			$call   += array(
				'outcome'    => Outcome_Classifier::from_response( $status, $headers, $via_proxy ),
				'httpStatus' => $status,
			);
			if ( null !== ( $curl['connectStatus'] ?? null ) ) {
				$call['connectStatus'] = $curl['connectStatus'];
			}
			$offered = Outcome_Classifier::parse_proxy_authenticate( $headers['proxy-authenticate'] ?? null )['schemes'];
		}
		if ( array() === $offered && ! empty( $curl['proxyAuthAvailable'] ) ) {
			$offered = Outcome_Classifier::schemes_from_curl_mask( $curl['proxyAuthAvailable'] );
		}
		if ( array() !== $offered ) {
			$call['proxyAuthOffered'] = $offered;
		}
		$call['timingsMs'] = $curl['timingsMs'] ?? array( 'total' => null === $started ? 0.0 : round( ( microtime( true ) - $started ) * 1000, 1 ) );

		$this->pending[] = $call;
	}

	/**
	 * Writes this request's calls to the store.
	 *
	 * @since 0.1.0
	 */
	public function flush(): void {
		$calls         = $this->pending;
		$this->pending = array();
		Call_Store::append( $this->session_id, $calls );
	}

	/**
	 * Whether WordPress sends this URL through its proxy (WP_HTTP_Proxy's own rules).
	 */
	private static function via_proxy( string $url ): bool {
		$proxy = new WP_HTTP_Proxy();
		return $proxy->is_enabled() && $proxy->send_through_proxy( $url );
	}

	/**
	 * Values that must never be stored even if a message carries them.
	 *
	 * @return list<string>
	 */
	public static function known_secrets(): array {
		$secrets = array();
		foreach ( array( 'WP_PROXY_PASSWORD', 'DB_PASSWORD' ) as $name ) {
			if ( defined( $name ) && is_string( constant( $name ) ) && '' !== constant( $name ) ) {
				$secrets[] = (string) constant( $name );
			}
		}
		return $secrets;
	}
}
