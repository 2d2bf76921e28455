<?php
/**
 * The WP-CLI step driver's pieces that need no child process: finding the signed answer in a
 * step process's output, and the driver it picks where WP-CLI cannot start a process (the
 * WP-CLI stand-in has no configurator). The child processes themselves run under the real
 * WP-CLI in tests/integration/wp-cli-bisect.test.ts.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Bisection\Bisector;
use ProxyHealth\CLI\Bisect_Steps;

require_once __DIR__ . '/support/wp-cli-stand-in.php';

final class Bisect_Steps_Test extends TestCase {

	public function test_the_answer_is_the_last_sandbox_json_after_whatever_was_printed_first(): void {
		$answer = array(
			'proxyHealthSandbox' => true,
			'bisection'          => 'x',
			'step'               => 3,
			'outcome'            => 'pass',
		);
		$json   = (string) wp_json_encode( $answer );
		$this->assertSame( $answer, Bisect_Steps::answer( $json ) );
		$this->assertSame( $answer, Bisect_Steps::answer( "Deprecated: something in a plugin\n" . $json . "\n" ) );
		// A plugin that prints a look-alike first does not win: the sandbox's answer comes last.
		$fake = (string) wp_json_encode( array( 'proxyHealthSandbox' => true, 'outcome' => 'fail' ) );
		$this->assertSame( $answer, Bisect_Steps::answer( $fake . "\n" . $json ) );
		$this->assertNull( Bisect_Steps::answer( '' ) );
		$this->assertNull( Bisect_Steps::answer( "Error: bisect-step is run by wp proxy-health bisect\n" ) );
		$this->assertNull( Bisect_Steps::answer( '{"proxyHealthSandbox":true,"outcome":' ) );
	}

	public function test_without_a_way_to_start_a_process_the_server_drives_and_the_run_says_why(): void {
		// The stand-in has no WP_CLI::get_configurator(): as on a host without proc_open.
		$this->assertFalse( Bisect_Steps::available() );
		$choice = Bisect_Steps::choice();
		$this->assertSame( Bisector::DRIVER_SERVER, $choice['driver'] );
		$this->assertSame( Bisect_Steps::REASON_NO_LAUNCH, $choice['reason']['code'] );
		$this->assertStringContainsString( 'proc_open', $choice['reason']['message'] );
	}

	/**
	 * Runs the loader in a PHP CLI process of its own with the step variables in its
	 * environment, WP_CLI defined or not, and an includes folder without the sandbox classes (so
	 * it stops right after reading the token); prints what is left of the variables.
	 *
	 * @return array{env: bool, server: bool, reached: bool}
	 */
	private static function run_loader( bool $wp_cli ): array {
		$dir    = sys_get_temp_dir() . '/proxy-health-loader-' . bin2hex( random_bytes( 4 ) );
		$loader = str_replace( "'{PROXY_HEALTH_INCLUDES}'", var_export( $dir . '/none', true ), (string) file_get_contents( WP_PLUGIN_DIR . '/proxy-health/sandbox/proxy-health-sandbox.php' ) ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export
		mkdir( $dir );
		file_put_contents( $dir . '/loader.php', $loader );
		file_put_contents(
			$dir . '/run.php',
			"<?php\ndefine( 'ABSPATH', __DIR__ . '/' );\n" . ( $wp_cli ? "define( 'WP_CLI', true );\n" : '' )
			. "function wp_unslash( \$v ) { return \$v; }\n"
			. "require __DIR__ . '/loader.php';\n"
			. "echo json_encode( array( 'env' => false !== getenv( 'PROXY_HEALTH_SANDBOX_TOKEN' ), 'server' => isset( \$_SERVER['PROXY_HEALTH_SANDBOX_TOKEN'] ), 'reached' => true ) );\n"
		);
		$env                                 = getenv();
		$env[ Bisect_Steps::ENV_TOKEN ]      = 'a.b';
		$env[ Bisect_Steps::ENV_BODY ]       = '{"prefix":"wp_phbx0000_","subset":[]}';
		$pipes                               = array();
		$process                             = proc_open( array( PHP_BINARY, '-d', 'variables_order=EGPCS', $dir . '/run.php' ), array( 1 => array( 'pipe', 'w' ) ), $pipes, $dir, $env );
		$out                                 = (string) stream_get_contents( $pipes[1] );
		fclose( $pipes[1] );
		proc_close( $process );
		array_map( 'unlink', glob( $dir . '/*' ) );
		rmdir( $dir );
		return (array) json_decode( $out, true );
	}

	public function test_the_loader_takes_the_token_from_the_environment_only_under_wp_cli_and_clears_it(): void {
		// Under WP-CLI: the variables are gone from the environment and $_SERVER before anything else runs.
		$this->assertSame(
			array(
				'env'     => false,
				'server'  => false,
				'reached' => true,
			),
			self::run_loader( true )
		);
		// Any other PHP process: the loader returns at once and leaves its environment alone.
		$this->assertSame(
			array(
				'env'     => true,
				'server'  => true,
				'reached' => true,
			),
			self::run_loader( false )
		);
	}
}
