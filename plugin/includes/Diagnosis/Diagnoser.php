<?php
/**
 * Explains probe results with stable diagnosis codes.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Diagnosis;

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

	/**
	 * @since 0.1.0
	 *
	 * @param list<array<string, mixed>> $results ProbeResults.
	 * @param Proxy_Config               $config  Proxy configuration in force.
	 * @return list<array{code: string, severity: string, title: string, detail: string, remedies: list<string>, evidence: list<string>}>
	 */
	public function diagnose( array $results, Proxy_Config $config ): array {
		$by_code = array();
		foreach ( $results as $result ) {
			$code = $this->code_for( $result, $config );
			if ( null !== $code ) {
				$by_code[ $code ][] = self::evidence( $result );
			}
		}
		$diagnoses = array();
		foreach ( $by_code as $code => $evidence ) {
			$diagnoses[] = Catalog::diagnosis( $code, $evidence, $config );
		}
		if ( array() === $diagnoses ) {
			$code        = $config->is_enabled() ? 'proxy_ok' : 'proxy_not_configured';
			$diagnoses[] = Catalog::diagnosis( $code, array_map( array( self::class, 'evidence' ), $results ), $config );
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
	 * @param array<string, mixed> $result ProbeResult.
	 */
	private function code_for( array $result, Proxy_Config $config ): ?string {
		$outcome = (string) $result['outcome'];
		if ( 'ok' === $outcome ) {
			return null;
		}
		if ( 'proxy_auth_required' === $outcome ) {
			return $config->uses_authentication() ? 'proxy_auth_rejected' : 'proxy_auth_missing';
		}
		$map = empty( $result['viaProxy'] ) ? self::DIRECT_OUTCOMES : self::PROXY_OUTCOMES;
		return $map[ $outcome ] ?? 'target_unreachable';
	}

	/**
	 * One line of evidence for a result, free of secrets (results are redacted at the source).
	 *
	 * @param array<string, mixed> $result ProbeResult.
	 */
	private static function evidence( array $result ): string {
		$parts = array( 'GET ' . $result['target'], $result['viaProxy'] ? 'via proxy' : 'direct', 'transport ' . $result['transport'] );
		if ( isset( $result['connectStatus'] ) ) {
			$parts[] = 'CONNECT ' . $result['connectStatus'];
		}
		if ( isset( $result['httpStatus'] ) ) {
			$parts[] = 'HTTP ' . $result['httpStatus'];
		}
		if ( ! empty( $result['proxyAuthOffered'] ) ) {
			$parts[] = 'proxy offers ' . implode( ', ', (array) $result['proxyAuthOffered'] );
		}
		if ( isset( $result['error']['message'] ) ) {
			$parts[] = (string) $result['error']['message'];
		}
		return implode( ' · ', $parts ) . ' → ' . $result['outcome'];
	}
}
