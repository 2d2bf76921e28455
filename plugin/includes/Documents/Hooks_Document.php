<?php
/**
 * The hooks document: GET /proxy-health/v1/hooks.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Hooks\Hook_Inspector;

/**
 * The callbacks on the HTTP-related hooks with the plugin, theme or file that added them
 * (Hooks\Hook_Inspector), and the schema of that document.
 *
 * @since 0.3.0
 */
final class Hooks_Document {

	/**
	 * The hooks report.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function build(): array {
		return ( new Hook_Inspector() )->report();
	}

	/**
	 * Schema of the hooks report (HooksDocument in the generated contract).
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		$owner_type = Schema::enum( array( 'plugin', 'mu-plugin', 'theme', 'core', 'drop-in', 'unknown' ) );
		return Schema::document(
			'proxy-health-hooks',
			array(
				'hooks'  => Schema::list_of(
					array(
						'hook'      => array( 'type' => 'string' ),
						'callbacks' => Schema::list_of(
							array(
								'priority'     => array( 'type' => 'integer' ),
								'callback'     => array( 'type' => 'string' ),
								'acceptedArgs' => array( 'type' => 'integer' ),
								'owner'        => Schema::object(
									array(
										'type' => $owner_type,
										'slug' => Schema::nullable( 'string' ),
										'file' => Schema::nullable( 'string' ),
										'line' => Schema::nullable( 'integer' ),
									),
									array()
								),
								'proxyHealth'  => array( 'type' => 'boolean' ),
							),
							array()
						),
					),
					array()
				),
				'owners' => Schema::list_of(
					array(
						'type'        => $owner_type,
						'slug'        => Schema::nullable( 'string' ),
						'proxyHealth' => array( 'type' => 'boolean' ),
						'callbacks'   => Schema::list_of(
							array(
								'hook'     => array( 'type' => 'string' ),
								'priority' => array( 'type' => 'integer' ),
								'callback' => array( 'type' => 'string' ),
								'file'     => Schema::nullable( 'string' ),
								'line'     => Schema::nullable( 'integer' ),
							),
							array()
						),
					),
					array()
				),
			),
			array()
		);
	}
}
