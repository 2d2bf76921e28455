<?php
/**
 * Step results a client carries back from the sandbox: signed by the site over every field that
 * decides the step, so a client can neither forge nor alter one; the key is the site's own and
 * never the raw salts.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Bisection\Sandbox_Token;
use ProxyHealth\Bisection\Step_Claim;
use ProxyHealth\Bisection\Step_Result;

final class Bisection_Step_Result_Test extends TestCase {

	private const PREFIX = 'wp_phbx0c1d_';

	/**
	 * A sandbox answer as Sandbox_Request sends it, signed.
	 *
	 * @return array<string, mixed>
	 */
	private function signed(): array {
		return Step_Result::sign(
			array(
				'proxyHealthSandbox' => true,
				'bisection'          => 'run-1',
				'step'               => 2,
				'subset'             => array( 'a/a.php', 'b/b.php' ),
				'outcome'            => 'fail',
				'failedTransports'   => array( 'curl' ),
				'reportId'           => 'report-1',
				'evidence'           => array( 'curl http://127.0.0.2/: proxy_auth_required (407)', 'ünïcode line' ),
			),
			str_repeat( 'ab', 16 ),
			self::PREFIX
		);
	}

	/**
	 * As the client posts it back: through JSON both ways.
	 *
	 * @param array<string, mixed> $result Signed result.
	 * @return mixed
	 */
	private static function round_trip( array $result ) {
		return json_decode( (string) wp_json_encode( $result ), true );
	}

	public function test_a_signed_result_verifies_after_a_json_round_trip(): void {
		$result   = $this->signed();
		$verified = Step_Result::verify( self::round_trip( $result ) );
		$this->assertIsArray( $verified );
		$this->assertSame( 'run-1', $verified['bisection'] );
		$this->assertSame( 2, $verified['step'] );
		$this->assertSame( self::PREFIX, $verified['prefix'] );
		$this->assertSame( array( 'a/a.php', 'b/b.php' ), $verified['subset'] );
		$this->assertSame( 'fail', $verified['outcome'] );
		$this->assertSame( array( 'curl' ), $verified['failedTransports'] );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{64}$/', $result['signature'] );
	}

	/**
	 * @return array<string, array{string, mixed}>
	 */
	public static function alterations(): array {
		return array(
			'run id'            => array( 'bisection', 'run-2' ),
			'step'              => array( 'step', 3 ),
			'nonce'             => array( 'nonce', str_repeat( 'cd', 16 ) ),
			'clone prefix'      => array( 'prefix', 'wp_phbx9999_' ),
			'subset'            => array( 'subset', array( 'a/a.php' ) ),
			'subset order'      => array( 'subset', array( 'b/b.php', 'a/a.php' ) ),
			'outcome'           => array( 'outcome', 'pass' ),
			'failed transports' => array( 'failedTransports', array() ),
			'evidence'          => array( 'evidence', array( 'curl http://127.0.0.2/: ok (200)' ) ),
			'report id'         => array( 'reportId', 'report-2' ),
			'answered at'       => array( 'answeredAt', 1 ),
		);
	}

	/**
	 * @dataProvider alterations
	 *
	 * @param mixed $value Altered value.
	 */
	public function test_altering_any_signed_field_is_refused_as_a_bad_signature( string $field, $value ): void {
		$result           = self::round_trip( $this->signed() );
		$result[ $field ] = $value;
		$this->assertSame( 'bad_signature', Step_Result::verify( $result ) );
	}

	public function test_a_signature_made_without_the_sites_key_is_refused(): void {
		$result              = self::round_trip( $this->signed() );
		$result['signature'] = hash_hmac( 'sha256', Step_Result::payload( $result ), 'guess' );
		$this->assertSame( 'bad_signature', Step_Result::verify( $result ) );
		// Nor with the sandbox tokens' key, nor the raw salt: the result key has its own label.
		$result['signature'] = hash_hmac( 'sha256', Step_Result::payload( $result ), Sandbox_Token::key() );
		$this->assertSame( 'bad_signature', Step_Result::verify( $result ) );
		$result['signature'] = hash_hmac( 'sha256', Step_Result::payload( $result ), Sandbox_Token::salt() );
		$this->assertSame( 'bad_signature', Step_Result::verify( $result ) );
		$this->assertNotSame( Sandbox_Token::key(), Step_Result::key() );
		$this->assertStringNotContainsString( Sandbox_Token::salt(), (string) wp_json_encode( $this->signed() ) );
	}

	public function test_results_that_are_not_sandbox_answers_are_malformed(): void {
		$good = self::round_trip( $this->signed() );
		$this->assertSame( 'malformed', Step_Result::verify( 'text' ) );
		$this->assertSame( 'malformed', Step_Result::verify( array() ) );
		foreach ( array( 'bisection', 'step', 'nonce', 'prefix', 'subset', 'outcome', 'failedTransports', 'evidence', 'reportId', 'answeredAt', 'signature' ) as $field ) {
			$missing = $good;
			unset( $missing[ $field ] );
			$this->assertSame( 'malformed', Step_Result::verify( $missing ), $field );
		}
		$this->assertSame( 'malformed', Step_Result::verify( array( 'step' => '2' ) + $good ) );
		$this->assertSame( 'malformed', Step_Result::verify( array( 'outcome' => 'maybe' ) + $good ) );
		$this->assertSame( 'malformed', Step_Result::verify( array( 'subset' => array( 1 ) ) + $good ) );
		$this->assertSame( 'malformed', Step_Result::verify( array( 'evidence' => array( str_repeat( 'x', Step_Result::MAX_BYTES ) ) ) + $good ) );
	}

	public function test_a_step_is_claimed_once_and_never_after_the_run_ends(): void {
		$run = 'claim-' . bin2hex( random_bytes( 4 ) );
		$this->assertFalse( Step_Claim::claim( $run, 1 ), 'no counter before the run opens it' );
		Step_Claim::open( $run );
		$this->assertFalse( Step_Claim::claim( $run, 2 ), 'out of order' );
		$this->assertTrue( Step_Claim::claim( $run, 1 ) );
		$this->assertFalse( Step_Claim::claim( $run, 1 ), 'the second request for step 1' );
		$this->assertTrue( Step_Claim::claim( $run, 2 ) );
		$this->assertTrue( Step_Claim::is_open( $run ) );
		Step_Claim::close( $run );
		$this->assertFalse( Step_Claim::is_open( $run ) );
		$this->assertFalse( Step_Claim::claim( $run, 3 ), 'after the end' );
	}
}
