<?php
/**
 * GET and POST /proxy-health/v1/alerts
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Alerts_Document;
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

	protected const DOCUMENT = Alerts_Document::class;

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
		return new WP_REST_Response( Alerts_Document::build() );
	}

	/**
	 * Switches the alert e-mail on or off and returns the new settings and state.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function update_item( $request ): WP_REST_Response {
		return new WP_REST_Response( Alerts_Document::set_email_enabled( (bool) $request->get_param( 'emailEnabled' ) ) );
	}
}
