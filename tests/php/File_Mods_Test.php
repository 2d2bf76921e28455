<?php
/**
 * DISALLOW_FILE_MODS (core's file_mod_allowed filter): the debug switch, "Apply" of credentials
 * and bisection refuse with a stable code before changing anything; /status says which write
 * features are off and why; read-only diagnosis and reverting earlier changes keep working.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Bisection\Sandbox_Installer;
use ProxyHealth\Bisection\Staging\Clone_Registry;
use ProxyHealth\Config\Wp_Config_Editor;
use ProxyHealth\Config\Wp_Config_Locator;
use ProxyHealth\Config\Write_Policy;
use ProxyHealth\Evidence\Evidence_Session;
use WP_REST_Request;
use WP_REST_Response;

final class File_Mods_Test extends Rest_Test_Case {

	private string $config = '';

	/** @var list<string> Contexts core's filter was asked about. */
	private array $asked = array();

	protected function setUp(): void {
		parent::setUp();
		$this->config = (string) file_get_contents( (string) Wp_Config_Locator::locate() );
		$this->act_as( 'administrator' );
	}

	protected function tearDown(): void {
		remove_all_filters( 'file_mod_allowed' );
		if ( null !== Evidence_Session::stored() ) {
			Evidence_Session::stop();
		}
		$editor = Wp_Config_Editor::for_site();
		if ( $editor instanceof Wp_Config_Editor ) {
			$editor->revert( 'file-mods-test' );
		}
		$this->assertSame( $this->config, file_get_contents( (string) Wp_Config_Locator::locate() ) );
		parent::tearDown();
	}

	/** What DISALLOW_FILE_MODS does: core's wp_is_file_mod_allowed() answers false for every context. */
	private function disallow(): void {
		add_filter(
			'file_mod_allowed',
			function ( $allowed, $context ) {
				$this->asked[] = (string) $context;
				return false;
			},
			10,
			2
		);
	}

	/**
	 * @param array<string, mixed> $body JSON body.
	 */
	private function post( string $route, array $body ): WP_REST_Response {
		$request = new WP_REST_Request( 'POST', $route );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( (string) wp_json_encode( $body ) );
		return rest_do_request( $request );
	}

	public function test_the_debug_switch_refuses_and_starts_nothing(): void {
		$this->disallow();
		$response = $this->post( '/proxy-health/v1/evidence-sessions', array( 'minutes' => 5, 'debugConstants' => true ) );
		$this->assertSame( 409, $response->get_status() );
		$this->assertSame( Write_Policy::CODE_FILE_MODS, $response->get_data()['code'] );
		$this->assertStringContainsString( 'DISALLOW_FILE_MODS', $response->get_data()['message'] );
		$this->assertNull( Evidence_Session::stored() );
		$this->assertContains( Write_Policy::CONTEXT_WP_CONFIG, $this->asked );

		// Recording outbound calls writes no file: a session without the switch still starts.
		$plain = $this->post( '/proxy-health/v1/evidence-sessions', array( 'minutes' => 5, 'debugConstants' => false ) );
		$this->assertSame( 201, $plain->get_status() );
	}

	public function test_apply_of_credentials_refuses_before_testing_them(): void {
		$this->disallow();
		$response = $this->post(
			'/proxy-health/v1/proxy-config',
			array(
				'username' => 'someone',
				'password' => 'not-tested',
			)
		);
		$this->assertSame( 409, $response->get_status() );
		$this->assertSame( Write_Policy::CODE_FILE_MODS, $response->get_data()['code'] );
	}

	public function test_the_editor_itself_refuses_and_still_reverts_what_it_wrote_before(): void {
		$editor = Wp_Config_Editor::for_site();
		$this->assertInstanceOf( Wp_Config_Editor::class, $editor );
		$this->assertIsArray( $editor->apply( 'file-mods-test', array( 'PROXY_HEALTH_FILE_MODS_TEST' => true ) ) );
		$this->disallow();
		$refused = $editor->apply( 'file-mods-test-2', array( 'PROXY_HEALTH_FILE_MODS_TEST_2' => true ) );
		$this->assertWPErrorCode( Write_Policy::CODE_FILE_MODS, $refused );
		$this->assertStringNotContainsString( 'PROXY_HEALTH_FILE_MODS_TEST_2', (string) file_get_contents( (string) Wp_Config_Locator::locate() ) );
		// Putting the site back is always allowed.
		$reverted = $editor->revert( 'file-mods-test' );
		$this->assertIsArray( $reverted );
		$this->assertSame( 'restored', $reverted['status'] );
	}

	public function test_bisection_refuses_before_making_a_clone_or_writing_the_loader(): void {
		$this->disallow();
		$clones   = Clone_Registry::all();
		$response = $this->post( '/proxy-health/v1/bisections', array() );
		$this->assertSame( 409, $response->get_status() );
		$this->assertSame( Write_Policy::CODE_FILE_MODS, $response->get_data()['code'] );
		$this->assertSame( $clones, Clone_Registry::all(), 'no clone registered' );
		$this->assertFalse( Sandbox_Installer::is_installed() );
		$this->assertWPErrorCode( Write_Policy::CODE_FILE_MODS, Sandbox_Installer::install() );
		$this->assertFalse( Sandbox_Installer::is_installed() );
		$this->assertContains( Write_Policy::CONTEXT_MU_PLUGIN, $this->asked );
	}

	public function test_status_says_which_write_features_are_off_and_why_while_diagnosis_works(): void {
		$on = rest_do_request( new WP_REST_Request( 'GET', '/proxy-health/v1/status' ) )->get_data();
		foreach ( array( 'debugSwitch', 'applyCredentials', 'bisection' ) as $feature ) {
			$this->assertSame( array( 'available' => true, 'reason' => null ), $on['writeFeatures'][ $feature ], $feature );
		}

		$this->disallow();
		$status = rest_do_request( new WP_REST_Request( 'GET', '/proxy-health/v1/status' ) );
		$this->assertSame( 200, $status->get_status() );
		foreach ( array( 'debugSwitch', 'applyCredentials', 'bisection' ) as $feature ) {
			$this->assertSame( array( 'available' => false, 'reason' => 'file_mods_disallowed' ), $status->get_data()['writeFeatures'][ $feature ], $feature );
		}
		// Read-only diagnosis: a probe run through the real proxy answers as before.
		$probes = $this->post( '/proxy-health/v1/probes', array( 'targets' => array( (string) getenv( 'PROXY_HEALTH_LAB_HTTP_TARGET' ) ) ) );
		$this->assertSame( 200, $probes->get_status(), (string) wp_json_encode( $probes->get_data() ) );
		$this->assertSame( 'fail', $probes->get_data()['verdict'] );
	}

	public function test_an_unwritable_wp_config_is_reported_in_status(): void {
		$file = (string) realpath( (string) Wp_Config_Locator::locate() );
		$mode = fileperms( $file ) & 07777;
		chmod( $file, 0444 );
		try {
			$status = rest_do_request( new WP_REST_Request( 'GET', '/proxy-health/v1/status' ) )->get_data();
		} finally {
			chmod( $file, $mode );
		}
		$this->assertSame( array( 'available' => false, 'reason' => 'config_unwritable' ), $status['writeFeatures']['debugSwitch'] );
		$this->assertSame( array( 'available' => false, 'reason' => 'config_unwritable' ), $status['writeFeatures']['applyCredentials'] );
		$this->assertTrue( $status['writeFeatures']['bisection']['available'] );
	}

	/**
	 * @param mixed $actual
	 */
	private function assertWPErrorCode( string $code, $actual ): void {
		$this->assertInstanceOf( \WP_Error::class, $actual );
		$this->assertSame( $code, $actual->get_error_code() );
	}
}
