<?php
/**
 * `wp proxy-health …`: the parts a unit test can check in PHPUnit's own process, through a
 * WP-CLI STAND-IN (tests/php/support/wp-cli-stand-in.php).
 *
 * The real WP-CLI cannot be loaded into this process (it is its own runner, which boots
 * WordPress itself), so these tests call each subcommand's class directly and the stand-in records
 * output and exit codes: that the plugin registers `proxy-health` only under WP-CLI, and the
 * command's own argument checks (URL rules, minutes, options of another action, --fields).
 * Everything WP-CLI itself does (synopsis checks, formats, progress bars, exit codes) and every
 * end-to-end run, with the REST routes' bytes, is tested under the real WP-CLI 2.10 in
 * tests/integration/wp-cli.test.ts.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Bisection\Bisection_Store;
use ProxyHealth\Bisection\Lock;
use ProxyHealth\CLI\Command_List;
use ProxyHealth\CLI\Commands\Proxy_Health_Namespace;
use ProxyHealth\Config\Wp_Config_Locator;
use ProxyHealth\Evidence\Evidence_Session;
use ProxyHealth\Plugin;
use WP_CLI;
use WP_CLI\ExitException;

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
	 * @param string               $subcommand Subcommand (a key of Command_List::SUBCOMMANDS).
	 * @param list<string>         $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 * @return array{stdout: string, stderr: string, code: int}
	 */
	private function wp( string $subcommand, array $args = array(), array $assoc_args = array() ): array {
		WP_CLI::reset();
		$code = 0;
		try {
			$class = Command_List::SUBCOMMANDS[ $subcommand ];
			( new $class() )( $args, $assoc_args );
		} catch ( ExitException $exit ) {
			$code = (int) $exit->getCode();
		}
		return array(
			'stdout' => WP_CLI::$stdout,
			'stderr' => WP_CLI::$stderr,
			'code'   => $code,
		);
	}

	/**
	 * @return array<string, array{0: string, 1: list<string>, 2: array<string, mixed>, 3: string}>
	 */
	public function bad_arguments(): array {
		return array(
			'two formats'            => array( 'hooks', array(), array( 'format' => 'json,csv' ), 'Invalid value for --format; use one of: table, json, csv, yaml.' ),
			'fields with json'       => array( 'hooks', array(), array( 'format' => 'json', 'fields' => 'hook' ), '--fields picks the columns of --format=table or csv' ),
			'unknown column'         => array( 'scan', array(), array( 'fields' => 'suspect,colour' ), 'Invalid value for --fields; use some of: suspect, score, code, file, detail.' ),
			'empty fields'           => array( 'check', array(), array( 'fields' => ' , ' ), 'Invalid value for --fields; use some of: target, transport' ),
			'explain not http'       => array( 'explain', array( 'ftp://127.0.0.2/' ), array(), 'url must be an absolute URL starting with http:// or https://.' ),
			'explain with a space'   => array( 'explain', array( 'http://127.0.0.2/a b' ), array(), 'url must not contain spaces' ),
			'explain too long'       => array( 'explain', array( 'http://127.0.0.2/' . str_repeat( 'a', 2100 ) ), array(), 'url must be at most 2048 characters long.' ),
			'check file URL'         => array( 'check', array( 'file:///etc/passwd' ), array(), 'targets[0] must be an absolute http:// or https:// URL' ),
			'check CRLF in --target' => array( 'check', array( 'http://127.0.0.2/' ), array( 'target' => "http://127.0.0.2/\r\nX: 1" ), 'targets[1] must be an absolute http:// or https:// URL' ),
			'check too many'         => array( 'check', array_fill( 0, 11, 'http://127.0.0.2/' ), array(), 'At most 10 targets can be probed in one run.' ),
			'report --run=yes'       => array( 'report', array(), array( 'run' => 'yes' ), '--run is a flag' ),
			'debug unknown action'   => array( 'debug', array( 'start' ), array(), 'Name what to do: wp proxy-health debug on|off|status.' ),
			'debug minutes 0'        => array( 'debug', array( 'on' ), array( 'minutes' => '0' ), 'minutes must be a whole number from 1 to 1440.' ),
			'debug minutes 1441'     => array( 'debug', array( 'on' ), array( 'minutes' => '1441' ), 'minutes must be a whole number from 1 to 1440.' ),
			'debug minutes ten'      => array( 'debug', array( 'on' ), array( 'minutes' => 'ten' ), 'minutes must be a whole number from 1 to 1440.' ),
			'debug minutes 1.5'      => array( 'debug', array( 'on' ), array( 'minutes' => '1.5' ), 'minutes must be a whole number from 1 to 1440.' ),
			'debug constants maybe'  => array( 'debug', array( 'on' ), array( 'debug-constants' => 'maybe' ), '--debug-constants is a flag' ),
			'debug off --minutes'    => array( 'debug', array( 'off' ), array( 'minutes' => '5' ), '--minutes only go with wp proxy-health debug on.' ),
			'bisect theme not a flag' => array( 'bisect', array(), array( 'include-theme' => 'maybe' ), '--include-theme is a flag: leave the value out, or give 1, 0, true or false.' ),
			'bisect status no id'    => array( 'bisect', array( 'status' ), array(), 'Name the run: wp proxy-health bisect status <id>.' ),
			'bisect status bad id'   => array( 'bisect', array( 'status', '../etc' ), array(), 'No bisection with that id.' ),
			'bisect status unknown'  => array( 'bisect', array( 'status', self::UNKNOWN_RUN ), array(), 'No bisection with that id.' ),
			'bisect status --mode'   => array( 'bisect', array( 'status', self::UNKNOWN_RUN ), array( 'mode' => 'ddmin' ), '--mode only go with wp proxy-health bisect.' ),
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
		$this->assertSame( Proxy_Health_Namespace::class, WP_CLI::$commands['proxy-health'][0] ?? null );
		foreach ( Command_List::SUBCOMMANDS as $name => $class ) {
			$this->assertSame( $class, WP_CLI::$commands[ 'proxy-health ' . $name ][0] ?? null, $name );
		}
	}
}
