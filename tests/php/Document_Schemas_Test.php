<?php
/**
 * The REST answers match the schemas `npm run contract` exports: real answers, checked with
 * WordPress's own schema validation against each route's schema.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use WP_REST_Request;

/**
 * GET /evidence and /evidence/bundle with recorded calls, GET /alerts and
 * /evidence/server-logs: each answer is valid under its route's schema.
 */
final class Document_Schemas_Test extends Rest_Test_Case {

	/**
	 * Answers a GET as an administrator and checks it against the route's schema.
	 *
	 * @param string               $route Route.
	 * @param array<string, mixed> $query Query parameters.
	 * @return array<string, mixed> The answer.
	 */
	private function answer_matches_schema( string $route, array $query = array() ): array {
		$this->act_as( 'administrator' );
		$request = new WP_REST_Request( 'GET', $route );
		$request->set_query_params( $query );
		$response = rest_do_request( $request );
		$this->assertSame( 200, $response->get_status(), $route );
		$schema = rest_get_server()->get_route_options( $route )['schema'] ?? null;
		$this->assertIsCallable( $schema );
		// Through JSON, as a client reads it.
		$data = json_decode( (string) wp_json_encode( $response->get_data() ), true );
		$this->assertIsArray( $data );
		$this->assertTrue( rest_validate_value_from_schema( $data, call_user_func( $schema ), $route ), $route );
		return $data;
	}

	public function test_evidence_with_recorded_calls_and_the_bundle_match_their_schemas(): void {
		// A 407 from the proxy (HTTP status) and a refused CONNECT (error, connect status).
		$session = $this->record_calls( array( self::class, 'send_into_the_407' ) );

		$evidence = $this->answer_matches_schema( '/proxy-health/v1/evidence', array( 'chains' => false ) );
		$this->assertCount( 2, $evidence['calls'] );
		$this->assertArrayHasKey( 'httpStatus', $evidence['calls'][0] );
		$this->assertArrayHasKey( 'error', $evidence['calls'][1] );
		$this->assertSame( $session['id'], $evidence['session']['id'] );

		$bundle = $this->answer_matches_schema( '/proxy-health/v1/evidence/bundle' );
		$this->assertCount( 2, $bundle['evidence']['calls'] );
		$this->assertNotSame( array(), $bundle['htaccess']['chains'] );
	}

	public function test_alerts_and_server_logs_match_their_schemas(): void {
		$alerts = $this->answer_matches_schema( '/proxy-health/v1/alerts' );
		$this->assertIsBool( $alerts['emailEnabled'] );
		$logs = $this->answer_matches_schema( '/proxy-health/v1/evidence/server-logs' );
		$this->assertIsArray( $logs['roots'] );
	}

	public function test_a_schema_refuses_an_answer_without_a_required_field(): void {
		$this->act_as( 'administrator' );
		$schema = call_user_func( rest_get_server()->get_route_options( '/proxy-health/v1/evidence/server-logs' )['schema'] );
		$this->assertWPError( rest_validate_value_from_schema( array( 'paths' => array() ), $schema, 'logs' ) );
	}

	/**
	 * @param mixed $value Anything.
	 */
	private function assertWPError( $value ): void {
		$this->assertInstanceOf( \WP_Error::class, $value );
	}
}
