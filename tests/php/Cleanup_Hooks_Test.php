<?php
/**
 * Clean-up that hangs off admin_init (the bisection reaper, the end of an expired evidence
 * session) runs for administrators only: anonymous admin-ajax.php and admin-post.php requests
 * run admin_init too, and must not drive it. Cron events still do.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Bisection\Reaper;
use ProxyHealth\Evidence\Evidence_Session;

final class Cleanup_Hooks_Test extends Rest_Test_Case {

	protected function tearDown(): void {
		wp_set_current_user( 0 );
		if ( null !== Evidence_Session::stored() ) {
			Evidence_Session::stop();
		}
		parent::tearDown();
	}

	/**
	 * An evidence session whose time is up but that nobody ended yet.
	 */
	private function expired_session(): string {
		$session = Evidence_Session::start( 5, false );
		$this->assertIsArray( $session );
		$stored              = get_option( Evidence_Session::OPTION );
		$stored['expiresAt'] = time() - 60;
		update_option( Evidence_Session::OPTION, $stored, true );
		return (string) $session['id'];
	}

	/**
	 * @return array<string, array{string}>
	 */
	public function not_administrators(): array {
		return array(
			'anonymous'  => array( 'anonymous' ),
			'subscriber' => array( 'subscriber' ),
			'editor'     => array( 'editor' ),
		);
	}

	/**
	 * @dataProvider not_administrators
	 */
	public function test_admin_init_without_an_administrator_ends_no_session_and_reaps_nothing( string $role ): void {
		$id = $this->expired_session();
		wp_clear_scheduled_hook( Reaper::CRON_HOOK );
		$this->act_as( $role );

		Evidence_Session::maintain();
		( new Reaper() )->on_admin_init();

		$this->assertSame( $id, Evidence_Session::stored()['id'] ?? null, 'the session was ended by a ' . $role . ' request' );
		$this->assertFalse( wp_next_scheduled( Reaper::CRON_HOOK ), 'the reaper ran for a ' . $role . ' request' );
	}

	public function test_an_administrator_page_load_and_the_cron_events_still_clean_up(): void {
		$this->expired_session();
		wp_clear_scheduled_hook( Reaper::CRON_HOOK );
		$this->act_as( 'administrator' );
		Evidence_Session::maintain();
		( new Reaper() )->on_admin_init();
		$this->assertNull( Evidence_Session::stored() );
		$this->assertNotFalse( wp_next_scheduled( Reaper::CRON_HOOK ) );

		// Cron runs with no user: the expiry event ends the session all the same.
		$id = $this->expired_session();
		wp_set_current_user( 0 );
		do_action( Evidence_Session::CRON_HOOK, $id );
		$this->assertNull( Evidence_Session::stored() );
	}
}
