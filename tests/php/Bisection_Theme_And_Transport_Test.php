<?php
/**
 * The theme as a bisection candidate (fallback choice, the sandbox's list, the refusal when no
 * theme can stand in) and which transport's 407 fails a step, on the lab's real WordPress.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Bisection\Bisector;
use ProxyHealth\Bisection\Failing_Transport;
use ProxyHealth\Bisection\Theme_Candidate;
use WP_Error;

final class Bisection_Theme_And_Transport_Test extends TestCase {

	/**
	 * @var list<array{0: string, 1: callable}>
	 */
	private array $filters = array();

	/**
	 * @var array<int, string>|null
	 */
	private ?array $theme_directories = null;

	protected function tearDown(): void {
		foreach ( $this->filters as [ $hook, $callback ] ) {
			remove_filter( $hook, $callback, PHP_INT_MAX );
		}
		if ( null !== $this->theme_directories ) {
			$GLOBALS['wp_theme_directories'] = $this->theme_directories;
			wp_clean_themes_cache();
		}
		parent::tearDown();
	}

	/** Runs as if $stylesheet (whose template is $template) were the active theme. */
	private function pretend_active( string $stylesheet, string $template ): void {
		$this->filters[] = array( 'pre_option_stylesheet', static fn(): string => $stylesheet );
		$this->filters[] = array( 'pre_option_template', static fn(): string => $template );
		foreach ( array_slice( $this->filters, -2 ) as [ $hook, $callback ] ) {
			add_filter( $hook, $callback, PHP_INT_MAX );
		}
	}

	public function test_the_fallback_is_the_default_theme_when_another_theme_is_active(): void {
		$this->assertTrue( wp_get_theme( WP_DEFAULT_THEME )->exists(), 'the lab installs the default theme' );
		$other = current( array_diff( array_keys( wp_get_themes() ), array( WP_DEFAULT_THEME ) ) );
		$this->assertIsString( $other );
		$this->pretend_active( $other, $other );

		$this->assertSame( WP_DEFAULT_THEME, Theme_Candidate::fallback() );
	}

	public function test_the_fallback_is_never_the_active_theme_or_its_parent(): void {
		$this->pretend_active( WP_DEFAULT_THEME, WP_DEFAULT_THEME );
		$fallback = Theme_Candidate::fallback();
		$this->assertIsString( $fallback );
		$this->assertNotSame( WP_DEFAULT_THEME, $fallback );
		$this->assertTrue( wp_get_theme( $fallback )->exists() );
		$this->assertNotSame( WP_DEFAULT_THEME, wp_get_theme( $fallback )->get_template() );
	}

	public function test_without_another_theme_a_theme_test_is_refused_before_anything_starts(): void {
		$root = sys_get_temp_dir() . '/proxy-health-themes-' . wp_generate_password( 8, false );
		mkdir( $root . '/solo', 0700, true );
		file_put_contents( $root . '/solo/style.css', "/*\nTheme Name: Solo\n*/\n" );
		file_put_contents( $root . '/solo/index.php', "<?php\n" );
		$this->theme_directories         = $GLOBALS['wp_theme_directories'];
		$GLOBALS['wp_theme_directories'] = array( $root );
		wp_clean_themes_cache();
		$this->pretend_active( 'solo', 'solo' );
		try {
			$this->assertNull( Theme_Candidate::fallback() );
			$run = ( new Bisector() )->start( 'ddmin', Bisector::DRIVER_CLIENT, 'light', array(), true );
			$this->assertInstanceOf( WP_Error::class, $run );
			$this->assertSame( 'proxy_health_bisection_no_fallback_theme', $run->get_error_code() );
			$this->assertSame( 400, $run->get_error_data()['status'] );
			$this->assertFalse( (bool) get_option( 'proxy_health_bisection_lock' ), 'no lock taken' );
		} finally {
			array_map( 'unlink', glob( $root . '/solo/*' ) );
			rmdir( $root . '/solo' );
			rmdir( $root );
		}
	}

	public function test_the_sandbox_runs_the_fallback_only_when_a_step_leaves_the_theme_out(): void {
		$theme = array(
			'stylesheet' => 'mine',
			'fallback'   => 'twentytwentyfour',
		);
		$this->assertSame( array( 'a/a.php' ), Theme_Candidate::sandbox_subset( array( 'a/a.php', 'theme:mine' ), $theme ) );
		$this->assertSame( array( 'a/a.php', 'theme:twentytwentyfour' ), Theme_Candidate::sandbox_subset( array( 'a/a.php' ), $theme ) );
		$this->assertSame( array( 'theme:twentytwentyfour' ), Theme_Candidate::sandbox_subset( array(), $theme ) );
		// A run that does not test the theme leaves it alone.
		$this->assertSame( array( 'a/a.php' ), Theme_Candidate::sandbox_subset( array( 'a/a.php' ), null ) );
	}

	public function test_a_step_fails_on_the_transport_wordpress_uses_once_every_plugin_active_failed_there(): void {
		$both     = array(
			'outcome'          => 'fail',
			'failedTransports' => array( 'curl', 'fsockopen' ),
		);
		$fallback = array(
			'outcome'          => 'fail',
			'failedTransports' => array( 'fsockopen' ),
		);
		$this->assertSame( 'curl', Failing_Transport::decide( $both, 'curl' ) );
		$this->assertSame( 'fail', Failing_Transport::outcome( $both, 'curl' ) );
		$this->assertSame( 'pass', Failing_Transport::outcome( $fallback, 'curl' ) );
	}

	public function test_when_only_the_fallback_transport_fails_any_407_counts(): void {
		$fallback = array(
			'outcome'          => 'fail',
			'failedTransports' => array( 'fsockopen' ),
		);
		$this->assertSame( Failing_Transport::ANY, Failing_Transport::decide( $fallback, 'curl' ) );
		$this->assertSame( 'fail', Failing_Transport::outcome( $fallback, Failing_Transport::ANY ) );
		$this->assertSame(
			'pass',
			Failing_Transport::outcome(
				array(
					'outcome'          => 'pass',
					'failedTransports' => array(),
				),
				Failing_Transport::ANY
			)
		);
	}

	public function test_a_crash_stays_a_crash_whatever_the_rule(): void {
		$crash = array(
			'outcome'          => 'crash',
			'failedTransports' => array(),
		);
		$this->assertSame( Failing_Transport::ANY, Failing_Transport::decide( $crash, 'curl' ) );
		$this->assertSame( 'crash', Failing_Transport::outcome( $crash, 'curl' ) );
	}
}
