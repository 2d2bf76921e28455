<?php
/**
 * What every Proxy Health REST controller shares.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use WP_Error;
use WP_REST_Controller;

/**
 * One permission rule for every route: site administrators (network administrators on multisite).
 *
 * @since 0.1.0
 */
abstract class Base_Controller extends WP_REST_Controller {

	/**
	 * Allows administrators; everyone else gets 401 (not logged in) or 403.
	 *
	 * @since 0.1.0
	 *
	 * @return true|WP_Error
	 */
	protected function check_admin_permission() {
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
