<?php
/**
 * The sandbox loader reads a bounded body; identifier patterns end at the string's end; SQL
 * identifiers go through %i.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Bisection\Sandbox\Sandbox_Request;
use ProxyHealth\Bisection\Staging\Clone_Registry;

final class Sandbox_Hardening_Test extends TestCase {

	/** @var list<string> */
	private array $files = array();

	protected function tearDown(): void {
		foreach ( $this->files as $file ) {
			@unlink( $file ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.unlink_unlink
		}
		$this->files = array();
	}

	public function test_the_loader_reads_a_body_only_up_to_its_bound(): void {
		$small = $this->body_file( (string) wp_json_encode( array( 'prefix' => 'wp_phbx0a1b_', 'subset' => array( 'a/a.php' ) ) ) );
		$this->assertSame( '{"prefix":"wp_phbx0a1b_","subset":["a\/a.php"]}', Sandbox_Request::read_body( $small ) );

		$exact = $this->body_file( str_repeat( ' ', Sandbox_Request::MAX_BODY_BYTES ) );
		$this->assertSame( Sandbox_Request::MAX_BODY_BYTES, strlen( (string) Sandbox_Request::read_body( $exact ) ) );

		$large = $this->body_file( str_repeat( ' ', Sandbox_Request::MAX_BODY_BYTES + 1 ) );
		$this->assertNull( Sandbox_Request::read_body( $large ), 'a body past the bound is no sandbox request' );

		// The loader itself never reads php://input whole.
		$loader = (string) file_get_contents( WP_PLUGIN_DIR . '/proxy-health/sandbox/proxy-health-sandbox.php' );
		$this->assertStringNotContainsString( "file_get_contents( 'php://input' )", $loader );
		$this->assertStringContainsString( 'Sandbox_Request::read_body()', $loader );
	}

	public function test_a_body_past_the_bound_is_not_decoded_even_when_well_formed(): void {
		$body = (string) wp_json_encode( array( 'prefix' => 'wp_phbx0a1b_', 'subset' => array( 'a/a.php', 'b/b.php' ) ) );
		$this->assertSame(
			array(
				'prefix' => 'wp_phbx0a1b_',
				'subset' => array( 'a/a.php', 'b/b.php' ),
			),
			Sandbox_Request::decode_body( $body )
		);
		// Well-formed JSON, padded past the bound (what a WP-CLI step's environment could carry).
		$padded = $body . str_repeat( ' ', Sandbox_Request::MAX_BODY_BYTES );
		$this->assertNotNull( json_decode( $padded, true ) );
		$this->assertNull( Sandbox_Request::decode_body( $padded ) );
		$this->assertNull( Sandbox_Request::decode_body( '{"prefix":"wp_phbx0a1b_","subset":[1]}' ) );
		$this->assertNull( Sandbox_Request::decode_body( '{"prefix":"wp_phbx0a1b_","subset":[[[["deep"]]]]}' ) );
		$this->assertFalse( Sandbox_Request::boot( 'not-a-token', $padded ) );
	}

	public function test_the_clone_prefix_pattern_refuses_a_trailing_newline(): void {
		$this->assertTrue( Clone_Registry::is_clone_prefix( 'wp_phbx0a1b_', 'wp_' ) );
		$this->assertFalse( Clone_Registry::is_clone_prefix( "wp_phbx0a1b_\n", 'wp_' ), '$ matched before a final newline' );
		$this->assertFalse( Clone_Registry::is_clone_prefix( "wp_phbx0a1b_\r\n", 'wp_' ) );
		$this->assertFalse( Clone_Registry::is_clone_prefix( 'wp_phbx0a1b_x', 'wp_' ) );
	}

	public function test_no_identifier_is_escaped_with_esc_sql_inside_backticks(): void {
		$offenders = array();
		$files     = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( WP_PLUGIN_DIR . '/proxy-health', \FilesystemIterator::SKIP_DOTS ) );
		foreach ( $files as $file ) {
			if ( 'php' !== $file->getExtension() ) {
				continue;
			}
			$source = (string) file_get_contents( $file->getPathname() );
			if ( 1 === preg_match( '/`[^`\n]*esc_sql\(/', $source ) ) {
				$offenders[] = $file->getPathname();
			}
		}
		$this->assertSame( array(), $offenders, 'use $wpdb->prepare() with %i for identifiers' );
	}

	private function body_file( string $bytes ): string {
		$file = (string) tempnam( sys_get_temp_dir(), 'ph-body-' );
		file_put_contents( $file, $bytes );
		$this->files[] = $file;
		return $file;
	}
}
