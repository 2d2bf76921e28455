<?php
/**
 * GET /proxy-health/v1/evidence/bundle against the real lab WordPress and squid (wrong
 * credentials): both formats, the download headers, the HTML page served raw through the real
 * REST server, escaping, and the canary proxy password in none of its forms.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Documents\Evidence_Bundle_Document;
use ProxyHealth\Evidence\Call_Recorder;
use ProxyHealth\Evidence\Evidence_Session;
use WP_REST_Request;
use WP_REST_Response;

final class Evidence_Bundle_Test extends Rest_Test_Case {

	private const ROUTE = '/proxy-health/v1/evidence/bundle';

	private string $htaccess = '';

	protected function tearDown(): void {
		if ( null !== Evidence_Session::stored() ) {
			Evidence_Session::stop();
		}
		if ( '' !== $this->htaccess && is_file( $this->htaccess ) ) {
			unlink( $this->htaccess );
		}
		parent::tearDown();
	}

	private static function env( string $name ): string {
		$value = getenv( $name );
		self::assertIsString( $value, "$name is set by tests/run-php.ts" );
		self::assertNotSame( '', $value );
		return $value;
	}

	private function bundle( string $format ): WP_REST_Response {
		$request = new WP_REST_Request( 'GET', self::ROUTE );
		$request->set_query_params( array( 'format' => $format ) );
		return rest_do_request( $request );
	}

	/**
	 * Puts the canary where evidence is collected from: a probe through squid with the site's
	 * (wrong) credentials, an outbound call recorded with it in a query value no key-based
	 * redaction catches, and an .htaccess rule with it as a URL password.
	 */
	private function seed_evidence_with_the_canary(): string {
		$canary = self::env( 'PROXY_HEALTH_CANARY' );
		$target = self::env( 'PROXY_HEALTH_LAB_HTTP_TARGET' );
		$this->act_as( 'administrator' );

		$probe = new WP_REST_Request( 'POST', '/proxy-health/v1/probes' );
		$probe->set_header( 'Content-Type', 'application/json' );
		$probe->set_body( (string) wp_json_encode( array( 'targets' => array( $target ) ) ) );
		$this->assertSame( 200, rest_do_request( $probe )->get_status() );

		$session = Evidence_Session::start( 5, false );
		$this->assertIsArray( $session );
		$recorder = new Call_Recorder( $session['id'] );
		$recorder->register();
		wp_remote_get( $target . '?note=' . rawurlencode( $canary ) . '&basic=' . base64_encode( WP_PROXY_USERNAME . ':' . $canary ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions -- the form a leak would take.
		$recorder->flush();
		$recorder->unregister();

		$this->htaccess = ABSPATH . '.htaccess';
		$this->assertFileDoesNotExist( $this->htaccess );
		file_put_contents(
			$this->htaccess,
			"# Rules an admin pasted.\nRedirect 302 /sso http://" . WP_PROXY_USERNAME . ':' . $canary . "@sso.example.test/\nRedirect 301 /<script>alert(1)</script> http://example.test/\n"
		);
		return $canary;
	}

	public function test_only_administrators_and_only_known_formats(): void {
		foreach ( array( 'anonymous' => 401, 'editor' => 403 ) as $role => $status ) {
			$this->act_as( $role );
			$this->assertSame( $status, $this->bundle( 'json' )->get_status() );
		}
		$this->act_as( 'administrator' );
		$response = $this->bundle( 'pdf' );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_param', $response->get_data()['code'] );
	}

	public function test_neither_format_contains_the_canary_in_any_form(): void {
		$canary    = $this->seed_evidence_with_the_canary();
		$forbidden = array(
			'raw'               => $canary,
			'url-encoded'       => rawurlencode( $canary ),
			'base64 user:pass'  => base64_encode( WP_PROXY_USERNAME . ':' . $canary ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions
			'base64 unpadded'   => rtrim( base64_encode( WP_PROXY_USERNAME . ':' . $canary ), '=' ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions
			'base64 password'   => base64_encode( $canary ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions
		);

		$json = $this->bundle( 'json' );
		$this->assertSame( 200, $json->get_status() );
		$document = $json->get_data();
		$this->assertIsArray( $document );
		$text = (string) wp_json_encode( $document, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );

		// The seeded evidence is really in the bundle, so the absence below means something.
		$this->assertNotEmpty( $document['latestProbeReport'] );
		$this->assertSame( 'proxy_auth_required', $document['latestProbeReport']['results'][0]['outcome'] );
		$this->assertStringContainsString( '?note=[redacted]', $document['evidence']['calls'][0]['url'] );
		$this->assertSame( array( 2, 3 ), array_column( $document['htaccess']['rules'], 'line' ) );
		$this->assertSame( array( 'home', 'robots', 'sitemap' ), array_column( $document['htaccess']['chains'], 'entryPoint' ) );
		foreach ( array( 'generatedAt', 'site', 'status', 'latestProbeReport', 'evidence', 'htaccess', 'changes', 'hooks' ) as $key ) {
			$this->assertArrayHasKey( $key, $document );
		}

		$html = $this->bundle( 'html' );
		$this->assertSame( 200, $html->get_status() );
		$page = $html->get_data();
		$this->assertIsString( $page );
		foreach ( $forbidden as $form => $value ) {
			$this->assertStringNotContainsString( $value, $text, "JSON: $form" );
			$this->assertStringNotContainsString( $value, $page, "HTML: $form" );
		}
	}

	public function test_downloads_carry_their_file_name_and_the_html_is_self_contained_and_escaped(): void {
		$this->seed_evidence_with_the_canary();
		$host = (string) wp_parse_url( home_url(), PHP_URL_HOST );
		$date = gmdate( 'Y-m-d' );
		foreach ( array( 'json', 'html' ) as $format ) {
			$headers = $this->bundle( $format )->get_headers();
			$this->assertSame( 'attachment; filename="proxy-health-evidence-' . $host . '-' . $date . '.' . $format . '"', $headers['Content-Disposition'] );
		}
		$response = $this->bundle( 'html' );
		$this->assertStringStartsWith( 'text/html', $response->get_headers()['Content-Type'] );
		$page = (string) $response->get_data();
		$this->assertStringStartsWith( '<!DOCTYPE html>', $page );
		$this->assertStringContainsString( '@media print', $page );
		// The panel opens the page from a blob: URL, which carries no header: the policy must be in the page.
		$this->assertStringContainsString( '<meta http-equiv="Content-Security-Policy" content="default-src &#039;none&#039;; style-src &#039;unsafe-inline&#039;; base-uri &#039;none&#039;; form-action &#039;none&#039;">', $page );
		$this->assertSame( Evidence_Bundle_Document::HTML_CSP, $response->get_headers()['Content-Security-Policy'] );
		$this->assertLessThan( strpos( $page, '<style>' ), strpos( $page, 'Content-Security-Policy' ), 'the policy precedes the styles it allows' );
		$this->assertStringNotContainsString( '<script', $page, 'the rule text is escaped' );
		$this->assertStringContainsString( '&lt;script&gt;alert(1)&lt;/script&gt;', $page );
		$this->assertDoesNotMatchRegularExpression( '/<(?:link|img|iframe|object)\b|\bsrc=|@import|url\(/i', $page, 'no external assets' );
		$this->assertSame( 1, preg_match_all( '/<html/', $page ) );
		$this->assertNotFalse( ( new \DOMDocument() )->loadHTML( $page, LIBXML_NOERROR ), 'parses as HTML' );
	}

	public function test_the_html_is_printed_raw_through_rest_pre_serve_request(): void {
		// WP_REST_Server::serve_request() itself sends headers, which PHPUnit's output forbids here;
		// the filter it calls is run as it calls it. tests/integration/htaccess-audit.test.ts fetches
		// the page over real HTTP.
		$this->act_as( 'administrator' );
		$printed = array();
		foreach ( array( 'html', 'json' ) as $format ) {
			$request = new WP_REST_Request( 'GET', self::ROUTE );
			$request->set_query_params( array( 'format' => $format ) );
			$response = rest_do_request( $request );
			ob_start();
			$served             = apply_filters( 'rest_pre_serve_request', false, $response, $request, rest_get_server() );
			$printed[ $format ] = array( $served, (string) ob_get_clean() );
		}
		$this->assertTrue( $printed['html'][0] );
		$this->assertStringStartsWith( '<!DOCTYPE html>', $printed['html'][1], 'not a JSON string' );
		$this->assertFalse( $printed['json'][0], 'JSON is left to the REST server' );
		$this->assertSame( '', $printed['json'][1] );
	}
}
