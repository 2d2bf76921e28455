<?php
/**
 * The server logs document: GET and PUT /proxy-health/v1/evidence/server-logs.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Evidence\Log_Tail;
use WP_Error;

/**
 * The server logs (nginx, Apache, PHP-FPM) an admin lists for the evidence log tails, with the
 * folders they must be in (Evidence\Log_Tail), and the schema of that document.
 *
 * @since 0.3.0 Was part of REST\Server_Logs_Controller.
 */
final class Server_Logs_Document {

	/**
	 * The listed logs and the folders they may be in.
	 *
	 * @since 0.3.0
	 *
	 * @return array{paths: list<string>, roots: list<string>}
	 */
	public static function build(): array {
		$paths = get_option( Log_Tail::SERVER_LOGS_OPTION, array() );
		return array(
			'paths' => is_array( $paths ) ? array_values( array_filter( $paths, 'is_string' ) ) : array(),
			'roots' => Log_Tail::server_roots(),
		);
	}

	/**
	 * Replaces the list and answers the document; nothing is saved unless every path is allowed.
	 *
	 * @since 0.3.0
	 *
	 * @param list<string> $paths Absolute paths of server log files.
	 * @return array{paths: list<string>, roots: list<string>}|WP_Error
	 */
	public static function save( array $paths ) {
		$saved = Log_Tail::set_server_logs( $paths );
		return is_wp_error( $saved ) ? $saved : self::build();
	}

	/**
	 * Schema of the server logs document.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		return Schema::document(
			'proxy-health-server-logs',
			array(
				'paths' => Schema::string_list(),
				'roots' => Schema::string_list(),
			),
			array()
		);
	}
}
