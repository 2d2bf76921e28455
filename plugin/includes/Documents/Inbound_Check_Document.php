<?php
/**
 * The inbound check document: POST /proxy-health/v1/inbound-checks.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Inbound\Inbound_Checker;

/**
 * What an anonymous browser and a crawler get from the site's entry points, checked now
 * (Inbound\Inbound_Checker), and the schema of that document.
 *
 * @since 0.3.0
 */
final class Inbound_Check_Document {

	/**
	 * Runs the inbound check now.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function build(): array {
		return ( new Inbound_Checker() )->run();
	}

	/**
	 * The document's schema (the route's item schema).
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		return Schema::document(
			'proxy-health-inbound-check',
			array(
				'createdAt' => Schema::date_time(),
				'verdict'   => Schema::verdict(),
				'chains'    => Schema::list_of(
					array(
						'entryPoint'  => Schema::enum( array( 'home', 'robots', 'restApi' ) ),
						'client'      => Schema::enum( array_keys( Inbound_Checker::AGENTS ) ),
						'url'         => array( 'type' => 'string' ),
						'hops'        => Schema::hops(),
						'loop'        => array( 'type' => 'boolean' ),
						'tooManyHops' => array( 'type' => 'boolean' ),
						'error'       => Schema::error(),
					),
					array( 'error' )
				),
				'diagnoses' => Schema::probe_diagnoses(),
			),
			array()
		);
	}
}
