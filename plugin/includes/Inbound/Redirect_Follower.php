<?php
/**
 * Follows a redirect chain one hop at a time, as a visitor's client would.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Inbound;

use ProxyHealth\Redaction\Redactor;
use WP_Http;

/**
 * Requests a URL with redirects off and follows each Location itself, so every hop is seen:
 * its status, where it points, and the Server/Via headers of whatever answered.
 *
 * Requests go direct, never through WP_PROXY_*: a visitor or a crawler does not use the
 * server's outbound proxy.
 *
 * @since 0.1.0
 *
 * @phpstan-type Hop array{url: string, status: int, location?: string, server?: string, via?: string, authenticate?: string}
 * @phpstan-type Chain array{hops: list<Hop>, loop: bool, tooManyHops: bool, error?: array{code: string, message: string}}
 */
final class Redirect_Follower {

	/** Hops followed at most, like browsers' limits but lower. */
	public const MAX_HOPS = 10;

	/** Seconds one hop may take. */
	public const HOP_TIMEOUT = 8;

	/** Bytes read of each body; only status and headers matter. */
	private const BODY_LIMIT = 16384;

	/**
	 * Follows the chain from $url.
	 *
	 * @since 0.1.0
	 *
	 * @param string $url        First URL.
	 * @param string $user_agent User-Agent sent on every hop.
	 * @param float  $deadline   microtime( true ) after which no new hop starts.
	 * @return Chain
	 */
	public function follow( string $url, string $user_agent, float $deadline ): array {
		$chain = array(
			'hops'        => array(),
			'loop'        => false,
			'tooManyHops' => false,
		);
		$seen  = array();
		add_filter( 'pre_http_send_through_proxy', array( self::class, 'never_proxy' ), PHP_INT_MAX );
		try {
			while ( true ) {
				if ( isset( $seen[ $url ] ) ) {
					$chain['loop'] = true;
					break;
				}
				if ( count( $chain['hops'] ) >= self::MAX_HOPS ) {
					$chain['tooManyHops'] = true;
					break;
				}
				$remaining = $deadline - microtime( true );
				if ( $remaining <= 0 ) {
					$chain['error'] = array(
						'code'    => 'proxy_health_inbound_deadline',
						'message' => __( 'The inbound check ran out of time before this chain ended.', 'proxy-health' ),
					);
					break;
				}
				$seen[ $url ] = true;
				$response     = wp_remote_request(
					$url,
					array(
						'method'              => 'GET',
						'redirection'         => 0,
						'timeout'             => (float) min( self::HOP_TIMEOUT, max( 1, $remaining ) ),
						'user-agent'          => $user_agent,
						'headers'             => array( 'Accept' => 'text/html,application/json;q=0.9,*/*;q=0.8' ),
						'limit_response_size' => self::BODY_LIMIT,
						'cookies'             => array(),
					)
				);
				if ( is_wp_error( $response ) ) {
					$chain['error'] = array(
						'code'    => (string) $response->get_error_code(),
						'message' => Redactor::url_anywhere( $response->get_error_message() ),
					);
					break;
				}
				$hop              = self::hop( $url, $response );
				$chain['hops'][]  = $hop;
				if ( $hop['status'] < 300 || $hop['status'] >= 400 || ! isset( $hop['location'] ) ) {
					break;
				}
				$next = WP_Http::make_absolute_url( (string) wp_remote_retrieve_header( $response, 'location' ), $url );
				if ( ! in_array( strtolower( (string) wp_parse_url( $next, PHP_URL_SCHEME ) ), array( 'http', 'https' ), true ) ) {
					break;
				}
				$url = $next;
			}
		} finally {
			remove_filter( 'pre_http_send_through_proxy', array( self::class, 'never_proxy' ), PHP_INT_MAX );
		}
		return $chain;
	}

	/**
	 * Filter callback: inbound requests never use the outbound proxy.
	 *
	 * @since 0.1.0
	 */
	public static function never_proxy(): bool {
		return false;
	}

	/**
	 * @param string               $url      Requested URL.
	 * @param array<string, mixed> $response wp_remote_request() response.
	 * @return Hop
	 */
	private static function hop( string $url, array $response ): array {
		$hop = array(
			'url'    => Redactor::url( $url ),
			'status' => (int) wp_remote_retrieve_response_code( $response ),
		);
		$headers = array(
			'location'     => 'location',
			'server'       => 'server',
			'via'          => 'via',
			'authenticate' => 407 === $hop['status'] ? 'proxy-authenticate' : 'www-authenticate',
		);
		foreach ( $headers as $field => $header ) {
			$value = wp_remote_retrieve_header( $response, $header );
			$value = is_array( $value ) ? implode( ', ', $value ) : (string) $value;
			if ( '' !== $value ) {
				$hop[ $field ] = 'location' === $field ? Redactor::url( WP_Http::make_absolute_url( $value, $url ) ) : $value;
			}
		}
		return $hop;
	}
}
