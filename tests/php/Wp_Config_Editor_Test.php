<?php
/**
 * The safe wp-config.php editor on real-world shapes, in temporary folders (never the lab
 * site's own wp-config.php).
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Config\Wp_Config_Editor;
use ProxyHealth\Config\Wp_Config_Locator;
use WP_Error;

final class Wp_Config_Editor_Test extends TestCase {

	private const OPTION = 'proxy_health_test_config_edits';

	private const FIXTURES = __DIR__ . '/../fixtures/wp-config/';

	/** Stands in for wp-settings.php: prints the constants the config defined and stops. */
	private const SETTINGS_STUB = <<<'PHP'
<?php
$names = array( 'WP_DEBUG', 'WP_DEBUG_LOG', 'WP_DEBUG_DISPLAY', 'WP_PROXY_HOST', 'WP_PROXY_PORT', 'WP_PROXY_USERNAME', 'WP_PROXY_PASSWORD', 'MY_OTHER' );
$out   = array();
foreach ( $names as $name ) {
	$out[ $name ] = defined( $name ) ? constant( $name ) : '(undefined)';
}
echo "\n@@", json_encode( $out );
exit;
PHP;

	private const DEBUG = array(
		'WP_DEBUG'         => true,
		'WP_DEBUG_LOG'     => '/var/private/debug-log.log',
		'WP_DEBUG_DISPLAY' => false,
	);

	/** @var list<string> */
	private array $dirs = array();

	protected function tearDown(): void {
		foreach ( $this->dirs as $dir ) {
			exec( 'chattr -R -i ' . escapeshellarg( $dir ) . ' 2>/dev/null' );
			exec( 'chmod -R u+w ' . escapeshellarg( $dir ) . ' && rm -rf ' . escapeshellarg( $dir ) );
		}
		delete_option( self::OPTION );
		parent::tearDown();
	}

	/**
	 * @return array<string, array{string}>
	 */
	public function shapes(): array {
		return array(
			'wp-config-sample, single quotes' => array( 'sample-single-quotes.php' ),
			'double quotes, host installer'   => array( 'double-quotes.php' ),
			'CRLF line endings'               => array( 'crlf.php' ),
			'UTF-8 BOM'                       => array( 'bom.php' ),
			'conditional defines'             => array( 'conditional-defines.php' ),
			'lab site, debug already defined' => array( 'lab-shape.php' ),
		);
	}

	/**
	 * @dataProvider shapes
	 */
	public function test_debug_switch_takes_effect_and_revert_is_byte_identical( string $fixture ): void {
		list( $file, $editor ) = $this->site( $fixture );
		chmod( $file, 0640 );
		$original = (string) file_get_contents( $file );
		$this->assertFalse( $this->run_config( $file )['WP_DEBUG'], 'the fixture starts with debugging off' );

		$result = $editor->apply( Wp_Config_Editor::BLOCK_DEBUG, self::DEBUG );
		$this->assertIsArray( $result, $result instanceof WP_Error ? $result->get_error_message() : '' );

		$edited = (string) file_get_contents( $file );
		$seen   = $this->run_config( $file );
		$this->assertTrue( $seen['WP_DEBUG'] );
		$this->assertSame( '/var/private/debug-log.log', $seen['WP_DEBUG_LOG'] );
		$this->assertFalse( $seen['WP_DEBUG_DISPLAY'] );
		$this->assertSame( 0640, fileperms( $file ) & 07777, 'permissions kept' );
		$this->assertSame( str_starts_with( $original, "\xEF\xBB\xBF" ), str_starts_with( $edited, "\xEF\xBB\xBF" ), 'BOM kept' );
		if ( str_contains( $original, "\r\n" ) ) {
			$this->assertSame( 0, preg_match( "/(?<!\r)\n/", $edited ), 'CRLF file has no bare LF after the edit' );
		} else {
			$this->assertStringNotContainsString( "\r", $edited );
		}
		$this->assertStringContainsString( '/* BEGIN Proxy Health (debug).', $edited );
		$this->assertSame( array(), $this->strays( $file ) );

		$revert = $editor->revert( Wp_Config_Editor::BLOCK_DEBUG );
		$this->assertIsArray( $revert );
		$this->assertSame( 'restored', $revert['status'] );
		$this->assertSame( hash( 'sha256', $original ), hash_file( 'sha256', $file ), 'byte-identical after revert' );
		$this->assertSame( 0640, fileperms( $file ) & 07777 );
		$this->assertNull( $editor->record( Wp_Config_Editor::BLOCK_DEBUG ) );
		$this->assertSame( array( 'config.lock' ), $this->private_files( $editor ), 'the backup is deleted after a revert' );
	}

	public function test_existing_proxy_constants_are_overridden_and_restored(): void {
		foreach ( array( 'double-quotes.php', 'lab-shape.php' ) as $fixture ) {
			list( $file, $editor ) = $this->site( $fixture );
			$original = (string) file_get_contents( $file );

			$result = $editor->apply_proxy_constants(
				array(
					'host'     => '127.0.0.1',
					'port'     => 3129,
					'username' => 'right-user',
					'password' => 'it\'s "right" \\ $x',
				)
			);
			$this->assertIsArray( $result, $result instanceof WP_Error ? $result->get_error_message() : '' );
			$this->assertNotEmpty( $result['guarded'], 'the existing defines were guarded' );
			$seen = $this->run_config( $file );
			$this->assertSame( '127.0.0.1', $seen['WP_PROXY_HOST'] );
			$this->assertSame( '3129', $seen['WP_PROXY_PORT'] );
			$this->assertSame( 'right-user', $seen['WP_PROXY_USERNAME'] );
			$this->assertSame( 'it\'s "right" \\ $x', $seen['WP_PROXY_PASSWORD'] );

			$this->assertSame( 'restored', $editor->revert_proxy_constants()['status'] );
			$this->assertSame( $original, file_get_contents( $file ), $fixture );
		}
	}

	public function test_the_backup_on_disk_does_not_hold_the_passwords_in_clear(): void {
		list( $file, $editor ) = $this->site( 'lab-shape.php' );
		$editor->apply( Wp_Config_Editor::BLOCK_DEBUG, self::DEBUG );
		$files = $this->private_files( $editor );
		$this->assertCount( 2, $files, 'one backup next to the lock' );
		foreach ( $files as $name ) {
			$this->assertStringNotContainsString( 'canary-wrong', (string) file_get_contents( $this->private_dir( $editor ) . '/' . $name ) );
		}
		$this->assertSame( 'restored', $editor->revert( Wp_Config_Editor::BLOCK_DEBUG )['status'] );
	}

	public function test_a_const_declaration_gives_a_clear_error_and_changes_nothing(): void {
		list( $file, $editor ) = $this->site( 'const-form.php' );
		$before = (string) file_get_contents( $file );
		$result = $editor->apply( Wp_Config_Editor::BLOCK_DEBUG, self::DEBUG );
		$this->assertInstanceOf( WP_Error::class, $result );
		$this->assertSame( 'proxy_health_config_constant_defined', $result->get_error_code() );
		$this->assertStringContainsString( 'WP_DEBUG', $result->get_error_message() );
		$this->assertSame( 3, $result->get_error_data()['line'] );
		$this->assertSame( $before, file_get_contents( $file ) );
		$this->assertNull( $editor->record( Wp_Config_Editor::BLOCK_DEBUG ) );
	}

	public function test_a_file_that_never_loads_wordpress_is_not_edited(): void {
		list( $file, $editor ) = $this->site( 'no-anchor.php' );
		$result = $editor->apply( Wp_Config_Editor::BLOCK_DEBUG, self::DEBUG );
		$this->assertInstanceOf( WP_Error::class, $result );
		$this->assertSame( 'proxy_health_config_no_anchor', $result->get_error_code() );
		$this->assertSame( (string) file_get_contents( self::FIXTURES . 'no-anchor.php' ), file_get_contents( $file ) );
	}

	public function test_wp_config_one_folder_above_the_root_is_found_and_edited(): void {
		$parent = $this->temp_dir();
		$root   = $parent . '/public_html';
		mkdir( $root );
		file_put_contents( $root . '/wp-settings.php', self::SETTINGS_STUB );
		copy( self::FIXTURES . 'sample-single-quotes.php', $parent . '/wp-config.php' );
		// The config one folder up points ABSPATH at its own folder; WordPress's sample does too.
		$this->assertSame( $parent . '/wp-config.php', Wp_Config_Locator::locate( $root ) );

		// A wp-config.php in the root wins; one above a folder that is itself a WordPress root does not count.
		copy( self::FIXTURES . 'sample-single-quotes.php', $root . '/wp-config.php' );
		$this->assertSame( $root . '/wp-config.php', Wp_Config_Locator::locate( $root . '/' ) );
		unlink( $root . '/wp-config.php' );
		file_put_contents( $parent . '/wp-settings.php', '<?php' );
		$this->assertNull( Wp_Config_Locator::locate( $root ) );
		unlink( $parent . '/wp-settings.php' );

		$file     = (string) Wp_Config_Locator::locate( $root );
		$original = (string) file_get_contents( $file );
		$editor   = new Wp_Config_Editor( $file, $this->temp_dir(), self::OPTION );
		$this->assertIsArray( $editor->apply( Wp_Config_Editor::BLOCK_DEBUG, self::DEBUG ) );
		$this->assertStringContainsString( 'BEGIN Proxy Health (debug)', (string) file_get_contents( $parent . '/wp-config.php' ) );
		$this->assertSame( 'restored', $editor->revert( Wp_Config_Editor::BLOCK_DEBUG )['status'] );
		$this->assertSame( $original, file_get_contents( $file ) );
	}

	public function test_a_symlinked_wp_config_is_edited_where_it_lives(): void {
		list( $file, $editor ) = $this->site( 'sample-single-quotes.php' );
		$elsewhere = $this->temp_dir() . '/wp-config.php';
		rename( $file, $elsewhere );
		symlink( $elsewhere, $file );
		$original = (string) file_get_contents( $elsewhere );

		$this->assertIsArray( $editor->apply( Wp_Config_Editor::BLOCK_DEBUG, self::DEBUG ) );
		$this->assertTrue( is_link( $file ), 'the link is still a link' );
		$this->assertStringContainsString( 'BEGIN Proxy Health (debug)', (string) file_get_contents( $elsewhere ) );
		$this->assertSame( 'restored', $editor->revert( Wp_Config_Editor::BLOCK_DEBUG )['status'] );
		$this->assertSame( $original, file_get_contents( $elsewhere ) );
		$this->assertTrue( is_link( $file ) );
	}

	public function test_when_the_file_changed_meanwhile_only_the_block_is_removed(): void {
		list( $file, $editor ) = $this->site( 'lab-shape.php' );
		$original = (string) file_get_contents( $file );
		$editor->apply( Wp_Config_Editor::BLOCK_DEBUG, self::DEBUG );

		// An admin (or the lab) adds a line while the session runs.
		$addition = "define( 'MY_OTHER', 'kept' );\n";
		$edited   = (string) file_get_contents( $file );
		file_put_contents( $file, str_replace( "if ( ! defined( 'ABSPATH' ) ) {", $addition . "if ( ! defined( 'ABSPATH' ) ) {", $edited ) );

		$result = $editor->revert( Wp_Config_Editor::BLOCK_DEBUG );
		$this->assertIsArray( $result );
		$this->assertSame( 'block_removed', $result['status'] );
		$this->assertStringContainsString( 'other changes were kept', $result['message'] );
		$expected = str_replace( "if ( ! defined( 'ABSPATH' ) ) {", $addition . "if ( ! defined( 'ABSPATH' ) ) {", $original );
		$this->assertSame( $expected, file_get_contents( $file ) );
		$seen = $this->run_config( $file );
		$this->assertFalse( $seen['WP_DEBUG'] );
		$this->assertSame( 'kept', $seen['MY_OTHER'] );
	}

	public function test_a_read_only_file_gives_an_error_and_changes_nothing(): void {
		list( $file, $editor ) = $this->site( 'sample-single-quotes.php' );
		chmod( $file, 0444 );
		// As root, chmod does not stop a write; the editor honours the mode itself, so this test holds for root too.
		$this->assert_refused_and_unchanged( $file, $editor );
	}

	public function test_a_read_only_folder_gives_an_error_and_changes_nothing(): void {
		list( $file, $editor ) = $this->site( 'sample-single-quotes.php' );
		chmod( dirname( $file ), 0555 );
		$this->assert_refused_and_unchanged( $file, $editor );
	}

	public function test_a_file_and_folder_the_system_refuses_to_write_give_an_error(): void {
		if ( 0 !== posix_geteuid() ) {
			// Not root: the modes above are already what the system enforces.
			list( $file, $editor ) = $this->site( 'sample-single-quotes.php' );
			chmod( $file, 0444 );
			$this->assert_refused_and_unchanged( $file, $editor );
			return;
		}
		// Root ignores modes, but not the immutable flag: a real refusal from the kernel.
		list( $file, $editor ) = $this->site( 'sample-single-quotes.php' );
		exec( 'chattr +i ' . escapeshellarg( $file ) . ' 2>&1', $out, $status );
		if ( 0 === $status ) {
			$this->assert_refused_and_unchanged( $file, $editor );
			exec( 'chattr -i ' . escapeshellarg( $file ) );
			exec( 'chattr +i ' . escapeshellarg( dirname( $file ) ) );
			$this->assert_refused_and_unchanged( $file, $editor );
			exec( 'chattr -i ' . escapeshellarg( dirname( $file ) ) );
		}
		// Without CAP_LINUX_IMMUTABLE (some containers), or in addition: write as another user.
		// is_writable() asks with the real user (root) and says yes; the editor must not trust that.
		chmod( $this->private_dir( $editor ), 0777 );
		if ( is_file( $this->private_dir( $editor ) . '/config.lock' ) ) {
			chmod( $this->private_dir( $editor ) . '/config.lock', 0666 );
		}
		$this->assertTrue( posix_seteuid( 65534 ) );
		try {
			$this->assertTrue( is_writable( $file ), 'is_writable() answers for the real user' );
			$result = $editor->apply( Wp_Config_Editor::BLOCK_DEBUG, self::DEBUG );
		} finally {
			posix_seteuid( 0 );
		}
		$this->assertInstanceOf( WP_Error::class, $result );
		$this->assertSame( 'proxy_health_config_unwritable', $result->get_error_code() );
		$this->assertSame( (string) file_get_contents( self::FIXTURES . 'sample-single-quotes.php' ), file_get_contents( $file ) );
	}

	public function test_a_process_killed_before_the_rename_leaves_the_original(): void {
		list( $file, $editor ) = $this->site( 'lab-shape.php' );
		$original = (string) file_get_contents( $file );
		$this->kill_during_apply( 'proxy_health_config_before_rename', $file, $editor );

		$this->assertSame( $original, file_get_contents( $file ), 'the original is untouched' );
		$this->assertCount( 1, $this->strays( $file ), 'the killed process left its temporary file' );
		$this->assertSame( 'applying', $editor->record( Wp_Config_Editor::BLOCK_DEBUG )['state'] ?? null );

		$this->assertContains( 'debug: original in place', $editor->recover() );
		$this->assertSame( array(), $this->strays( $file ), 'the temporary file (it holds secrets) is removed' );
		$this->assertNull( $editor->record( Wp_Config_Editor::BLOCK_DEBUG ) );
		$this->assertSame( array( 'config.lock' ), $this->private_files( $editor ) );
	}

	public function test_a_process_killed_after_the_rename_leaves_a_valid_edit_that_can_be_reverted(): void {
		list( $file, $editor ) = $this->site( 'lab-shape.php' );
		$original = (string) file_get_contents( $file );
		$this->kill_during_apply( 'proxy_health_config_after_rename', $file, $editor );

		$this->assertTrue( $this->run_config( $file )['WP_DEBUG'], 'the new file is complete and valid' );
		$this->assertSame( 'applying', $editor->record( Wp_Config_Editor::BLOCK_DEBUG )['state'] ?? null );
		$this->assertContains( 'debug: edit in place', $editor->recover() );
		$this->assertSame( 'restored', $editor->revert( Wp_Config_Editor::BLOCK_DEBUG )['status'] );
		$this->assertSame( $original, file_get_contents( $file ) );
	}

	private function assert_refused_and_unchanged( string $file, Wp_Config_Editor $editor ): void {
		$before = (string) file_get_contents( $file );
		$result = $editor->apply( Wp_Config_Editor::BLOCK_DEBUG, self::DEBUG );
		$this->assertInstanceOf( WP_Error::class, $result );
		$this->assertSame( 'proxy_health_config_unwritable', $result->get_error_code() );
		$this->assertSame( 409, $result->get_error_data()['status'] );
		$this->assertSame( $before, file_get_contents( $file ) );
		$this->assertNull( $editor->record( Wp_Config_Editor::BLOCK_DEBUG ) );
		$this->assertSame( array(), $this->strays( $file ) );
		$this->assertSame( array( 'config.lock' ), $this->private_files( $editor ), 'no backup left behind' );
	}

	/**
	 * Runs the editor in a child PHP process (the lab WordPress loaded) that kills itself with
	 * SIGKILL when the given action fires.
	 */
	private function kill_during_apply( string $action, string $file, Wp_Config_Editor $editor ): void {
		$script = $this->temp_dir() . '/child.php';
		file_put_contents(
			$script,
			'<?php
define( "WP_USE_THEMES", false );
$_SERVER["HTTP_HOST"] = "127.0.0.1";
$_SERVER["REQUEST_URI"] = "/";
require getenv( "PROXY_HEALTH_WP_ROOT" ) . "/wp-load.php";
add_action( $argv[1], static function (): void { posix_kill( getmypid(), SIGKILL ); } );
$editor = new ProxyHealth\Config\Wp_Config_Editor( $argv[2], $argv[3], $argv[4] );
$editor->apply( "debug", array( "WP_DEBUG" => true, "WP_DEBUG_DISPLAY" => false ) );
echo "not killed";
'
		);
		$command = sprintf( 'php %s %s %s %s %s 2>&1', escapeshellarg( $script ), escapeshellarg( $action ), escapeshellarg( $file ), escapeshellarg( $this->private_dir( $editor ) ), escapeshellarg( self::OPTION ) );
		exec( $command, $output, $status );
		$this->assertSame( 137, $status, 'the child was killed: ' . implode( "\n", $output ) );
	}

	/**
	 * A temporary site folder with a fixture as wp-config.php and a stub wp-settings.php.
	 *
	 * @return array{0: string, 1: Wp_Config_Editor}
	 */
	private function site( string $fixture ): array {
		$dir = $this->temp_dir();
		copy( self::FIXTURES . $fixture, $dir . '/wp-config.php' );
		file_put_contents( $dir . '/wp-settings.php', self::SETTINGS_STUB );
		return array( $dir . '/wp-config.php', new Wp_Config_Editor( $dir . '/wp-config.php', $this->temp_dir(), self::OPTION ) );
	}

	/**
	 * Executes a config (in a child PHP, warnings shown) up to the stub wp-settings.php.
	 *
	 * @return array<string, mixed>
	 */
	private function run_config( string $file ): array {
		$command = sprintf( 'php -d display_errors=stderr -d error_reporting=-1 -d log_errors=0 -d auto_prepend_file= %s 2>&1', escapeshellarg( $file ) );
		exec( $command, $output, $status );
		$text = implode( "\n", $output );
		$this->assertSame( 0, $status, $text );
		$this->assertSame( 1, preg_match( '/^(?:\xEF\xBB\xBF)?\n?@@(.*)$/s', $text, $m ), 'no warnings or output before WordPress loads: ' . $text );
		return (array) json_decode( $m[1], true );
	}

	/**
	 * Temporary files an edit left next to wp-config.php.
	 *
	 * @return list<string>
	 */
	private function strays( string $file ): array {
		return array_values( glob( dirname( (string) realpath( $file ) ) . '/.wp-config.php.proxy-health-*' ) ?: array() );
	}

	/**
	 * @return list<string>
	 */
	private function private_files( Wp_Config_Editor $editor ): array {
		return array_values( array_diff( (array) scandir( $this->private_dir( $editor ) ), array( '.', '..' ) ) );
	}

	private function private_dir( Wp_Config_Editor $editor ): string {
		$property = new \ReflectionProperty( $editor, 'private_dir' );
		$property->setAccessible( true );
		return (string) $property->getValue( $editor );
	}

	private function temp_dir(): string {
		$dir = sys_get_temp_dir() . '/ph-config-' . bin2hex( random_bytes( 6 ) );
		mkdir( $dir, 0755 );
		$this->dirs[] = $dir;
		return $dir;
	}
}
