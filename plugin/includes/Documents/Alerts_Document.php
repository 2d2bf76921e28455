<?php
/**
 * The alerts document: GET and POST /proxy-health/v1/alerts.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Alerts\Verdict_Alert;

/**
 * The alert settings and state (Alerts\Verdict_Alert), and the schema of that document.
 *
 * @since 0.3.0 Was part of REST\Alerts_Controller.
 */
final class Alerts_Document {

	/**
	 * The Alerts document.
	 *
	 * @since 0.2.0 As REST\Alerts_Controller::document().
	 *
	 * @return array<string, mixed>
	 */
	public static function build(): array {
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
	 * Switches the alert e-mail on or off and answers the new settings and state.
	 *
	 * @since 0.3.0
	 *
	 * @param bool $enabled Whether an alert also sends an e-mail.
	 * @return array<string, mixed>
	 */
	public static function set_email_enabled( bool $enabled ): array {
		Verdict_Alert::set_email_enabled( $enabled );
		return self::build();
	}

	/**
	 * Schema of the alerts document.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		return Schema::document(
			'proxy-health-alerts',
			array(
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
