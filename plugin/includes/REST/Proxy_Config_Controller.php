<?php
/**
 * POST and DELETE /proxy-health/v1/proxy-config
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Documents\Proxy_Config_Change_Document;
use ProxyHealth\Probe\Credentials;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * Writes proxy credentials that the proxy has just accepted into wp-config.php (the
 * credentials test's Apply), and takes them out again.
 *
 * Nothing is written on trust: POST first probes the site's default targets through the
 * configured proxy with the submitted credentials, on the transport WordPress uses, and
 * writes only when every one of those requests got through. The write goes through the safe
 * editor (backup, validation, atomic rename); DELETE restores the previous file. Neither
 * answer ever holds the password.
 *
 * @since 0.1.0
 */
final class Proxy_Config_Controller extends Base_Controller {

	protected const REST_BASE = 'proxy-config';

	protected const DOCUMENT = Proxy_Config_Change_Document::class;

	/** Host as the editor accepts it: a name or address, no scheme, path or credentials. */
	private const HOST_PATTERN = '^[A-Za-z0-9.\-:\[\]]+$';

	/**
	 * Registers POST and DELETE /proxy-config.
	 */
	public function register_routes(): void {
		$credential = array(
			'type'              => 'string',
			'required'          => true,
			'maxLength'         => Credentials::MAX_LENGTH,
			'validate_callback' => array( $this, 'validate_credential' ),
		);
		$this->register_admin_route(
			WP_REST_Server::CREATABLE,
			array( $this, 'create_item' ),
			array(
				'username' => array( 'description' => __( 'Proxy username to write as WP_PROXY_USERNAME.', 'proxy-health' ) ) + $credential,
				'password' => array( 'description' => __( 'Proxy password to write as WP_PROXY_PASSWORD; never stored elsewhere or returned.', 'proxy-health' ) ) + $credential,
				'host'     => array(
					'description' => __( 'The proxy host the credentials were tested with; must equal WP_PROXY_HOST.', 'proxy-health' ),
					'type'        => 'string',
					'maxLength'   => 253,
					'pattern'     => self::HOST_PATTERN,
				),
				'port'     => array(
					'description' => __( 'The proxy port the credentials were tested with; must equal WP_PROXY_PORT.', 'proxy-health' ),
					'type'        => 'integer',
					'minimum'     => 1,
					'maximum'     => 65535,
				),
			)
		);
		$this->register_admin_route( WP_REST_Server::DELETABLE, array( $this, 'delete_item' ) );
	}

	/**
	 * Schema checks, then the same rules as one-off probe credentials; the error never repeats
	 * the value.
	 *
	 * @param mixed           $value   Submitted username or password.
	 * @param WP_REST_Request $request Request.
	 * @param string          $param   Parameter name.
	 * @return true|WP_Error
	 */
	public function validate_credential( $value, $request, $param ) {
		$valid = rest_validate_request_arg( $value, $request, $param );
		if ( is_wp_error( $valid ) ) {
			return $valid;
		}
		$pair = array(
			'username' => 'username' === $param ? $value : $request->get_param( 'username' ),
			'password' => 'password' === $param ? $value : $request->get_param( 'password' ),
		);
		if ( ! is_string( $pair['username'] ) || ! is_string( $pair['password'] ) ) {
			// The other half is missing or mistyped: its own check reports it.
			return true;
		}
		$problem = Credentials::problem( $pair );
		if ( null === $problem ) {
			return true;
		}
		return new WP_Error( 'proxy_health_invalid_credentials', $problem, array( 'status' => 400 ) );
	}

	/**
	 * Verifies the credentials through the proxy, writes them, and answers the new status.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function create_item( $request ) {
		return self::respond(
			Proxy_Config_Change_Document::apply(
				(string) $request->get_param( 'username' ),
				(string) $request->get_param( 'password' ),
				$request->get_param( 'host' ),
				$request->get_param( 'port' )
			)
		);
	}

	/**
	 * Restores wp-config.php as it was before the proxy constants were applied.
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_item( $request ) {
		return self::respond( Proxy_Config_Change_Document::revert() );
	}
}
