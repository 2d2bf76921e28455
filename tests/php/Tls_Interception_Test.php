<?php
/**
 * TLS failures: the certificate presented is checked against the CA bundle WordPress verified
 * with, and a chain that does not reach it is diagnosed as interception, naming its issuer, with
 * the remedy that works for WordPress (its own bundle plus the CA, via sslcertificates).
 *
 * Certificates are made here with PHP's OpenSSL: a public root with an intermediate (what a real
 * site presents) and a corporate inspection CA (what an intercepting proxy presents).
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Diagnosis\Catalog;
use ProxyHealth\Diagnosis\Diagnoser;
use ProxyHealth\Probe\Tls_Certificate;
use ProxyHealth\Proxy\Proxy_Config;

final class Tls_Interception_Test extends TestCase {

	/** @var array<string, array{cert: string, key: \OpenSSLAsymmetricKey|resource}> */
	private static array $made = array();

	private static string $bundle = '';

	/** An OpenSSL configuration without default name fields (Debian's adds C=AU, ST=Some-State). */
	private static string $config = '';

	public static function setUpBeforeClass(): void {
		self::$config = (string) tempnam( sys_get_temp_dir(), 'ph-openssl' );
		file_put_contents( self::$config, "[req]\ndefault_bits = 2048\ndistinguished_name = dn\n[dn]\n" );
		$root         = self::make( array( 'commonName' => 'Public Root CA', 'organizationName' => 'Public Trust' ), null );
		$intermediate = self::make( array( 'commonName' => 'Public Issuing CA', 'organizationName' => 'Public Trust' ), $root );
		$leaf         = self::make( array( 'commonName' => 'api.wordpress.org' ), $intermediate );
		$corp         = self::make( array( 'commonName' => 'Corp Inspection CA', 'organizationName' => 'Corp' ), null );
		$forged       = self::make( array( 'commonName' => 'api.wordpress.org' ), $corp );
		// Same name as the public root, other key: names alone must not be enough.
		$impostor     = self::make( array( 'commonName' => 'Public Root CA', 'organizationName' => 'Public Trust' ), null );
		$forged_name  = self::make( array( 'commonName' => 'api.wordpress.org' ), $impostor );
		self::$made   = compact( 'root', 'intermediate', 'leaf', 'corp', 'forged', 'impostor', 'forged_name' );

		self::$bundle = (string) tempnam( sys_get_temp_dir(), 'ph-bundle' );
		file_put_contents( self::$bundle, "Some CA\n=======\n" . $root['cert'] . "\n" );
	}

	public static function tearDownAfterClass(): void {
		foreach ( array( self::$bundle, self::$config ) as $file ) {
			if ( '' !== $file && file_exists( $file ) ) {
				unlink( $file );
			}
		}
	}

	/**
	 * A certificate signed by `$issuer` (self-signed when null).
	 *
	 * @param array<string, string>                                              $dn     Subject.
	 * @param array{cert: string, key: \OpenSSLAsymmetricKey|resource}|null $issuer Signer.
	 * @return array{cert: string, key: \OpenSSLAsymmetricKey|resource}
	 */
	private static function make( array $dn, ?array $issuer ): array {
		$options = array(
			'config'           => self::$config,
			'digest_alg'       => 'sha256',
			'private_key_type' => OPENSSL_KEYTYPE_EC,
			'curve_name'       => 'prime256v1',
		);
		$key     = openssl_pkey_new( $options );
		self::assertNotFalse( $key );
		$csr = openssl_csr_new( $dn, $key, $options );
		self::assertNotFalse( $csr );
		$signed = openssl_csr_sign( $csr, null === $issuer ? null : $issuer['cert'], null === $issuer ? $key : $issuer['key'], 30, $options, random_int( 1, PHP_INT_MAX ) );
		self::assertNotFalse( $signed );
		openssl_x509_export( $signed, $pem );
		return array(
			'cert' => (string) $pem,
			'key'  => $key,
		);
	}

	/**
	 * @param list<string> $names Certificates of the chain presented, leaf first.
	 * @return array<string, mixed>|null
	 */
	private static function describe( array $names ): ?array {
		return Tls_Certificate::describe(
			array_map( static fn( string $name ): string => self::$made[ $name ]['cert'], $names ),
			self::$bundle
		);
	}

	public function test_a_public_chain_reaches_the_bundle_through_its_intermediate(): void {
		$described = self::describe( array( 'leaf', 'intermediate' ) );
		$this->assertNotNull( $described );
		$this->assertSame( 'CN=api.wordpress.org', $described['subject'] );
		$this->assertSame( 'CN=Public Issuing CA, O=Public Trust', $described['issuer'] );
		$this->assertTrue( $described['chainsToBundle'] );
	}

	public function test_a_missing_intermediate_does_not_reach_the_bundle(): void {
		$this->assertFalse( self::describe( array( 'leaf' ) )['chainsToBundle'] );
	}

	public function test_an_inspection_ca_does_not_reach_the_bundle(): void {
		$described = self::describe( array( 'forged', 'corp' ) );
		$this->assertSame( 'CN=Corp Inspection CA, O=Corp', $described['issuer'] );
		$this->assertFalse( $described['chainsToBundle'] );
	}

	public function test_a_ca_that_only_borrows_a_trusted_name_does_not_reach_the_bundle(): void {
		$this->assertFalse( self::describe( array( 'forged_name' ) )['chainsToBundle'] );
	}

	public function test_an_unreadable_bundle_leaves_the_question_open(): void {
		$described = Tls_Certificate::describe( array( self::$made['forged']['cert'] ), self::$bundle . '.missing' );
		$this->assertNull( $described['chainsToBundle'] );
		$this->assertSame( 'CN=Corp Inspection CA, O=Corp', $described['issuer'] );
	}

	public function test_garbage_is_not_described(): void {
		$this->assertNull( Tls_Certificate::describe( array( 'not a certificate' ), self::$bundle ) );
	}

	/**
	 * @param array<string, mixed>|null $certificate tlsCertificate of the result.
	 * @return list<array<string, mixed>> Diagnoses.
	 */
	private static function diagnose( ?array $certificate ): array {
		$result = array(
			'target'    => 'https://api.wordpress.org/core/version-check/1.7/',
			'method'    => 'GET',
			'transport' => 'curl',
			'viaProxy'  => true,
			'outcome'   => 'tls_error',
			'error'     => array(
				'code'    => 'http_request_failed',
				'message' => 'cURL error 60: SSL certificate problem: unable to get local issuer certificate',
			),
			'timingsMs' => array( 'total' => 3.0 ),
		);
		if ( null !== $certificate ) {
			$result['tlsCertificate'] = $certificate;
		}
		$config = Proxy_Config::from_array(
			array(
				'WP_PROXY_HOST' => '127.0.0.1',
				'WP_PROXY_PORT' => '3128',
			)
		);
		return ( new Diagnoser() )->diagnose( array( $result ), $config, array( 'wordpressTransport' => 'curl' ) );
	}

	public function test_interception_is_diagnosed_with_its_issuer_and_the_remedy_that_works_for_wordpress(): void {
		$diagnoses = self::diagnose( self::describe( array( 'forged', 'corp' ) ) );
		$this->assertSame( array( 'tls_interception' ), array_column( $diagnoses, 'code' ) );
		$diagnosis = $diagnoses[0];
		$this->assertSame( 'critical', $diagnosis['severity'] );
		$this->assertStringContainsString( 'The certificate presented for api.wordpress.org was issued by "CN=Corp Inspection CA, O=Corp"', $diagnosis['detail'] );
		$this->assertStringContainsString( 'issued by CN=Corp Inspection CA, O=Corp, not in ', $diagnosis['evidence'][0] );
		$remedies = implode( "\n", $diagnosis['remedies'] );
		$this->assertStringContainsString( "add_filter( 'http_request_args'", $remedies );
		$this->assertStringContainsString( "\$args['sslcertificates'] = WP_CONTENT_DIR . '/ca-bundle-with-corporate-ca.crt';", $remedies );
		$this->assertStringContainsString( 'cat wp-includes/certificates/ca-bundle.crt corporate-ca.pem > wp-content/ca-bundle-with-corporate-ca.crt', $remedies );
		$this->assertStringContainsString( 'WordPress.org', $remedies );
		$this->assertStringNotContainsString( 'trust store;', $remedies );
	}

	public function test_a_certificate_that_reaches_the_bundle_or_none_read_stays_a_tls_failure(): void {
		$this->assertSame( array( 'tls_failure' ), array_column( self::diagnose( self::describe( array( 'leaf', 'intermediate' ) ) ), 'code' ) );
		$this->assertSame( array( 'tls_failure' ), array_column( self::diagnose( null ), 'code' ) );
		$unread = self::describe( array( 'forged' ) );
		$unread['chainsToBundle'] = null;
		$this->assertSame( array( 'tls_failure' ), array_column( self::diagnose( $unread ), 'code' ) );
	}

	public function test_the_tls_failure_remedy_no_longer_sends_admins_to_the_system_trust_store(): void {
		$remedies = implode( "\n", Catalog::diagnosis( 'tls_failure', array(), Proxy_Config::from_array( array() ) )['remedies'] );
		$this->assertStringContainsString( 'not the server\'s trust store', $remedies );
		$this->assertStringContainsString( 'sslcertificates', $remedies );
		$this->assertStringNotContainsString( 'add it to the server\'s trust store', $remedies );
	}

	public function test_behind_an_https_proxy_the_tls_failure_points_at_the_proxys_own_certificate(): void {
		$behind = Catalog::diagnosis( 'tls_failure', array(), Proxy_Config::from_array( array( 'WP_PROXY_HOST' => 'https://proxy.test', 'WP_PROXY_PORT' => '3129' ) ) );
		$this->assertStringContainsString( 'CURLOPT_PROXY_CAINFO', $behind['detail'] );
		$plain = Catalog::diagnosis( 'tls_failure', array(), Proxy_Config::from_array( array( 'WP_PROXY_HOST' => 'proxy.test', 'WP_PROXY_PORT' => '3128' ) ) );
		$this->assertStringNotContainsString( 'CURLOPT_PROXY_CAINFO', $plain['detail'] );
	}
}
