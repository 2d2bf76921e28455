<?php
/**
 * GET /proxy-health/v1/allow-list against the real lab WordPress and squid (wrong
 * credentials): a real probe of the lab's target plus recorded evidence calls, deduplicated into
 * destinations with their callers; the text and CSV downloads served raw; CSV escaping; the
 * format check; administrators only; the canary proxy password and URL paths in no format.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Documents\Allow_List_Document;
use ProxyHealth\Evidence\Call_Store;
use WP_REST_Request;
use WP_REST_Response;

final class AllowList_Route_Test extends Rest_Test_Case {

	private const ROUTE = '/proxy-health/v1/allow-list';

	/** A plugin whose name a spreadsheet would run as a formula. */
	private const FORMULA_SLUG = '=HYPERLINK("http://evil.example.test","x")';

	/** The probe report, run once for the whole file (a real request through squid). */
	private static string $target = '';

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		if ( '' === self::$target ) {
			self::$target = self::env( 'PROXY_HEALTH_LAB_HTTP_TARGET' );
			$probe        = new WP_REST_Request( 'POST', '/proxy-health/v1/probes' );
			$probe->set_header( 'Content-Type', 'application/json' );
			$probe->set_body( (string) wp_json_encode( array( 'targets' => array( self::$target ) ) ) );
			$this->assertSame( 200, rest_do_request( $probe )->get_status() );
		}
		$this->seed_calls();
	}

	protected function tearDown(): void {
		Call_Store::delete_rows();
		delete_option( Call_Store::OPTION );
		parent::tearDown();
	}

	private static function env( string $name ): string {
		$value = getenv( $name );
		self::assertIsString( $value, "$name is set by tests/run-php.ts" );
		self::assertNotSame( '', $value );
		return $value;
	}

	/**
	 * Recorded calls: the same host twice from one plugin (paths and a secret-carrying query
	 * differ), once from another plugin on another port, core's version check, a call that
	 * bypassed the proxy, and a plugin whose slug starts a formula.
	 */
	private function seed_calls(): void {
		$canary = self::env( 'PROXY_HEALTH_CANARY' );
		$call   = static fn( string $url, string $type, string $slug, bool $via, string $at ): array => array(
			'at'       => $at,
			'url'      => $url,
			'method'   => 'GET',
			'source'   => array(
				'type' => $type,
				'slug' => $slug,
			),
			'context'  => 'cron',
			'viaProxy' => $via,
			'outcome'  => 'ok',
		);
		Call_Store::reset( 'allow-list-test' );
		Call_Store::append(
			'allow-list-test',
			array(
				$call( 'https://api.example-crm.test/v2/contacts?key=' . rawurlencode( $canary ), 'plugin', 'crm-sync', true, '2026-01-02T10:00:00+00:00' ),
				$call( 'https://API.example-crm.test:443/v2/secret-path', 'plugin', 'crm-sync', true, '2026-01-03T10:00:00+00:00' ),
				$call( 'https://user:' . rawurlencode( $canary ) . '@api.example-crm.test/other', 'plugin', 'newsletter', false, '2026-01-01T10:00:00+00:00' ),
				$call( 'http://api.example-crm.test:8080/', 'plugin', 'crm-sync', true, '2026-01-01T09:00:00+00:00' ),
				$call( 'https://api.wordpress.org/core/version-check/1.7/', 'core', 'wp_version_check', true, '2026-01-01T08:00:00+00:00' ),
				$call( 'https://formula.example.test/', 'plugin', self::FORMULA_SLUG, true, '2026-01-01T08:00:00+00:00' ),
			)
		);
	}

	private function get( string $format ): WP_REST_Response {
		$request = new WP_REST_Request( 'GET', self::ROUTE );
		if ( '' !== $format ) {
			$request->set_query_params( array( 'format' => $format ) );
		}
		return rest_do_request( $request );
	}

	/**
	 * @param array<string, mixed> $document
	 * @return array<string, array<string, mixed>> Destinations by scheme://host:port.
	 */
	private static function by_address( array $document ): array {
		$out = array();
		foreach ( $document['destinations'] as $destination ) {
			$out[ $destination['scheme'] . '://' . $destination['host'] . ':' . $destination['port'] ] = $destination;
		}
		return $out;
	}

	public function test_destinations_are_deduplicated_with_their_callers(): void {
		$response = $this->get( '' );
		$this->assertSame( 200, $response->get_status() );
		$document = $response->get_data();
		$this->assertIsArray( $document );
		$this->assertTrue( rest_validate_value_from_schema( $document, ( new \ProxyHealth\REST\Allow_List_Controller() )->get_item_schema() ) );
		$this->assertSame( 'allow-list-test', $document['evidenceSessionId'] );
		$this->assertIsArray( $document['probeReport'] );

		$list = self::by_address( $document );
		// The lab's target from the real probe, through the proxy.
		$lab = Allow_List_Document::destination( self::$target );
		$this->assertNotNull( $lab );
		$address = $lab['scheme'] . '://' . $lab['host'] . ':' . $lab['port'];
		$this->assertArrayHasKey( $address, $list );
		$this->assertSame( array( 'probe' ), $list[ $address ]['seenIn'] );
		$this->assertSame( 'yes', $list[ $address ]['viaProxy'] );

		// Three calls to one host:port, two plugins, one of them direct; the other port apart.
		$crm = $list['https://api.example-crm.test:443'];
		$this->assertSame( 3, $crm['requests'] );
		$this->assertSame( array( 'crm-sync', 'newsletter' ), array_column( $crm['callers'], 'slug' ) );
		$this->assertSame( 'some', $crm['viaProxy'] );
		$this->assertSame( '2026-01-03T10:00:00+00:00', $crm['lastSeen'] );
		$this->assertSame( 1, $list['http://api.example-crm.test:8080']['requests'] );

		// WordPress.org: core, from the probe report and the recorded version check.
		$org     = $list['https://api.wordpress.org:443'];
		$callers = array_column( $org['callers'], 'type' );
		$this->assertSame( array( 'core' ), array_values( array_unique( $callers ) ) );
		$this->assertContains( 'evidence', $org['seenIn'] );
	}

	public function test_text_and_csv_are_raw_attachments_without_secrets_or_paths(): void {
		$canary = self::env( 'PROXY_HEALTH_CANARY' );
		foreach ( array(
			'text' => 'text/plain',
			'csv'  => 'text/csv',
		) as $format => $type ) {
			$response = $this->get( $format );
			$this->assertSame( 200, $response->get_status() );
			$headers = $response->get_headers();
			$this->assertStringStartsWith( $type, $headers['Content-Type'] );
			$this->assertMatchesRegularExpression( '/^attachment; filename="proxy-health-allow-list-[A-Za-z0-9.-]+-\d{4}-\d{2}-\d{2}\.(txt|csv)"$/', $headers['Content-Disposition'] );

			// Served raw by the real REST server, not JSON-encoded.
			$request = new WP_REST_Request( 'GET', self::ROUTE );
			$request->set_query_params( array( 'format' => $format ) );
			ob_start();
			$served = apply_filters( 'rest_pre_serve_request', false, $response, $request, rest_get_server() );
			$body   = (string) ob_get_clean();
			$this->assertTrue( $served );
			$this->assertSame( $response->get_data(), $body );
			$this->assertStringContainsString( 'api.example-crm.test', $body );
			foreach ( array( $canary, rawurlencode( $canary ), WP_PROXY_PASSWORD, 'secret-path', '/v2/', 'user:' ) as $forbidden ) {
				$this->assertStringNotContainsString( $forbidden, $body, "$format carries $forbidden" );
			}
		}
		$json = (string) wp_json_encode( $this->get( 'json' )->get_data() );
		$this->assertStringNotContainsString( $canary, $json );
		$this->assertStringNotContainsString( 'secret-path', $json );
	}

	public function test_csv_quotes_cells_and_defuses_formulas(): void {
		$csv  = (string) $this->get( 'csv' )->get_data();
		$rows = array_map( 'str_getcsv', explode( "\r\n", rtrim( $csv, "\r\n" ) ) );
		$this->assertSame( array( 'scheme', 'host', 'port', 'callers', 'via_proxy', 'last_seen', 'seen_in', 'requests' ), $rows[0] );
		$formula = null;
		foreach ( $rows as $row ) {
			if ( 'formula.example.test' === $row[1] ) {
				$formula = $row;
			}
		}
		$this->assertNotNull( $formula );
		$this->assertSame( "'" . self::FORMULA_SLUG, $formula[3] );
		$this->assertStringContainsString( '"\'=HYPERLINK(""http://evil.example.test"",""x"")"', $csv );

		$this->assertSame( '"\'-1"', Allow_List_Document::csv_cell( '-1' ) );
		$this->assertSame( '"\'+x"', Allow_List_Document::csv_cell( '+x' ) );
		$this->assertSame( '"\'@x"', Allow_List_Document::csv_cell( '@x' ) );
		$this->assertSame( '"a""b"', Allow_List_Document::csv_cell( 'a"b' ) );
	}

	public function test_a_bad_format_is_rejected(): void {
		$response = $this->get( 'xlsx' );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_param', $response->get_data()['code'] );
	}

	public function test_only_administrators(): void {
		$this->act_as( 'editor' );
		$response = $this->get( 'csv' );
		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 'rest_forbidden', $response->get_data()['code'] );
	}
}
