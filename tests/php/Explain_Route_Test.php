<?php
/**
 * POST /proxy-health/v1/explain on the lab site (proxy on, bypass rules as the lab wrote them).
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Proxy\Proxy_Route_Explainer;
use WP_HTTP_Proxy;
use WP_REST_Request;
use WP_REST_Response;

final class Explain_Route_Test extends Rest_Test_Case {

	private const ROUTE = '/proxy-health/v1/explain';

	/**
	 * @param array<string, mixed> $body JSON body.
	 */
	private function post( array $body ): WP_REST_Response {
		$request = new WP_REST_Request( 'POST', self::ROUTE );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( (string) wp_json_encode( $body ) );
		return rest_do_request( $request );
	}

	public function test_administrator_gets_the_route_of_a_lab_target(): void {
		$this->act_as( 'administrator' );
		$target   = (string) getenv( 'PROXY_HEALTH_LAB_HTTP_TARGET' );
		$response = $this->post( array( 'url' => $target ) );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();

		$this->assertSame( $target, $data['url'] );
		$this->assertSame( wp_parse_url( $target, PHP_URL_HOST ), $data['host'] );
		$this->assertTrue( $data['proxyEnabled'] );
		$this->assertTrue( $data['viaProxy'], 'lab targets sit on 127.0.0.2 so they go through squid' );
		$this->assertSame( ( new WP_HTTP_Proxy() )->send_through_proxy( $target ), $data['viaProxy'] );
		$this->assertContains( $data['reason'], array( 'no_bypass_list', 'not_in_bypass_list' ) );
		$this->assertIsString( $data['detail'] );
		$this->assertSame( array(), $data['hints'] );
		$this->assertArrayNotHasKey( 'matchedRule', $data );
	}

	public function test_the_site_itself_and_localhost_are_direct(): void {
		$this->act_as( 'administrator' );
		$site = $this->post( array( 'url' => get_option( 'siteurl' ) . '/wp-json/' ) )->get_data();
		$this->assertFalse( $site['viaProxy'] );
		$this->assertSame( 'site_host', $site['reason'] );

		$local = $this->post( array( 'url' => 'HTTP://LOCALHOST:8080/' ) )->get_data();
		$this->assertTrue( $local['viaProxy'], 'core compares "localhost" case-sensitively' );
		$this->assertContains( 'case_mismatch', $local['hints'] );
	}

	public function test_a_url_parse_url_rejects_is_explained_not_refused(): void {
		$this->act_as( 'administrator' );
		$response = $this->post( array( 'url' => 'http://example.com:99999/' ) );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( 'unparsable_url', $data['reason'] );
		$this->assertNull( $data['host'] );
		$this->assertTrue( $data['viaProxy'] );
		$this->assertSame( array( 'http_api_rejects_url' ), $data['hints'] );
	}

	public function test_filter_override_names_the_callback(): void {
		$this->act_as( 'administrator' );
		$callback = static fn( $override, string $uri ) => str_contains( $uri, 'intranet.example' ) ? false : $override;
		add_filter( 'pre_http_send_through_proxy', $callback, 7, 2 );
		try {
			$data = $this->post( array( 'url' => 'https://intranet.example/' ) )->get_data();
		} finally {
			remove_filter( 'pre_http_send_through_proxy', $callback, 7 );
		}
		$this->assertFalse( $data['viaProxy'] );
		$this->assertSame( 'filter_override', $data['reason'] );
		$names = array_column( $data['filter']['callbacks'], 'name', 'priority' );
		$this->assertArrayHasKey( 7, $names );
		$this->assertMatchesRegularExpression( '/^Closure at .*Explain_Route_Test\.php:\d+$/', $names[7] );
		$this->assertStringContainsString( $names[7], $data['detail'] );

		$after = $this->post( array( 'url' => 'https://intranet.example/' ) )->get_data();
		$this->assertNotSame( 'filter_override', $after['reason'], 'the filter is gone again' );
	}

	public function test_editor_is_forbidden(): void {
		$this->act_as( 'editor' );
		$response = $this->post( array( 'url' => 'https://api.wordpress.org/' ) );
		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 'rest_forbidden', $response->get_data()['code'] );
	}

	public function test_anonymous_must_log_in(): void {
		$this->act_as( 'anonymous' );
		$response = $this->post( array( 'url' => 'https://api.wordpress.org/' ) );
		$this->assertSame( 401, $response->get_status() );
		$this->assertSame( 'rest_forbidden', $response->get_data()['code'] );
	}

	/**
	 * @return array<string, array{0: mixed, 1: string}>
	 */
	public function bad_url_provider(): array {
		return array(
			'file scheme'      => array( 'file:///etc/passwd', 'http:// or https://' ),
			'gopher scheme'    => array( 'gopher://example.com/', 'http:// or https://' ),
			'relative'         => array( '/wp-json/', 'http:// or https://' ),
			'scheme-relative'  => array( '//example.com/', 'http:// or https://' ),
			'no slashes'       => array( 'http:example.com', 'http:// or https://' ),
			'CR LF'            => array( "http://example.com/\r\nX-Injected: 1", 'control characters' ),
			'LF only'          => array( "http://example.com/\n", 'control characters' ),
			'NUL'              => array( "http://example.com\0.evil/", 'control characters' ),
			'space'            => array( 'http://exa mple.com/', 'spaces' ),
			'tab'              => array( "http://example.com/\t", 'control characters' ),
			'too long'         => array( 'https://example.com/' . str_repeat( 'a', 2048 ), 'at most 2,048 characters' ),
			'not a string'     => array( 42, 'string' ),
			'empty'            => array( '', 'http:// or https://' ),
		);
	}

	/**
	 * @dataProvider bad_url_provider
	 *
	 * @param mixed  $url     Submitted value.
	 * @param string $message Part of the message expected for the url parameter.
	 */
	public function test_bad_urls_are_rejected_with_a_clear_message( $url, string $message ): void {
		$this->act_as( 'administrator' );
		$response = $this->post( array( 'url' => $url ) );
		$this->assertSame( 400, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( 'rest_invalid_param', $data['code'] );
		$this->assertStringContainsString( $message, $data['data']['params']['url'] );
	}

	public function test_a_url_of_exactly_2048_characters_is_accepted(): void {
		$this->act_as( 'administrator' );
		$url = 'https://example.com/' . str_repeat( 'a', 2048 - strlen( 'https://example.com/' ) );
		$this->assertSame( 200, $this->post( array( 'url' => $url ) )->get_status() );
	}

	public function test_missing_url_is_a_400(): void {
		$this->act_as( 'administrator' );
		$response = $this->post( array() );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_missing_callback_param', $response->get_data()['code'] );
		$this->assertSame( array( 'url' ), $response->get_data()['data']['params'] );
	}

	public function test_the_schema_lists_every_reason_and_hint(): void {
		$this->act_as( 'administrator' );
		$schema = rest_do_request( new WP_REST_Request( 'OPTIONS', self::ROUTE ) )->get_data()['schema'];
		$this->assertSame( Proxy_Route_Explainer::REASONS, $schema['properties']['reason']['enum'] );
		// Hints stay open (filters may add some): the known ones are listed as the ExplainHint codes.
		$this->assertSame( 'ExplainHint', $schema['properties']['hints']['items']['x-codes'] );
		$this->assertContains( 'bypass_entry_has_space', $schema['properties']['hints']['items']['examples'] );
		$this->assertSame( array( 'string', 'null' ), $schema['properties']['host']['type'] );
	}

	public function test_no_secret_in_the_answer(): void {
		$this->act_as( 'administrator' );
		$canary = (string) getenv( 'PROXY_HEALTH_CANARY' );
		$this->assertNotSame( '', $canary );
		$body = (string) wp_json_encode( $this->post( array( 'url' => (string) getenv( 'PROXY_HEALTH_LAB_HTTPS_TARGET' ) ) )->get_data() );
		$this->assertStringNotContainsString( $canary, $body );
	}
}
