<?php
/**
 * Evidence sessions against the real lab WordPress and squid (wrong credentials): the REST
 * routes, the outbound-call recorder, the debug switch and its expiry revert, log tails.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Config\Wp_Config_Editor;
use ProxyHealth\Config\Wp_Config_Locator;
use ProxyHealth\Evidence\Call_Recorder;
use ProxyHealth\Evidence\Call_Store;
use ProxyHealth\Evidence\Evidence_Session;
use ProxyHealth\Evidence\Log_Tail;
use WP_REST_Request;
use WP_REST_Response;

final class Evidence_Session_Test extends Rest_Test_Case {

	private const SESSIONS = '/proxy-health/v1/evidence-sessions';

	/** A must-use plugin written into the lab site, so a call has a real non-core owner. */
	private const MU_CALLER = 'evidence-test-caller.php';

	private string $config = '';

	protected function setUp(): void {
		parent::setUp();
		$this->config = (string) file_get_contents( (string) Wp_Config_Locator::locate() );
	}

	protected function tearDown(): void {
		if ( null !== Evidence_Session::stored() ) {
			Evidence_Session::stop();
		}
		$mu = WPMU_PLUGIN_DIR . '/' . self::MU_CALLER;
		if ( is_file( $mu ) ) {
			unlink( $mu );
		}
		// Whatever a test did, the lab's wp-config.php must be as it was.
		$this->assertSame( $this->config, file_get_contents( (string) Wp_Config_Locator::locate() ) );
		parent::tearDown();
	}

	/**
	 * @param array<string, mixed> $body JSON body.
	 */
	private function request( string $method, string $route, array $body = array() ): WP_REST_Response {
		$request = new WP_REST_Request( $method, $route );
		if ( array() !== $body ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( (string) wp_json_encode( $body ) );
		}
		return rest_do_request( $request );
	}

	public function test_only_administrators_may_use_the_routes(): void {
		foreach ( array( 'anonymous' => 401, 'editor' => 403 ) as $role => $status ) {
			$this->act_as( $role );
			$this->assertSame( $status, $this->request( 'POST', self::SESSIONS, array( 'minutes' => 5 ) )->get_status() );
			$this->assertSame( $status, $this->request( 'GET', self::SESSIONS . '/current' )->get_status() );
			$this->assertSame( $status, $this->request( 'DELETE', self::SESSIONS . '/current' )->get_status() );
			$this->assertSame( $status, $this->request( 'GET', '/proxy-health/v1/evidence' )->get_status() );
		}
		$this->assertNull( Evidence_Session::stored() );
	}

	public function test_arguments_are_validated(): void {
		$this->act_as( 'administrator' );
		foreach ( array( array( 'minutes' => 0 ), array( 'minutes' => 1441 ), array( 'minutes' => 'ten' ), array( 'debugConstants' => 'perhaps' ) ) as $body ) {
			$response = $this->request( 'POST', self::SESSIONS, $body );
			$this->assertSame( 400, $response->get_status(), (string) wp_json_encode( $body ) );
			$this->assertSame( 'rest_invalid_param', $response->get_data()['code'] );
		}
		$request = new WP_REST_Request( 'GET', '/proxy-health/v1/evidence' );
		$request->set_query_params( array( 'logKb' => 65 ) );
		$this->assertSame( 400, rest_do_request( $request )->get_status() );
		$this->assertNull( Evidence_Session::stored() );
	}

	public function test_session_lifecycle_over_rest(): void {
		$this->act_as( 'administrator' );
		$this->assertSame( 404, $this->request( 'GET', self::SESSIONS . '/current' )->get_status() );
		$this->assertSame( 'proxy_health_no_evidence_session', $this->request( 'DELETE', self::SESSIONS . '/current' )->get_data()['code'] );

		$created = $this->request( 'POST', self::SESSIONS, array() );
		$this->assertSame( 201, $created->get_status() );
		$session = $created->get_data();
		$this->assertFalse( $session['debugConstants'] );
		$this->assertSame( 15 * 60, strtotime( $session['expiresAt'] ) - strtotime( $session['startedAt'] ), 'default 15 minutes' );
		$this->assertSame( strtotime( $session['expiresAt'] ), wp_next_scheduled( Evidence_Session::CRON_HOOK, array( $session['id'] ) ), 'one expiry event, at expiry' );

		$this->assertSame( $session, $this->request( 'GET', self::SESSIONS . '/current' )->get_data() );
		$again = $this->request( 'POST', self::SESSIONS, array( 'minutes' => 5 ) );
		$this->assertSame( 409, $again->get_status() );
		$this->assertSame( 'proxy_health_evidence_session_active', $again->get_data()['code'] );

		$evidence = $this->request( 'GET', '/proxy-health/v1/evidence' )->get_data();
		$this->assertSame( $session, $evidence['session'] );
		$this->assertSame( array(), $evidence['calls'] );
		// The lab site has no .htaccess; the audit itself is tested in Htaccess_Audit_Test.
		$this->assertSame( array( 'files', 'rules', 'chains' ), array_keys( $evidence['htaccess'] ) );
		$this->assertSame( array(), $evidence['htaccess']['rules'] );

		$deleted = $this->request( 'DELETE', self::SESSIONS . '/current' );
		$this->assertSame( 200, $deleted->get_status() );
		$this->assertSame( $session, $deleted->get_data()['stopped'] );
		$this->assertNull( $deleted->get_data()['config'] );
		$this->assertFalse( wp_next_scheduled( Evidence_Session::CRON_HOOK, array( $session['id'] ) ) );
		$this->assertSame( '', get_option( Evidence_Session::OPTION ), 'the row stays, empty and autoloaded' );
		$this->assertNull( $this->request( 'GET', '/proxy-health/v1/evidence' )->get_data()['session'] );
	}

	public function test_calls_through_the_407_proxy_are_recorded_attributed_and_redacted(): void {
		$session = Evidence_Session::start( 5, false );
		$this->assertIsArray( $session );
		file_put_contents(
			WPMU_PLUGIN_DIR . '/' . self::MU_CALLER,
			"<?php\nfunction proxy_health_test_mu_call( string \$url ) {\n\treturn wp_remote_get( \$url, array( 'timeout' => 10 ) );\n}\n"
		);
		require_once WPMU_PLUGIN_DIR . '/' . self::MU_CALLER;

		$recorder = new Call_Recorder( $session['id'] );
		$recorder->register();
		try {
			// The proxy password in a parameter whose name says nothing must not be stored either.
			$http  = rtrim( (string) getenv( 'PROXY_HEALTH_LAB_HTTP_TARGET' ), '/' ) . '/check?api_key=SECRET-KEY-1&page=2&license_key=SECRET-KEY-2&note=' . rawurlencode( WP_PROXY_PASSWORD );
			$https = (string) getenv( 'PROXY_HEALTH_LAB_HTTPS_TARGET' );
			proxy_health_test_mu_call( $http );
			wp_remote_get( $https, array( 'timeout' => 10 ) );
			// Answered by a filter: never sent, so never recorded.
			$short = static fn() => array( 'response' => array( 'code' => 200 ) );
			add_filter( 'pre_http_request', $short );
			wp_remote_get( 'http://127.0.0.9/never-sent' );
			remove_filter( 'pre_http_request', $short );
			$recorder->flush();
		} finally {
			$recorder->unregister();
		}

		$calls = Call_Store::read()['calls'];
		$this->assertCount( 2, $calls );
		list( $plain, $tls ) = $calls;

		$this->assertSame( array( 'type' => 'mu-plugin', 'slug' => 'evidence-test-caller' ), $plain['source'] );
		$this->assertSame( 'cli', $plain['context'] );
		$this->assertSame( 'GET', $plain['method'] );
		$this->assertTrue( $plain['viaProxy'] );
		$this->assertSame( 'proxy_auth_required', $plain['outcome'] );
		$this->assertSame( 407, $plain['httpStatus'] );
		$this->assertSame( array( 'Basic' ), $plain['proxyAuthOffered'] );
		$this->assertStringContainsString( 'api_key=[redacted]&page=2&license_key=[redacted]&note=[redacted]', $plain['url'] );
		$this->assertStringNotContainsString( WP_PROXY_PASSWORD, (string) wp_json_encode( $calls ) );
		$this->assertGreaterThan( 0, $plain['timingsMs']['total'] );

		// Called from this test (not a plugin): core, named by the first function outside the HTTP API.
		$this->assertSame( 'core', $tls['source']['type'] );
		$this->assertSame( __CLASS__ . '::' . __FUNCTION__, $tls['source']['slug'] );
		$this->assertSame( 'proxy_auth_required', $tls['outcome'] );
		$this->assertSame( 407, $tls['connectStatus'] );
		$this->assertArrayNotHasKey( 'httpStatus', $tls );
		$this->assertSame( 'http_request_failed', $tls['error']['code'] );
		$this->assertContains( 'Basic', $tls['proxyAuthOffered'] );

		global $wpdb;
		$stored = implode( "\n", $wpdb->get_col( $wpdb->prepare( 'SELECT option_value FROM %i WHERE option_name LIKE %s OR option_name = %s', $wpdb->options, $wpdb->esc_like( Call_Store::ROW_PREFIX ) . '%', Call_Store::OPTION ) ) );
		$this->assertStringContainsString( 'api_key=[redacted]', $stored );
		$this->assertStringNotContainsString( 'SECRET-KEY', $stored );
		$this->assertStringNotContainsString( (string) getenv( 'PROXY_HEALTH_CANARY' ), $stored );

		$this->act_as( 'administrator' );
		$evidence = $this->request( 'GET', '/proxy-health/v1/evidence' );
		$this->assertSame( $calls, $evidence->get_data()['calls'] );
		$this->assertStringNotContainsString( (string) getenv( 'PROXY_HEALTH_CANARY' ), (string) wp_json_encode( $evidence->get_data() ) );
	}

	public function test_the_store_keeps_the_newest_calls_within_its_bound_and_counts_what_it_drops(): void {
		global $wpdb;
		Call_Store::reset( 'bounded' );
		$calls = array();
		for ( $i = 0; $i < Call_Store::LIMIT + 120; $i++ ) {
			$calls[] = array( 'url' => 'http://127.0.0.2/' . $i );
		}
		foreach ( array_chunk( $calls, Call_Store::ROW_CALLS ) as $request ) {
			Call_Store::append( 'bounded', $request );
		}
		$stored = Call_Store::read();
		$this->assertCount( Call_Store::LIMIT, $stored['calls'] );
		$this->assertSame( 120, $stored['dropped'], 'every dropped call is counted' );
		$this->assertSame( 'http://127.0.0.2/120', $stored['calls'][0]['url'] );
		$this->assertSame( 'http://127.0.0.2/619', end( $stored['calls'] )['url'] );
		$rows = (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM %i WHERE option_name LIKE %s', $wpdb->options, $wpdb->esc_like( Call_Store::ROW_PREFIX ) . '%' ) );
		$this->assertLessThanOrEqual( (int) ceil( Call_Store::LIMIT / Call_Store::ROW_CALLS ) + 2, $rows, 'the oldest rows are deleted, not kept' );

		// One request making more calls than a row holds: the newest kept, the rest counted.
		Call_Store::append( 'bounded', array_fill( 0, Call_Store::ROW_CALLS + 7, array( 'url' => 'http://127.0.0.2/many' ) ) );
		$this->assertSame( 120 + Call_Store::ROW_CALLS + 7, Call_Store::read()['dropped'] );

		Call_Store::append( 'an-older-session', array( array( 'url' => 'x' ) ) );
		$this->assertNotContains( array( 'url' => 'x' ), Call_Store::read()['calls'], 'a request of another session does not mix in' );
		Call_Store::reset( 'another-session' );
		$this->assertSame( array(), Call_Store::read()['calls'], 'a new session starts a new list' );
		$this->assertSame( 0, (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM %i WHERE option_name LIKE %s', $wpdb->options, $wpdb->esc_like( Call_Store::ROW_PREFIX ) . '%' ) ), 'earlier sessions leave no rows' );
	}

	public function test_debug_constants_are_reverted_byte_identical_by_the_expiry_cron_event(): void {
		$file    = (string) Wp_Config_Locator::locate();
		$session = Evidence_Session::start( 1, true );
		$this->assertIsArray( $session, is_wp_error( $session ) ? $session->get_error_message() : '' );
		$edited = (string) file_get_contents( $file );
		$this->assertStringContainsString( "define( 'WP_DEBUG', true );", $edited );
		$this->assertStringContainsString( "define( 'WP_DEBUG_DISPLAY', false );", $edited );
		$this->assertMatchesRegularExpression( '#define\( \'WP_DEBUG_LOG\', \'[^\']+/proxy-health-[a-f0-9]{32}/debug-[a-f0-9]{16}\.log\' \);#', $edited );
		$this->assertNotNull( ( new Wp_Config_Editor( $file, '/nonexistent' ) )->record( Wp_Config_Editor::BLOCK_DEBUG ) );

		// No admin around: the single cron event fires at expiry (run here as wp-cron.php runs it).
		$this->age( $session );
		$this->assertSame( 1, $this->count_events( $session['id'] ) );
		do_action( Evidence_Session::CRON_HOOK, $session['id'] );
		$this->assertSame( $this->config, file_get_contents( $file ) );
		$this->assertNull( Evidence_Session::stored() );
		$this->assertSame( 0, $this->count_events( $session['id'] ) );
	}

	public function test_debug_constants_are_reverted_on_the_next_admin_load_after_expiry(): void {
		// An administrator's page load (anonymous admin-ajax.php requests end nothing: Cleanup_Hooks_Test).
		$this->act_as( 'administrator' );
		$session = Evidence_Session::start( 1, true );
		$this->assertIsArray( $session );
		$this->assertNotSame( $this->config, file_get_contents( (string) Wp_Config_Locator::locate() ) );
		Evidence_Session::maintain();
		$this->assertNotNull( Evidence_Session::current(), 'a running session is left alone' );
		$this->age( $session );
		Evidence_Session::maintain();
		$this->assertSame( $this->config, file_get_contents( (string) Wp_Config_Locator::locate() ) );
		$this->assertNull( Evidence_Session::stored() );
	}

	public function test_an_unwritable_wp_config_refuses_the_debug_switch_and_starts_nothing(): void {
		$file = (string) realpath( (string) Wp_Config_Locator::locate() );
		$mode = fileperms( $file ) & 07777;
		chmod( $file, 0444 );
		try {
			$this->act_as( 'administrator' );
			$response = $this->request( 'POST', self::SESSIONS, array( 'minutes' => 5, 'debugConstants' => true ) );
		} finally {
			chmod( $file, $mode );
		}
		$this->assertSame( 409, $response->get_status() );
		$this->assertSame( 'proxy_health_config_unwritable', $response->get_data()['code'] );
		$this->assertNull( Evidence_Session::stored() );
	}

	public function test_uninstall_reverts_the_debug_constants_before_deleting_its_options(): void {
		$session = Evidence_Session::start( 30, true );
		$this->assertIsArray( $session );
		if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
			define( 'WP_UNINSTALL_PLUGIN', 'proxy-health/proxy-health.php' );
		}
		require WP_PLUGIN_DIR . '/proxy-health/uninstall.php';
		$this->assertSame( $this->config, file_get_contents( (string) Wp_Config_Locator::locate() ) );
		$this->assertFalse( get_option( Wp_Config_Editor::OPTION ) );
		$this->assertFalse( get_option( Evidence_Session::OPTION ) );
		$this->assertFalse( wp_next_scheduled( Evidence_Session::CRON_HOOK, array( $session['id'] ) ) );
	}

	public function test_log_tails_stay_inside_allowed_roots_and_are_redacted(): void {
		$dir = WP_CONTENT_DIR . '/evidence-test-logs';
		wp_mkdir_p( $dir );
		$canary = (string) getenv( 'PROXY_HEALTH_CANARY' );
		$lines  = array(
			'[01-Jan-2026 00:00:00 UTC] PHP Notice: request to http://alice:hunter22@proxy.test:3128/ failed',
			'> Proxy-Authorization: Basic ' . base64_encode( 'alice:hunter22' ),
			'Authorization: Bearer abc.def.ghi',
			'GET /wp-json/x?password=hunter22&page=3 HTTP/1.1',
			'config dump: WP_PROXY_PASSWORD=' . $canary,
			"array ( 'password' => 'hunter22', 'user' => 'alice' )",
		);
		file_put_contents( $dir . '/debug.log', str_repeat( str_repeat( 'x', 99 ) . "\n", 1000 ) . implode( "\n", $lines ) . "\n" );
		symlink( '/etc/hostname', $dir . '/escape.log' );
		try {
			$log = Log_Tail::tail( $dir . '/debug.log', 2048, Log_Tail::site_roots() );
			$this->assertSame( 'wp-content/evidence-test-logs/debug.log', $log['file'] );
			$this->assertLessThanOrEqual( 2048 / 100 + count( $lines ), count( $log['lines'] ) );
			$this->assertSame( str_repeat( 'x', 99 ), $log['lines'][0], 'the partial first line is dropped' );
			$text = implode( "\n", $log['lines'] );
			$this->assertStringNotContainsString( 'hunter22', $text );
			$this->assertStringNotContainsString( $canary, $text );
			$this->assertStringNotContainsString( 'abc.def.ghi', $text );
			$this->assertStringContainsString( 'Proxy-Authorization: Basic [redacted]', $text );
			$this->assertStringContainsString( 'page=3', $text );
			$this->assertStringContainsString( "'user' => 'alice'", $text );

			$escape = Log_Tail::tail( $dir . '/escape.log', 2048, Log_Tail::site_roots() );
			$this->assertSame( 'outside_allowed_roots', $escape['skipped'] );
			$this->assertSame( array(), $escape['lines'] );
			$traversal = Log_Tail::tail( $dir . '/../../../../../../../../etc/hostname', 2048, Log_Tail::site_roots() );
			$this->assertSame( 'outside_allowed_roots', $traversal['skipped'] );

			$refused = Log_Tail::set_server_logs( array( '/etc/passwd' ) );
			$this->assertInstanceOf( \WP_Error::class, $refused );
			$this->assertSame( 'proxy_health_log_path_not_allowed', $refused->get_error_code() );
		} finally {
			unlink( $dir . '/escape.log' );
			unlink( $dir . '/debug.log' );
			rmdir( $dir );
		}
	}

	public function test_the_session_check_is_one_small_autoloaded_row(): void {
		global $wpdb;
		Evidence_Session::start( 5, false );
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT autoload, LENGTH(option_value) AS size FROM {$wpdb->options} WHERE option_name = %s", Evidence_Session::OPTION ) );
		$this->assertContains( $row->autoload, array( 'yes', 'on', 'auto-on' ) );
		$this->assertLessThan( 300, (int) $row->size );
		$calls = $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM {$wpdb->options} WHERE option_name = %s", Call_Store::OPTION ) );
		$this->assertContains( $calls, array( 'no', 'off', 'auto-off' ), 'the calls never load on other requests' );
	}

	/**
	 * Moves a session's expiry (and its cron event) into the past.
	 *
	 * @param array{id: string, expiresAt: int} $session
	 */
	private function age( array $session ): void {
		$stored              = get_option( Evidence_Session::OPTION );
		$stored['expiresAt'] = time() - 5;
		update_option( Evidence_Session::OPTION, $stored, true );
	}

	private function count_events( string $id ): int {
		$count = 0;
		foreach ( (array) _get_cron_array() as $hooks ) {
			foreach ( (array) ( $hooks[ Evidence_Session::CRON_HOOK ] ?? array() ) as $event ) {
				$count += array( $id ) === $event['args'] ? 1 : 0;
			}
		}
		return $count;
	}
}
