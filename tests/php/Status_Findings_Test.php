<?php
/**
 * The findings of GET /proxy-health/v1/status on the real lab site.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

final class Status_Findings_Test extends Rest_Test_Case {

	private const ROUTE = '/proxy-health/v1/status';

	private const ENV_SECRET = 'env-secret-Zq9';

	protected function tearDown(): void {
		putenv( 'https_proxy' );
		parent::tearDown();
	}

	/**
	 * @return array<string, mixed>
	 */
	private function status(): array {
		$this->act_as( 'administrator' );
		$response = $this->dispatch( 'GET', self::ROUTE );
		$this->assertSame( 200, $response->get_status() );
		return $response->get_data();
	}

	public function test_the_lab_configuration_is_well_formed(): void {
		// The lab writes complete, well-formed constants before wp-settings.php; only the password
		// is wrong, which a static lint cannot know.
		$findings = $this->status()['findings'];
		$this->assertSame( array( 'proxy_config_ok' ), array_column( $findings, 'code' ) );
		$this->assertSame( 'good', $findings[0]['severity'] );
		$this->assertContains( sprintf( "WP_PROXY_HOST = '%s' (wp-config.php line %d)", WP_PROXY_HOST, $this->line_of( 'WP_PROXY_HOST' ) ), $findings[0]['evidence'] );
		$this->assertContains( sprintf( 'WP_PROXY_PASSWORD is defined (wp-config.php line %d)', $this->line_of( 'WP_PROXY_PASSWORD' ) ), $findings[0]['evidence'] );
	}

	public function test_findings_never_carry_the_password(): void {
		$canary = (string) getenv( 'PROXY_HEALTH_CANARY' );
		$this->assertNotSame( '', $canary );
		$body = (string) wp_json_encode( $this->status() );
		$this->assertStringNotContainsString( $canary, $body );
	}

	public function test_an_environment_proxy_is_listed_with_where_it_was_seen_and_reported_redacted(): void {
		putenv( 'https_proxy=http://envuser:' . self::ENV_SECRET . '@10.9.9.9:8080' );
		$data = $this->status();

		$variables = array_column( $data['environment'], null, 'name' );
		$this->assertArrayHasKey( 'https_proxy', $variables );
		// putenv() changes the process environment, not $_SERVER.
		$this->assertSame( 'getenv', $variables['https_proxy']['seenBy'] );
		$this->assertSame( 'http://envuser:[redacted]@10.9.9.9:8080', $variables['https_proxy']['value'] );

		$findings = array_column( $data['findings'], null, 'code' );
		$this->assertArrayHasKey( 'env_proxy_mismatch', $findings );
		$this->assertSame( 'recommended', $findings['env_proxy_mismatch']['severity'] );
		$this->assertContains( 'https_proxy = http://envuser:[redacted]@10.9.9.9:8080 (getenv)', $findings['env_proxy_mismatch']['evidence'] );
		$this->assertArrayNotHasKey( 'proxy_config_ok', $findings );
		$this->assertStringNotContainsString( self::ENV_SECRET, (string) wp_json_encode( $data ) );
	}

	public function test_the_schema_describes_findings_and_seen_by(): void {
		$this->act_as( 'administrator' );
		$schema = $this->dispatch( 'OPTIONS', self::ROUTE )->get_data()['schema']['properties'];
		$this->assertSame( array( 'critical', 'recommended', 'good' ), $schema['findings']['items']['properties']['severity']['enum'] );
		// Findings have the diagnoses' shape, whose optional culprits only plugin_interference fills.
		$this->assertSame( array( 'code', 'severity', 'title', 'detail', 'remedies', 'evidence', 'culprits' ), array_keys( $schema['findings']['items']['properties'] ) );
		$this->assertNotContains( 'culprits', $schema['findings']['items']['required'] ?? array() );
		$this->assertSame( array( 'getenv', 'server', 'both' ), $schema['environment']['items']['properties']['seenBy']['enum'] );
	}

	/**
	 * Line of a define() in the lab's wp-config.php, found independently of the scanner.
	 */
	private function line_of( string $name ): int {
		$lines = file( ABSPATH . 'wp-config.php' );
		$this->assertIsArray( $lines );
		foreach ( $lines as $index => $line ) {
			if ( str_starts_with( $line, "define( '" . $name . "'," ) ) {
				return $index + 1;
			}
		}
		$this->fail( $name . ' is not defined in the lab wp-config.php' );
	}
}
