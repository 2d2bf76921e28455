<?php
/**
 * Tools → Site Health: the proxy test and the Proxy section, in a real lab WordPress whose
 * squid rejects the site's credentials (tests/run-php.ts).
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Documents\Site_Health_Result_Document;
use ProxyHealth\Site_Health\Site_Health;
use WP_Debug_Data;
use WP_Site_Health;

final class Site_Health_Test extends Rest_Test_Case {

	private const ROUTE = '/proxy-health/v1/site-health';

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		require_once ABSPATH . 'wp-admin/includes/class-wp-site-health.php';
		require_once ABSPATH . 'wp-admin/includes/class-wp-debug-data.php';
	}

	private static function canary(): string {
		$canary = (string) getenv( 'PROXY_HEALTH_CANARY' );
		self::assertNotSame( '', $canary, 'tests/run-php.ts sets the canary proxy password' );
		return $canary;
	}

	public function test_registers_an_async_test_with_our_rest_endpoint_and_a_direct_callable(): void {
		$tests = WP_Site_Health::get_tests();
		$this->assertArrayHasKey( Site_Health_Result_Document::TEST_ID, $tests['async'] );
		$test = $tests['async'][ Site_Health_Result_Document::TEST_ID ];

		$this->assertIsString( $test['label'] );
		$this->assertNotSame( '', $test['label'] );
		$this->assertTrue( $test['has_rest'] );
		$this->assertSame( rest_url( 'proxy-health/v1/site-health' ), $test['test'] );
		$this->assertTrue( is_callable( $test['async_direct_test'] ), 'the weekly scheduled check calls it without a loopback' );
	}

	public function test_endpoint_answers_a_critical_site_health_result_for_the_lab(): void {
		$this->act_as( 'administrator' );
		$response = $this->dispatch( 'GET', self::ROUTE );
		$this->assertSame( 200, $response->get_status() );
		$result = $response->get_data();

		$this->assertEqualsCanonicalizing( array( 'label', 'status', 'badge', 'description', 'actions', 'test' ), array_keys( $result ) );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertSame( Site_Health_Result_Document::TEST_ID, $result['test'] );
		$this->assertSame( 'Proxy', $result['badge']['label'] );
		$this->assertContains( $result['badge']['color'], array( 'blue', 'green', 'red', 'orange', 'purple', 'gray' ) );
		$this->assertStringContainsString( 'rejects the username or password', $result['label'], 'the label names the diagnosis' );
		$this->assertStringContainsString( '407', $result['description'] );
		$this->assertStringContainsString( esc_url( admin_url( 'tools.php?page=proxy-health' ) ), $result['actions'] );
		$this->assertStringNotContainsString( self::canary(), (string) wp_json_encode( $result ) );
	}

	public function test_direct_test_gives_the_same_verdict_as_the_endpoint(): void {
		$test   = WP_Site_Health::get_tests()['async'][ Site_Health_Result_Document::TEST_ID ];
		$result = call_user_func( $test['async_direct_test'] );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertSame( Site_Health_Result_Document::TEST_ID, $result['test'] );
	}

	public function test_maps_each_verdict_to_a_status(): void {
		$this->assertSame( 'good', Site_Health_Result_Document::from_report( array( 'verdict' => 'pass', 'diagnoses' => array() ) )['status'] );
		$this->assertSame( 'recommended', Site_Health_Result_Document::from_report( array( 'verdict' => 'warn', 'diagnoses' => array() ) )['status'] );
		$this->assertSame( 'critical', Site_Health_Result_Document::from_report( array( 'verdict' => 'fail', 'diagnoses' => array() ) )['status'] );
	}

	/**
	 * @return array<string, array{string, int}>
	 */
	public function non_administrators(): array {
		return array(
			'anonymous' => array( 'anonymous', 401 ),
			'editor'    => array( 'editor', 403 ),
		);
	}

	/**
	 * @dataProvider non_administrators
	 */
	public function test_endpoint_requires_an_administrator( string $role, int $status ): void {
		$this->act_as( $role );
		$response = $this->dispatch( 'GET', self::ROUTE );
		$this->assertSame( $status, $response->get_status() );
		$this->assertSame( 'rest_forbidden', $response->get_data()['code'] );
	}

	public function test_debug_section_has_the_proxy_fields_with_credentials_private(): void {
		$info    = apply_filters( 'debug_information', array() );
		$section = $info[ Site_Health::DEBUG_SECTION ];
		$this->assertSame( 'Proxy', $section['label'] );
		$fields = $section['fields'];

		foreach ( array( 'host', 'port', 'username', 'password_set', 'bypass_hosts', 'transports', 'environment' ) as $key ) {
			$this->assertArrayHasKey( $key, $fields );
		}
		$this->assertSame( WP_PROXY_HOST, $fields['host']['value'] );
		$this->assertSame( (string) WP_PROXY_PORT, $fields['port']['value'] );
		$this->assertSame( WP_PROXY_USERNAME, $fields['username']['value'] );
		$this->assertSame( 'Yes', $fields['password_set']['value'] );
		foreach ( array( 'username', 'password_set', 'environment' ) as $key ) {
			$this->assertTrue( $fields[ $key ]['private'] ?? false, "$key is left out of the copied report" );
		}
		$this->assertArrayNotHasKey( 'private', $fields['host'] );
		$this->assertStringContainsString( 'cURL', $fields['transports']['value'] );
	}

	public function test_debug_section_never_holds_the_password_and_the_copied_report_drops_private_fields(): void {
		$info = apply_filters( 'debug_information', array() );
		$json = (string) wp_json_encode( $info[ Site_Health::DEBUG_SECTION ] );
		$this->assertStringNotContainsString( self::canary(), $json );
		$this->assertStringNotContainsString( base64_encode( WP_PROXY_USERNAME . ':' . self::canary() ), $json );

		// What "Copy site info to clipboard" produces.
		$copied = WP_Debug_Data::format( array( Site_Health::DEBUG_SECTION => $info[ Site_Health::DEBUG_SECTION ] ), 'debug' );
		$this->assertStringContainsString( 'host: ' . WP_PROXY_HOST, $copied );
		$this->assertStringNotContainsString( 'username', $copied );
		$this->assertStringNotContainsString( WP_PROXY_USERNAME, $copied );
		$this->assertStringNotContainsString( 'password_set', $copied );
		$this->assertStringNotContainsString( self::canary(), $copied );
	}
}
