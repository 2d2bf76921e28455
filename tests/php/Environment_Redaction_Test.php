<?php
/**
 * Environment proxy variables whose password holds "@", "/" and other awkward characters never
 * reach any output whole: GET /status (environment and findings), GET /report, Site Health →
 * Info and the evidence bundle, in a real lab WordPress (tests/run-php.ts).
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Documents\Evidence_Bundle_Document;
use ProxyHealth\Proxy\Environment;
use WP_Debug_Data;

final class Environment_Redaction_Test extends Rest_Test_Case {

	/** Variables this test sets, with the password each carries. */
	private const VARIABLES = array(
		'http_proxy'  => array( 'http://jdoe@corp.example:Pa/ss-http@proxy.corp.test:3128', 'Pa/ss-http' ),
		'https_proxy' => array( 'http://svc:Sl@sh/Hash#Q?x@proxy.corp.test:3128', 'Sl@sh/Hash#Q?x' ),
		'ALL_PROXY'   => array( 'socks5h://u:sp ace%20é@proxy.corp.test:1080', 'sp ace%20é' ),
	);

	/** @var array<string, string|false> */
	private array $saved = array();

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		require_once ABSPATH . 'wp-admin/includes/class-wp-debug-data.php';
		require_once ABSPATH . 'wp-admin/includes/update.php';
		require_once ABSPATH . 'wp-admin/includes/misc.php';
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		require_once ABSPATH . 'wp-admin/includes/theme.php';
		require_once ABSPATH . 'wp-admin/includes/file.php';
	}

	protected function setUp(): void {
		parent::setUp();
		foreach ( self::VARIABLES as $name => $variable ) {
			$this->saved[ $name ] = getenv( $name );
			putenv( $name . '=' . $variable[0] );
		}
		// Web servers hand some variables to PHP as server variables only.
		$_SERVER['https_proxy'] = self::VARIABLES['https_proxy'][0];
	}

	protected function tearDown(): void {
		foreach ( $this->saved as $name => $value ) {
			putenv( false === $value ? $name : $name . '=' . $value );
		}
		unset( $_SERVER['https_proxy'] );
		parent::tearDown();
	}

	private function assertNoPassword( string $where, string $text ): void {
		foreach ( self::VARIABLES as $name => $variable ) {
			$this->assertStringNotContainsString( $variable[1], $text, $where . ' shows the password of ' . $name );
			$this->assertStringNotContainsString( rawurlencode( $variable[1] ), $text, $where . ' shows the encoded password of ' . $name );
		}
	}

	public function test_the_environment_list_masks_up_to_the_last_at_sign(): void {
		$values = array();
		foreach ( Environment::proxy_variables() as $variable ) {
			$values[ $variable['name'] ] = $variable['value'];
		}
		$this->assertSame( 'http://jdoe@corp.example:[redacted]@proxy.corp.test:3128', $values['http_proxy'] );
		$this->assertSame( 'http://svc:[redacted]@proxy.corp.test:3128', $values['https_proxy'] );
		$this->assertSame( 'socks5h://u:[redacted]@proxy.corp.test:1080', $values['ALL_PROXY'] );
	}

	public function test_status_report_site_health_and_bundle_never_show_the_passwords(): void {
		$this->act_as( 'administrator' );
		$status = $this->dispatch( 'GET', '/proxy-health/v1/status' );
		$this->assertSame( 200, $status->get_status() );
		$json = (string) wp_json_encode( $status->get_data(), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE );
		$this->assertStringContainsString( 'jdoe@corp.example:[redacted]@proxy.corp.test:3128', $json, 'the variable is listed, masked' );
		$this->assertNoPassword( 'GET /status', $json );

		$report = $this->dispatch( 'GET', '/proxy-health/v1/report' );
		$this->assertSame( 200, $report->get_status() );
		$this->assertNoPassword( 'GET /report', (string) wp_json_encode( $report->get_data(), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) );

		$info = WP_Debug_Data::debug_data();
		$this->assertArrayHasKey( 'proxy-health', $info );
		$this->assertNoPassword( 'Site Health → Info', (string) wp_json_encode( $info, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) );
		$this->assertNoPassword( 'Site Health → Info (copied text)', WP_Debug_Data::format( $info, 'debug' ) );

		$bundle = Evidence_Bundle_Document::build();
		$this->assertNoPassword( 'the evidence bundle', (string) wp_json_encode( $bundle, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) );
		$this->assertNoPassword( 'the printable bundle', Evidence_Bundle_Document::to_html( $bundle ) );
	}

	public function test_site_health_info_masks_the_private_folder_in_wp_debug_log(): void {
		$log  = WP_CONTENT_DIR . '/uploads/proxy-health-' . str_repeat( 'ab', 16 ) . '/debug-0123456789abcdef.log';
		$info = apply_filters(
			'debug_information',
			array(
				'wp-constants' => array(
					'label'  => 'WordPress Constants',
					'fields' => array(
						'WP_DEBUG_LOG' => array(
							'label' => 'WP_DEBUG_LOG',
							'value' => $log,
							'debug' => $log,
						),
					),
				),
			)
		);
		$field = $info['wp-constants']['fields']['WP_DEBUG_LOG'];
		$this->assertStringNotContainsString( str_repeat( 'ab', 16 ), $field['value'] . $field['debug'] );
		$this->assertSame( '[private]/debug-[private].log', $field['value'] );
		$this->assertStringNotContainsString( str_repeat( 'ab', 16 ), WP_Debug_Data::format( $info, 'debug' ) );
	}
}
