<?php
/**
 * Sends real requests through WordPress's HTTP API and records what happened.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

use ProxyHealth\Plugin;
use ProxyHealth\Proxy\Proxy_Config;
use ProxyHealth\Redaction\Redactor;

/**
 * Runs the probe grid and returns what each request met (Diagnosis\Probe_Report makes the
 * ProbeReport of it).
 *
 * Each target is probed with each transport (cURL, the one WordPress picks when it exists, and
 * fsockopen, its fallback), all side by side (Parallel_Runner). Requests are built the way
 * wp_remote_request() builds them, WordPress's filters and hooks included (Probe_Request), so
 * the cURL result is what WordPress's own update checks meet.
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
	 * Transports this PHP can use, in the order WordPress prefers them.
	 *
	 * @since 0.1.0
	 *
	 * @return list<'curl'|'fsockopen'>
	 */
	public static function available_transports(): array {
		$available = array();
		if ( \WpOrg\Requests\Transport\Curl::test() ) {
			$available[] = 'curl';
		}
		if ( \WpOrg\Requests\Transport\Fsockopen::test() ) {
			$available[] = 'fsockopen';
		}
		return $available;
	}

	/**
	 * The transport WordPress itself uses for its requests here: cURL when it is available.
	 *
	 * @since 0.1.0
	 *
	 * @return 'curl'|'fsockopen'
	 */
	public static function wordpress_transport(): string {
		return function_exists( 'curl_init' ) ? 'curl' : 'fsockopen';
	}

	/**
	 * Seconds one request may take (at most TIMEOUT).
	 */
	public static function timeout(): float {
		/**
		 * Filters the per-request timeout of probes, in seconds (1 to 10).
		 *
		 * @since 0.1.0
		 *
		 * @param float $seconds Default 10.
		 */
		$seconds = (float) apply_filters( 'proxy_health_probe_timeout', (float) self::TIMEOUT );
		return max( 1.0, min( (float) self::TIMEOUT, $seconds ) );
	}

	/**
	 * Probes each target with each transport, side by side (Diagnosis\Probe_Report diagnoses
	 * what this finds and makes the ProbeReport of it).
	 *
	 * @since 0.3.0 Split from run(), which is now Diagnosis\Probe_Report::run().
	 *
	 * @param list<string>                $targets     http or https URLs, already validated.
	 * @param list<'curl'|'fsockopen'>|null $transports  Transports to use; null for every available one.
	 * @param Credentials|null            $credentials One-off credentials, or null for wp-config.php's.
	 * @param bool                        $find_interference Whether failures on proxy auth or the route
	 *                                                       are traced to a hooked callback (extra
	 *                                                       requests; a bisection step needs outcomes only).
	 * @return array{transports: list<string>, credentials: Credentials, config: Proxy_Config, results: list<array<string, mixed>>, baseline: list<array<string, mixed>>|null, interference: list<array<string, mixed>>}
	 *         The transports used, the credentials sent, the proxy configuration, the ProbeResults,
	 *         the results with wp-config.php's credentials when one-off ones were compared with
	 *         them (null otherwise) and the callbacks shown to break requests.
	 */
	public function probe( array $targets, ?array $transports = null, ?Credentials $credentials = null, bool $find_interference = true ): array {
		$transports  = $transports ?? self::available_transports();
		$credentials = $credentials ?? Credentials::from_wp_config();
		$timeout     = self::timeout();

		$requests = array();
		foreach ( $targets as $target ) {
			foreach ( $transports as $transport ) {
				$requests[] = new Probe_Request( $target, $transport, $credentials, $timeout );
			}
		}
		// One-off credentials are compared with wp-config.php's in the same batch (not reported as results).
		$compare = 'one-off' === $credentials->source() && $credentials->differs_from_wp_config();
		if ( $compare ) {
			foreach ( $targets as $target ) {
				foreach ( $transports as $transport ) {
					$baseline           = new Probe_Request( $target, $transport, Credentials::from_wp_config(), $timeout );
					$baseline->reported = false;
					$requests[]         = $baseline;
				}
			}
		}

		$answers      = ( new Parallel_Runner() )->run( $requests );
		$results      = array();
		$baseline     = array();
		$certificates = array();
		foreach ( $requests as $key => $request ) {
			$result = self::result( $request, $answers[ $key ]['response'] );
			if ( 'tls_error' === $result['outcome'] && 'curl' === $request->transport ) {
				$result = self::with_certificate( $result, $request, $certificates );
			}
			if ( $request->reported ) {
				$results[] = $result;
			} else {
				$baseline[] = $result;
			}
		}

		$config       = Proxy_Config::from_constants();
		$reported     = array_values( array_filter( $requests, static fn( Probe_Request $request ): bool => $request->reported ) );
		$interference = $find_interference ? ( new Interference_Finder() )->find( $reported, $results, $config ) : array();
		return array(
			'transports'   => array_values( $transports ),
			'credentials'  => $credentials,
			'config'       => $config,
			'results'      => $results,
			'baseline'     => $compare ? $baseline : null,
			'interference' => $interference,
		);
	}

	/**
	 * One request's ProbeResult.
	 *
	 * @since 0.3.0 Public, for the requests Interference_Finder sends.
	 *
	 * @param Probe_Request                  $request  What was sent.
	 * @param array<string, mixed>|\WP_Error $response What came back, WordPress-shaped.
	 * @return array<string, mixed> ProbeResult.
	 */
	public static function result( Probe_Request $request, $response ): array {
		$observed = 'curl' === $request->transport
			? $request->hooks->curl_observer()->observed()
			: $request->hooks->fsockopen_observer()->observed();
		$result   = array(
			'target'    => $request->url,
			'method'    => 'GET',
			'transport' => $request->transport,
			'viaProxy'  => $request->via_proxy,
			'timingsMs' => $observed['timingsMs'] ?? array( 'total' => 0.0 ),
		);
		if ( null !== $request->bypass_reason ) {
			$result['bypassReason'] = $request->bypass_reason;
		}
		$connect_status = $observed['connectStatus'] ?? null;
		$offered        = ! empty( $observed['proxyAuthAvailable'] )
			? Outcome_Classifier::schemes_from_curl_mask( (int) $observed['proxyAuthAvailable'] )
			: array();
		$transcript     = $observed['transcript'] ?? array();

		if ( is_wp_error( $response ) ) {
			$classified = Outcome_Classifier::from_error( $response, $connect_status );
			$headers    = Transcript::connect_reply_headers( $transcript );
			$outcome    = $classified['outcome'];
			if ( 'http_error' === $outcome && self::squid_error( $headers, 'ERR_DNS_FAIL' ) ) {
				$outcome = 'dns_error';
			}
			$result += array(
				'outcome' => $outcome,
				'error'   => array(
					'code'    => (string) $response->get_error_code(),
					'message' => Redactor::url_anywhere( $response->get_error_message() ),
				),
			);
			if ( null !== $classified['connectStatus'] ) {
				$result['connectStatus'] = $classified['connectStatus'];
			}
			$result += self::proxy_identity( $headers, (int) ( $classified['connectStatus'] ?? 0 ) );
			$offered = self::merge_offered( $headers, $offered );
		} else {
			$status  = (int) wp_remote_retrieve_response_code( $response );
			$headers = wp_remote_retrieve_headers( $response );
			$headers = is_object( $headers ) && method_exists( $headers, 'getAll' ) ? array_change_key_case( $headers->getAll() ) : array();
			$outcome = Outcome_Classifier::from_response( $status, $headers, $request->via_proxy );
			if ( 'http_error' === $outcome && self::squid_error( $headers, 'ERR_DNS_FAIL' ) ) {
				$outcome = 'dns_error';
			}
			$result += array(
				'outcome'    => $outcome,
				'httpStatus' => $status,
			);
			if ( null !== $connect_status ) {
				$result['connectStatus'] = $connect_status;
			}
			$result += self::proxy_identity( $headers, $status );
			$offered = self::merge_offered( $headers, $offered );
		}
		if ( array() !== $offered ) {
			$result['proxyAuthOffered'] = $offered;
		}
		if ( array() !== $transcript ) {
			$result['transcript'] = $transcript;
		}
		return $result;
	}

	/**
	 * Adds the certificate presented for the target after a TLS failure (read once per host, port
	 * and route within a run).
	 *
	 * @param array<string, mixed>                       $result       ProbeResult.
	 * @param Probe_Request                              $request      The request that failed.
	 * @param array<string, array<string, mixed>|null> $certificates Already read, by host, port and route.
	 * @return array<string, mixed> ProbeResult.
	 */
	private static function with_certificate( array $result, Probe_Request $request, array &$certificates ): array {
		$parts = wp_parse_url( $request->url );
		$key   = strtolower( (string) ( $parts['host'] ?? '' ) ) . ':' . (string) ( $parts['port'] ?? 443 ) . ( $request->via_proxy ? ' proxy' : ' direct' );
		if ( ! array_key_exists( $key, $certificates ) ) {
			$verify = $request->options['verify'] ?? true;
			$bundle = is_string( $verify ) ? $verify : (string) ( $request->args['sslcertificates'] ?? ABSPATH . WPINC . '/certificates/ca-bundle.crt' );
			$chain  = Tls_Certificate::presented_chain( $request );
			$certificates[ $key ] = null === $chain ? null : Tls_Certificate::describe( $chain, $bundle );
		}
		if ( null !== $certificates[ $key ] ) {
			$result['tlsCertificate'] = $certificates[ $key ];
		}
		return $result;
	}

	/**
	 * Whether squid marked its reply with this error (e.g. ERR_DNS_FAIL).
	 *
	 * @param array<string, mixed> $headers Lower-case header names.
	 */
	private static function squid_error( array $headers, string $code ): bool {
		foreach ( (array) ( $headers['x-squid-error'] ?? array() ) as $value ) {
			if ( 0 === strpos( (string) $value, $code ) ) {
				return true;
			}
		}
		return false;
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
