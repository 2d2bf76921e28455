<?php
/**
 * GET and POST /proxy-health/v1/alerts
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Alerts\Verdict_Alert;
use ProxyHealth\Documents\Schema;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * The alert a failing check opened (if any), the verdict of the last check and the e-mail off
 * switch. POST takes only `emailEnabled` (a boolean; anything else is `rest_invalid_param`, a
 * missing value `rest_missing_callback_param`).
 *
 * @since 0.2.0
 */
final class Alerts_Controller extends Base_Controller {

	protected const REST_BASE = 'alerts';

	/**
	 * Registers GET and POST /alerts.
	 */
	public function register_routes(): void {
		$this->register_admin_route( WP_REST_Server::READABLE, array( $this, 'get_item' ) );
		$this->register_admin_route(
			WP_REST_Server::CREATABLE,
			array( $this, 'update_item' ),
			array(
				'emailEnabled' => array(
					'description' => __( 'Whether an alert also sends an e-mail to the site’s admin address (at most one a day).', 'proxy-health' ),
					'type'        => 'boolean',
					'required'    => true,
				),
			)
		);
	}

	/**
	 * Returns the alert settings and state.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return new WP_REST_Response( self::document() );
	}

	/**
	 * Switches the alert e-mail on or off and returns the new settings and state.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function update_item( $request ): WP_REST_Response {
		Verdict_Alert::set_email_enabled( (bool) $request->get_param( 'emailEnabled' ) );
		return new WP_REST_Response( self::document() );
	}

	/**
	 * The Alerts document.
	 *
	 * @since 0.2.0
	 *
	 * @return array<string, mixed>
	 */
	public static function document(): array {
		$state  = Verdict_Alert::state();
		$mailed = Verdict_Alert::last_mailed_at();
		return array(
			'emailEnabled' => Verdict_Alert::email_enabled(),
			'lastVerdict'  => null === $state ? null : $state['verdict'],
			'checkedAt'    => null === $state ? null : $state['checkedAt'],
			'alert'        => null === $state ? null : $state['alert'],
			'lastMailAt'   => null === $mailed ? null : gmdate( 'Y-m-d\TH:i:s\Z', $mailed ),
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return $this->item_schema(
			'proxy-health-alerts',
			static fn() => array(
				'emailEnabled' => array( 'type' => 'boolean' ),
				'lastVerdict'  => array(
					'type' => array( 'string', 'null' ),
					'enum' => array( 'pass', 'warn', 'fail', null ),
				),
				'checkedAt'    => array( 'type' => array( 'string', 'null' ) ),
				'alert'        => array( 'type' => array( 'object', 'null' ) ) + Schema::object(
					array(
						'id'    => array( 'type' => 'string' ),
						'since' => array( 'type' => 'string' ),
						'code'  => array( 'type' => 'string' ),
						'title' => array( 'type' => 'string' ),
					),
					array()
				),
				'lastMailAt'   => array( 'type' => array( 'string', 'null' ) ),
			),
			array()
		);
	}
}
