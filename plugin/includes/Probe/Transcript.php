<?php
/**
 * Reads the proxy's reply to CONNECT out of a cURL verbose transcript.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

/**
 * For HTTPS targets the proxy's answer to CONNECT never becomes a WordPress response; its
 * headers (Proxy-Authenticate, Via, Server) exist only in the verbose log.
 *
 * @since 0.1.0
 */
final class Transcript {

	/**
	 * Headers the proxy sent in reply to the last CONNECT, lower-case names.
	 *
	 * @param list<string> $lines Redacted verbose transcript.
	 * @return array<string, list<string>>
	 */
	public static function connect_reply_headers( array $lines ): array {
		$headers    = array();
		$in_connect = false;
		foreach ( $lines as $line ) {
			if ( 0 === strncmp( $line, '> CONNECT ', 10 ) ) {
				$in_connect = true;
				$headers    = array();
				continue;
			}
			if ( ! $in_connect ) {
				continue;
			}
			if ( false !== stripos( $line, 'CONNECT tunnel established' ) || 0 === strncmp( $line, '> GET ', 6 ) ) {
				$in_connect = false;
				continue;
			}
			if ( preg_match( '/^< ([A-Za-z0-9-]+):\s*(.*)$/', $line, $m ) ) {
				$headers[ strtolower( $m[1] ) ][] = trim( $m[2] );
			}
		}
		return $headers;
	}
}
