<?php
/**
 * The pure parts of the probe engine: classification, diagnosis mapping, credentials, history.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Diagnosis\Diagnoser;
use ProxyHealth\Probe\Credentials;
use ProxyHealth\Probe\History;
use ProxyHealth\Probe\Outcome_Classifier;
use ProxyHealth\Proxy\Proxy_Config;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;

final class Probe_Engine_Test extends Rest_Test_Case {

	protected function tearDown(): void {
		delete_option( History::OPTION );
		parent::tearDown();
	}

	/**
	 * @param array<string, mixed> $overrides Fields of the result.
	 * @return array<string, mixed>
	 */
	private static function result( array $overrides ): array {
		return $overrides + array(
			'target'    => 'http://127.0.0.2/',
			'method'    => 'GET',
			'transport' => 'curl',
			'viaProxy'  => true,
			'outcome'   => 'ok',
			'timingsMs' => array( 'total' => 1.0 ),
		);
	}

	private static function config( bool $with_credentials = true ): Proxy_Config {
		$constants = array(
			'WP_PROXY_HOST' => '127.0.0.1',
			'WP_PROXY_PORT' => '3128',
		);
		if ( $with_credentials ) {
			$constants += array(
				'WP_PROXY_USERNAME' => 'alice',
				'WP_PROXY_PASSWORD' => 'irrelevant',
			);
		}
		return Proxy_Config::from_array( $constants );
	}

	/**
	 * @param list<array<string, mixed>> $results Results.
	 * @param array<string, mixed>       $context Diagnoser context.
	 * @return array<string, array<string, mixed>> Diagnoses by code.
	 */
	private static function diagnose( array $results, bool $with_credentials = true, array $context = array() ): array {
		$diagnoses = ( new Diagnoser() )->diagnose( $results, self::config( $with_credentials ), $context + array( 'wordpressTransport' => 'curl' ) );
		return array_column( $diagnoses, null, 'code' );
	}

	/**
	 * @return array<string, array{string, ?int, string}>
	 */
	public function errors(): array {
		return array(
			'CONNECT 407'          => array( 'cURL error 56: CONNECT tunnel failed, response 407', null, 'proxy_auth_required' ),
			'CONNECT 403'          => array( 'cURL error 56: CONNECT tunnel failed, response 403', null, 'proxy_denied' ),
			'CONNECT 503'          => array( 'cURL error 56: CONNECT tunnel failed, response 503', null, 'http_error' ),
			'refused'              => array( 'cURL error 7: Failed to connect to 127.0.0.1 port 9: Connection refused', null, 'connect_failed' ),
			'timeout'              => array( 'cURL error 28: Operation timed out after 2001 milliseconds', null, 'timeout' ),
			'proxy name'           => array( 'cURL error 5: Could not resolve proxy: proxy.invalid', null, 'dns_error' ),
			'TLS'                  => array( 'cURL error 35: OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number', 200, 'tls_error' ),
			'fsockopen name'       => array( 'stream_socket_client(): php_network_getaddresses: getaddrinfo for proxy.invalid failed', null, 'dns_error' ),
			'fsockopen timed out'  => array( 'fsocket timed out', null, 'timeout' ),
			'bounded by the runner' => array( 'No reply within 2 seconds (fsockopen).', null, 'timeout' ),
		);
	}

	/**
	 * @dataProvider errors
	 */
	public function test_classifies_errors( string $message, ?int $connect, string $outcome ): void {
		$this->assertSame( $outcome, Outcome_Classifier::from_error( new WP_Error( 'http_request_failed', $message ), $connect )['outcome'] );
	}

	public function test_scheme_names_match_curls(): void {
		$parsed = Outcome_Classifier::parse_proxy_authenticate( array( 'NTLM', 'negotiate', 'Digest realm="r", nonce="n"', 'BASIC realm="r"' ) );
		$this->assertSame( array( 'NTLM', 'Negotiate', 'Digest', 'Basic' ), $parsed['schemes'] );
		$this->assertSame( 'r', $parsed['realm'] );
	}

	public function test_fsockopen_without_tls_on_the_socket_is_a_tls_error(): void {
		$error = new WP_Error( 'http_request_failed', 'ssl.connect_error', array( 'requestsType' => 'ssl.connect_error' ) );
		$this->assertSame( 'tls_error', Outcome_Classifier::from_error( $error, null )['outcome'] );
	}

	public function test_a_407_with_credentials_is_rejected_and_without_is_missing(): void {
		$results = array( self::result( array( 'outcome' => 'proxy_auth_required', 'httpStatus' => 407, 'proxyAuthOffered' => array( 'Basic' ) ) ) );
		$this->assertSame( array( 'proxy_auth_rejected' ), array_keys( self::diagnose( $results ) ) );
		$this->assertSame( array( 'proxy_auth_missing' ), array_keys( self::diagnose( $results, false ) ) );
		$this->assertSame( array( 'proxy_auth_rejected' ), array_keys( self::diagnose( $results, false, array( 'credentialsSent' => true ) ) ), 'one-off credentials count as sent' );
	}

	public function test_says_whether_the_407_was_on_the_tunnel_or_a_response(): void {
		$tunnel = self::diagnose( array( self::result( array( 'target' => 'https://127.0.0.3/', 'outcome' => 'proxy_auth_required', 'connectStatus' => 407 ) ) ) )['proxy_auth_rejected'];
		$this->assertStringContainsString( 'CONNECT was answered with 407', $tunnel['detail'] );
		$this->assertStringNotContainsString( 'plain-HTTP', $tunnel['detail'] );
		$this->assertStringContainsString( 'CONNECT 407 (HTTPS tunnel refused)', $tunnel['evidence'][0] );

		$plain = self::diagnose( array( self::result( array( 'outcome' => 'proxy_auth_required', 'httpStatus' => 407 ) ) ) )['proxy_auth_rejected'];
		$this->assertStringContainsString( 'plain-HTTP targets the 407 came back as the response', $plain['detail'] );
		$this->assertStringContainsString( 'HTTP 407 (plain-HTTP response)', $plain['evidence'][0] );
	}

	/**
	 * @return array<string, array{string, list<string>, string}>
	 */
	public function schemes(): array {
		return array(
			'Digest, fsockopen'    => array( 'fsockopen', array( 'Digest' ), 'proxy_auth_scheme_unsupported' ),
			'NTLM, fsockopen'      => array( 'fsockopen', array( 'NTLM' ), 'proxy_auth_scheme_unsupported' ),
			'Negotiate, fsockopen' => array( 'fsockopen', array( 'Negotiate' ), 'proxy_auth_scheme_unsupported' ),
			'Basic, fsockopen'     => array( 'fsockopen', array( 'Basic' ), 'proxy_auth_rejected' ),
			'Digest, curl'         => array( 'curl', array( 'Digest' ), 'proxy_auth_rejected' ),
			'NTLM, curl'           => array( 'curl', array( 'NTLM' ), 'proxy_auth_rejected' ),
		);
	}

	/**
	 * @dataProvider schemes
	 *
	 * @param list<string> $offered Schemes the proxy offers.
	 */
	public function test_scheme_the_transport_cannot_do( string $transport, array $offered, string $code ): void {
		$results = array( self::result( array( 'transport' => $transport, 'outcome' => 'proxy_auth_required', 'httpStatus' => 407, 'proxyAuthOffered' => $offered ) ) );
		$this->assertSame( array( $code ), array_keys( self::diagnose( $results ) ) );
	}

	public function test_ntlm_on_plain_http_with_connection_close_is_a_scheme_wordpress_cannot_complete(): void {
		$result = self::result(
			array(
				'outcome'          => 'proxy_auth_required',
				'httpStatus'       => 407,
				'proxyAuthOffered' => array( 'NTLM' ),
				'transcript'       => array( '> GET http://127.0.0.2/ HTTP/1.1', 'Proxy-Authorization: NTLM [redacted]', 'Connection: close' ),
			)
		);
		$by_code = self::diagnose( array( $result ) );
		$this->assertSame( array( 'proxy_auth_scheme_unsupported' ), array_keys( $by_code ) );
		$this->assertStringContainsString( 'Connection: close', $by_code['proxy_auth_scheme_unsupported']['detail'] );
		unset( $result['transcript'] );
		$this->assertSame( array( 'proxy_auth_rejected' ), array_keys( self::diagnose( array( $result ) ) ), 'without the transcript showing it, it stays a rejection' );
	}

	public function test_fallback_transport_problems_are_information_when_wordpress_transport_works(): void {
		$results = array(
			self::result( array() ),
			self::result( array( 'transport' => 'fsockopen', 'outcome' => 'proxy_auth_required', 'proxyAuthOffered' => array( 'NTLM' ) ) ),
			self::result( array( 'transport' => 'fsockopen', 'target' => 'https://127.0.0.3/', 'outcome' => 'tls_error' ) ),
		);
		$by_code = self::diagnose( $results );
		$this->assertSame( array( 'proxy_ok', 'proxy_auth_scheme_unsupported', 'transport_cannot_tunnel' ), array_keys( $by_code ) );
		$this->assertSame( 'good', $by_code['proxy_auth_scheme_unsupported']['severity'] );
		$this->assertSame( 'pass', Diagnoser::verdict( array_values( $by_code ) ) );

		// cURL not seen working (here: failing): the fallback's problems stay a recommendation.
		$curl_fails = $results;
		$curl_fails[0] = self::result( array( 'outcome' => 'timeout' ) );
		$this->assertSame( 'recommended', self::diagnose( $curl_fails )['proxy_auth_scheme_unsupported']['severity'] );

		$only_fsockopen = self::diagnose( $results, true, array( 'wordpressTransport' => 'fsockopen' ) );
		$this->assertSame( 'critical', $only_fsockopen['transport_cannot_tunnel']['severity'] );
	}

	/**
	 * @return array<string, array{array<string, mixed>, string}>
	 */
	public function failures(): array {
		return array(
			'proxy refuses connections' => array( array( 'outcome' => 'connect_failed' ), 'proxy_unreachable' ),
			'proxy hangs'               => array( array( 'outcome' => 'timeout' ), 'proxy_timeout' ),
			'proxy ACL'                 => array( array( 'outcome' => 'proxy_denied', 'httpStatus' => 403 ), 'proxy_access_denied' ),
			'target down behind proxy'  => array( array( 'outcome' => 'http_error', 'connectStatus' => 503 ), 'target_unreachable' ),
			'target down, direct'       => array( array( 'outcome' => 'connect_failed', 'viaProxy' => false ), 'target_unreachable' ),
			'DNS'                       => array( array( 'outcome' => 'dns_error' ), 'dns_failure' ),
			'TLS'                       => array( array( 'outcome' => 'tls_error', 'target' => 'https://127.0.0.3/' ), 'tls_failure' ),
		);
	}

	/**
	 * @dataProvider failures
	 *
	 * @param array<string, mixed> $result Result fields.
	 */
	public function test_maps_failures( array $result, string $code ): void {
		$this->assertSame( array( $code ), array_keys( self::diagnose( array( self::result( $result ) ) ) ) );
	}

	public function test_credentials_verified_only_when_one_off_passed_and_wp_config_failed(): void {
		$passed   = array( self::result( array() ) );
		$refused  = array( self::result( array( 'outcome' => 'proxy_auth_required', 'httpStatus' => 407 ) ) );
		$verified = self::diagnose( $passed, true, array( 'wpConfigResults' => $refused ) );
		$this->assertArrayHasKey( 'proxy_credentials_verified', $verified );
		$this->assertSame( 'recommended', $verified['proxy_credentials_verified']['severity'] );
		$this->assertArrayNotHasKey( 'proxy_credentials_verified', self::diagnose( $passed, true, array( 'wpConfigResults' => $passed ) ) );
		$this->assertArrayNotHasKey( 'proxy_credentials_verified', self::diagnose( $refused, true, array( 'wpConfigResults' => $refused ) ) );
	}

	/**
	 * @return array<string, array{mixed}>
	 */
	public function bad_credentials(): array {
		return array(
			'not an object'      => array( 'alice:pw' ),
			'missing password'   => array( array( 'username' => 'alice' ) ),
			'number password'    => array( array( 'username' => 'alice', 'password' => 7 ) ),
			'empty username'     => array( array( 'username' => '', 'password' => 'x' ) ),
			'colon in username'  => array( array( 'username' => 'a:b', 'password' => 'x' ) ),
			'CR in password'     => array( array( 'username' => 'a', 'password' => "x\ry" ) ),
			'LF in username'     => array( array( 'username' => "a\nb", 'password' => 'x' ) ),
			'NUL in password'    => array( array( 'username' => 'a', 'password' => "x\0" ) ),
			'password too long'  => array( array( 'username' => 'a', 'password' => str_repeat( 'x', 257 ) ) ),
			'username too long'  => array( array( 'username' => str_repeat( 'a', 257 ), 'password' => 'x' ) ),
		);
	}

	/**
	 * @dataProvider bad_credentials
	 *
	 * @param mixed $value Submitted credentials.
	 */
	public function test_rejects_bad_credentials( $value ): void {
		$this->assertIsString( Credentials::problem( $value ) );
		$this->act_as( 'administrator' );
		$response = $this->post( array( 'credentials' => $value ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'proxy_health_invalid_credentials', $response->get_data()['data']['details']['credentials']['code'] );
	}

	public function test_accepts_good_credentials_and_writes_lines_without_the_password(): void {
		$this->assertNull( Credentials::problem( array( 'username' => 'DOMAIN\\alice', 'password' => str_repeat( 'p', 256 ) ) ) );
		$lines = Credentials::one_off( 'DOMAIN\\alice', "it's\\$" )->wp_config_lines();
		$this->assertSame( "define( 'WP_PROXY_USERNAME', 'DOMAIN\\\\alice' );", $lines[0] );
		$this->assertSame( "define( 'WP_PROXY_PASSWORD', '<the password you tested>' );", $lines[1] );
		$this->assertSame( '<the password you tested>', Credentials::PASSWORD_PLACEHOLDER );
		$this->assertCount( 2, $lines );
		foreach ( $lines as $line ) {
			$this->assertStringNotContainsString( "it's", $line );
			$this->assertStringNotContainsString( "it\\'s", $line );
		}
	}

	/**
	 * @return array<string, array{mixed}>
	 */
	public function bad_transports(): array {
		return array(
			'unknown'   => array( array( 'streams' ) ),
			'empty'     => array( array() ),
			'duplicate' => array( array( 'curl', 'curl' ) ),
			'number'    => array( 5 ),
			'object'    => array( array( 'a' => 'curl' ) ),
		);
	}

	/**
	 * @dataProvider bad_transports
	 *
	 * @param mixed $value Submitted transports.
	 */
	public function test_rejects_bad_transports( $value ): void {
		$this->act_as( 'administrator' );
		$response = $this->post( array( 'transports' => $value ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_param', $response->get_data()['code'] );
	}

	public function test_history_keeps_the_last_50_without_wp_config_lines_and_is_not_autoloaded(): void {
		for ( $i = 0; $i < History::LIMIT + 3; $i++ ) {
			History::add(
				array(
					'id'            => sprintf( '00000000-0000-4000-8000-%012d', $i ),
					'createdAt'     => gmdate( 'c' ),
					'verdict'       => 'warn',
					'results'       => array( self::result( array() ) ),
					'diagnoses'     => array(),
					'fingerprint'   => array( 'wp' => '6.6' ),
					'wpConfigLines' => array( "define( 'WP_PROXY_PASSWORD', 'typed-secret' );" ),
				)
			);
		}
		$all = History::all();
		$this->assertCount( History::LIMIT, $all );
		$this->assertSame( sprintf( '00000000-0000-4000-8000-%012d', History::LIMIT + 2 ), $all[0]['id'], 'newest first' );
		$this->assertNull( History::find( sprintf( '00000000-0000-4000-8000-%012d', 2 ) ), 'oldest dropped' );
		$this->assertSame( array( 'wp' => '6.6' ), $all[0]['fingerprint'] );
		$this->assertStringNotContainsString( 'typed-secret', (string) wp_json_encode( get_option( History::OPTION ) ) );

		global $wpdb;
		$autoload = $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM {$wpdb->options} WHERE option_name = %s", History::OPTION ) );
		$this->assertContains( $autoload, array( 'no', 'off' ) );

		$this->act_as( 'administrator' );
		$page = rest_do_request( new WP_REST_Request( 'GET', '/proxy-health/v1/probes' ) )->get_data();
		$this->assertSame( History::LIMIT, $page['total'] );
		$this->assertCount( 10, $page['items'] );
		$this->assertSame( array( 'results' => 1, 'ok' => 1, 'failed' => 0, 'diagnoses' => 0 ), $page['items'][0]['counts'] );
	}

	public function test_a_real_run_is_stored_without_the_site_password(): void {
		$this->act_as( 'administrator' );
		$canary   = (string) getenv( 'PROXY_HEALTH_CANARY' );
		$response = $this->post( array( 'targets' => array( (string) getenv( 'PROXY_HEALTH_LAB_HTTP_TARGET' ), (string) getenv( 'PROXY_HEALTH_LAB_HTTPS_TARGET' ) ) ) );
		$this->assertSame( 200, $response->get_status() );
		$report = $response->get_data();
		$this->assertSame( 'wp-config', $report['credentialsSource'] );
		$this->assertSame( array( 'curl', 'fsockopen' ), array_values( array_unique( array_column( $report['results'], 'transport' ) ) ) );
		$this->assertSame( $report['id'], History::all()[0]['id'] );
		$this->assertNotSame( '', $canary );
		$this->assertStringNotContainsString( $canary, (string) wp_json_encode( $report ) );
		$this->assertStringNotContainsString( $canary, (string) wp_json_encode( get_option( History::OPTION ) ) );

		$stored = rest_do_request( new WP_REST_Request( 'GET', '/proxy-health/v1/probes/' . $report['id'] ) );
		$this->assertSame( 200, $stored->get_status() );
		$this->assertEquals( $report['fingerprint'], $stored->get_data()['fingerprint'] );
	}

	public function test_unknown_and_malformed_ids(): void {
		$this->act_as( 'administrator' );
		$missing = rest_do_request( new WP_REST_Request( 'GET', '/proxy-health/v1/probes/5b0c9d7e-8f4a-4d2b-9a61-2f0e8c1d3b47' ) );
		$this->assertSame( 404, $missing->get_status() );
		$this->assertSame( 'proxy_health_report_not_found', $missing->get_data()['code'] );
		$malformed = rest_do_request( new WP_REST_Request( 'GET', '/proxy-health/v1/probes/NOT-AN-ID' ) );
		$this->assertSame( 400, $malformed->get_status() );
		$this->assertSame( 'rest_invalid_param', $malformed->get_data()['code'] );
		$this->act_as( 'editor' );
		$this->assertSame( 403, rest_do_request( new WP_REST_Request( 'GET', '/proxy-health/v1/probes' ) )->get_status() );
	}

	/**
	 * @param array<string, mixed> $body JSON body.
	 */
	private function post( array $body ): WP_REST_Response {
		$request = new WP_REST_Request( 'POST', '/proxy-health/v1/probes' );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( (string) wp_json_encode( $body ) );
		return rest_do_request( $request );
	}
}
