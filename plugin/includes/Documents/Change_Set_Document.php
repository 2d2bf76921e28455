<?php
/**
 * The changes document: GET /proxy-health/v1/changes (also part of the evidence documents).
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Changes\Change_Detector;

/**
 * What changed between the last passing probe report and the first failing one after it
 * (Changes\Change_Detector). When the history holds no such pair the answer keeps the same
 * shape with nothing in it: `from` and `to` null, `count` 0, `plugins` with empty lists and
 * every other part null. Owns the schemas of both.
 *
 * @since 0.3.0 Was part of REST\Changes_Controller.
 */
final class Change_Set_Document {

	/**
	 * The changes, or nothing_to_compare().
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function build(): array {
		return Change_Detector::from_history() ?? self::nothing_to_compare();
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
			),
			array()
		);
		return Schema::named(
			'SetDiff',
			Schema::object(
				array(
					'added'   => $entry,
					'removed' => $entry,
					'updated' => Schema::list_of(
						array(
							'file' => array( 'type' => 'string' ),
							'from' => array( 'type' => 'string' ),
							'to'   => array( 'type' => 'string' ),
						),
						array()
					),
				),
				array()
			)
		);
	}

	/**
	 * The Changes document's schema (`Change_Detector::diff()`; also embedded, nullable, in
	 * GET /evidence and the evidence bundle). A null part did not change; `muPlugins` and
	 * `dropins` are also null when either report predates them.
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, mixed>
	 */
	public static function changes_schema(): array {
		$ref    = Schema::named(
			'ReportRef',
			Schema::object(
				array(
					'id'        => array( 'type' => 'string' ),
					'createdAt' => array( 'type' => 'string' ),
					'verdict'   => array( 'type' => 'string' ),
				),
				array()
			)
		);
		$change = array( 'type' => array( 'object', 'null' ) ) + Schema::named(
			'ValueChange',
			Schema::object(
				array(
					'from' => Schema::nullable( 'string' ),
					'to'   => Schema::nullable( 'string' ),
				),
				array()
			)
		);
		$set    = array( 'type' => array( 'object', 'null' ) ) + self::set_diff_schema();
		return Schema::document(
			'proxy-health-change-set',
			array(
				'from'            => $ref,
				'to'              => $ref,
				'count'           => array( 'type' => 'integer' ),
				'plugins'         => self::set_diff_schema(),
				'muPlugins'       => $set,
				'dropins'         => $set,
				'theme'           => $change,
				'wp'              => $change,
				'php'             => $change,
				'proxyConfigHash' => $change,
				'htaccessHash'    => $change,
			),
			array()
		);
	}

	/**
	 * The schema of nothing_to_compare(): the Changes shape with nothing in it.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function nothing_to_compare_schema(): array {
		$null = array( 'type' => 'null' );
		return Schema::document(
			'proxy-health-nothing-to-compare',
			array(
				'from'            => $null,
				'to'              => $null,
				'count'           => array(
					'type' => 'integer',
					'enum' => array( 0 ),
				),
				'plugins'         => self::set_diff_schema(),
				'muPlugins'       => $null,
				'dropins'         => $null,
				'theme'           => $null,
				'wp'              => $null,
				'php'             => $null,
				'proxyConfigHash' => $null,
				'htaccessHash'    => $null,
			),
			array()
		);
	}

	/**
	 * GET /changes answers a change set, or nothing_to_compare() when the history holds no
	 * pass → fail pair; both are defined under "definitions".
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		$documents = array( self::changes_schema(), self::nothing_to_compare_schema() );
		$choices   = array();
		foreach ( $documents as $document ) {
			unset( $document['$schema'] );
			$choices[] = $document;
		}
		return Schema::with_definitions( Schema::titled( 'proxy-health-changes' ) + array( 'anyOf' => $choices ), $documents );
	}
}
