<?php
/**
 * Explains probe results with stable diagnosis codes.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Diagnosis;

use ProxyHealth\Probe\Outcome_Classifier;
use ProxyHealth\Probe\Probe_Runner;
use ProxyHealth\Proxy\Proxy_Config;

/**
 * Maps probe outcomes and the proxy configuration to diagnoses, each with remedies and the
 * observations it rests on.
 *
 * @since 0.1.0
 */
final class Diagnoser {

	/** Outcome → diagnosis code when the request went through the proxy. */
	private const PROXY_OUTCOMES = array(
		'proxy_denied'   => 'proxy_access_denied',
		'connect_failed' => 'proxy_unreachable',
		'timeout'        => 'proxy_timeout',
		'tls_error'      => 'tls_failure',
		'dns_error'      => 'dns_failure',
		'http_error'     => 'target_unreachable',
	);

	/** Outcome → diagnosis code for requests sent directly. */
	private const DIRECT_OUTCOMES = array(
		'connect_failed' => 'target_unreachable',
		'timeout'        => 'target_unreachable',
		'tls_error'      => 'tls_failure',
		'dns_error'      => 'dns_failure',
		'http_error'     => 'target_unreachable',
	);

	/** Proxy auth schemes each transport can answer (cURL's depend on how libcurl was built). */
	private const FSOCKOPEN_SCHEMES = array( 'Basic' );

	/**
	 * @since 0.1.0
	 *
	 * @param list<array<string, mixed>> $results ProbeResults.
	 * @param Proxy_Config               $config  Proxy configuration in force.
	 * @param array<string, mixed>       $context Optional: `credentialsSent` (bool, default: what
	 *                                            wp-config.php sends), `wordpressTransport` (the one
	 *                                            WordPress uses; default cURL when available),
	 *                                            `wpConfigResults` (results with wp-config.php's
	 *                                            credentials when one-off ones were tried),
	 *                                            `interference` (callbacks shown to break requests,
	 *                                            from Probe\Interference_Finder).
	 * @return list<array{code: string, severity: string, title: string, detail: string, remedies: list<string>, evidence: list<string>}>
	 */
	public function diagnose( array $results, Proxy_Config $config, array $context = array() ): array {
		$context += array(
			'credentialsSent'    => $config->uses_authentication(),
			'wordpressTransport' => Probe_Runner::wordpress_transport(),
			'wpConfigResults'    => null,
			'interference'       => array(),
		);
		$context['offered'] = self::offered_by_proxy( $results );
		$context['working'] = self::transports_through_proxy( $results );
		$by_code            = array();
		foreach ( $results as $result ) {
			$code = $this->code_for( $result, $config, $context );
			if ( null !== $code ) {
				$by_code[ $code ][] = $result;
			}
		}
		$used       = array_values( array_filter( $results, static fn( array $r ): bool => ( $r['transport'] ?? '' ) === $context['wordpressTransport'] ) );
		$used_works = array() !== $used && array() === array_filter( $used, static fn( array $r ): bool => 'ok' !== ( $r['outcome'] ?? '' ) );
		$diagnoses  = array();
		foreach ( $by_code as $code => $group ) {
			$diagnosis = Catalog::diagnosis( $code, array_map( array( self::class, 'evidence' ), $group ), $config );
			if ( 'plugin_interference' === $code ) {
				$diagnosis = self::interference( $diagnosis, $group, $context );
			}
			$diagnoses[] = self::refine( $diagnosis, $group, (string) $context['wordpressTransport'], $used_works );
		}
		$verified = self::credentials_verified( $results, $context['wpConfigResults'], $config, $context );
		if ( null !== $verified ) {
			$diagnoses[] = $verified;
		}
		if ( array() === $diagnoses ) {
			$code        = $config->is_enabled() ? 'proxy_ok' : 'proxy_not_configured';
			$diagnoses[] = Catalog::diagnosis( $code, array_map( array( self::class, 'evidence' ), $results ), $config );
		} elseif ( $used_works && ! array_intersect( array( 'critical', 'recommended' ), array_column( $diagnoses, 'severity' ) ) ) {
			// Only the fallback transport has problems: say first that the path WordPress takes works.
			$code = $config->is_enabled() ? 'proxy_ok' : 'proxy_not_configured';
			array_unshift( $diagnoses, Catalog::diagnosis( $code, array_map( array( self::class, 'evidence' ), $used ), $config ) );
		}
		/**
		 * Filters the diagnoses of a probe run; add your own with a stable code.
		 *
		 * @since 0.1.0
		 *
		 * @param list<array<string, mixed>> $diagnoses Diagnoses.
		 * @param list<array<string, mixed>> $results   ProbeResults they explain.
		 */
		return array_values( (array) apply_filters( 'proxy_health_diagnoses', $diagnoses, $results ) );
	}

	/**
	 * "fail" when anything is critical, "warn" when something is recommended, else "pass".
	 *
	 * @param list<array<string, mixed>> $diagnoses Diagnoses.
	 */
	public static function verdict( array $diagnoses ): string {
		$severities = array_column( $diagnoses, 'severity' );
		if ( in_array( 'critical', $severities, true ) ) {
			return 'fail';
		}
		return in_array( 'recommended', $severities, true ) ? 'warn' : 'pass';
	}

	/**
	 * Where a diagnosis rests only on the fallback transport, it is information, not a failure
	 * of the site; and a 407 says whether it came on the HTTPS tunnel or as a response.
	 *
	 * @param array<string, mixed>       $diagnosis Diagnosis from the catalog.
	 * @param list<array<string, mixed>> $group     Results it rests on.
	 * @param string                     $wordpress  Transport WordPress uses.
	 * @param bool                       $used_works Whether that transport was probed and every probe passed.
	 * @return array<string, mixed>
	 */
	private static function refine( array $diagnosis, array $group, string $wordpress, bool $used_works ): array {
		$transports = array_unique( array_column( $group, 'transport' ) );
		// Every proxied site fails on fsockopen for HTTPS (it cannot tunnel); warning about that when
		// the transport WordPress uses was seen working would teach admins to ignore the verdict, so
		// it is information then, and a recommendation when that transport was not seen working.
		if ( 'good' !== $diagnosis['severity'] && ! in_array( $wordpress, $transports, true ) ) {
			$diagnosis['severity'] = $used_works ? 'good' : 'recommended';
			/* translators: 1: transport that failed, 2: transport WordPress uses. */
			$diagnosis['detail'] .= ' ' . sprintf( __( 'Only the %1$s transport is affected; WordPress uses %2$s here, so this matters only if that changes.', 'proxy-health' ), implode( ', ', $transports ), $wordpress );
		}
		if ( 'tls_interception' === $diagnosis['code'] ) {
			$diagnosis['detail'] .= self::certificates_presented( $group );
		}
		if ( in_array( $diagnosis['code'], array( 'proxy_auth_missing', 'proxy_auth_rejected', 'proxy_auth_scheme_unsupported' ), true ) ) {
			$tunnel = array_filter( $group, static fn( array $r ): bool => 407 === ( $r['connectStatus'] ?? null ) );
			$plain  = array_filter( $group, static fn( array $r ): bool => 407 === ( $r['httpStatus'] ?? null ) );
			if ( array() !== $tunnel ) {
				$diagnosis['detail'] .= ' ' . __( 'For HTTPS targets the proxy refused the tunnel: CONNECT was answered with 407, so WordPress saw only an error (cURL error 56), never a response.', 'proxy-health' );
			}
			if ( array() !== $plain ) {
				$diagnosis['detail'] .= ' ' . __( 'For plain-HTTP targets the 407 came back as the response itself.', 'proxy-health' );
			}
			$offered = array_unique( array_merge( ...array_map( static fn( array $r ): array => (array) ( $r['proxyAuthOffered'] ?? array() ), array_values( $group ) ) ) );
			if ( 'proxy_auth_scheme_unsupported' === $diagnosis['code'] && array( 'Negotiate' ) === array_values( $offered ) ) {
				$diagnosis['detail']    .= ' ' . __( 'The proxy offers only Negotiate (Kerberos), which logs in with a ticket of the account PHP runs as, never with WP_PROXY_USERNAME and WP_PROXY_PASSWORD: no transport can answer it with those values.', 'proxy-health' );
				$diagnosis['remedies'][] = __( 'Ask your network administrator to allow Basic, Digest or NTLM for this server, or to exempt it from authentication.', 'proxy-health' );
			}
			$broken = array_filter( $group, static fn( array $r ): bool => self::connection_bound_handshake_broken( $r, (array) ( $r['proxyAuthOffered'] ?? array() ) ) );
			if ( array() !== $broken ) {
				$diagnosis['detail'] .= ' ' . __( 'cURL answered the NTLM/Negotiate challenge, but WordPress\'s requests carry "Connection: close", so the proxy dropped the connection the handshake is bound to; HTTPS targets (through CONNECT) are not affected.', 'proxy-health' );
			}
		}
		return $diagnosis;
	}

	/**
	 * Names who issued the certificates presented, once per issuer and target host.
	 *
	 * @param list<array<string, mixed>> $group Results with a tlsCertificate.
	 */
	private static function certificates_presented( array $group ): string {
		$sentences = array();
		foreach ( $group as $result ) {
			$certificate = (array) ( $result['tlsCertificate'] ?? array() );
			if ( ! isset( $certificate['issuer'] ) ) {
				continue;
			}
			$host = (string) wp_parse_url( (string) $result['target'], PHP_URL_HOST );
			/* translators: 1: target host, 2: certificate issuer, e.g. "CN=Corp Inspection CA, O=Corp", 3: CA bundle file. */
			$sentences[ $host . "\n" . $certificate['issuer'] ] = ' ' . sprintf( __( 'The certificate presented for %1$s was issued by "%2$s", which is not in %3$s.', 'proxy-health' ), $host, (string) $certificate['issuer'], (string) ( $certificate['bundle'] ?? 'ca-bundle.crt' ) );
		}
		return implode( '', $sentences );
	}

	/**
	 * When one-off credentials got through where wp-config.php's were refused, say so (the
	 * lines to paste are in the report's wpConfigLines, never in a diagnosis).
	 *
	 * @param list<array<string, mixed>>      $results  Results with the one-off credentials.
	 * @param list<array<string, mixed>>|null $baseline Same requests with wp-config.php's credentials.
	 * @param Proxy_Config                    $config   Proxy configuration in force.
	 * @param array<string, mixed>            $context  Diagnosis context.
	 * @return array<string, mixed>|null
	 */
	private static function credentials_verified( array $results, ?array $baseline, Proxy_Config $config, array $context ): ?array {
		if ( null === $baseline || array() === $results ) {
			return null;
		}
		$auth_failed = static fn( array $r ): bool => 'proxy_auth_required' === $r['outcome'];
		$wordpress   = (string) $context['wordpressTransport'];
		$mine        = array_filter( $results, static fn( array $r ): bool => $r['transport'] === $wordpress || ! in_array( $wordpress, array_column( $results, 'transport' ), true ) );
		$theirs      = array_filter( $baseline, $auth_failed );
		if ( array() === $theirs || array() !== array_filter( $mine, $auth_failed ) || array() === array_filter( $mine, static fn( array $r ): bool => 'ok' === $r['outcome'] && ! empty( $r['viaProxy'] ) ) ) {
			return null;
		}
		$evidence = array();
		foreach ( $mine as $result ) {
			$evidence[] = __( 'with the credentials you entered:', 'proxy-health' ) . ' ' . self::evidence( $result );
		}
		foreach ( $theirs as $result ) {
			$evidence[] = __( 'with the credentials in wp-config.php:', 'proxy-health' ) . ' ' . self::evidence( $result );
		}
		return Catalog::diagnosis( 'proxy_credentials_verified', $evidence, $config );
	}

	/**
	 * @param array<string, mixed> $result  ProbeResult.
	 * @param Proxy_Config         $config  Proxy configuration in force.
	 * @param array<string, mixed> $context Diagnosis context.
	 */
	private function code_for( array $result, Proxy_Config $config, array $context ): ?string {
		$outcome = (string) $result['outcome'];
		if ( 'ok' === $outcome ) {
			return null;
		}
		$https = 0 === stripos( (string) $result['target'], 'https:' );
		if ( 'fsockopen' === $result['transport'] && $https && ! empty( $result['viaProxy'] ) ) {
			// Requests' fsockopen replaces ssl://target with a plain socket to the proxy and never sends CONNECT.
			return 'transport_cannot_tunnel';
		}
		if ( self::interfered( $result, $context ) ) {
			return 'plugin_interference';
		}
		if ( 'proxy_auth_required' === $outcome ) {
			// A 407 whose challenge was not read (cURL's CONNECT error) meets the same proxy as the others.
			$offered = (array) ( $result['proxyAuthOffered'] ?? ( empty( $result['viaProxy'] ) ? array() : $context['offered'] ) );
			if ( array() !== $offered && array() === array_intersect( $offered, self::schemes_of( (string) $result['transport'] ) ) ) {
				return 'proxy_auth_scheme_unsupported';
			}
			if ( self::connection_bound_handshake_broken( $result, $offered ) ) {
				return 'proxy_auth_scheme_unsupported';
			}
			// Another transport got through this proxy with the same values: they are not what is wrong.
			if ( $context['credentialsSent'] && array() !== array_diff( $context['working'], array( $result['transport'] ) ) ) {
				return 'plugin_interference';
			}
			return $context['credentialsSent'] ? 'proxy_auth_rejected' : 'proxy_auth_missing';
		}
		if ( ! empty( $result['viaProxy'] ) ) {
			$message = (string) ( $result['error']['message'] ?? '' );
			// The tunnel was open and the wait ran out after it: the target is slow, not the proxy.
			if ( 'timeout' === $outcome && ( $result['connectStatus'] ?? 0 ) >= 200 && ( $result['connectStatus'] ?? 0 ) < 300 && false === stripos( $message, 'CONNECT' ) ) {
				return 'target_unreachable';
			}
			// Connected, but the answer was cut off or was not HTTP: not an unreachable proxy.
			if ( 'connect_failed' === $outcome && Outcome_Classifier::is_broken_answer( $message ) ) {
				return 'proxy_protocol_error';
			}
		}
		// The certificate presented does not reach WordPress's bundle: someone on the way signs its own.
		if ( 'tls_error' === $outcome && false === ( $result['tlsCertificate']['chainsToBundle'] ?? null ) ) {
			return 'tls_interception';
		}
		$map = empty( $result['viaProxy'] ) ? self::DIRECT_OUTCOMES : self::PROXY_OUTCOMES;
		return $map[ $outcome ] ?? 'target_unreachable';
	}

	/**
	 * NTLM and Negotiate authenticate a connection, not a request: the handshake needs the
	 * same connection for its three legs. Requests sends `Connection: close` on every request,
	 * so on a plain-HTTP request through the proxy the proxy closes after its challenge and cURL
	 * starts over on a new connection (seen in the lab with squid); CONNECT is not affected.
	 *
	 * @param array<string, mixed> $result  ProbeResult with a 407 response.
	 * @param list<string>         $offered Schemes the proxy offered.
	 */
	private static function connection_bound_handshake_broken( array $result, array $offered ): bool {
		if ( 'curl' !== $result['transport'] || 407 !== ( $result['httpStatus'] ?? null ) || array() === $offered ) {
			return false;
		}
		if ( array() !== array_diff( $offered, array( 'NTLM', 'Negotiate' ) ) ) {
			return false;
		}
		$transcript = implode( "\n", (array) ( $result['transcript'] ?? array() ) );
		return false !== stripos( $transcript, 'Connection: close' ) && 1 === preg_match( '/Proxy-Authorization: (NTLM|Negotiate)/i', $transcript );
	}

	/**
	 * Whether a callback was shown to cause this failure (Probe\Interference_Finder left it out of
	 * the same request on the same transport, which then got through).
	 *
	 * @param array<string, mixed> $result  ProbeResult.
	 * @param array<string, mixed> $context Diagnosis context.
	 */
	private static function interfered( array $result, array $context ): bool {
		foreach ( (array) $context['interference'] as $found ) {
			if ( ( $found['transport'] ?? null ) === $result['transport'] && ( $found['outcome'] ?? null ) === $result['outcome'] ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The plugin_interference diagnosis with the callbacks responsible for these results.
	 *
	 * @param array<string, mixed>       $diagnosis Catalog entry.
	 * @param list<array<string, mixed>> $group     Results it rests on.
	 * @param array<string, mixed>       $context   Diagnosis context.
	 * @return array<string, mixed>
	 */
	private static function interference( array $diagnosis, array $group, array $context ): array {
		$failing  = array_values( array_unique( array_column( $group, 'transport' ) ) );
		$culprits = array_values( array_filter( (array) $context['interference'], static fn( array $found ): bool => in_array( $found['transport'] ?? null, $failing, true ) ) );
		return Interference_Diagnosis::complete( $diagnosis, $culprits, $failing, array_values( array_diff( $context['working'], $failing ) ) );
	}

	/**
	 * Every scheme the proxy offered in any answer of this run.
	 *
	 * @param list<array<string, mixed>> $results ProbeResults.
	 * @return list<string>
	 */
	private static function offered_by_proxy( array $results ): array {
		$offered = array();
		foreach ( $results as $result ) {
			if ( ! empty( $result['viaProxy'] ) ) {
				$offered = array_merge( $offered, (array) ( $result['proxyAuthOffered'] ?? array() ) );
			}
		}
		return array_values( array_unique( $offered ) );
	}

	/**
	 * Transports that got an answer through the proxy (not a 407) with this run's credentials.
	 *
	 * @param list<array<string, mixed>> $results ProbeResults.
	 * @return list<string>
	 */
	private static function transports_through_proxy( array $results ): array {
		$working = array();
		foreach ( $results as $result ) {
			if ( 'ok' === ( $result['outcome'] ?? '' ) && ! empty( $result['viaProxy'] ) ) {
				$working[] = (string) $result['transport'];
			}
		}
		return array_values( array_unique( $working ) );
	}

	/**
	 * Proxy auth schemes a transport can answer with a user name and password.
	 *
	 * @return list<string>
	 */
	private static function schemes_of( string $transport ): array {
		if ( 'fsockopen' === $transport ) {
			return self::FSOCKOPEN_SCHEMES;
		}
		$schemes  = array( 'Basic', 'Digest' );
		$features = function_exists( 'curl_version' ) ? (int) ( curl_version()['features'] ?? 0 ) : 0;
		if ( $features & CURL_VERSION_NTLM ) {
			$schemes[] = 'NTLM';
		}
		// Negotiate is left out although libcurl may speak it: it logs in with a Kerberos ticket of
		// the account PHP runs as, never with WP_PROXY_USERNAME and WP_PROXY_PASSWORD, so a proxy
		// that offers only Negotiate cannot be answered with them ("rejected" would send the admin
		// after a password that is never used).
		return $schemes;
	}

	/**
	 * One line of evidence for a result, free of secrets (results are redacted at the source).
	 *
	 * @param array<string, mixed> $result ProbeResult.
	 */
	private static function evidence( array $result ): string {
		$parts = array( 'GET ' . $result['target'], $result['viaProxy'] ? 'via proxy' : 'direct', 'transport ' . $result['transport'] );
		if ( isset( $result['connectStatus'] ) ) {
			$parts[] = 'CONNECT ' . $result['connectStatus'] . ( 407 === $result['connectStatus'] ? ' (HTTPS tunnel refused)' : '' );
		}
		if ( isset( $result['httpStatus'] ) ) {
			$parts[] = 'HTTP ' . $result['httpStatus'] . ( 407 === $result['httpStatus'] ? ' (plain-HTTP response)' : '' );
		}
		if ( ! empty( $result['proxyAuthOffered'] ) ) {
			$parts[] = 'proxy offers ' . implode( ', ', (array) $result['proxyAuthOffered'] );
		}
		if ( isset( $result['error']['message'] ) ) {
			$parts[] = (string) $result['error']['message'];
		}
		if ( isset( $result['tlsCertificate']['issuer'] ) ) {
			$parts[] = 'certificate presented: ' . $result['tlsCertificate']['subject'] . ', issued by ' . $result['tlsCertificate']['issuer']
				. ( false === $result['tlsCertificate']['chainsToBundle'] ? ', not in ' . $result['tlsCertificate']['bundle'] : '' );
		}
		return implode( ' · ', $parts ) . ' → ' . $result['outcome'];
	}
}
