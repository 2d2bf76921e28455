<?php
/**
 * Runs many probe requests at once, each bounded by its timeout.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

use Fiber;
use Throwable;
use WP_Error;
use WP_HTTP_Requests_Response;
use WpOrg\Requests\Exception as Requests_Exception;
use WpOrg\Requests\Exception\Transport\Curl as Curl_Exception;
use WpOrg\Requests\Requests;
use WpOrg\Requests\Response as Requests_Response;

/**
 * cURL requests go out together through Requests::request_multiple() (curl_multi). fsockopen
 * cannot multiplex, so each fsockopen request runs in a Fiber that pauses right after its
 * request is written (Probe_Hooks::after_send): every request is on the wire before anybody
 * waits, the cURL batch runs while the fsockopen replies travel, and the fsockopen replies are
 * then read as their sockets become readable. A socket silent past its deadline is shut down
 * and reported as a timeout, so a hanging proxy costs one timeout, not one per request.
 *
 * @since 0.1.0
 */
final class Parallel_Runner {

	/** How long one wait for readable fsockopen sockets may block before deadlines are checked. */
	private const SELECT_SLICE_US = 50000;

	/**
	 * Runs the requests; answers keyed like the input.
	 *
	 * @param array<int, Probe_Request> $requests Planned requests.
	 * @return array<int, array{response: array<string, mixed>|WP_Error, bounded: bool}> WordPress-shaped
	 *     response or error per request; `bounded` when Proxy Health ended the wait itself.
	 */
	public function run( array $requests ): array {
		$answers = array();
		$curl    = array();
		$fibers  = array();
		foreach ( $requests as $key => $request ) {
			if ( false !== $request->pre ) {
				$answers[ $key ] = array(
					'response' => $request->pre,
					'bounded'  => false,
				);
			} elseif ( 'curl' === $request->transport ) {
				$curl[ $key ] = $request;
			} else {
				$fibers[ $key ] = $this->start_fsockopen( $request, $answers, $key );
			}
		}
		$fibers = array_filter( $fibers );

		if ( array() !== $curl ) {
			$responses = $this->run_curl( $curl );
			foreach ( $curl as $key => $request ) {
				$answers[ $key ] = array(
					'response' => $this->finish( $request, $responses[ $key ] ?? null ),
					'bounded'  => false,
				);
			}
		}

		$this->wait_for_fsockopen( $fibers, $requests, $answers );
		ksort( $answers );
		return $answers;
	}

	/**
	 * @param array<int, Probe_Request> $curl cURL requests.
	 * @return array<int, mixed> Responses or exceptions.
	 */
	private function run_curl( array $curl ): array {
		$batch = array();
		foreach ( $curl as $key => $request ) {
			$batch[ $key ] = $request->for_requests();
		}
		mbstring_binary_safe_encoding();
		try {
			return Requests::request_multiple( $batch, array( 'transport' => \WpOrg\Requests\Transport\Curl::class ) );
		} catch ( Throwable $e ) {
			return array_fill_keys( array_keys( $curl ), $e );
		} finally {
			reset_mbstring_encoding();
		}
	}

	/**
	 * Starts an fsockopen request; it pauses once sent (or finishes at once when it fails early).
	 *
	 * @param Probe_Request                                                   $request Request.
	 * @param array<int, array{response: array<string, mixed>|WP_Error, bounded: bool}> $answers Filled when it finishes.
	 * @param int                                                             $key     Position.
	 */
	private function start_fsockopen( Probe_Request $request, array &$answers, int $key ): ?Fiber { // phpcs:ignore PHPCompatibility.Classes.NewClasses.fiberFound -- returns null without creating a Fiber where PHP has none (parallel_fsockopen()).
		$send = function () use ( $request ) {
			$r = $request->for_requests();
			mbstring_binary_safe_encoding();
			try {
				return Requests::request( $r['url'], $r['headers'], $r['data'], $r['type'], $r['options'] );
			} catch ( Throwable $e ) {
				return $e;
			} finally {
				reset_mbstring_encoding();
			}
		};
		if ( ! self::parallel_fsockopen()['available'] ) {
			$answers[ $key ] = array(
				'response' => $this->finish( $request, $send() ),
				'bounded'  => false,
			);
			return null;
		}
		$fiber = new Fiber( $send );
		$fiber->start();
		if ( $fiber->isTerminated() ) {
			$answers[ $key ] = array(
				'response' => $this->finish( $request, $fiber->getReturn() ),
				'bounded'  => false,
			);
			return null;
		}
		$request->sent_at = microtime( true );
		return $fiber;
	}

	/**
	 * Reads fsockopen replies in the order they arrive; shuts sockets that stay silent too long.
	 *
	 * @param array<int, Fiber>                                               $fibers   Paused requests.
	 * @param array<int, Probe_Request>                                       $requests All requests.
	 * @param array<int, array{response: array<string, mixed>|WP_Error, bounded: bool}> $answers  Filled here.
	 */
	private function wait_for_fsockopen( array $fibers, array $requests, array &$answers ): void {
		while ( array() !== $fibers ) {
			$ready   = array();
			$sockets = array();
			foreach ( $fibers as $key => $fiber ) {
				$socket = $requests[ $key ]->hooks->fsockopen_observer()->socket();
				if ( null === $socket ) {
					$ready[ $key ] = false;
					continue;
				}
				$sockets[ $key ] = $socket;
			}
			if ( array() === $ready && array() !== $sockets ) {
				$read   = array_values( $sockets );
				$write  = null;
				$except = null;
				if ( false !== @stream_select( $read, $write, $except, 0, self::SELECT_SLICE_US ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors -- an interrupted select is retried.
					foreach ( $read as $socket ) {
						$ready[ (int) array_search( $socket, $sockets, true ) ] = false;
					}
				}
			}
			$now = microtime( true );
			foreach ( $sockets as $key => $socket ) {
				$request = $requests[ $key ];
				if ( ! isset( $ready[ $key ] ) && $now >= $request->sent_at + (float) $request->options['timeout'] ) {
					// Silent past its deadline: end the wait here instead of in Requests' own read timeout.
					stream_socket_shutdown( $socket, STREAM_SHUT_RDWR );
					$ready[ $key ] = true;
				}
			}
			foreach ( $ready as $key => $bounded ) {
				$fiber = $fibers[ $key ];
				$fiber->resume();
				if ( ! $fiber->isTerminated() ) {
					continue;
				}
				unset( $fibers[ $key ] );
				$request         = $requests[ $key ];
				$request->hooks->fsockopen_observer()->finish();
				$answers[ $key ] = array(
					'response' => $bounded
						/* translators: %s: seconds. */
						? new WP_Error( 'http_request_failed', sprintf( __( 'No reply within %s seconds (fsockopen).', 'proxy-health' ), (string) $request->options['timeout'] ) )
						: $this->finish( $request, $fiber->getReturn() ),
					'bounded'  => $bounded,
				);
			}
		}
	}

	/**
	 * Whether fsockopen probes run side by side, and why not (GET /status reports it).
	 *
	 * Fibers need PHP 8.1; php-wasm (WordPress Playground, uname "Emscripten"/wasm32) crashes on
	 * switching Fibers; the `proxy_health_probe_fibers` filter may turn them off. Without them,
	 * fsockopen requests run one after another (cURL requests still run together).
	 *
	 * @since 0.1.0
	 *
	 * @return array{available: bool, reason: 'php_version'|'php_wasm'|'filter'|null}
	 */
	public static function parallel_fsockopen(): array {
		if ( ! class_exists( 'Fiber', false ) ) {
			$reason = 'php_version';
		} elseif ( 'wasm32' === php_uname( 'm' ) || 'Emscripten' === php_uname( 's' ) ) {
			$reason = 'php_wasm';
		} else {
			/**
			 * Filters whether fsockopen probes run side by side in Fibers (else one after another).
			 * Applied only where PHP has Fibers (8.1+) and is not php-wasm.
			 *
			 * @since 0.1.0
			 *
			 * @param bool $enabled Default true.
			 */
			$reason = apply_filters( 'proxy_health_probe_fibers', true ) ? null : 'filter';
		}
		return array(
			'available' => null === $reason,
			'reason'    => $reason,
		);
	}

	/**
	 * Turns what Requests returned into what wp_remote_request() would return, with the same
	 * response-side hooks (`http_api_debug`, `http_response`).
	 *
	 * @param Probe_Request $request Request.
	 * @param mixed         $raw     Requests_Response, exception or null.
	 * @return array<string, mixed>|WP_Error
	 */
	private function finish( Probe_Request $request, $raw ) {
		$request->hooks->fsockopen_observer()->finish();
		if ( $raw instanceof Requests_Response ) {
			$response = ( new WP_HTTP_Requests_Response( $raw ) )->to_array();
		} elseif ( $raw instanceof Curl_Exception ) {
			// The same words wp_remote_request() uses for a single cURL request.
			$response = new WP_Error( 'http_request_failed', sprintf( 'cURL error %d: %s', (int) $raw->getCode(), (string) $raw->getReason() ) );
		} elseif ( $raw instanceof Requests_Exception ) {
			$message  = $raw->getMessage();
			$response = new WP_Error( 'http_request_failed', '' !== $message ? $message : (string) $raw->getType(), array( 'requestsType' => (string) $raw->getType() ) );
		} elseif ( $raw instanceof Throwable ) {
			$response = new WP_Error( 'http_request_failed', $raw->getMessage() );
		} else {
			$response = new WP_Error( 'http_request_failed', __( 'The transport returned nothing.', 'proxy-health' ) );
		}
		/** This action is documented in wp-includes/class-wp-http.php */
		do_action( 'http_api_debug', $response, 'response', 'WpOrg\Requests\Requests', $request->args, $request->url );
		if ( is_wp_error( $response ) ) {
			return $response;
		}
		/** This filter is documented in wp-includes/class-wp-http.php */
		return apply_filters( 'http_response', $response, $request->args, $request->url );
	}
}
