<?php
/**
 * `wp proxy-health …` run for real inside the lab WordPress, through a WP-CLI STAND-IN.
 *
 * WP-CLI cannot be installed here (see LAB-NOTES.md, "Not obtainable here"), so
 * tests/php/support/wp-cli-stand-in.php provides the few WP_CLI methods and
 * WP_CLI\Utils\format_items() the command calls, recording output and exit codes. Everything
 * below the command (services, WordPress, squid rejecting the site's credentials) is real.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Bisection\Bisection_Store;
use ProxyHealth\Bisection\Lock;
use ProxyHealth\CLI\Command;
use ProxyHealth\Config\Wp_Config_Locator;
use ProxyHealth\Evidence\Evidence_Session;
use ProxyHealth\Plugin;
use WP_CLI;
use WP_CLI\ExitException;
use WP_REST_Request;

require_once __DIR__ . '/support/wp-cli-stand-in.php';

final class Cli_Command_Test extends Rest_Test_Case {

	/** A run id no bisection will ever get (wp_generate_uuid4() sets the version nibble to 4). */
	private const UNKNOWN_RUN = '00000000-0000-0000-0000-000000000000';

	/** The lab's wp-config.php as it was before the test. */
	private string $config = '';

	/** The stored bisection runs before the test (false: no row). */
	private $bisections = false;

	protected function setUp(): void {
		parent::setUp();
		$this->config     = (string) file_get_contents( (string) Wp_Config_Locator::locate() );
		$this->bisections = get_option( Bisection_Store::OPTION );
	}

	protected function tearDown(): void {
		if ( null !== Evidence_Session::stored() ) {
			Evidence_Session::stop();
		}
		false === $this->bisections ? delete_option( Bisection_Store::OPTION ) : update_option( Bisection_Store::OPTION, $this->bisections, false );
		$this->assertSame( $this->config, file_get_contents( (string) Wp_Config_Locator::locate() ), 'wp-config.php is as it was' );
		parent::tearDown();
	}

	/**
	 * Runs one subcommand as WP-CLI would call it.
	 *
	 * @param string               $subcommand Method name.
	 * @param list<string>         $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 * @return array{stdout: string, stderr: string, code: int}
	 */
	private function wp( string $subcommand, array $args = array(), array $assoc_args = array() ): array {
		WP_CLI::reset();
		$code = 0;
		try {
			( new Command() )->$subcommand( $args, $assoc_args );
		} catch ( ExitException $exit ) {
			$code = (int) $exit->getCode();
		}
		return array(
			'stdout' => WP_CLI::$stdout,
			'stderr' => WP_CLI::$stderr,
			'code'   => $code,
		);
	}

	private static function env( string $name ): string {
		$value = (string) getenv( $name );
		self::assertNotSame( '', $value, "$name is set by tests/run-php.ts" );
		return $value;
	}

	/**
	 * The body WP_REST_Server would send for a route, as bytes.
	 *
	 * @param array<string, mixed> $body JSON body for POST.
	 */
	private function rest_json( string $method, string $route, array $body = array() ): string {
		$request = new WP_REST_Request( $method, $route );
		if ( array() !== $body ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( (string) wp_json_encode( $body ) );
		}
		$response = rest_do_request( $request );
		$this->assertSame( 200, $response->get_status(), $route );
		return (string) wp_json_encode( rest_get_server()->response_to_data( $response, false ) );
	}

	public function test_status_json_is_the_rest_document(): void {
		$this->act_as( 'administrator' );
		$rest = $this->rest_json( 'GET', '/proxy-health/v1/status' );
		$cli  = $this->wp( 'status', array(), array( 'format' => 'json' ) );
		$this->assertSame( 0, $cli['code'] );
		$this->assertSame( '', $cli['stderr'] );
		$this->assertSame( $rest . "\n", $cli['stdout'] );
	}

	public function test_explain_json_is_the_rest_document(): void {
		$this->act_as( 'administrator' );
		foreach ( array( self::env( 'PROXY_HEALTH_LAB_HTTP_TARGET' ), home_url( '/' ), 'HTTP://LOCALHOST:8080/' ) as $url ) {
			$rest = $this->rest_json( 'POST', '/proxy-health/v1/explain', array( 'url' => $url ) );
			$cli  = $this->wp( 'explain', array( $url ), array( 'format' => 'json' ) );
			$this->assertSame( 0, $cli['code'] );
			$this->assertSame( $rest . "\n", $cli['stdout'], $url );
		}
	}

	public function test_hooks_json_is_the_rest_document(): void {
		$this->act_as( 'administrator' );
		$rest = $this->rest_json( 'GET', '/proxy-health/v1/hooks' );
		$cli  = $this->wp( 'hooks', array(), array( 'format' => 'json' ) );
		$this->assertSame( $rest . "\n", $cli['stdout'] );
		$this->assertStringContainsString( '"hook":"http_request_args","callbacks":[{', $cli['stdout'], 'the lab CA is handed to WordPress on http_request_args' );
	}

	public function test_scan_json_is_the_rest_document_and_the_table_lists_each_hit(): void {
		$this->act_as( 'administrator' );
		$rest = json_decode( $this->rest_json( 'GET', '/proxy-health/v1/scan' ), true );
		$cli  = $this->wp( 'scan', array(), array( 'format' => 'json' ) );
		$this->assertSame( 0, $cli['code'] );
		$json = json_decode( $cli['stdout'], true );
		// Only the time each scan took may differ.
		unset( $rest['elapsedMs'], $json['elapsedMs'] );
		$this->assertSame( $rest, $json );
		$this->assertNotEmpty( $json['suspects'] );

		$table = $this->wp( 'scan', array(), array() );
		$this->assertSame( 0, $table['code'] );
		$this->assertMatchesRegularExpression( '/mu-plugin:proxy-health-lab-ca\s.*hook_http_request_args\s.*mu-plugins\/proxy-health-lab-ca\.php:\d+/', $table['stdout'] );
	}

	public function test_report_json_is_the_rest_document(): void {
		$this->act_as( 'administrator' );
		$rest = $this->rest_json( 'GET', '/proxy-health/v1/report' );
		$cli  = $this->wp( 'report', array(), array( 'format' => 'json' ) );
		$this->assertSame( 0, $cli['code'] );
		// Only the generation time may differ (the two documents can straddle a second).
		$rest_time = json_decode( $rest, true )['generatedAt'];
		$cli_time  = json_decode( $cli['stdout'], true )['generatedAt'];
		$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/', $cli_time );
		$this->assertSame( $rest . "\n", str_replace( '"generatedAt":"' . $cli_time . '"', '"generatedAt":"' . $rest_time . '"', $cli['stdout'] ) );
	}

	public function test_check_exits_1_when_the_proxy_rejects_the_site(): void {
		$target = self::env( 'PROXY_HEALTH_LAB_HTTP_TARGET' );
		$cli    = $this->wp( 'check', array( $target ), array( 'format' => 'json' ) );
		$this->assertSame( 1, $cli['code'], 'verdict fail → exit code 1' );
		$this->assertSame( '', $cli['stderr'], 'a failing verdict is a result, not an error' );
		$report = json_decode( $cli['stdout'], true );
		$this->assertSame( 'fail', $report['verdict'] );
		$this->assertSame( $target, $report['results'][0]['target'] );
		$this->assertSame( 407, $report['results'][0]['httpStatus'] );
		$this->assertContains( 'proxy_auth_rejected', array_column( $report['diagnoses'], 'code' ) );
	}

	public function test_check_table_lists_results_and_the_verdict(): void {
		$https = self::env( 'PROXY_HEALTH_LAB_HTTPS_TARGET' );
		$cli   = $this->wp( 'check', array(), array( 'target' => $https ) );
		$this->assertSame( 1, $cli['code'] );
		$lines = explode( "\n", $cli['stdout'] );
		$this->assertSame( "target\ttransport\tviaProxy\toutcome\thttp\tconnect\ttotalMs", $lines[0] );
		$this->assertMatchesRegularExpression( '#^' . preg_quote( $https, '#' ) . "\tcurl\tyes\tproxy_auth_required\t\t407\t[0-9.]+$#", $lines[1] );
		$this->assertContains( "code\tseverity\ttitle", $lines );
		$this->assertStringContainsString( "\nVerdict: fail\n", $cli['stdout'] );
	}

	/**
	 * @return array<string, array{0: string, 1: list<string>, 2: array<string, mixed>, 3: string}>
	 */
	public function bad_arguments(): array {
		return array(
			'unknown format'         => array( 'status', array(), array( 'format' => 'xml' ), 'Invalid value for --format; use one of: table, json, yaml.' ),
			'unknown option'         => array( 'status', array(), array( 'verbose' => true ), 'Unknown option(s): --verbose' ),
			'positional on hooks'    => array( 'hooks', array( 'extra' ), array(), 'Too many positional arguments: extra' ),
			'explain without URL'    => array( 'explain', array(), array(), 'Name exactly one URL to explain' ),
			'explain two URLs'       => array( 'explain', array( 'http://a/', 'http://b/' ), array(), 'Name exactly one URL to explain' ),
			'explain not http'       => array( 'explain', array( 'ftp://127.0.0.2/' ), array(), 'url must be an absolute URL starting with http:// or https://.' ),
			'explain with a space'   => array( 'explain', array( 'http://127.0.0.2/a b' ), array(), 'url must not contain spaces' ),
			'explain too long'       => array( 'explain', array( 'http://127.0.0.2/' . str_repeat( 'a', 2100 ) ), array(), 'url must be at most 2048 characters long.' ),
			'check file URL'         => array( 'check', array( 'file:///etc/passwd' ), array(), 'targets[0] must be an absolute http:// or https:// URL' ),
			'check CRLF in --target' => array( 'check', array( 'http://127.0.0.2/' ), array( 'target' => "http://127.0.0.2/\r\nX: 1" ), 'targets[1] must be an absolute http:// or https:// URL' ),
			'check empty --target'   => array( 'check', array(), array( 'target' => true ), '--target needs a URL' ),
			'check too many'         => array( 'check', array_fill( 0, 11, 'http://127.0.0.2/' ), array(), 'At most 10 targets can be probed in one run.' ),
			'report --run=yes'       => array( 'report', array(), array( 'run' => 'yes' ), '--run is a flag' ),
			'report bad format'      => array( 'report', array(), array( 'format' => 'csv' ), 'Invalid value for --format' ),
			'debug without action'   => array( 'debug', array(), array(), 'Name what to do: wp proxy-health debug on|off|status.' ),
			'debug unknown action'   => array( 'debug', array( 'start' ), array(), 'Name what to do: wp proxy-health debug on|off|status.' ),
			'debug minutes 0'        => array( 'debug', array( 'on' ), array( 'minutes' => '0' ), 'minutes must be a whole number from 1 to 1440.' ),
			'debug minutes 1441'     => array( 'debug', array( 'on' ), array( 'minutes' => '1441' ), 'minutes must be a whole number from 1 to 1440.' ),
			'debug minutes ten'      => array( 'debug', array( 'on' ), array( 'minutes' => 'ten' ), 'minutes must be a whole number from 1 to 1440.' ),
			'debug minutes 1.5'      => array( 'debug', array( 'on' ), array( 'minutes' => '1.5' ), 'minutes must be a whole number from 1 to 1440.' ),
			'debug bare --minutes'   => array( 'debug', array( 'on' ), array( 'minutes' => true ), 'minutes must be a whole number from 1 to 1440.' ),
			'debug constants maybe'  => array( 'debug', array( 'on' ), array( 'debug-constants' => 'maybe' ), '--debug-constants is a flag' ),
			'debug off --minutes'    => array( 'debug', array( 'off' ), array( 'minutes' => '5' ), 'Unknown option(s): --minutes' ),
			'debug status extra'     => array( 'debug', array( 'status', 'now' ), array(), 'Too many positional arguments: now' ),
			'bisect unknown mode'    => array( 'bisect', array(), array( 'mode' => 'binary' ), 'Invalid value for --mode; use one of: ddmin, one-by-one.' ),
			'bisect bare --mode'     => array( 'bisect', array(), array( 'mode' => true ), 'Invalid value for --mode; use one of: ddmin, one-by-one.' ),
			'bisect unknown clone'   => array( 'bisect', array(), array( 'clone' => 'deep' ), 'Invalid value for --clone; use one of: light, full.' ),
			'bisect driver option'   => array( 'bisect', array(), array( 'driver' => 'client' ), 'Unknown option(s): --driver' ),
			'bisect theme not a flag' => array( 'bisect', array(), array( 'include-theme' => 'maybe' ), '--include-theme is a flag: leave the value out, or give 1, 0, true or false.' ),
			'bisect unknown action'  => array( 'bisect', array( 'run' ), array(), 'Unknown action "run": use wp proxy-health bisect [status|cancel <id>].' ),
			'bisect status no id'    => array( 'bisect', array( 'status' ), array(), 'Name the run: wp proxy-health bisect status <id>.' ),
			'bisect cancel no id'    => array( 'bisect', array( 'cancel' ), array(), 'Name the run: wp proxy-health bisect cancel <id>.' ),
			'bisect status bad id'   => array( 'bisect', array( 'status', '../etc' ), array(), 'No bisection with that id.' ),
			'bisect status unknown'  => array( 'bisect', array( 'status', self::UNKNOWN_RUN ), array(), 'No bisection with that id.' ),
			'bisect cancel unknown'  => array( 'bisect', array( 'cancel', self::UNKNOWN_RUN ), array(), 'No bisection with that id.' ),
			'bisect status --mode'   => array( 'bisect', array( 'status', self::UNKNOWN_RUN ), array( 'mode' => 'ddmin' ), 'Unknown option(s): --mode' ),
			'bisect three args'      => array( 'bisect', array( 'status', self::UNKNOWN_RUN, 'x' ), array(), 'Too many positional arguments: x' ),
		);
	}

	/**
	 * @dataProvider bad_arguments
	 *
	 * @param string               $subcommand Subcommand.
	 * @param list<string>         $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 * @param string               $message    Start of the expected message.
	 */
	public function test_bad_arguments_are_wp_cli_errors( string $subcommand, array $args, array $assoc_args, string $message ): void {
		$cli = $this->wp( $subcommand, $args, $assoc_args );
		$this->assertSame( 1, $cli['code'] );
		$this->assertSame( '', $cli['stdout'], 'nothing runs before the arguments are checked' );
		$this->assertStringStartsWith( 'Error: ' . $message, $cli['stderr'] );
		$this->assertNull( Evidence_Session::stored(), 'no evidence session started' );
		$this->assertSame( $this->bisections, get_option( Bisection_Store::OPTION ), 'no bisection started' );
		$this->assertNull( Lock::holder() );
	}

	public function test_debug_on_status_off_round_trip_restores_wp_config_byte_for_byte(): void {
		$this->act_as( 'administrator' );
		$file   = (string) Wp_Config_Locator::locate();
		$before = (string) file_get_contents( $file );

		$on = $this->wp( 'debug', array( 'on' ), array( 'minutes' => '5', 'debug-constants' => true, 'format' => 'json' ) );
		$this->assertSame( 0, $on['code'], $on['stderr'] );
		$session = json_decode( $on['stdout'], true );
		$this->assertSame( array( 'id', 'startedAt', 'expiresAt', 'debugConstants' ), array_keys( $session ) );
		$this->assertTrue( $session['debugConstants'] );
		$this->assertSame( 5 * 60, strtotime( $session['expiresAt'] ) - strtotime( $session['startedAt'] ) );
		$this->assertSame( $this->rest_json( 'GET', '/proxy-health/v1/evidence-sessions/current' ) . "\n", $on['stdout'], 'the document the session route answers' );
		$edited = (string) file_get_contents( $file );
		$this->assertNotSame( $before, $edited );
		$this->assertStringContainsString( "define( 'WP_DEBUG', true );", $edited );
		$this->assertStringContainsString( "define( 'WP_DEBUG_DISPLAY', false );", $edited );

		$status = $this->wp( 'debug', array( 'status' ), array( 'format' => 'json' ) );
		$this->assertSame( 0, $status['code'] );
		$summary = json_decode( $status['stdout'], true );
		$this->assertSame( $session, $summary['session'] );
		$this->assertSame( 0, $summary['calls'], 'a new session starts with no calls' );
		// Decoded as objects, so that an empty byOutcome stays {}.
		$report = json_decode( $this->rest_json( 'GET', '/proxy-health/v1/report' ) );
		$this->assertSame( wp_json_encode( $report->evidence ) . "\n", $status['stdout'], 'the evidence part of GET /report' );

		$table = $this->wp( 'debug', array( 'status' ) );
		$this->assertStringContainsString( "Session\t" . $session['id'] . "\n", $table['stdout'] );
		$this->assertStringContainsString( "Debug constants\tyes\n", $table['stdout'] );

		$again = $this->wp( 'debug', array( 'on' ) );
		$this->assertSame( 1, $again['code'] );
		$this->assertSame( "Error: An evidence session is already running; stop it first.\n", $again['stderr'] );

		$off = $this->wp( 'debug', array( 'off' ), array( 'format' => 'json' ) );
		$this->assertSame( 0, $off['code'], $off['stderr'] );
		$stopped = json_decode( $off['stdout'], true );
		$this->assertSame( $session, $stopped['stopped'] );
		$this->assertSame( 'restored', $stopped['config']['status'] );
		$this->assertSame( $before, file_get_contents( $file ), 'wp-config.php byte for byte as before `debug on`' );

		$none = $this->wp( 'debug', array( 'status' ) );
		$this->assertSame( 0, $none['code'] );
		$this->assertStringContainsString( "Session\tnone running\n", $none['stdout'] );
		$this->assertNull( json_decode( $this->wp( 'debug', array( 'status' ), array( 'format' => 'json' ) )['stdout'], true )['session'] );

		$off_again = $this->wp( 'debug', array( 'off' ) );
		$this->assertSame( 1, $off_again['code'] );
		$this->assertSame( "Error: No evidence session is running.\n", $off_again['stderr'] );
	}

	public function test_debug_on_and_off_in_table_format(): void {
		$on = $this->wp( 'debug', array( 'on' ), array( 'minutes' => '2' ) );
		$this->assertSame( 0, $on['code'], $on['stderr'] );
		$session = Evidence_Session::current();
		$this->assertNotNull( $session );
		$this->assertFalse( $session['debugConstants'] );
		$this->assertSame( 'Success: Evidence session ' . $session['id'] . ' records until ' . gmdate( 'c', $session['expiresAt'] ) . ".\n", $on['stdout'] );

		$off = $this->wp( 'debug', array( 'off' ) );
		$this->assertSame( 0, $off['code'] );
		$this->assertSame( 'Success: Evidence session ' . $session['id'] . " stopped.\n", $off['stdout'] );
		$this->assertNull( Evidence_Session::stored() );
	}

	public function test_bisect_refuses_while_another_run_holds_the_lock_and_says_which(): void {
		$holder = wp_generate_uuid4();
		$this->assertTrue( Lock::acquire( $holder ) );
		try {
			$cli = $this->wp( 'bisect', array(), array( 'mode' => 'one-by-one', 'format' => 'json' ) );
		} finally {
			Lock::release( $holder );
		}
		$this->assertSame( 1, $cli['code'] );
		$this->assertSame( '', $cli['stdout'] );
		$this->assertStringStartsWith( 'Error: A bisection is already running on this site.', $cli['stderr'] );
		$this->assertStringContainsString( 'Running now: bisection ' . $holder . ' (wp proxy-health bisect status ' . $holder . ').', $cli['stderr'] );
		$this->assertSame( $this->bisections, get_option( Bisection_Store::OPTION ), 'no run was started' );
		$this->assertNull( Lock::holder(), 'the test released its lock' );
	}

	public function test_bisect_status_and_cancel_of_a_stored_run(): void {
		$this->act_as( 'administrator' );
		$run = self::stored_run();
		$id  = $run['id'];

		$json = $this->wp( 'bisect', array( 'status', $id ), array( 'format' => 'json' ) );
		$this->assertSame( 0, $json['code'] );
		$this->assertSame( $this->rest_json( 'GET', '/proxy-health/v1/bisections/' . $id ) . "\n", $json['stdout'], 'the document GET /bisections/{id} answers' );

		$table = $this->wp( 'bisect', array( 'status', $id ) );
		$this->assertSame( 0, $table['code'] );
		$this->assertStringContainsString( "Status\tdone\n", $table['stdout'] );
		$this->assertStringContainsString( "Conclusion\tculprit_found\n", $table['stdout'] );
		$this->assertStringContainsString( "Culprits\t[bad-proxy/bad-proxy.php]\n", $table['stdout'] );
		$this->assertStringContainsString( "step\tactive\toutcome\n1\tbad-proxy/bad-proxy.php, hello.php\tfail\n2\t\tpass\n", $table['stdout'] );

		$cancel = $this->wp( 'bisect', array( 'cancel', $id ), array( 'format' => 'json' ) );
		$this->assertSame( 0, $cancel['code'] );
		$this->assertSame( 'done', json_decode( $cancel['stdout'], true )['status'], 'a finished run is left as it is' );
		$warned = $this->wp( 'bisect', array( 'cancel', $id ) );
		$this->assertSame( 'Warning: Bisection ' . $id . " is not running (done); nothing to cancel.\n", $warned['stderr'] );
	}

	public function test_bisect_with_no_plugin_to_test_completes_with_exit_code_0(): void {
		$this->act_as( 'administrator' );
		// Only Proxy Health active, for this request only: the run concludes before any clone.
		$only_self = static fn(): array => array( 'proxy-health/proxy-health.php' );
		add_filter( 'pre_option_active_plugins', $only_self );
		try {
			$json  = $this->wp( 'bisect', array(), array( 'format' => 'json' ) );
			$table = $this->wp( 'bisect', array(), array( 'mode' => 'one-by-one', 'clone' => 'full' ) );
		} finally {
			remove_filter( 'pre_option_active_plugins', $only_self );
		}
		$this->assertSame( 0, $json['code'], $json['stderr'] );
		$run = json_decode( $json['stdout'], true );
		$this->assertSame( 'done', $run['status'] );
		$this->assertSame( 'nothing_to_bisect', $run['conclusion'] );
		$this->assertSame( 'server', $run['driver'] );
		$this->assertSame( array( 'prefix' => '', 'state' => 'dropped' ), $run['clone'] );
		$this->assertSame( $this->rest_json( 'GET', '/proxy-health/v1/bisections/' . $run['id'] ) . "\n", $json['stdout'] );

		$this->assertSame( 0, $table['code'], $table['stderr'] );
		$this->assertStringContainsString( "Mode\tone-by-one (server, full)\n", $table['stdout'] );
		$this->assertMatchesRegularExpression( '/\nSuccess: Bisection [0-9a-f-]{36} concluded nothing_to_bisect\.\n$/', $table['stdout'] );
		$this->assertNull( Lock::holder(), 'the lock is released at the end' );
	}

	public function test_bisect_include_theme_runs_with_the_theme_as_a_candidate_and_says_so(): void {
		$this->act_as( 'administrator' );
		// Only Proxy Health active: the theme is the one candidate. The lab's credentials are
		// wrong, so every step fails and the run concludes it is neither a plugin nor the theme.
		$only_self = static fn(): array => array( 'proxy-health/proxy-health.php' );
		add_filter( 'pre_option_active_plugins', $only_self );
		try {
			$table = $this->wp( 'bisect', array(), array( 'include-theme' => true ) );
		} finally {
			remove_filter( 'pre_option_active_plugins', $only_self );
		}
		$this->assertSame( 0, $table['code'], $table['stderr'] );
		$fallback = \ProxyHealth\Bisection\Theme_Candidate::fallback();
		$this->assertIsString( $fallback );
		$this->assertStringContainsString( ': 0 plugins under test, staging clone ', $table['stdout'] );
		$this->assertStringContainsString( 'The active theme (' . get_stylesheet() . ') is tested too: steps without it run ' . $fallback . '.', $table['stdout'] );
		$this->assertStringContainsString( 'theme:' . get_stylesheet() . ' → fail', $table['stdout'] );
		$this->assertMatchesRegularExpression( '/\nSuccess: Bisection [0-9a-f-]{36} concluded not_a_plugin\.\n$/', $table['stdout'] );
		$this->assertNull( Lock::holder(), 'the lock is released at the end' );
	}

	/**
	 * Stores a finished run as Bisector leaves one, and returns it.
	 *
	 * @return array<string, mixed>
	 */
	private static function stored_run(): array {
		return Bisection_Store::save(
			array(
				'id'              => wp_generate_uuid4(),
				'status'          => 'done',
				'mode'            => 'ddmin',
				'driver'          => 'server',
				'cloneMode'       => 'light',
				'plugins'         => array( 'bad-proxy/bad-proxy.php', 'hello.php' ),
				'probesUsed'      => 2,
				'probesEstimated' => 4,
				'steps'           => array(
					array(
						'subset'  => array( 'bad-proxy/bad-proxy.php', 'hello.php' ),
						'outcome' => 'fail',
					),
					array(
						'subset'  => array(),
						'outcome' => 'pass',
					),
				),
				'culprits'        => array( array( 'bad-proxy/bad-proxy.php' ) ),
				'conclusion'      => 'culprit_found',
				'clone'           => array(
					'prefix' => 'phb1_',
					'state'  => 'dropped',
				),
				'createdAt'       => gmdate( 'c' ),
			)
		);
	}

	public function test_yaml_is_the_same_data(): void {
		$cli = $this->wp( 'status', array(), array( 'format' => 'yaml' ) );
		$this->assertSame( 0, $cli['code'] );
		$this->assertStringStartsWith( "---\nproxy:\n  enabled: true\n", $cli['stdout'] );
		$this->assertStringContainsString( "\n  hasPassword: true\n", $cli['stdout'] );
		$this->assertMatchesRegularExpression( '/\nfindings:\n  - code: \S+\n    severity: (critical|recommended|good)\n/', $cli['stdout'] );
		// Strings YAML would read as numbers stay strings.
		$this->assertMatchesRegularExpression( '/\n  port: "\d+"\n/', $cli['stdout'] );
	}

	public function test_no_output_contains_the_proxy_password(): void {
		$this->act_as( 'administrator' );
		$canary = self::env( 'PROXY_HEALTH_CANARY' );
		$basic  = base64_encode( WP_PROXY_USERNAME . ':' . $canary );
		$runs   = array(
			array( 'status', array(), array() ),
			array( 'status', array(), array( 'format' => 'yaml' ) ),
			array( 'hooks', array(), array() ),
			array( 'scan', array(), array( 'format' => 'json' ) ),
			array( 'explain', array( self::env( 'PROXY_HEALTH_LAB_HTTP_TARGET' ) ), array() ),
			array( 'check', array( self::env( 'PROXY_HEALTH_LAB_HTTP_TARGET' ), self::env( 'PROXY_HEALTH_LAB_HTTPS_TARGET' ) ), array( 'format' => 'json' ) ),
			array( 'check', array( self::env( 'PROXY_HEALTH_LAB_HTTP_TARGET' ) ), array( 'format' => 'yaml' ) ),
			array( 'report', array(), array( 'format' => 'json' ) ),
			array( 'report', array(), array( 'format' => 'yaml' ) ),
			array( 'report', array(), array() ),
			array( 'debug', array( 'on' ), array( 'minutes' => '1', 'format' => 'json' ) ),
			array( 'debug', array( 'status' ), array( 'format' => 'yaml' ) ),
			array( 'debug', array( 'status' ), array() ),
			array( 'debug', array( 'off' ), array() ),
			array( 'bisect', array( 'status', (string) self::stored_run()['id'] ), array() ),
		);
		$all = '';
		foreach ( $runs as list( $subcommand, $args, $assoc_args ) ) {
			$cli  = $this->wp( $subcommand, $args, $assoc_args );
			$all .= $cli['stdout'] . $cli['stderr'];
		}
		$this->assertStringContainsString( 'Proxy-Authorization: Basic [redacted]', $all, 'credentials were sent, and the output says so without them' );
		$this->assertStringNotContainsString( $canary, $all );
		$this->assertStringNotContainsString( $basic, $all );
	}

	/**
	 * Registration needs WP_CLI defined before the plugin registers; that constant must not
	 * leak into the other tests, hence a process of its own.
	 *
	 * @runInSeparateProcess
	 * @preserveGlobalState disabled
	 */
	public function test_registered_as_proxy_health_only_under_wp_cli(): void {
		( new Plugin( WP_PLUGIN_DIR . '/proxy-health/proxy-health.php' ) )->register();
		$this->assertArrayNotHasKey( 'proxy-health', WP_CLI::$commands, 'WP_CLI is not defined yet' );

		define( 'WP_CLI', true );
		( new Plugin( WP_PLUGIN_DIR . '/proxy-health/proxy-health.php' ) )->register();
		$this->assertSame( Command::class, WP_CLI::$commands['proxy-health'][0] ?? null );
	}
}
