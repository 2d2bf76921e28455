<?php
/**
 * Log tails read only logs: the session debug log this plugin named in its private folder,
 * PHP's log and the server logs an admin listed. An option pointed at wp-config.php (or any
 * other file) is refused by GET /evidence and the bundle, and keys and salts never show.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Config\Private_Dir;
use ProxyHealth\Config\Wp_Config_Locator;
use ProxyHealth\Documents\Evidence_Bundle_Document;
use ProxyHealth\Evidence\Evidence_Session;
use ProxyHealth\Evidence\Log_Tail;

final class Log_Tail_Policy_Test extends Rest_Test_Case {

	/** @var list<string> */
	private array $files = array();

	protected function tearDown(): void {
		delete_option( Evidence_Session::LAST_LOG_OPTION );
		delete_option( Log_Tail::SERVER_LOGS_OPTION );
		foreach ( $this->files as $file ) {
			if ( is_file( $file ) ) {
				unlink( $file );
			}
		}
		parent::tearDown();
	}

	/**
	 * The log tails of GET /evidence, as an administrator sees them.
	 *
	 * @return list<array<string, mixed>>
	 */
	private function tails(): array {
		$this->act_as( 'administrator' );
		$response = $this->dispatch( 'GET', '/proxy-health/v1/evidence' );
		$this->assertSame( 200, $response->get_status() );
		return $response->get_data()['logs'];
	}

	/**
	 * Every line of every tail, with the files shown.
	 *
	 * @param list<array<string, mixed>> $logs Tails.
	 */
	private static function text( array $logs ): string {
		return (string) wp_json_encode( $logs, JSON_UNESCAPED_SLASHES );
	}

	/**
	 * @return array<string, array{string}>
	 */
	public function not_logs(): array {
		return array(
			'wp-config.php'           => array( 'wp-config' ),
			'a log name elsewhere'    => array( 'content-log' ),
			'a private non-log file'  => array( 'private-php' ),
			'a symlink to wp-config'  => array( 'symlink' ),
			'traversal out of folder' => array( 'traversal' ),
		);
	}

	/**
	 * @dataProvider not_logs
	 */
	public function test_the_last_log_option_cannot_name_another_file( string $case ): void {
		$config  = (string) realpath( (string) Wp_Config_Locator::locate() );
		$private = Private_Dir::path();
		$this->assertIsString( $private );
		switch ( $case ) {
			case 'wp-config':
				$path = $config;
				break;
			case 'content-log':
				// A .log file, but not one this plugin created in its private folder.
				$path = WP_CONTENT_DIR . '/debug-0123456789abcdef.log';
				file_put_contents( $path, "define( 'SECRET_LINE', 'not-a-session-log' );\n" );
				$this->files[] = $path;
				break;
			case 'private-php':
				$path = $private . '/index.php';
				break;
			case 'symlink':
				$path = $private . '/debug-fedcba9876543210.log';
				symlink( $config, $path );
				$this->files[] = $path;
				break;
			default:
				$path = $private . '/../../../wp-config.php';
		}
		update_option( Evidence_Session::LAST_LOG_OPTION, $path, false );
		$logs = $this->tails();
		$text = self::text( $logs );
		$this->assertStringNotContainsString( 'table_prefix', $text, 'wp-config.php was read' );
		$this->assertStringNotContainsString( 'not-a-session-log', $text );
		$this->assertStringNotContainsString( 'Silence is golden', $text );
		foreach ( $logs as $log ) {
			if ( str_contains( (string) $log['file'], 'wp-config' ) || str_contains( (string) $log['file'], 'debug-' ) || str_contains( (string) $log['file'], 'index.php' ) ) {
				$this->assertSame( array(), $log['lines'] );
				$this->assertArrayHasKey( 'skipped', $log );
			}
		}
		$bundle = Evidence_Bundle_Document::build();
		$this->assertStringNotContainsString( 'table_prefix', (string) wp_json_encode( $bundle ), 'the bundle read wp-config.php' );
	}

	public function test_a_session_log_is_read_and_keys_and_salts_are_redacted(): void {
		$private = Private_Dir::path();
		$this->assertIsString( $private );
		$path          = $private . '/debug-00112233445566ff.log';
		$this->files[] = $path;
		$lines         = array(
			'[02-Dec-2026 00:00:00 UTC] PHP Notice: session log line one',
			"define( 'AUTH_KEY', 'literal-key-value-in-a-log' );",
			'[02-Dec-2026 00:00:01 UTC] dump: ' . AUTH_KEY . ' / ' . NONCE_SALT . ' / ' . LOGGED_IN_SALT,
			"array ( 'secure_auth_salt' => 'salt-in-an-array' )",
		);
		file_put_contents( $path, implode( "\n", $lines ) . "\n" );
		update_option( Evidence_Session::LAST_LOG_OPTION, $path, false );
		$logs = $this->tails();
		$mine = array_values( array_filter( $logs, static fn( array $log ): bool => str_ends_with( (string) $log['file'], 'debug-00112233445566ff.log' ) ) );
		$this->assertCount( 1, $mine );
		$this->assertStringContainsString( 'proxy-health-[private]', $mine[0]['file'], 'the private folder name is masked' );
		$this->assertArrayNotHasKey( 'skipped', $mine[0] );
		$text = implode( "\n", $mine[0]['lines'] );
		$this->assertStringContainsString( 'session log line one', $text );
		foreach ( array( 'literal-key-value-in-a-log', AUTH_KEY, NONCE_SALT, LOGGED_IN_SALT, 'salt-in-an-array' ) as $secret ) {
			$this->assertStringNotContainsString( $secret, $text );
		}
	}

	public function test_server_logs_must_be_log_files_inside_the_server_log_folders(): void {
		$root = sys_get_temp_dir() . '/ph-server-logs-' . bin2hex( random_bytes( 4 ) );
		mkdir( $root );
		file_put_contents( $root . '/error.log', "server line\n" );
		file_put_contents( $root . '/secrets.php', "<?php // server-php-file\n" );
		$this->files = array_merge( $this->files, array( $root . '/error.log', $root . '/secrets.php' ) );
		$roots       = static fn(): array => array( $root );
		add_filter( 'proxy_health_server_log_roots', $roots );
		try {
			$this->assertInstanceOf( \WP_Error::class, Log_Tail::set_server_logs( array( $root . '/secrets.php' ) ) );
			$this->assertIsArray( Log_Tail::set_server_logs( array( $root . '/error.log' ) ) );
			// The option written directly (not through the route) is checked again when read.
			update_option( Log_Tail::SERVER_LOGS_OPTION, array( $root . '/error.log', $root . '/secrets.php', (string) realpath( (string) Wp_Config_Locator::locate() ) ), false );
			$text = self::text( $this->tails() );
			$this->assertStringContainsString( 'server line', $text );
			$this->assertStringNotContainsString( 'server-php-file', $text );
			$this->assertStringNotContainsString( 'table_prefix', $text );
		} finally {
			remove_filter( 'proxy_health_server_log_roots', $roots );
			foreach ( $this->files as $file ) {
				if ( is_file( $file ) ) {
					unlink( $file );
				}
			}
			rmdir( $root );
		}
	}
}
