<?php
/**
 * Faults the lab produces with misbehaving proxies (tests/integration/faults.test.ts), as the
 * diagnosis sees them: a proxy that resets mid-answer or answers garbage is not "unreachable",
 * and a slow target behind an open tunnel is not a slow proxy. Messages are the ones observed
 * in the lab (PHP 8.2, libcurl 7.88, Requests 2).
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Diagnosis\Diagnoser;
use ProxyHealth\Probe\Outcome_Classifier;
use ProxyHealth\Proxy\Proxy_Config;
use WP_Error;

final class Fault_Diagnosis_Test extends TestCase {

	/**
	 * @param array<string, mixed> $overrides Fields of the result.
	 * @return list<string> Diagnosis codes.
	 */
	private static function codes( array $overrides ): array {
		$result    = $overrides + array(
			'target'    => 'http://127.0.0.2/',
			'method'    => 'GET',
			'transport' => 'curl',
			'viaProxy'  => true,
			'timingsMs' => array( 'total' => 1.0 ),
		);
		$config    = Proxy_Config::from_array(
			array(
				'WP_PROXY_HOST'     => '127.0.0.1',
				'WP_PROXY_PORT'     => '3128',
				'WP_PROXY_USERNAME' => 'alice',
				'WP_PROXY_PASSWORD' => 'irrelevant',
			)
		);
		$diagnoses = ( new Diagnoser() )->diagnose( array( $result ), $config, array( 'wordpressTransport' => 'curl' ) );
		return array_column( $diagnoses, 'code' );
	}

	/**
	 * @param string   $message Error message.
	 * @param int|null $connect CONNECT status cURL saw.
	 * @return array<string, mixed> Result fields for that error, classified as the runner does.
	 */
	private static function failed( string $message, ?int $connect = null ): array {
		$classified = Outcome_Classifier::from_error( new WP_Error( 'http_request_failed', $message ), $connect );
		$result     = array(
			'outcome' => $classified['outcome'],
			'error'   => array(
				'code'    => 'http_request_failed',
				'message' => $message,
			),
		);
		if ( null !== $classified['connectStatus'] ) {
			$result['connectStatus'] = $classified['connectStatus'];
		}
		return $result;
	}

	/**
	 * @return array<string, array{string, ?int}>
	 */
	public function broken_answers(): array {
		return array(
			'reset mid-answer (cURL)'             => array( 'cURL error 56: Recv failure: Connection reset by peer', null ),
			'reset inside the CONNECT answer'     => array( 'cURL error 56: Recv failure: Connection reset by peer', 200 ),
			'garbage on plain HTTP (cURL)'        => array( 'cURL error 1: Received HTTP/0.9 when not allowed', null ),
			'garbage on CONNECT (cURL)'           => array( 'cURL error 56: Proxy CONNECT aborted', null ),
			'a banner on CONNECT (libcurl 7.88)'  => array( 'cURL error 43: A libcurl function was given a bad argument', null ),
			'empty reply'                         => array( 'cURL error 52: Empty reply from server', null ),
			'reset or garbage (fsockopen)'        => array( 'Response could not be parsed', null ),
		);
	}

	/**
	 * @dataProvider broken_answers
	 */
	public function test_a_proxy_that_answers_badly_is_a_protocol_error_not_unreachable( string $message, ?int $connect ): void {
		$result = self::failed( $message, $connect );
		$this->assertSame( 'connect_failed', $result['outcome'] );
		$this->assertSame( array( 'proxy_protocol_error' ), self::codes( $result ) );
	}

	public function test_a_refused_connection_is_still_unreachable(): void {
		$this->assertSame( array( 'proxy_unreachable' ), self::codes( self::failed( 'cURL error 7: Failed to connect to 127.0.0.1 port 9: Connection refused' ) ) );
	}

	public function test_a_refused_connect_is_not_a_protocol_error(): void {
		$this->assertFalse( Outcome_Classifier::is_broken_answer( 'cURL error 56: CONNECT tunnel failed, response 407' ) );
	}

	public function test_a_direct_request_that_answers_badly_is_the_target(): void {
		$this->assertSame( array( 'target_unreachable' ), self::codes( array( 'viaProxy' => false ) + self::failed( 'cURL error 52: Empty reply from server' ) ) );
	}

	public function test_a_timeout_after_the_tunnel_opened_is_the_target(): void {
		$result = self::failed( 'cURL error 28: Operation timed out after 2007 milliseconds with 0 bytes received', 200 ) + array( 'target' => 'https://127.0.0.3/slow' );
		$this->assertSame( 'timeout', $result['outcome'] );
		$this->assertSame( array( 'target_unreachable' ), self::codes( $result ) );
	}

	public function test_a_timeout_waiting_for_the_connect_answer_is_the_proxy(): void {
		$this->assertSame( array( 'proxy_timeout' ), self::codes( self::failed( 'cURL error 28: Proxy CONNECT aborted due to timeout' ) + array( 'target' => 'https://127.0.0.3/' ) ) );
		$this->assertSame( array( 'proxy_timeout' ), self::codes( self::failed( 'cURL error 28: Operation timed out after 1999 milliseconds with 0 bytes received' ) ) );
	}
}
