<?php
/**
 * An evidence session's debug log: outside the web root when possible, private otherwise,
 * capped, removed when the session ends, and never named in Site Health → Info.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Config\Private_Dir;
use ProxyHealth\Config\Wp_Config_Locator;
use ProxyHealth\Evidence\Debug_Log;
use ProxyHealth\Evidence\Evidence_Session;
use ProxyHealth\Evidence\Log_Tail;
use ProxyHealth\Site_Health\Site_Health;

final class Debug_Log_Test extends TestCase {

	private string $config = '';

	/** @var array<string, mixed> */
	private array $server = array();

	private string $log_errors = '';

	protected function setUp(): void {
		$this->config     = (string) file_get_contents( (string) Wp_Config_Locator::locate() );
		$this->server     = $_SERVER;
		$this->log_errors = (string) ini_get( 'log_errors' );
	}

	protected function tearDown(): void {
		if ( null !== Evidence_Session::stored() ) {
			Evidence_Session::stop();
		}
		$_SERVER = $this->server;
		ini_set( 'log_errors', $this->log_errors );
		remove_all_filters( 'proxy_health_debug_log_parent' );
		delete_option( Debug_Log::KEPT_TAIL_OPTION );
		$this->assertSame( $this->config, file_get_contents( (string) Wp_Config_Locator::locate() ) );
	}

	public function test_a_web_request_puts_the_log_outside_the_web_root_and_the_session_end_removes_it(): void {
		// A web request whose document root is WordPress's folder: the folder above it is not served.
		$_SERVER['DOCUMENT_ROOT'] = rtrim( ABSPATH, '/' );
		$session                  = Evidence_Session::start( 5, true );
		$this->assertIsArray( $session, is_wp_error( $session ) ? $session->get_error_message() : '' );
		$log    = $session['debugLog'];
		$parent = (string) realpath( dirname( rtrim( ABSPATH, '/' ) ) );
		$this->assertSame( $parent . '/' . Private_Dir::name(), dirname( (string) realpath( $log ) ), 'outside ABSPATH, in a private folder' );
		$this->assertStringNotContainsString( (string) realpath( ABSPATH ), (string) realpath( $log ) );
		$this->assertSame( 0600, fileperms( $log ) & 0777, 'readable by PHP\'s user only' );
		$this->assertStringContainsString( var_export( $log, true ), (string) file_get_contents( (string) Wp_Config_Locator::locate() ) ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export

		error_log( 'debug-log-test: a line for the session log', 3, $log );
		$logs = Log_Tail::collect( $log );
		$mine = array_values( array_filter( $logs, static fn( array $one ): bool => str_ends_with( $one['file'], '/proxy-health-[private]/' . basename( $log ) ) ) );
		$this->assertCount( 1, $mine, 'the tail reads the log where it is' );
		$this->assertSame( array( 'debug-log-test: a line for the session log' ), $mine[0]['lines'] );

		$this->assertIsArray( Evidence_Session::stop() );
		$this->assertFileDoesNotExist( $log, 'the log goes with the session' );
		$this->assertDirectoryDoesNotExist( dirname( $log ), 'and its folder outside the web root' );
		$this->assertSame( '', get_option( Evidence_Session::LAST_LOG_OPTION, '' ) );
		// Its redacted tail stays readable until the next session.
		$kept = array_values( array_filter( Log_Tail::collect( '' ), static fn( array $one ): bool => str_contains( $one['file'], 'debug-' ) ) );
		$this->assertSame( array( 'debug-log-test: a line for the session log' ), $kept[0]['lines'] ?? null );
	}

	public function test_without_a_known_document_root_the_log_is_in_the_private_folder_in_uploads(): void {
		unset( $_SERVER['DOCUMENT_ROOT'] );
		$session = Evidence_Session::start( 5, true );
		$this->assertIsArray( $session );
		$this->assertSame( (string) realpath( (string) Private_Dir::path() ), dirname( (string) realpath( $session['debugLog'] ) ) );
		$this->assertFileExists( dirname( $session['debugLog'] ) . '/.htaccess' );
		Evidence_Session::stop();
		$this->assertFileDoesNotExist( $session['debugLog'] );
		$this->assertDirectoryExists( dirname( $session['debugLog'] ), 'the private folder itself stays (it holds the backups)' );
	}

	public function test_a_parent_folder_inside_the_web_root_is_never_used(): void {
		$_SERVER['DOCUMENT_ROOT'] = rtrim( ABSPATH, '/' );
		add_filter( 'proxy_health_debug_log_parent', static fn(): string => WP_CONTENT_DIR );
		$this->assertNull( Debug_Log::outside_dir() );
		$session = Evidence_Session::start( 5, true );
		$this->assertIsArray( $session );
		$this->assertSame( (string) realpath( (string) Private_Dir::path() ), dirname( (string) realpath( $session['debugLog'] ) ) );
	}

	public function test_the_log_stops_at_its_cap_with_a_marker(): void {
		unset( $_SERVER['DOCUMENT_ROOT'] );
		$session = Evidence_Session::start( 5, true );
		$this->assertIsArray( $session );
		$log = $session['debugLog'];
		ini_set( 'log_errors', '1' );

		file_put_contents( $log, str_repeat( "PHP Notice: small\n", 10 ) );
		Debug_Log::cap( $log );
		$this->assertSame( '1', ini_get( 'log_errors' ), 'below the cap nothing changes' );

		// One request logged well past the cap.
		file_put_contents( $log, str_repeat( str_repeat( 'x', 1023 ) . "\n", 6 * 1024 ) );
		Debug_Log::cap( $log );
		clearstatcache();
		$marker = Debug_Log::MARKER . PHP_EOL;
		$this->assertSame( Debug_Log::CAP_BYTES + strlen( $marker ), filesize( $log ) );
		$this->assertStringEndsWith( $marker, (string) file_get_contents( $log ) );
		$this->assertSame( '0', ini_get( 'log_errors' ), 'this request logs nothing more' );

		// The next requests: the marker is written once.
		Debug_Log::cap( $log );
		clearstatcache();
		$this->assertSame( Debug_Log::CAP_BYTES + strlen( $marker ), filesize( $log ) );
		$this->assertSame( 1, substr_count( (string) file_get_contents( $log ), Debug_Log::MARKER ) );
	}

	public function test_site_health_info_never_shows_where_a_session_log_is(): void {
		require_once ABSPATH . 'wp-admin/includes/class-wp-debug-data.php';
		foreach ( array( '/srv/site/proxy-health-' . str_repeat( 'ab', 16 ) . '/debug-0123456789abcdef.log', WP_CONTENT_DIR . '/uploads/proxy-health-' . str_repeat( 'cd', 16 ) . '/debug-fedcba9876543210.log' ) as $path ) {
			$info  = ( new Site_Health() )->add_debug_section(
				array(
					'wp-constants' => array(
						'fields' => array(
							'WP_DEBUG_LOG' => array(
								'label' => 'WP_DEBUG_LOG',
								'value' => $path,
								'debug' => $path,
							),
						),
					),
				)
			);
			$field = $info['wp-constants']['fields']['WP_DEBUG_LOG'];
			$this->assertSame( '[private]/debug-[private].log', $field['value'] );
			$this->assertSame( '[private]/debug-[private].log', $field['debug'] );
		}
		// A site's own log is left as core shows it.
		$this->assertSame( WP_CONTENT_DIR . '/debug.log', Debug_Log::mask( WP_CONTENT_DIR . '/debug.log' ) );
	}
}
