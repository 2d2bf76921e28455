<?php
/**
 * The admin notice of an open alert, on the Dashboard and on Tools → Proxy Health.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Alerts;

use ProxyHealth\Access\Admin_Access;
use ProxyHealth\Diagnosis\Catalog;

/**
 * Shows the open alert to users who may use Proxy Health, until a check passes or they dismiss
 * it (per user; a later alert shows again). Dismissing works without JavaScript (a nonce link to
 * admin-post.php) and with it (the notice's close button calls the same URL).
 *
 * @since 0.2.0
 */
final class Alert_Notice {

	/** admin-post.php action that dismisses the alert for the current user. */
	public const DISMISS_ACTION = 'proxy_health_dismiss_alert';

	/** Id of the notice element. */
	public const ELEMENT_ID = 'proxy-health-alert';

	/** Screens that show the notice. */
	private const SCREENS = array( 'dashboard', 'tools_page_' . Admin_Access::PAGE_SLUG );

	/**
	 * Adds the admin hooks.
	 *
	 * @since 0.2.0
	 */
	public function register(): void {
		add_action( 'admin_notices', array( $this, 'render' ) );
		add_action( 'admin_post_' . self::DISMISS_ACTION, array( $this, 'handle_dismiss' ) );
	}

	/**
	 * Prints the notice on the Dashboard and Tools → Proxy Health when an alert is open.
	 *
	 * @since 0.2.0
	 */
	public function render(): void {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( null === $screen || ! in_array( $screen->id, self::SCREENS, true ) || ! Admin_Access::allowed() ) {
			return;
		}
		$alert = Verdict_Alert::current();
		if ( null === $alert || Verdict_Alert::dismissed_by( $alert, get_current_user_id() ) ) {
			return;
		}
		$dismiss = wp_nonce_url( admin_url( 'admin-post.php?action=' . self::DISMISS_ACTION ), self::DISMISS_ACTION );
		$since   = strtotime( $alert['since'] );
		$when    = false === $since ? $alert['since'] : wp_date( (string) get_option( 'date_format' ) . ' ' . (string) get_option( 'time_format' ), $since );
		// The alert keeps the title in the language of the check that raised it (cron, WP-CLI);
		// the reader gets it in theirs.
		$title   = Catalog::title( $alert['code'] ) ?? $alert['title'];
		$message = '' !== $title
			/* translators: 1: date and time, 2: the diagnosis, e.g. "The proxy rejects the username or password WordPress sends". */
			? sprintf( __( 'Proxy Health: outbound requests through the proxy fail since %1$s. %2$s', 'proxy-health' ), (string) $when, $title )
			/* translators: %s: date and time. */
			: sprintf( __( 'Proxy Health: outbound requests through the proxy fail since %s.', 'proxy-health' ), (string) $when );

		printf(
			'<div id="%1$s" class="notice notice-error is-dismissible" data-dismiss-url="%2$s"><p>%3$s</p><p><a href="%4$s">%5$s</a> | <a href="%2$s">%6$s</a></p></div>',
			esc_attr( self::ELEMENT_ID ),
			esc_url( $dismiss ),
			esc_html( $message ),
			esc_url( Admin_Access::page_url() ),
			esc_html__( 'See the evidence in Tools → Proxy Health', 'proxy-health' ),
			esc_html__( 'Dismiss this alert', 'proxy-health' )
		);
		// The close button WordPress adds only hides the notice; this makes the dismissal stick.
		wp_print_inline_script_tag(
			'document.getElementById(' . wp_json_encode( self::ELEMENT_ID ) . ').addEventListener("click",function(e){if(e.target.closest(".notice-dismiss")){fetch(this.dataset.dismissUrl,{credentials:"same-origin"});}});'
		);
	}

	/**
	 * admin-post.php handler: dismisses the open alert for the current user, then goes back.
	 *
	 * @since 0.2.0
	 */
	public function handle_dismiss(): void {
		if ( ! Admin_Access::allowed() ) {
			wp_die( esc_html__( 'Sorry, only site administrators can use Proxy Health.', 'proxy-health' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( self::DISMISS_ACTION );
		Verdict_Alert::dismiss( get_current_user_id() );
		$back = wp_get_referer();
		wp_safe_redirect( false !== $back ? $back : admin_url() );
		exit;
	}
}
