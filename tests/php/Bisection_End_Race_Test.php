<?php
/**
 * A run that ends while another request begins one of its steps: the step must not leave the
 * must-use loader or the lock behind. The two requests are interleaved inside one process at
 * the exact point (PHPUnit cannot run two PHP workers); the same race with real workers is
 * tests/integration/cli-bisect.test.ts's Ctrl-C case.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Bisection\Bisection_Store;
use ProxyHealth\Bisection\Bisector;
use ProxyHealth\Bisection\Lock;
use ProxyHealth\Bisection\Sandbox_Installer;
use ProxyHealth\Bisection\Step_Claim;

final class Bisection_End_Race_Test extends TestCase {

	private string $id = '';

	protected function setUp(): void {
		parent::setUp();
		$this->id = wp_generate_uuid4();
		Bisection_Store::save(
			array(
				'id'              => $this->id,
				'status'          => 'running',
				'mode'            => 'one-by-one',
				'driver'          => 'client',
				'cloneMode'       => 'light',
				'plugins'         => array( 'a/a.php', 'b/b.php' ),
				'probesUsed'      => 0,
				'probesEstimated' => 2,
				'steps'           => array(),
				'culprits'        => array(),
				'clone'           => array(
					'prefix' => 'wp_phbxrace_',
					'state'  => 'ready',
				),
				'createdAt'       => gmdate( 'c' ),
			)
		);
		Step_Claim::open( $this->id );
		$this->assertTrue( Lock::acquire( $this->id ) );
		$this->assertTrue( Sandbox_Installer::install() );
	}

	protected function tearDown(): void {
		remove_all_filters( 'query' );
		Step_Claim::close( $this->id );
		Lock::release( $this->id );
		Sandbox_Installer::remove();
		parent::tearDown();
	}

	/**
	 * Runs $end once, as another request would, just before the step's query that matches $at.
	 */
	private function end_before( string $at, callable $end ): void {
		$done = false;
		add_filter(
			'query',
			static function ( string $sql ) use ( &$done, $at, $end ): string {
				if ( ! $done && str_contains( $sql, $at ) ) {
					$done = true;
					$end();
				}
				return $sql;
			}
		);
	}

	private function cancel(): void {
		( new Bisector() )->cancel( (array) Bisection_Store::get( $this->id ) );
	}

	public function test_a_cancel_landing_after_the_step_read_the_run_leaves_no_loader_and_no_lock(): void {
		$run = (array) Bisection_Store::get( $this->id );
		// The step has read the run as running and is refreshing the lock when the cancel lands.
		$this->end_before( 'UPDATE `' . $GLOBALS['wpdb']->options . '` SET option_value', fn() => $this->cancel() );
		$prepared = ( new Bisector() )->prepare( $run );

		$this->assertInstanceOf( \WP_Error::class, $prepared );
		$this->assertSame( 'proxy_health_bisection_finished', $prepared->get_error_code() );
		$this->assertSame( 'cancelled', Bisection_Store::get( $this->id )['status'] ?? null );
		$this->assertFalse( Sandbox_Installer::is_installed(), 'the step put the loader back after the cancel removed it' );
		$this->assertNull( Lock::holder() );
	}

	public function test_a_cancel_landing_before_the_step_takes_the_lock_back_leaves_no_lock(): void {
		$run = (array) Bisection_Store::get( $this->id );
		// The cancel lands after the step's status check but before its lock check: the step
		// finds the lock free and takes it for a run that has ended.
		$this->end_before( 'SELECT option_value FROM `' . $GLOBALS['wpdb']->options . '` WHERE option_name = \'' . Lock::OPTION . '\'', fn() => $this->cancel() );
		$prepared = ( new Bisector() )->prepare( $run );

		$this->assertInstanceOf( \WP_Error::class, $prepared );
		$this->assertSame( 'proxy_health_bisection_finished', $prepared->get_error_code() );
		$this->assertSame( 'cancelled', Bisection_Store::get( $this->id )['status'] ?? null );
		$this->assertFalse( Sandbox_Installer::is_installed(), 'the step put the loader back after the cancel removed it' );
		$this->assertNull( Lock::holder(), 'the step took the lock for a run that had ended' );
	}

	public function test_a_run_from_before_step_claims_is_told_ended_by_its_record(): void {
		Step_Claim::close( $this->id );
		$run = (array) Bisection_Store::get( $this->id );
		$this->end_before( 'UPDATE `' . $GLOBALS['wpdb']->options . '` SET option_value', fn() => $this->cancel() );
		$prepared = ( new Bisector() )->prepare( $run );

		$this->assertInstanceOf( \WP_Error::class, $prepared );
		$this->assertSame( 'proxy_health_bisection_finished', $prepared->get_error_code() );
		$this->assertFalse( Sandbox_Installer::is_installed() );
		$this->assertNull( Lock::holder() );
	}

	public function test_a_step_begun_without_interference_keeps_the_loader_and_the_lock(): void {
		$prepared = ( new Bisector() )->prepare( (array) Bisection_Store::get( $this->id ) );

		$this->assertIsArray( $prepared );
		$this->assertSame( 1, $prepared['step'] );
		$this->assertTrue( Sandbox_Installer::is_installed() );
		$this->assertSame( $this->id, Lock::holder() );
	}
}
