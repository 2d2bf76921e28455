<?php
/**
 * GET /proxy-health/v1/report on the lab site, whose proxy rejects the site's credentials.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Report\Probe_Check;
use WP_REST_Request;
use WP_REST_Response;

final class Report_Route_Test extends Rest_Test_Case {

	private const ROUTE = '/proxy-health/v1/report';

	/**
	 * @param array<string, mixed> $query Query parameters.
	 */
	private function get( array $query = array() ): WP_REST_Response {
		$request = new WP_REST_Request( 'GET', self::ROUTE );
		$request->set_query_params( $query );
		return rest_do_request( $request );
	}

	/**
	 * @return array<string, array{string, int}>
	 */
	public function outsiders(): array {
		return array(
			'anonymous'  => array( 'anonymous', 401 ),
			'subscriber' => array( 'subscriber', 403 ),
			'editor'     => array( 'editor', 403 ),
		);
	}

	/**
	 * @dataProvider outsiders
	 */
	public function test_only_administrators_get_the_report( string $role, int $status ): void {
		$this->act_as( $role );
		$response = $this->get();
		$this->assertSame( $status, $response->get_status() );
		$this->assertSame( 'rest_forbidden', $response->get_data()['code'] );
	}

	public function test_the_document_holds_every_part(): void {
		$this->act_as( 'administrator' );
		$response = $this->get();
		$this->assertSame( 200, $response->get_status() );
		$report = $response->get_data();

		$this->assertSame( array( 'generatedAt', 'site', 'status', 'latestProbeReport', 'hooks', 'inbound', 'evidence', 'bisections' ), array_keys( $report ) );
		$this->assertEqualsWithDelta( time(), strtotime( $report['generatedAt'] ), 5 );
		$this->assertSame(
			array(
				'url' => home_url(),
				'wp'  => $GLOBALS['wp_version'],
				'php' => PHP_VERSION,
			),
			$report['site']
		);
		$this->assertSame( $this->dispatch( 'GET', '/proxy-health/v1/status' )->get_data(), $report['status'] );
		$this->assertSame( $this->dispatch( 'GET', '/proxy-health/v1/hooks' )->get_data(), $report['hooks'] );
		// Compared as JSON: the fingerprint's plugin list is an object.
		$this->assertSame( wp_json_encode( ( new Probe_Check() )->latest() ), wp_json_encode( $report['latestProbeReport'] ) );
		$this->assertNull( $report['inbound'], 'only with inbound=1' );
		$this->assertNull( $report['evidence'] );
		$this->assertNull( $report['bisections'] );
	}

	public function test_run_probes_now_and_keeps_the_run_as_the_latest(): void {
		$this->act_as( 'administrator' );
		$report = $this->get( array( 'run' => '1' ) )->get_data();
		$probe  = $report['latestProbeReport'];

		$this->assertIsArray( $probe );
		$this->assertSame( 'fail', $probe['verdict'], 'squid rejects the site\'s credentials' );
		$this->assertContains( 'proxy_auth_rejected', array_column( $probe['diagnoses'], 'code' ) );
		$this->assertEqualsWithDelta( time(), strtotime( $probe['createdAt'] ), 30 );
		if ( Probe_Check::has_history() ) {
			$this->assertSame( $probe['id'], $this->get()->get_data()['latestProbeReport']['id'] ?? null );
		}
	}

	public function test_inbound_on_request(): void {
		$this->act_as( 'administrator' );
		$inbound = $this->get( array( 'inbound' => 'true' ) )->get_data()['inbound'];
		$this->assertIsArray( $inbound );
		$this->assertContains( $inbound['verdict'], array( 'pass', 'warn', 'fail' ) );
		$this->assertNotEmpty( $inbound['chains'] );
	}

	/**
	 * @return array<string, array{array<string, string>}>
	 */
	public function bad_flags(): array {
		return array(
			'run=yes'       => array( array( 'run' => 'yes' ) ),
			'run=2'         => array( array( 'run' => '2' ) ),
			'run=on'        => array( array( 'run' => 'on' ) ),
			'inbound=maybe' => array( array( 'inbound' => 'maybe' ) ),
		);
	}

	/**
	 * @dataProvider bad_flags
	 *
	 * @param array<string, string> $query Query parameters.
	 */
	public function test_flags_must_be_booleans( array $query ): void {
		$this->act_as( 'administrator' );
		$response = $this->get( $query );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_param', $response->get_data()['code'] );
		$this->assertArrayHasKey( (string) array_key_first( $query ), $response->get_data()['data']['params'] );
	}

	public function test_no_secret_in_the_report(): void {
		$this->act_as( 'administrator' );
		$canary = (string) getenv( 'PROXY_HEALTH_CANARY' );
		$this->assertNotSame( '', $canary, 'PROXY_HEALTH_CANARY is set by tests/run-php.ts' );
		$this->assertSame( WP_PROXY_PASSWORD, $canary, 'the canary is the site\'s proxy password' );

		$json = (string) wp_json_encode( $this->get( array( 'run' => '1', 'inbound' => '1' ) )->get_data() );
		$this->assertStringContainsString( 'Proxy-Authorization: Basic [redacted]', $json, 'the fresh run sent credentials; the transcript says so without them' );
		$this->assertStringNotContainsString( $canary, $json );
		$this->assertStringNotContainsString( base64_encode( WP_PROXY_USERNAME . ':' . $canary ), $json );
	}

	public function test_schema_names_every_part(): void {
		$response = rest_do_request( new WP_REST_Request( 'OPTIONS', self::ROUTE ) );
		$schema   = $response->get_data()['schema'];
		$this->assertSame( 'proxy-health-report', $schema['title'] );
		$this->assertSame( array( 'generatedAt', 'site', 'status', 'latestProbeReport', 'hooks', 'inbound', 'evidence', 'bisections' ), array_keys( $schema['properties'] ) );
		$this->assertSame( array( 'object', 'null' ), $schema['properties']['latestProbeReport']['type'] );
		$this->assertArrayHasKey( 'verdict', $schema['properties']['latestProbeReport']['properties'] );
		$this->assertArrayHasKey( 'findings', $schema['properties']['status']['properties'] );
		$this->assertSame( 'boolean', $response->get_data()['endpoints'][0]['args']['run']['type'] );
	}
}
