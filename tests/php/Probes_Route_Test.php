<?php
/**
 * POST /proxy-health/v1/probes through a real squid that rejects the site's credentials.
 *
 * tests/run-php.ts starts the proxy and the targets and writes wp-config.php with a canary
 * password the proxy does not accept, so every probe here meets a real 407.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use WP_REST_Request;
use WP_REST_Response;

final class Probes_Route_Test extends Rest_Test_Case {

	private const ROUTE = '/proxy-health/v1/probes';

	/**
	 * @param array<string, mixed> $body JSON body.
	 */
	private function post( array $body ): WP_REST_Response {
		$request = new WP_REST_Request( 'POST', self::ROUTE );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( (string) wp_json_encode( $body ) );
		return rest_do_request( $request );
	}

	private static function env( string $name ): string {
		$value = (string) getenv( $name );
		self::assertNotSame( '', $value, "$name is set by tests/run-php.ts" );
		return $value;
	}

	public function test_plain_http_target_gets_a_407_response_with_the_offered_scheme(): void {
		$this->act_as( 'administrator' );
		$target   = self::env( 'PROXY_HEALTH_LAB_HTTP_TARGET' );
		$response = $this->post( array( 'targets' => array( $target ) ) );
		$this->assertSame( 200, $response->get_status() );
		$report = $response->get_data();
		$result = $report['results'][0];

		$this->assertSame( $target, $result['target'] );
		$this->assertTrue( $result['viaProxy'] );
		$this->assertSame( 'proxy_auth_required', $result['outcome'] );
		$this->assertSame( 407, $result['httpStatus'] );
		$this->assertContains( 'Basic', $result['proxyAuthOffered'] );
		$this->assertSame( self::env( 'PROXY_HEALTH_LAB_REALM' ), $result['proxyRealm'] );
		$this->assertStringContainsString( 'squid', $result['proxyServer'] );
		$this->assertSame( 'fail', $report['verdict'] );
		$this->assertSame( array( 'proxy_auth_rejected' ), array_column( $report['diagnoses'], 'code' ) );
	}

	public function test_https_target_fails_at_connect_with_407(): void {
		$this->act_as( 'administrator' );
		$report = $this->post( array( 'targets' => array( self::env( 'PROXY_HEALTH_LAB_HTTPS_TARGET' ) ) ) )->get_data();
		$result = $report['results'][0];

		$this->assertSame( 'proxy_auth_required', $result['outcome'] );
		$this->assertSame( 407, $result['connectStatus'] );
		$this->assertArrayNotHasKey( 'httpStatus', $result, 'a refused CONNECT never becomes a response' );
		$this->assertSame( 'curl', $result['transport'] );
		$this->assertContains( 'Basic', $result['proxyAuthOffered'] );
		$this->assertSame( self::env( 'PROXY_HEALTH_LAB_REALM' ), $result['proxyRealm'], 'read from the CONNECT reply in the transcript' );
		$this->assertStringContainsString( 'squid', $result['proxyServer'] );
		$this->assertGreaterThan( 0, $result['timingsMs']['total'] );
		$this->assertNotEmpty( preg_grep( '/^> CONNECT /', $result['transcript'] ) );
		$this->assertNotEmpty( preg_grep( '/^< HTTP\/1\.1 407/', $result['transcript'] ) );
	}

	public function test_no_secret_in_the_report(): void {
		$this->act_as( 'administrator' );
		$canary = self::env( 'PROXY_HEALTH_CANARY' );
		$report = $this->post(
			array(
				'targets' => array(
					self::env( 'PROXY_HEALTH_LAB_HTTP_TARGET' ),
					self::env( 'PROXY_HEALTH_LAB_HTTPS_TARGET' ),
				),
			)
		)->get_data();
		$json = (string) wp_json_encode( $report );
		$this->assertStringContainsString( 'Proxy-Authorization: Basic [redacted]', $json, 'the transcript shows that credentials were sent, not what they were' );
		$this->assertStringNotContainsString( $canary, $json );
		$this->assertStringNotContainsString( base64_encode( WP_PROXY_USERNAME . ':' . $canary ), $json );
	}

	/**
	 * @return array<string, array{mixed}>
	 */
	public function bad_targets(): array {
		return array(
			'file scheme'      => array( array( 'file:///etc/passwd' ) ),
			'gopher scheme'    => array( array( 'gopher://127.0.0.2:70/' ) ),
			'relative'         => array( array( '/wp-admin/' ) ),
			'CRLF injection'   => array( array( "http://127.0.0.2/\r\nX-Evil: 1" ) ),
			'boolean'          => array( true ),
			'object of numbers' => array( array( 'a' => 1 ) ),
			'too many'         => array( array_fill( 0, 11, 'http://127.0.0.2/' ) ),
			'too long'         => array( array( 'http://127.0.0.2/' . str_repeat( 'a', 2100 ) ) ),
			'number not URL'   => array( array( 42 ) ),
		);
	}

	/**
	 * @dataProvider bad_targets
	 *
	 * @param mixed $targets Submitted targets.
	 */
	public function test_rejects_bad_targets_with_a_stable_code( $targets ): void {
		$this->act_as( 'administrator' );
		$response = $this->post( array( 'targets' => $targets ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_param', $response->get_data()['code'] );
	}

	public function test_non_administrators_cannot_run_probes(): void {
		$this->act_as( 'editor' );
		$response = $this->post( array() );
		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 'rest_forbidden', $response->get_data()['code'] );
	}
}
