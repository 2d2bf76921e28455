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

use ProxyHealth\CLI\Command;
use ProxyHealth\Plugin;
use WP_CLI;
use WP_CLI\ExitException;
use WP_REST_Request;

require_once __DIR__ . '/support/wp-cli-stand-in.php';

final class Cli_Command_Test extends Rest_Test_Case {

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
			array( 'explain', array( self::env( 'PROXY_HEALTH_LAB_HTTP_TARGET' ) ), array() ),
			array( 'check', array( self::env( 'PROXY_HEALTH_LAB_HTTP_TARGET' ), self::env( 'PROXY_HEALTH_LAB_HTTPS_TARGET' ) ), array( 'format' => 'json' ) ),
			array( 'check', array( self::env( 'PROXY_HEALTH_LAB_HTTP_TARGET' ) ), array( 'format' => 'yaml' ) ),
			array( 'report', array(), array( 'format' => 'json' ) ),
			array( 'report', array(), array( 'format' => 'yaml' ) ),
			array( 'report', array(), array() ),
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
