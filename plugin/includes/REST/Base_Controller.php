<?php
/**
 * What every Proxy Health REST controller shares.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Plugin;
use WP_Error;
use WP_REST_Controller;

/**
 * One permission rule for every route: site administrators (network administrators on multisite).
 *
 * @since 0.1.0
 */
abstract class Base_Controller extends WP_REST_Controller {

	/** Route under the namespace, e.g. "status"; each controller names its own. */
	protected const REST_BASE = '';

	public function __construct() {
		$this->namespace = Plugin::REST_NS;
		$this->rest_base = static::REST_BASE;
	}

	/**
	 * Registers one endpoint on /<rest_base>, with the controller's public schema and the
	 * administrators-only permission check.
	 *
	 * @since 0.1.0
	 *
	 * @param string               $methods  HTTP methods (WP_REST_Server constants).
	 * @param callable             $callback Handler.
	 * @param array<string, mixed> $args     Argument schemas.
	 * @param string               $suffix   Path after the base, e.g. "/(?P<id>[a-f0-9-]+)".
	 */
	protected function register_admin_route( string $methods, callable $callback, array $args = array(), string $suffix = '' ): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . $suffix,
			array(
				array(
					'methods'             => $methods,
					'callback'            => $callback,
					'permission_callback' => array( $this, 'check_admin_permission' ),
					'args'                => $args,
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * Allows administrators; everyone else gets 401 (not logged in) or 403.
	 *
	 * @since 0.1.0
	 *
	 * @return true|WP_Error
	 */
	public function check_admin_permission() {
		$capability = is_multisite() ? 'manage_network_options' : 'manage_options';
		if ( current_user_can( $capability ) ) {
			return true;
		}
		return new WP_Error(
			'rest_forbidden',
			__( 'Sorry, only site administrators can use Proxy Health.', 'proxy-health' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}
}
