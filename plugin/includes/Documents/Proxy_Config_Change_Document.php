<?php
/**
 * The proxy-config documents: POST and DELETE /proxy-health/v1/proxy-config.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Config\Wp_Config_Editor;
use ProxyHealth\Config\Wp_Config_Locator;
use ProxyHealth\Config\Write_Policy;
use ProxyHealth\Diagnosis\Probe_Report;
use ProxyHealth\Lint\Config_Linter;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Lint\Lint_Context;
use ProxyHealth\Probe\Credentials;
use ProxyHealth\Probe\Probe_Runner;
use ProxyHealth\Proxy\Environment;
use ProxyHealth\Proxy\Proxy_Config;
use WP_Error;

/**
 * Writes proxy credentials that the proxy has just accepted into wp-config.php (the
 * credentials test's Apply) and answers what was written with the new status, or takes them out
 * again; and owns the schema of both answers.
 *
 * Nothing is written on trust: apply() first probes the site's default targets through the
 * configured proxy with the submitted credentials, on the transport WordPress uses, and
 * writes only when every one of those requests got through. The write goes through the safe
 * editor (backup, validation, atomic rename); revert() restores the previous file. Neither
 * answer ever holds the password.
 *
 * @since 0.3.0 Was part of REST\Proxy_Config_Controller.
 */
final class Proxy_Config_Change_Document {

	/**
	 * Verifies the credentials through the proxy, writes them, and answers the new status.
	 *
	 * @since 0.3.0
	 *
	 * @param string          $username   Proxy username (validated).
	 * @param string          $password   Proxy password (validated).
	 * @param string|null     $asked_host The proxy host the credentials were tested with, if given.
	 * @param int|string|null $asked_port The proxy port the credentials were tested with, if given.
	 * @return array<string, mixed>|WP_Error
	 */
	public static function apply( string $username, string $password, $asked_host = null, $asked_port = null ) {
		// DISALLOW_FILE_MODS: say so before testing credentials that could not be written anyway.
		$disallowed = Write_Policy::wp_config_error();
		if ( null !== $disallowed ) {
			return $disallowed;
		}
		$current = Proxy_Config::from_constants()->to_array();
		if ( ! $current['enabled'] ) {
			return new WP_Error(
				'proxy_health_proxy_not_configured',
				__( 'WordPress has no proxy configured (WP_PROXY_HOST and WP_PROXY_PORT), so there is nothing to test these credentials against. Add the proxy host and port to wp-config.php first.', 'proxy-health' ),
				array( 'status' => 409 )
			);
		}
		$host = (string) $current['host'];
		$port = (string) $current['port'];
		// The credentials are verified through the proxy in force; writing another host would skip that.
		if ( ( null !== $asked_host && strtolower( (string) $asked_host ) !== strtolower( $host ) ) || ( null !== $asked_port && (string) (int) $asked_port !== $port ) ) {
			return new WP_Error(
				'proxy_health_proxy_mismatch',
				/* translators: 1: proxy host, 2: proxy port. */
				sprintf( __( 'Credentials can only be applied for the proxy WordPress uses now (%1$s:%2$s); host and port, when given, must match it.', 'proxy-health' ), $host, $port ),
				array( 'status' => 400 )
			);
		}

		$credentials = Credentials::one_off( $username, $password );
		$transports  = Probe_Runner::available_transports();
		if ( array() === $transports ) {
			return new WP_Error( 'proxy_health_transport_unavailable', __( 'This PHP has no transport WordPress can send requests with (neither cURL nor fsockopen).', 'proxy-health' ), array( 'status' => 409 ) );
		}
		// The transport WordPress takes first is the one that must work; the run is a gate, not history.
		$report = ( new Probe_Report() )->run( Probe_Runner::default_targets(), array( $transports[0] ), $credentials );
		if ( ! self::passes( $report['results'] ) ) {
			return new WP_Error(
				'proxy_health_credentials_not_verified',
				__( 'The proxy did not accept these credentials for every request, so wp-config.php was not changed. The diagnoses say why.', 'proxy-health' ),
				array(
					'status'    => 409,
					'verdict'   => $report['verdict'],
					'diagnoses' => $report['diagnoses'],
				)
			);
		}

		$editor = Wp_Config_Editor::for_site();
		if ( $editor instanceof WP_Error ) {
			return $editor;
		}
		$applied = $editor->apply_proxy_constants(
			array(
				'host'     => $host,
				'port'     => $port,
				'username' => $credentials->username(),
				'password' => $credentials->password(),
			)
		);
		if ( $applied instanceof WP_Error ) {
			return $applied;
		}

		return array(
			'applied' => array(
				'block'     => (string) $applied['block'],
				'constants' => array_values( (array) $applied['constants'] ),
				'guarded'   => array_values( (array) $applied['guarded'] ),
			),
			'status'  => self::status_as_written( $host, $port, $credentials->username() ),
		);
	}

	/**
	 * Restores wp-config.php as it was before the proxy constants were applied.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>|WP_Error
	 */
	public static function revert() {
		$editor = Wp_Config_Editor::for_site();
		if ( $editor instanceof WP_Error ) {
			return $editor;
		}
		$reverted = $editor->revert_proxy_constants();
		if ( $reverted instanceof WP_Error ) {
			return $reverted;
		}
		return array(
			'config' => array(
				'status'  => (string) $reverted['status'],
				'message' => (string) $reverted['message'],
			),
		);
	}

	/**
	 * Whether the gate run got through: at least one request through the proxy, and every
	 * request answered (outcome ok).
	 *
	 * @param list<array<string, mixed>> $results ProbeResults.
	 */
	private static function passes( array $results ): bool {
		if ( array() === $results ) {
			return false;
		}
		$via_proxy = false;
		foreach ( $results as $result ) {
			if ( 'ok' !== ( $result['outcome'] ?? null ) ) {
				return false;
			}
			$via_proxy = $via_proxy || ! empty( $result['viaProxy'] );
		}
		return $via_proxy;
	}

	/**
	 * GET /status as the next request will see it. This request defined the old constants
	 * before the file changed, so the proxy part and the findings are rebuilt from the values
	 * just written and the file as it is now.
	 *
	 * @return array<string, mixed>
	 */
	private static function status_as_written( string $host, string $port, string $username ): array {
		$constants = array(
			'WP_PROXY_HOST'     => $host,
			'WP_PROXY_PORT'     => $port,
			'WP_PROXY_USERNAME' => $username,
			// Only whether it is set reaches the status; the value stays here.
			'WP_PROXY_PASSWORD' => true,
		);
		if ( defined( 'WP_PROXY_BYPASS_HOSTS' ) ) {
			$constants['WP_PROXY_BYPASS_HOSTS'] = constant( 'WP_PROXY_BYPASS_HOSTS' );
		}
		$proxy = Proxy_Config::from_array( $constants );
		$path  = Wp_Config_Locator::locate();
		$text  = null === $path || filesize( $path ) > 1048576 ? false : file_get_contents( $path ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- read as text, never run.
		// The same inputs as Lint_Context::from_wordpress(), with the proxy as written.
		$context = new Lint_Context( $proxy, (string) get_option( 'siteurl' ), (string) get_option( 'home' ), Environment::proxy_variable_sources(), false === $text ? null : $text, $path );
		$status  = Status_Document::build();

		$status['proxy']    = $proxy->to_array();
		$status['findings'] = array_map(
			static fn( Finding $finding ): array => $finding->to_array(),
			( new Config_Linter() )->lint( $context )
		);
		return $status;
	}

	/**
	 * Schema of the change; POST's answer (what was written and the status) and DELETE's (what
	 * reverting did) are among its definitions.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		$status  = Status_Document::schema();
		$applied = Schema::object(
			array(
				'block'     => array( 'type' => 'string' ),
				'constants' => Schema::string_list(),
				'guarded'   => Schema::list_of(
					array(
						'name' => array( 'type' => 'string' ),
						'line' => array( 'type' => 'integer' ),
					),
					array()
				),
			),
			array()
		);
		unset( $status['$schema'], $status['title'] );
		// POST answers what was written and the status; DELETE what reverting did.
		return Schema::with_definitions(
			Schema::document(
				'proxy-health-proxy-config-change',
				array(
					'applied' => $applied,
					'status'  => $status,
					'config'  => Schema::config_revert(),
				)
			),
			array(
				Schema::document(
					'proxy-health-proxy-config-applied',
					array(
						'applied' => $applied,
						'status'  => $status,
					),
					array()
				),
				Schema::document( 'proxy-health-proxy-config-reverted', array( 'config' => Schema::config_revert() ), array() ),
			)
		);
	}
}
