<?php
/**
 * A sandbox answer signed by the site, so a client can carry it back without being able to
 * forge or alter it.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

/**
 * When a client sends the sandbox request itself (the site cannot call itself), the sandbox's
 * answer travels through that client on its way back to POST /bisections/{id}/step. The sandbox
 * signs it with HMAC-SHA256 over the run id, the step, the token's nonce, the clone prefix, the
 * subset, the outcome, the failed transports, the evidence, the report id and when it answered;
 * the Bisector accepts it only if the signature checks out (and only for the step it expects).
 *
 * The key is derived from the same secrets as the sandbox tokens (Sandbox_Token::salt(), which
 * mirrors wp_salt( 'auth' ) without pluggable.php), under its own label, so it is useless for
 * anything else and the salts never leave the site.
 *
 * @since 0.2.0
 */
final class Step_Result {

	/** Outcomes a sandbox answers. */
	public const OUTCOMES = array( 'pass', 'fail', 'crash' );

	/** Bytes of a posted result at most (evidence is a few lines per target). */
	public const MAX_BYTES = 65536;

	/**
	 * The answer with its signature added: `nonce`, `prefix`, `answeredAt` and `signature`
	 * alongside the sandbox's fields.
	 *
	 * @since 0.2.0
	 *
	 * @param array<string, mixed> $answer proxyHealthSandbox, bisection, step, subset, outcome, and
	 *                                     optionally failedTransports, reportId, evidence.
	 * @param string               $nonce  The token's nonce.
	 * @param string               $prefix The clone prefix.
	 * @return array<string, mixed>
	 */
	public static function sign( array $answer, string $nonce, string $prefix ): array {
		$answer['failedTransports'] = array_values( array_map( 'strval', (array) ( $answer['failedTransports'] ?? array() ) ) );
		$answer['evidence']         = array_values( array_map( 'strval', (array) ( $answer['evidence'] ?? array() ) ) );
		$answer['reportId']         = (string) ( $answer['reportId'] ?? '' );
		$answer['nonce']            = $nonce;
		$answer['prefix']           = $prefix;
		$answer['answeredAt']       = time();
		$key                        = self::key();
		$answer['signature']        = '' === $key ? '' : hash_hmac( 'sha256', self::payload( $answer ), $key );
		return $answer;
	}

	/**
	 * Checks a result a client posted. Returns it normalized, or why it is refused: `malformed`
	 * (missing or mistyped fields, too large) or `bad_signature` (forged, altered, or signed by
	 * another site). Whether it is the result the run expects is the Bisector's question.
	 *
	 * @since 0.2.0
	 *
	 * @param mixed $result Decoded JSON object.
	 * @return array{bisection: string, step: int, nonce: string, prefix: string, subset: list<string>, outcome: string, failedTransports: list<string>, evidence: list<string>, reportId: string, answeredAt: int, signature: string}|string
	 */
	public static function verify( $result ) {
		if ( ! is_array( $result ) || strlen( (string) wp_json_encode( $result ) ) > self::MAX_BYTES ) {
			return 'malformed';
		}
		$strings = array( 'bisection', 'nonce', 'prefix', 'outcome', 'reportId', 'signature' );
		foreach ( $strings as $name ) {
			if ( ! isset( $result[ $name ] ) || ! is_string( $result[ $name ] ) ) {
				return 'malformed';
			}
		}
		foreach ( array( 'subset', 'failedTransports', 'evidence' ) as $name ) {
			if ( ! isset( $result[ $name ] ) || ! is_array( $result[ $name ] ) || array_filter( $result[ $name ], 'is_string' ) !== $result[ $name ] ) {
				return 'malformed';
			}
		}
		if ( ! isset( $result['step'], $result['answeredAt'] ) || ! is_int( $result['step'] ) || ! is_int( $result['answeredAt'] ) || ! in_array( $result['outcome'], self::OUTCOMES, true ) ) {
			return 'malformed';
		}
		$normal = array(
			'bisection'        => $result['bisection'],
			'step'             => $result['step'],
			'nonce'            => $result['nonce'],
			'prefix'           => $result['prefix'],
			'subset'           => array_values( $result['subset'] ),
			'outcome'          => $result['outcome'],
			'failedTransports' => array_values( $result['failedTransports'] ),
			'evidence'         => array_values( $result['evidence'] ),
			'reportId'         => $result['reportId'],
			'answeredAt'       => $result['answeredAt'],
			'signature'        => $result['signature'],
		);
		$key = self::key();
		if ( '' === $key || ! hash_equals( hash_hmac( 'sha256', self::payload( $normal ), $key ), $normal['signature'] ) ) {
			return 'bad_signature';
		}
		return $normal;
	}

	/**
	 * The signed bytes: every field in a fixed order, as JSON.
	 *
	 * @since 0.2.0
	 *
	 * @param array<string, mixed> $result Result fields.
	 */
	public static function payload( array $result ): string {
		return (string) wp_json_encode(
			array(
				'proxy-health-step-result',
				(string) ( $result['bisection'] ?? '' ),
				(int) ( $result['step'] ?? 0 ),
				(string) ( $result['nonce'] ?? '' ),
				(string) ( $result['prefix'] ?? '' ),
				array_values( (array) ( $result['subset'] ?? array() ) ),
				(string) ( $result['outcome'] ?? '' ),
				array_values( (array) ( $result['failedTransports'] ?? array() ) ),
				array_values( (array) ( $result['evidence'] ?? array() ) ),
				(string) ( $result['reportId'] ?? '' ),
				(int) ( $result['answeredAt'] ?? 0 ),
			)
		);
	}

	/**
	 * HMAC key for step results, derived from the site's secrets under its own label.
	 *
	 * @since 0.2.0
	 */
	public static function key(): string {
		$salt = Sandbox_Token::salt();
		return '' === $salt ? '' : hash_hmac( 'sha256', 'proxy-health-step-result', $salt );
	}
}
