<?php
/**
 * Sandbox tokens: signed, single-use, short-lived, bound to the subset; and the run lock.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Bisection\Lock;
use ProxyHealth\Bisection\Sandbox_Token;

final class Bisection_Token_Test extends TestCase {

	private const PREFIX = 'wp_phbx0a1b_';

	/** @var list<string> */
	private array $subset = array( 'a/a.php', 'b/b.php' );

	public function test_key_comes_from_the_same_secrets_as_wp_salt_auth(): void {
		$this->assertSame( wp_salt( 'auth' ), Sandbox_Token::salt() );
		$this->assertSame( 64, strlen( Sandbox_Token::key() ) );
	}

	public function test_a_valid_token_is_accepted_once_then_refused_as_replayed(): void {
		$token  = Sandbox_Token::issue( 'run-1', 3, self::PREFIX, $this->subset );
		$claims = Sandbox_Token::consume( $token, self::PREFIX, $this->subset );
		$this->assertIsArray( $claims );
		$this->assertSame( 'run-1', $claims['b'] );
		$this->assertSame( 3, $claims['s'] );
		$this->assertLessThanOrEqual( time() + Sandbox_Token::LIFETIME, $claims['e'] );
		$this->assertSame( 'replayed', Sandbox_Token::consume( $token, self::PREFIX, $this->subset ) );
	}

	public function test_forged_signatures_and_tampered_claims_are_refused_without_using_the_nonce(): void {
		$token = Sandbox_Token::issue( 'run-2', 1, self::PREFIX, $this->subset );
		list( $payload, $signature ) = explode( '.', $token );
		$this->assertSame( 'bad_signature', Sandbox_Token::consume( $payload . '.' . strrev( $signature ), self::PREFIX, $this->subset ) );
		$claims      = json_decode( (string) base64_decode( strtr( $payload, '-_', '+/' ) ), true );
		$claims['s'] = 99;
		$tampered    = rtrim( strtr( base64_encode( (string) wp_json_encode( $claims ) ), '+/', '-_' ), '=' );
		$this->assertSame( 'bad_signature', Sandbox_Token::consume( $tampered . '.' . $signature, self::PREFIX, $this->subset ) );
		$this->assertSame( 'malformed', Sandbox_Token::consume( 'not-a-token', self::PREFIX, $this->subset ) );
		// Signed with another key: what an attacker without the site's secrets can do at best.
		$forged = $payload . '.' . rtrim( strtr( base64_encode( hash_hmac( 'sha256', $payload, 'guess', true ) ), '+/', '-_' ), '=' );
		$this->assertSame( 'bad_signature', Sandbox_Token::consume( $forged, self::PREFIX, $this->subset ) );
		// Another subset or clone than the one signed.
		$this->assertSame( 'subset_mismatch', Sandbox_Token::consume( $token, self::PREFIX, array( 'a/a.php' ) ) );
		$this->assertSame( 'subset_mismatch', Sandbox_Token::consume( $token, 'wp_phbx9999_', $this->subset ) );
		// None of that used the nonce up.
		$this->assertIsArray( Sandbox_Token::consume( $token, self::PREFIX, $this->subset ) );
	}

	public function test_an_expired_token_is_refused(): void {
		$token = Sandbox_Token::issue( 'run-3', 1, self::PREFIX, $this->subset, -5 );
		$this->assertSame( 'expired', Sandbox_Token::consume( $token, self::PREFIX, $this->subset ) );
		Sandbox_Token::purge_expired();
		global $wpdb;
		$left = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name LIKE %s AND option_value < %d", $wpdb->esc_like( Sandbox_Token::NONCE_OPTION_PREFIX ) . '%', time() ) );
		$this->assertSame( 0, $left );
	}

	public function test_the_lock_admits_one_run_and_frees_itself_when_released(): void {
		$this->assertTrue( Lock::acquire( 'run-a' ) );
		$this->assertFalse( Lock::acquire( 'run-b' ) );
		$this->assertSame( 'run-a', Lock::holder() );
		Lock::release( 'run-b' );
		$this->assertSame( 'run-a', Lock::holder() );
		Lock::release( 'run-a' );
		$this->assertNull( Lock::holder() );
		$this->assertTrue( Lock::acquire( 'run-b' ) );
		Lock::release( 'run-b' );
	}

	public function test_an_expired_lock_is_taken_over(): void {
		global $wpdb;
		$wpdb->insert(
			$wpdb->options,
			array(
				'option_name'  => Lock::OPTION,
				'option_value' => (string) wp_json_encode(
					array(
						'id'      => 'dead-run',
						'expires' => time() - 1,
					)
				),
				'autoload'     => 'no',
			)
		);
		$this->assertNull( Lock::holder() );
		$this->assertTrue( Lock::acquire( 'run-c' ) );
		$this->assertSame( 'run-c', Lock::holder() );
		Lock::release( 'run-c' );
	}
}
