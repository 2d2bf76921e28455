<?php
/**
 * Sends real requests through WordPress's HTTP API and records what happened.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

use ProxyHealth\Diagnosis\Diagnoser;
use ProxyHealth\Plugin;
use ProxyHealth\Proxy\Proxy_Config;
use ProxyHealth\Redaction\Redactor;
use WP_HTTP_Proxy;

/**
 * Runs the probe grid and returns a ProbeReport (see DESIGN.md for the field contract).
 *
 * Requests go through wp_remote_request(), so they take exactly the path WordPress's own update
 * checks take: the proxy from WP_PROXY_*, the transport Requests picks, every filter in place.
 *
 * @since 0.1.0
 */
final class Probe_Runner {

	/** Seconds one request may take; bounded so a hanging proxy cannot hang the admin. */
	public const TIMEOUT = 10;

	/** Targets probed when the caller names none. */
	public const DEFAULT_TARGETS = array(
		'https://api.wordpress.org/core/version-check/1.7/',
		'https://downloads.wordpress.org/',
	);

	private Curl_Observer $observer;

	public function __construct() {
		$this->observer = new Curl_Observer();
	}

	/**
	 * The targets probed by default; the lab and site owners add theirs with a filter.
	 *
	 * @since 0.1.0
	 *
	 * @return list<string>
	 */
	public static function default_targets(): array {
		/**
		 * Filters the URLs Proxy Health probes when a run names none.
		 *
		 * @since 0.1.0
		 *
		 * @param list<string> $targets http or https URLs.
		 */
		$targets = apply_filters( 'proxy_health_probe_targets', self::DEFAULT_TARGETS );
		return array_values( array_filter( (array) $targets, 'is_string' ) );
	}

	/**
	 * Probes each target and diagnoses the results.
	 *
	 * @since 0.1.0
	 *
	 * @param list<string> $targets http or https URLs, already validated.
	 * @return array<string, mixed> ProbeReport.
	 */
	public function run( array $targets ): array {
		$results = array();
		foreach ( $targets as $target ) {
			$results[] = $this->probe( $target );
		}
		$config    = Proxy_Config::from_constants();
		$diagnoses = ( new Diagnoser() )->diagnose( $results, $config );
		return array(
			'id'          => wp_generate_uuid4(),
			'createdAt'   => gmdate( 'c' ),
			'verdict'     => Diagnoser::verdict( $diagnoses ),
			'proxy'       => $config->to_array(),
			'results'     => $results,
			'diagnoses'   => $diagnoses,
			'fingerprint' => Fingerprint::current(),
		);
	}

	/**
	 * One request, observed.
	 *
	 * @return array<string, mixed> ProbeResult.
	 */
	private function probe( string $url ): array {
		$proxy     = new WP_HTTP_Proxy();
		$via_proxy = $proxy->is_enabled() && $proxy->send_through_proxy( $url );

		$this->observer->attach();
		$started  = microtime( true );
		$response = wp_remote_request(
			$url,
			array(
				'method'      => 'GET',
				'timeout'     => self::TIMEOUT,
				'redirection' => 0,
				'user-agent'  => 'ProxyHealth/' . Plugin::VERSION . '; ' . home_url( '/' ),
			)
		);
		$elapsed  = round( ( microtime( true ) - $started ) * 1000, 1 );
		$observed = $this->observer->observed();
		$this->observer->detach();

		$result = array(
			'target'    => $url,
			'method'    => 'GET',
			'transport' => null !== $observed ? 'curl' : 'fsockopen',
			'viaProxy'  => $via_proxy,
			'timingsMs' => $observed['timingsMs'] ?? array( 'total' => $elapsed ),
		);
		if ( ! $via_proxy ) {
			$result['bypassReason'] = $proxy->is_enabled() ? 'bypassed' : 'no_proxy';
		}
		$connect_status = $observed['connectStatus'] ?? null;
		$offered        = null !== $observed && ! empty( $observed['proxyAuthAvailable'] )
			? Outcome_Classifier::schemes_from_curl_mask( (int) $observed['proxyAuthAvailable'] )
			: array();

		if ( is_wp_error( $response ) ) {
			$classified = Outcome_Classifier::from_error( $response, $connect_status );
			$result    += array(
				'outcome' => $classified['outcome'],
				'error'   => array(
					'code'    => (string) $response->get_error_code(),
					'message' => Redactor::url_anywhere( $response->get_error_message() ),
				),
			);
			if ( null !== $classified['connectStatus'] ) {
				$result['connectStatus'] = $classified['connectStatus'];
			}
			$headers = Transcript::connect_reply_headers( $observed['transcript'] ?? array() );
			$result += self::proxy_identity( $headers, (int) ( $classified['connectStatus'] ?? 0 ) );
			$offered  = self::merge_offered( $headers, $offered );
		} else {
			$status  = (int) wp_remote_retrieve_response_code( $response );
			$headers = wp_remote_retrieve_headers( $response );
			$headers = is_object( $headers ) && method_exists( $headers, 'getAll' ) ? array_change_key_case( $headers->getAll() ) : array();
			$result += array(
				'outcome'    => Outcome_Classifier::from_response( $status, $headers, $via_proxy ),
				'httpStatus' => $status,
			);
			if ( null !== $connect_status ) {
				$result['connectStatus'] = $connect_status;
			}
			$result += self::proxy_identity( $headers, $status );
			$offered  = self::merge_offered( $headers, $offered );
		}
		if ( array() !== $offered ) {
			$result['proxyAuthOffered'] = $offered;
		}
		if ( null !== $observed && array() !== $observed['transcript'] ) {
			$result['transcript'] = $observed['transcript'];
		}
		return $result;
	}

	/**
	 * Realm and server name of the proxy from the headers of its reply.
	 *
	 * @param array<string, mixed> $headers Lower-case header names.
	 * @param int                  $status  Status of that reply.
	 * @return array{proxyRealm?: string, proxyServer?: string}
	 */
	private static function proxy_identity( array $headers, int $status ): array {
		$identity  = array();
		$challenge = Outcome_Classifier::parse_proxy_authenticate( $headers['proxy-authenticate'] ?? null );
		if ( null !== $challenge['realm'] ) {
			$identity['proxyRealm'] = $challenge['realm'];
		}
		// Server names the proxy only on answers the proxy wrote itself (a 407 or 403 of its own).
		$server = $headers['via'] ?? ( in_array( $status, array( 403, 407 ), true ) ? ( $headers['server'] ?? null ) : null );
		if ( null !== $server ) {
			$identity['proxyServer'] = is_array( $server ) ? implode( ', ', $server ) : (string) $server;
		}
		return $identity;
	}

	/**
	 * Schemes named in Proxy-Authenticate, then those cURL reported.
	 *
	 * @param array<string, mixed> $headers Lower-case header names.
	 * @param list<string>         $offered Schemes from CURLINFO_PROXYAUTH_AVAIL.
	 * @return list<string>
	 */
	private static function merge_offered( array $headers, array $offered ): array {
		$challenge = Outcome_Classifier::parse_proxy_authenticate( $headers['proxy-authenticate'] ?? null );
		return array_values( array_unique( array_merge( $challenge['schemes'], $offered ) ) );
	}
}
