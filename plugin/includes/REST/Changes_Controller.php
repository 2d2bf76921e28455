<?php
/**
 * GET /proxy-health/v1/changes
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Changes\Change_Detector;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

/**
 * What changed between the last passing probe report and the first failing one after it. When
 * the history holds no such pair the answer keeps the same shape with nothing in it: `from` and
 * `to` null, `count` 0, `plugins` with empty lists and every other part null.
 *
 * @since 0.1.0
 */
final class Changes_Controller extends Base_Controller {

	protected const REST_BASE = 'changes';

	/**
	 * Registers GET /changes.
	 */
	public function register_routes(): void {
		$this->register_admin_route( WP_REST_Server::READABLE, array( $this, 'get_item' ) );
	}

	/**
	 * Returns the changes.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return new WP_REST_Response( Change_Detector::from_history() ?? self::nothing_to_compare() );
	}

	/**
	 * The answer when the history holds no pass → fail pair: the Changes shape, empty. (A null
	 * result would reach the client as an empty body, which is not JSON.)
	 *
	 * @since 0.2.0
	 *
	 * @return array<string, mixed>
	 */
	public static function nothing_to_compare(): array {
		return array(
			'from'            => null,
			'to'              => null,
			'count'           => 0,
			'plugins'         => array(
				'added'   => array(),
				'removed' => array(),
				'updated' => array(),
			),
			'muPlugins'       => null,
			'dropins'         => null,
			'theme'           => null,
			'wp'              => null,
			'php'             => null,
			'proxyConfigHash' => null,
			'htaccessHash'    => null,
		);
	}

	/**
	 * The shape of a set diff (plugins, must-use plugins, drop-ins).
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, mixed>
	 */
	public static function set_diff_schema(): array {
		$entry = Schema::list_of(
			array(
				'file'    => array( 'type' => 'string' ),
				'version' => array( 'type' => 'string' ),
			)
		);
		return array(
			'type'       => array( 'object', 'null' ),
			'properties' => array(
				'added'   => $entry,
				'removed' => $entry,
				'updated' => Schema::list_of(
					array(
						'file' => array( 'type' => 'string' ),
						'from' => array( 'type' => 'string' ),
						'to'   => array( 'type' => 'string' ),
					)
				),
			),
		);
	}

	/**
	 * The Changes document's schema (also embedded in GET /evidence).
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, mixed>
	 */
	public static function changes_schema(): array {
		// Null only in GET /changes when the history holds no pass → fail pair.
		$ref    = array(
			'type'       => array( 'object', 'null' ),
			'properties' => array(
				'id'        => array( 'type' => 'string' ),
				'createdAt' => array( 'type' => 'string' ),
				'verdict'   => array( 'type' => 'string' ),
			),
		);
		$change = array(
			'type'       => array( 'object', 'null' ),
			'properties' => array(
				'from' => array( 'type' => array( 'string', 'null' ) ),
				'to'   => array( 'type' => array( 'string', 'null' ) ),
			),
		);
		return array(
			'type'       => array( 'object', 'null' ),
			'properties' => array(
				'from'            => $ref,
				'to'              => $ref,
				'count'           => array( 'type' => 'integer' ),
				'plugins'         => self::set_diff_schema(),
				'muPlugins'       => self::set_diff_schema(),
				'dropins'         => self::set_diff_schema(),
				'theme'           => $change,
				'wp'              => $change,
				'php'             => $change,
				'proxyConfigHash' => $change,
				'htaccessHash'    => $change,
			),
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return $this->cached_schema( static fn() => Schema::titled( 'proxy-health-changes' ) + self::changes_schema() );
	}
}
