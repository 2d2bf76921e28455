<?php
/**
 * Tells the admin when a check turns from passing to failing.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Alerts;

use ProxyHealth\Access\Admin_Access;

/**
 * Keeps the verdict of the last check made with the site's own proxy settings and acts on a
 * change: a check that fails after one that did not opens an alert (the admin notice, one e-mail
 * a day at most, unless switched off); a passing check closes it; every change of verdict fires
 * `proxy_health_verdict_changed`. A failing check after a failing one changes nothing.
 *
 * @since 0.2.0
 *
 * @phpstan-type Alert array{id: string, since: string, code: string, title: string}
 * @phpstan-type State array{verdict: string, reportId: string, checkedAt: string, alert: Alert|null}
 */
final class Verdict_Alert {

	/** Verdict of the last check and the open alert (not autoloaded: read on two admin screens). */
	public const STATE_OPTION = 'proxy_health_alert';

	/** '1' (default) sends the alert e-mail, '0' does not. */
	public const EMAIL_OPTION = 'proxy_health_alert_email';

	/** Unix time of the last alert e-mail. */
	public const MAILED_OPTION = 'proxy_health_alert_mailed_at';

	/** User meta: the id of the alert that user dismissed. */
	public const DISMISSED_META = 'proxy_health_dismissed_alert';

	/** Action other plugins hook: ( string $new, ?string $old, array $report ). */
	public const ACTION = 'proxy_health_verdict_changed';

	/** At most one alert e-mail in this many seconds. */
	public const MAIL_INTERVAL = 86400;

	/** What observe() did. */
	public const OPENED    = 'opened';
	public const CLEARED   = 'cleared';
	public const CHANGED   = 'changed';
	public const UNCHANGED = 'unchanged';
	public const IGNORED   = 'ignored';

	/**
	 * Returns the current Unix time.
	 *
	 * @var callable(): int
	 */
	private $clock;

	/**
	 * @param callable(): int|null $clock Current Unix time (tests pass their own); time() by default.
	 */
	public function __construct( ?callable $clock = null ) {
		$this->clock = $clock ?? static fn(): int => time();
	}

	/**
	 * Hands a finished check to the watcher. Every caller that runs the probes with the site's
	 * own settings (POST /probes, GET /report?run=1, `wp proxy-health check`, Site Health and its
	 * weekly cron) calls this once per report.
	 *
	 * @since 0.2.0
	 *
	 * @param array<string, mixed> $report ProbeReport.
	 */
	public static function watch( array $report ): void {
		( new self() )->observe( $report );
	}

	/**
	 * Compares the report's verdict with the last one and acts on a change.
	 *
	 * @since 0.2.0
	 *
	 * @param array<string, mixed> $report ProbeReport.
	 * @return string One of OPENED, CLEARED, CHANGED, UNCHANGED, IGNORED.
	 */
	public function observe( array $report ): string {
		$verdict = (string) ( $report['verdict'] ?? '' );
		// One-off credentials test other settings than the site's: their verdict is not the site's.
		if ( ! in_array( $verdict, array( 'pass', 'warn', 'fail' ), true ) || 'one-off' === ( $report['credentialsSource'] ?? null ) ) {
			return self::IGNORED;
		}
		$state    = self::state();
		$previous = null === $state ? null : $state['verdict'];
		$now      = ( $this->clock )();
		$alert    = null === $state ? null : $state['alert'];
		$outcome  = self::UNCHANGED;

		if ( 'fail' === $verdict && 'fail' !== $previous ) {
			$alert   = self::alert_for( $report, $now );
			$outcome = self::OPENED;
		} elseif ( 'fail' !== $verdict && null !== $alert ) {
			$alert   = null;
			$outcome = self::CLEARED;
		} elseif ( $verdict !== $previous ) {
			$outcome = self::CHANGED;
		}

		self::save(
			array(
				'verdict'   => $verdict,
				'reportId'  => (string) ( $report['id'] ?? '' ),
				'checkedAt' => gmdate( 'Y-m-d\TH:i:s\Z', $now ),
				'alert'     => $alert,
			)
		);
		if ( self::OPENED === $outcome && null !== $alert ) {
			$this->maybe_mail( $alert, $report, $now );
		}
		if ( $verdict !== $previous ) {
			/**
			 * Fires when a check made with the site's own proxy settings gives another verdict
			 * than the check before it (the first check ever: `$old` is null).
			 *
			 * @since 0.2.0
			 *
			 * @param string               $new    'pass', 'warn' or 'fail'.
			 * @param string|null          $old    The previous verdict, or null.
			 * @param array<string, mixed> $report The ProbeReport that changed it.
			 */
			do_action( self::ACTION, $verdict, $previous, $report );
		}
		return $outcome;
	}

	/**
	 * The stored state, or null before the first check.
	 *
	 * @since 0.2.0
	 *
	 * @return State|null
	 */
	public static function state(): ?array {
		$stored = get_option( self::STATE_OPTION, null );
		if ( ! is_array( $stored ) || ! isset( $stored['verdict'] ) || ! is_string( $stored['verdict'] ) ) {
			return null;
		}
		$alert = $stored['alert'] ?? null;
		return array(
			'verdict'   => $stored['verdict'],
			'reportId'  => (string) ( $stored['reportId'] ?? '' ),
			'checkedAt' => (string) ( $stored['checkedAt'] ?? '' ),
			'alert'     => is_array( $alert ) && isset( $alert['id'] ) ? array(
				'id'    => (string) $alert['id'],
				'since' => (string) ( $alert['since'] ?? '' ),
				'code'  => (string) ( $alert['code'] ?? '' ),
				'title' => (string) ( $alert['title'] ?? '' ),
			) : null,
		);
	}

	/**
	 * The open alert, or null.
	 *
	 * @since 0.2.0
	 *
	 * @return Alert|null
	 */
	public static function current(): ?array {
		$state = self::state();
		return null === $state ? null : $state['alert'];
	}

	/**
	 * Whether the alert e-mail is on (the default).
	 *
	 * @since 0.2.0
	 */
	public static function email_enabled(): bool {
		return '0' !== (string) get_option( self::EMAIL_OPTION, '1' );
	}

	/**
	 * Switches the alert e-mail on or off.
	 *
	 * @since 0.2.0
	 */
	public static function set_email_enabled( bool $enabled ): void {
		$value = $enabled ? '1' : '0';
		if ( false === get_option( self::EMAIL_OPTION, false ) ) {
			add_option( self::EMAIL_OPTION, $value, '', false );
		} else {
			update_option( self::EMAIL_OPTION, $value, false );
		}
	}

	/**
	 * When the last alert e-mail was sent (Unix time), or null.
	 *
	 * @since 0.2.0
	 */
	public static function last_mailed_at(): ?int {
		$value = (int) get_option( self::MAILED_OPTION, 0 );
		return $value > 0 ? $value : null;
	}

	/**
	 * Whether a user dismissed the open alert.
	 *
	 * @since 0.2.0
	 *
	 * @param array{id: string} $alert   Open alert.
	 * @param int               $user_id User.
	 */
	public static function dismissed_by( array $alert, int $user_id ): bool {
		return $alert['id'] === (string) get_user_meta( $user_id, self::DISMISSED_META, true );
	}

	/**
	 * Hides the open alert for one user; a later alert shows again.
	 *
	 * @since 0.2.0
	 *
	 * @param int $user_id User.
	 * @return bool Whether an open alert was dismissed.
	 */
	public static function dismiss( int $user_id ): bool {
		$alert = self::current();
		if ( null === $alert || $user_id <= 0 ) {
			return false;
		}
		update_user_meta( $user_id, self::DISMISSED_META, $alert['id'] );
		return true;
	}

	/**
	 * @param array<string, mixed> $report ProbeReport that failed.
	 * @param int                  $now    Unix time.
	 * @return Alert
	 */
	private static function alert_for( array $report, int $now ): array {
		$worst = null;
		foreach ( (array) ( $report['diagnoses'] ?? array() ) as $diagnosis ) {
			if ( is_array( $diagnosis ) && 'critical' === ( $diagnosis['severity'] ?? null ) ) {
				$worst = $diagnosis;
				break;
			}
		}
		$id = (string) ( $report['id'] ?? '' );
		return array(
			// Unique per alert even for reports without an id, so a dismissal never hides a later alert.
			'id'    => '' !== $id ? $id : 'alert-' . $now . '-' . wp_rand(),
			'since' => gmdate( 'Y-m-d\TH:i:s\Z', $now ),
			'code'  => (string) ( $worst['code'] ?? '' ),
			'title' => (string) ( $worst['title'] ?? '' ),
		);
	}

	/**
	 * Sends the alert e-mail unless it is off or one went out less than a day ago. The day's slot
	 * is claimed in the database first, so two checks failing at once send one e-mail.
	 *
	 * @param Alert                $alert  The alert just opened.
	 * @param array<string, mixed> $report ProbeReport.
	 * @param int                  $now    Unix time.
	 */
	private function maybe_mail( array $alert, array $report, int $now ): bool {
		if ( ! self::email_enabled() ) {
			return false;
		}
		$last = get_option( self::MAILED_OPTION, false );
		if ( false !== $last && $now - (int) $last < self::MAIL_INTERVAL ) {
			return false;
		}
		if ( ! self::claim_mail_slot( false === $last ? null : (string) $last, $now ) ) {
			return false;
		}
		$to = (string) get_option( 'admin_email', '' );
		if ( ! is_email( $to ) ) {
			return false;
		}
		$site = wp_specialchars_decode( (string) get_option( 'blogname', '' ), ENT_QUOTES );
		/* translators: %s: site title. */
		$subject = sprintf( __( '[%s] Outbound requests fail through the proxy', 'proxy-health' ), $site );
		$lines   = array(
			/* translators: %s: site address. */
			sprintf( __( 'A Proxy Health check of %s failed after a check that passed. Update checks, plugin licenses and API calls that go through the proxy may fail.', 'proxy-health' ), home_url( '/' ) ),
			'',
		);
		if ( '' !== $alert['title'] ) {
			$lines[] = $alert['title'];
			foreach ( (array) ( $report['diagnoses'] ?? array() ) as $diagnosis ) {
				if ( is_array( $diagnosis ) && ( $diagnosis['code'] ?? null ) === $alert['code'] && is_string( $diagnosis['detail'] ?? null ) ) {
					$lines[] = $diagnosis['detail'];
					break;
				}
			}
			$lines[] = '';
		}
		/* translators: %s: URL of Tools → Proxy Health. */
		$lines[] = sprintf( __( 'Evidence and a full check: %s', 'proxy-health' ), Admin_Access::page_url() );
		$lines[] = __( 'You get at most one such e-mail a day. Turn these e-mails off in Tools → Proxy Health.', 'proxy-health' );
		return (bool) wp_mail( $to, $subject, implode( "\n", $lines ) );
	}

	/**
	 * Compare-and-swap on the e-mail time: only the request that moves it from the value it read
	 * sends the e-mail.
	 *
	 * @param string|null $seen Value read (null: no e-mail sent yet).
	 * @param int         $now  Unix time.
	 */
	private static function claim_mail_slot( ?string $seen, int $now ): bool {
		global $wpdb;
		if ( null === $seen ) {
			$wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'no')", self::MAILED_OPTION, (string) $now ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- an atomic claim; add_option() cannot say who won.
		} else {
			$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND option_value = %s", (string) $now, self::MAILED_OPTION, $seen ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- an atomic claim; update_option() cannot say who won.
		}
		$won = 1 === (int) $wpdb->rows_affected;
		wp_cache_delete( self::MAILED_OPTION, 'options' );
		wp_cache_delete( 'notoptions', 'options' );
		return $won;
	}

	/**
	 * @param State $state New state.
	 */
	private static function save( array $state ): void {
		if ( false === get_option( self::STATE_OPTION, false ) ) {
			add_option( self::STATE_OPTION, $state, '', false );
		} else {
			update_option( self::STATE_OPTION, $state, false );
		}
	}
}
