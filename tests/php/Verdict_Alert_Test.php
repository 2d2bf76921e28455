<?php
/**
 * Alerts: what a change of verdict does (notice state, e-mail, action), the off switch and the
 * once-a-day limit, the notice itself and GET/POST /alerts, in the real lab WordPress. Mails are
 * recorded through `pre_wp_mail`, which stops them before PHPMailer.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Alerts\Alert_Notice;
use ProxyHealth\Alerts\Verdict_Alert;
use WP_REST_Request;

final class Verdict_Alert_Test extends Rest_Test_Case {

	/** @var list<array<string, mixed>> */
	private array $mails = array();

	/** @var list<array{0: string, 1: string|null, 2: string}> */
	private array $changes = array();

	private int $now = 1767225600;

	/** @var callable */
	private $mail_recorder;

	/** @var callable */
	private $change_recorder;

	protected function setUp(): void {
		parent::setUp();
		delete_option( Verdict_Alert::STATE_OPTION );
		delete_option( Verdict_Alert::EMAIL_OPTION );
		delete_option( Verdict_Alert::MAILED_OPTION );
		$this->mails           = array();
		$this->changes         = array();
		$this->mail_recorder   = function ( $short_circuit, $atts ) {
			$this->mails[] = $atts;
			return true;
		};
		$this->change_recorder = function ( $new_verdict, $old_verdict, $report ): void {
			$this->changes[] = array( $new_verdict, $old_verdict, (string) $report['id'] );
		};
		add_filter( 'pre_wp_mail', $this->mail_recorder, 10, 2 );
		add_action( Verdict_Alert::ACTION, $this->change_recorder, 10, 3 );
	}

	protected function tearDown(): void {
		remove_filter( 'pre_wp_mail', $this->mail_recorder, 10 );
		remove_action( Verdict_Alert::ACTION, $this->change_recorder, 10 );
		delete_option( Verdict_Alert::STATE_OPTION );
		delete_option( Verdict_Alert::EMAIL_OPTION );
		delete_option( Verdict_Alert::MAILED_OPTION );
		parent::tearDown();
	}

	private function watcher(): Verdict_Alert {
		return new Verdict_Alert( fn(): int => $this->now );
	}

	/**
	 * @return array<string, mixed>
	 */
	private static function report( string $id, string $verdict, string $source = 'wp-config' ): array {
		$diagnoses = 'fail' === $verdict ? array(
			array(
				'code'     => 'proxy_auth_rejected',
				'severity' => 'critical',
				'title'    => 'The proxy rejects the username or password WordPress sends',
				'detail'   => 'The proxy answered 407 to the credentials in wp-config.php.',
			),
		) : array();
		return array(
			'id'                => $id,
			'verdict'           => $verdict,
			'credentialsSource' => $source,
			'diagnoses'         => $diagnoses,
		);
	}

	public function test_pass_to_fail_opens_one_alert_sends_one_mail_and_fires_the_action_once(): void {
		$watcher = $this->watcher();
		$this->assertSame( Verdict_Alert::CHANGED, $watcher->observe( self::report( 'r1', 'pass' ) ) );
		$this->assertNull( Verdict_Alert::current() );
		$this->assertSame( array(), $this->mails );

		$this->now += 60;
		$this->assertSame( Verdict_Alert::OPENED, $watcher->observe( self::report( 'r2', 'fail' ) ) );
		$alert = Verdict_Alert::current();
		$this->assertNotNull( $alert );
		$this->assertSame( 'r2', $alert['id'] );
		$this->assertSame( 'proxy_auth_rejected', $alert['code'] );
		$this->assertSame( gmdate( 'Y-m-d\TH:i:s\Z', $this->now ), $alert['since'] );

		$this->assertCount( 1, $this->mails );
		$this->assertSame( get_option( 'admin_email' ), $this->mails[0]['to'] );
		$this->assertStringContainsString( 'Outbound requests fail through the proxy', (string) $this->mails[0]['subject'] );
		$this->assertStringContainsString( 'The proxy rejects the username or password', (string) $this->mails[0]['message'] );
		$this->assertStringContainsString( admin_url( 'tools.php?page=proxy-health' ), (string) $this->mails[0]['message'] );
		$this->assertSame( $this->now, Verdict_Alert::last_mailed_at() );

		$this->assertSame( array( array( 'pass', null, 'r1' ), array( 'fail', 'pass', 'r2' ) ), $this->changes );
	}

	public function test_fail_after_fail_stays_quiet(): void {
		$watcher = $this->watcher();
		$watcher->observe( self::report( 'r1', 'pass' ) );
		$watcher->observe( self::report( 'r2', 'fail' ) );
		$this->now += 2 * DAY_IN_SECONDS;
		$this->assertSame( Verdict_Alert::UNCHANGED, $watcher->observe( self::report( 'r3', 'fail' ) ) );

		$this->assertCount( 1, $this->mails, 'no second e-mail, even a day later' );
		$this->assertCount( 2, $this->changes, 'no action for fail → fail' );
		$this->assertSame( 'r2', Verdict_Alert::current()['id'] ?? null, 'the alert still dates from the first failure' );
	}

	public function test_fail_to_pass_clears_the_alert_and_fires_the_action(): void {
		$watcher = $this->watcher();
		$watcher->observe( self::report( 'r1', 'fail' ) );
		$this->assertNotNull( Verdict_Alert::current() );
		$this->assertSame( Verdict_Alert::CLEARED, $watcher->observe( self::report( 'r2', 'pass' ) ) );
		$this->assertNull( Verdict_Alert::current() );
		$this->assertSame( array( 'pass', 'fail', 'r2' ), end( $this->changes ) );

		// warn is not a failure either: a warn after a fail clears too.
		$watcher->observe( self::report( 'r3', 'fail' ) );
		$this->assertSame( Verdict_Alert::CLEARED, $watcher->observe( self::report( 'r4', 'warn' ) ) );
		$this->assertNull( Verdict_Alert::current() );
	}

	public function test_the_off_switch_stops_the_mail_but_not_the_notice_or_the_action(): void {
		Verdict_Alert::set_email_enabled( false );
		$this->assertFalse( Verdict_Alert::email_enabled() );
		$watcher = $this->watcher();
		$watcher->observe( self::report( 'r1', 'pass' ) );
		$this->assertSame( Verdict_Alert::OPENED, $watcher->observe( self::report( 'r2', 'fail' ) ) );

		$this->assertSame( array(), $this->mails );
		$this->assertNull( Verdict_Alert::last_mailed_at() );
		$this->assertNotNull( Verdict_Alert::current() );
		$this->assertCount( 2, $this->changes );

		Verdict_Alert::set_email_enabled( true );
		$watcher->observe( self::report( 'r3', 'pass' ) );
		$watcher->observe( self::report( 'r4', 'fail' ) );
		$this->assertCount( 1, $this->mails, 'switched back on, the next alert mails' );
	}

	public function test_at_most_one_mail_a_day(): void {
		$watcher = $this->watcher();
		$watcher->observe( self::report( 'r1', 'fail' ) );
		$this->assertCount( 1, $this->mails );

		// A flapping proxy: pass, fail again within the day. A new alert, no new e-mail.
		$this->now += 3600;
		$watcher->observe( self::report( 'r2', 'pass' ) );
		$this->assertSame( Verdict_Alert::OPENED, $watcher->observe( self::report( 'r3', 'fail' ) ) );
		$this->assertSame( 'r3', Verdict_Alert::current()['id'] ?? null );
		$this->assertCount( 1, $this->mails );

		// A day after the e-mail, the next pass → fail mails again.
		$this->now += DAY_IN_SECONDS;
		$watcher->observe( self::report( 'r4', 'pass' ) );
		$watcher->observe( self::report( 'r5', 'fail' ) );
		$this->assertCount( 2, $this->mails );
	}

	public function test_one_off_credentials_and_unknown_verdicts_are_not_the_sites_verdict(): void {
		$watcher = $this->watcher();
		$watcher->observe( self::report( 'r1', 'pass' ) );
		$this->assertSame( Verdict_Alert::IGNORED, $watcher->observe( self::report( 'r2', 'fail', 'one-off' ) ) );
		$this->assertSame( Verdict_Alert::IGNORED, $watcher->observe( array( 'id' => 'r3' ) ) );
		$this->assertNull( Verdict_Alert::current() );
		$this->assertSame( 'pass', Verdict_Alert::state()['verdict'] ?? null );
		$this->assertSame( array(), $this->mails );
	}

	public function test_the_weekly_site_health_check_feeds_the_watcher(): void {
		// The lab's wp-config.php has a password squid rejects: the direct test (what cron calls) fails.
		$watcher = $this->watcher();
		$watcher->observe( self::report( 'r1', 'pass' ) );
		require_once ABSPATH . 'wp-admin/includes/class-wp-site-health.php';
		$test = \WP_Site_Health::get_tests()['async']['proxy_health_outbound_proxy'];
		call_user_func( $test['async_direct_test'] );

		$this->assertSame( 'fail', Verdict_Alert::state()['verdict'] ?? null );
		$this->assertNotNull( Verdict_Alert::current() );
		$this->assertCount( 1, $this->mails );
		$this->assertSame( array( 'fail', 'pass' ), array_slice( end( $this->changes ), 0, 2 ) );
	}

	public function test_notice_shows_on_the_dashboard_to_administrators_until_dismissed(): void {
		$this->watcher()->observe( self::report( 'r1', 'fail' ) );
		require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
		require_once ABSPATH . 'wp-admin/includes/screen.php';
		$notice = new Alert_Notice();

		$this->act_as( 'administrator' );
		set_current_screen( 'dashboard' );
		$html = $this->capture( array( $notice, 'render' ) );
		$this->assertStringContainsString( 'id="proxy-health-alert"', $html );
		$this->assertStringContainsString( 'The proxy rejects the username or password', $html );
		$this->assertStringContainsString( 'action=proxy_health_dismiss_alert', $html );

		set_current_screen( 'edit-post' );
		$this->assertSame( '', $this->capture( array( $notice, 'render' ) ), 'only the Dashboard and the panel' );

		set_current_screen( 'dashboard' );
		$this->act_as( 'editor' );
		$this->assertSame( '', $this->capture( array( $notice, 'render' ) ), 'only users who may use Proxy Health' );

		$this->act_as( 'administrator' );
		$this->assertTrue( Verdict_Alert::dismiss( get_current_user_id() ) );
		$this->assertSame( '', $this->capture( array( $notice, 'render' ) ), 'dismissed for this user' );

		// A new alert shows again.
		$this->watcher()->observe( self::report( 'r2', 'pass' ) );
		$this->watcher()->observe( self::report( 'r3', 'fail' ) );
		$this->assertStringContainsString( 'id="proxy-health-alert"', $this->capture( array( $notice, 'render' ) ) );
		delete_user_meta( get_current_user_id(), Verdict_Alert::DISMISSED_META );
		set_current_screen( 'front' );
	}

	public function test_notice_shows_the_diagnosis_in_the_readers_language(): void {
		// Raised in English (cron, WP-CLI), read by an admin whose language is Japanese: the
		// plugin's own Japanese translation file is loaded the way WordPress loads it.
		$this->watcher()->observe( self::report( 'r1', 'fail' ) );
		require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
		require_once ABSPATH . 'wp-admin/includes/screen.php';
		$this->act_as( 'administrator' );
		set_current_screen( 'dashboard' );
		$this->assertTrue( load_textdomain( 'proxy-health', WP_PLUGIN_DIR . '/proxy-health/languages/proxy-health-ja.mo' ) );
		try {
			$html = $this->capture( array( new Alert_Notice(), 'render' ) );
		} finally {
			unload_textdomain( 'proxy-health' );
			set_current_screen( 'front' );
		}
		$this->assertStringContainsString( 'プロキシが、WordPress の送信するユーザー名またはパスワードを拒否しています', $html );
		$this->assertStringNotContainsString( 'The proxy rejects the username or password', $html );
	}

	public function test_alerts_route_reads_and_switches_the_email_and_validates_its_input(): void {
		$this->act_as( 'administrator' );
		$this->watcher()->observe( self::report( 'r1', 'fail' ) );
		$read = $this->dispatch( 'GET', '/proxy-health/v1/alerts' );
		$this->assertSame( 200, $read->get_status() );
		$this->assertTrue( $read->get_data()['emailEnabled'] );
		$this->assertSame( 'fail', $read->get_data()['lastVerdict'] );
		$this->assertSame( 'r1', $read->get_data()['alert']['id'] );
		$this->assertSame( gmdate( 'Y-m-d\TH:i:s\Z', $this->now ), $read->get_data()['lastMailAt'] );

		$this->assertSame( false, $this->post( array( 'emailEnabled' => false ) )->get_data()['emailEnabled'] );
		$this->assertFalse( Verdict_Alert::email_enabled() );
		$this->assertSame( true, $this->post( array( 'emailEnabled' => true ) )->get_data()['emailEnabled'] );

		foreach ( array( array( 'emailEnabled' => 'sometimes' ), array( 'emailEnabled' => array( 1 ) ) ) as $body ) {
			$bad = $this->post( $body );
			$this->assertSame( 400, $bad->get_status() );
			$this->assertSame( 'rest_invalid_param', $bad->as_error()->get_error_code() );
		}
		$missing = $this->post( array() );
		$this->assertSame( 400, $missing->get_status() );
		$this->assertSame( 'rest_missing_callback_param', $missing->as_error()->get_error_code() );
		$this->assertTrue( Verdict_Alert::email_enabled(), 'refused input changes nothing' );

		$this->act_as( 'editor' );
		$this->assertSame( 403, $this->post( array( 'emailEnabled' => false ) )->get_status() );
		$this->assertTrue( Verdict_Alert::email_enabled() );
	}

	/**
	 * @param array<string, mixed> $body JSON body.
	 */
	private function post( array $body ): \WP_REST_Response {
		$request = new WP_REST_Request( 'POST', '/proxy-health/v1/alerts' );
		$request->set_header( 'Content-Type', 'application/json' );
		$request->set_body( (string) wp_json_encode( $body ) );
		return rest_do_request( $request );
	}

	private function capture( callable $render ): string {
		ob_start();
		$render();
		return (string) ob_get_clean();
	}
}
