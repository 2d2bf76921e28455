<?php
/**
 * POST /evidence-sessions, GET and DELETE /evidence-sessions/current
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Evidence_Session_Document;
use ProxyHealth\Evidence\Evidence_Session;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Starts, shows and stops the time-boxed evidence session.
 *
 * @since 0.1.0
 */
final class Evidence_Sessions_Controller extends Base_Controller {

	protected const REST_BASE = 'evidence-sessions';

	protected const DOCUMENT = Evidence_Session_Document::class;

	/**
	 * Registers the routes.
	 */
	public function register_routes(): void {
		$this->register_admin_route(
			WP_REST_Server::CREATABLE,
			array( $this, 'create_item' ),
			array(
				'minutes'        => array(
					'description' => __( 'How long the session records, in minutes (1 to 1440).', 'proxy-health' ),
					'type'        => 'integer',
					'minimum'     => Evidence_Session::MIN_MINUTES,
					'maximum'     => Evidence_Session::MAX_MINUTES,
					'default'     => Evidence_Session::DEFAULT_MINUTES,
				),
				'debugConstants' => array(
					'description' => __( 'Also switch WP_DEBUG and WP_DEBUG_LOG on in wp-config.php (display stays off) until the session ends.', 'proxy-health' ),
					'type'        => 'boolean',
					'default'     => false,
				),
			)
		);
		$this->register_admin_route( WP_REST_Server::READABLE, array( $this, 'get_item' ), array(), '/current' );
		$this->register_admin_route( WP_REST_Server::DELETABLE, array( $this, 'delete_item' ), array(), '/current' );
	}

	/**
	 * Starts a session.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		$session = Evidence_Session_Document::start( (int) $request['minutes'], (bool) $request['debugConstants'] );
		return $session instanceof WP_Error ? $session : self::created( $session );
	}

	/**
	 * The running session.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_item( $request ) {
		$session = Evidence_Session_Document::current();
		return self::respond( $session );
	}

	/**
	 * Stops the session and reverts its debug constants.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_item( $request ) {
		$stopped = Evidence_Session_Document::stop();
		return self::respond( $stopped );
	}
}
