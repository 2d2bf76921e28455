<?php
/**
 * Runs one probe in the sandbox by calling the site itself (loopback).
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

use ProxyHealth\Bisection\Sandbox\Sandbox_Request;
use WP_Error;
use WpOrg\Requests\Exception as Requests_Exception;
use WpOrg\Requests\Requests;

/**
 * Calls Requests directly rather than wp_remote_post(): the live plugins loaded in this request
 * (the suspects) hook the WordPress HTTP API and must not steer the call that tests them.
 *
 * @since 0.1.0
 */
final class Sandbox_Client {

	/** Seconds one sandbox probe may take: the probe itself has 10 s per target. */
	public const TIMEOUT = 50;

	/**
	 * @since 0.1.0
	 *
	 * @param list<string> $subset Plugins to load.
	 * @return array{outcome: string, failedTransports: list<string>, reportId?: string, evidence: list<string>}|WP_Error
	 */
	public static function probe( string $bisection_id, int $step, string $clone_prefix, array $subset ) {
		$request = self::request( $bisection_id, $step, $clone_prefix, $subset, (string) apply_filters( 'proxy_health_sandbox_url', home_url( '/' ) ) );
		try {
			$response = self::send( $request, self::TIMEOUT );
		} catch ( Requests_Exception $exception ) {
			return new WP_Error(
				'proxy_health_loopback_failed',
				/* translators: %s: error from the HTTP library. */
				sprintf( __( 'The site could not call itself to run a sandbox probe (%s). Use the client driver, which sends each step from your browser or the command line.', 'proxy-health' ), $exception->getMessage() ),
				array( 'status' => 502 )
			);
		}
		$answer = json_decode( (string) $response->body, true );
		if ( is_array( $answer ) && true === ( $answer['proxyHealthSandbox'] ?? null ) && in_array( $answer['outcome'] ?? null, array( 'pass', 'fail', 'crash' ), true ) ) {
			$result = array(
				'outcome'          => (string) $answer['outcome'],
				'failedTransports' => array_values( array_map( 'strval', (array) ( $answer['failedTransports'] ?? array() ) ) ),
				'evidence'         => array_values( array_map( 'strval', (array) ( $answer['evidence'] ?? array() ) ) ),
			);
			if ( ! empty( $answer['reportId'] ) ) {
				$result['reportId'] = (string) $answer['reportId'];
			}
			return $result;
		}
		// A fatal the sandbox could not even report (memory, a parse error in a drop-in).
		if ( $response->status_code >= 500 ) {
			return array(
				'outcome'          => 'crash',
				'failedTransports' => array(),
				/* translators: %d: HTTP status. */
				'evidence'         => array( sprintf( __( 'The sandbox request ended with HTTP %d and no answer.', 'proxy-health' ), (int) $response->status_code ) ),
			);
		}
		return new WP_Error(
			'proxy_health_sandbox_unanswered',
			/* translators: %d: HTTP status. */
			sprintf( __( 'The sandbox did not answer (HTTP %d): the must-use loader may not be loaded, or a cache or firewall answered instead.', 'proxy-health' ), (int) $response->status_code ),
			array( 'status' => 502 )
		);
	}

	/**
	 * The signed sandbox request for one step: what the site sends itself (server driver) or
	 * hands a client to send (client driver). The token in the header is single-use and expires
	 * within Sandbox_Token::LIFETIME seconds.
	 *
	 * @since 0.2.0
	 *
	 * @param list<string> $subset Plugins to load.
	 * @param string       $url    Where the request goes (the site's front page).
	 * @return array{url: string, method: string, headers: array<string, string>, body: string}
	 */
	public static function request( string $bisection_id, int $step, string $clone_prefix, array $subset, string $url ): array {
		if ( function_exists( 'wp_salt' ) ) {
			// Creates the auth key and salt options if wp-config.php has none, as core would.
			wp_salt( 'auth' );
		}
		return array(
			'url'     => $url,
			'method'  => 'POST',
			'headers' => array(
				Sandbox_Request::HEADER => Sandbox_Token::issue( $bisection_id, $step, $clone_prefix, $subset ),
				'Content-Type'          => 'application/json',
				'Cache-Control'         => 'no-cache',
			),
			'body'    => (string) wp_json_encode(
				array(
					'prefix' => $clone_prefix,
					'subset' => $subset,
				)
			),
		);
	}

	/**
	 * Whether the site can reach its own sandbox loader: a token for step 0 (Sandbox_Request::
	 * PING_STEP) that the loader answers at once, without loading a subset or probing.
	 *
	 * @since 0.2.0
	 *
	 * @return true|WP_Error
	 */
	public static function ping( string $bisection_id, string $clone_prefix, int $timeout ) {
		$request = self::request( $bisection_id, Sandbox_Request::PING_STEP, $clone_prefix, array(), (string) apply_filters( 'proxy_health_sandbox_url', home_url( '/' ) ) );
		try {
			$response = self::send( $request, $timeout );
		} catch ( Requests_Exception $exception ) {
			return new WP_Error( 'proxy_health_loopback_failed', $exception->getMessage() );
		}
		$answer = json_decode( (string) $response->body, true );
		if ( is_array( $answer ) && true === ( $answer['proxyHealthSandbox'] ?? null ) && true === ( $answer['ping'] ?? null ) ) {
			return true;
		}
		return new WP_Error(
			'proxy_health_sandbox_unanswered',
			/* translators: %d: HTTP status. */
			sprintf( __( 'HTTP %d without the sandbox\'s answer', 'proxy-health' ), (int) $response->status_code )
		);
	}

	/**
	 * Sends a sandbox request with Requests itself (see the class comment).
	 *
	 * @param array{url: string, method: string, headers: array<string, string>, body: string} $request Request.
	 * @return \WpOrg\Requests\Response
	 * @throws Requests_Exception When the site cannot be reached.
	 */
	private static function send( array $request, int $timeout ) {
		return Requests::post(
			$request['url'],
			$request['headers'],
			$request['body'],
			array(
				'timeout'          => $timeout,
				'connect_timeout'  => min( 10, $timeout ),
				'follow_redirects' => false,
				// Loopback to this site, as Site Health's loopback test does.
				'verify'           => (bool) apply_filters( 'https_local_ssl_verify', false ),
				'useragent'        => 'ProxyHealth-Bisection',
			)
		);
	}
}
