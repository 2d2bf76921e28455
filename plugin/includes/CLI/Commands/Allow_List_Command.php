<?php
/**
 * `wp proxy-health allow-list`
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI\Commands;

use ProxyHealth\CLI\Options;
use ProxyHealth\CLI\Output;
use ProxyHealth\Documents\Allow_List_Document;
use WP_CLI;

use function WP_CLI\Utils\format_items;

/**
 * The allow-list for the network team (GET /allow-list).
 *
 * @since 0.4.0
 */
final class Allow_List_Command {

	/** The formats: a table, or one of the route's (json, text, csv). */
	private const FORMATS = array( 'table', 'json', 'text', 'csv' );

	/**
	 * Lists the destinations the network team must allow for this site's outbound requests.
	 *
	 * Each destination (scheme, host and port) of the latest checks and the last evidence
	 * session, with who sends requests there, whether they went through the proxy and when it
	 * was last seen. Never the proxy or its credentials, nor any path or query.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format; json, text and csv are what GET /proxy-health/v1/allow-list answers with
	 * that ?format=.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - text
	 *   - csv
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp proxy-health allow-list
	 *     $ wp proxy-health allow-list --format=csv > allow-list.csv
	 *
	 * @since 0.4.0
	 *
	 * @param list<string>         $args       Positional arguments (none).
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		$format   = Options::format( $assoc_args, self::FORMATS );
		$document = Allow_List_Document::build();
		if ( 'text' === $format || 'csv' === $format ) {
			$body = 'text' === $format ? Allow_List_Document::to_text( $document ) : Allow_List_Document::to_csv( $document );
			// Both end with "\n", which WP_CLI::line() puts back: the bytes the route sends.
			WP_CLI::line( substr( $body, 0, -1 ) );
			return;
		}
		if ( Output::print_data( $document, $format ) ) {
			return;
		}
		$rows = array();
		foreach ( $document['destinations'] as $destination ) {
			$rows[] = array(
				'destination' => $destination['scheme'] . '://' . $destination['host'] . ':' . $destination['port'],
				'callers'     => implode( ', ', array_column( $destination['callers'], 'name' ) ),
				'viaProxy'    => $destination['viaProxy'],
				'lastSeen'    => (string) $destination['lastSeen'],
				'requests'    => (string) $destination['requests'],
			);
		}
		if ( array() === $rows ) {
			WP_CLI::log( __( 'No destinations recorded yet: run the checks or an evidence session first.', 'proxy-health' ) );
			return;
		}
		format_items( 'table', $rows, array_keys( $rows[0] ) );
	}
}
