<?php
/**
 * Reads what cURL saw of the proxy exchange during one request.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

use ProxyHealth\Redaction\Redactor;

/**
 * One observer per request, so requests running side by side in one curl_multi batch each keep
 * their own CONNECT code, PROXYAUTH_AVAIL, timings and verbose transcript.
 *
 * Probe_Hooks hands it the handle once WordPress's proxy settings and `http_api_curl` callbacks
 * have been applied; what the handle knows is taken when Requests has finished with the request
 * and before it closes the handle (PHP 7.4's handles are resources, unreadable once closed).
 *
 * @since 0.1.0
 */
final class Curl_Observer {

	/** Bytes of verbose log kept per request: the proxy exchange fits well within it. */
	private const TRANSCRIPT_LIMIT = 16384;

	/**
	 * @var \CurlHandle|resource|null
	 */
	private $handle = null;

	/**
	 * CONNECT code, offered auth schemes and timings, read before the handle was closed.
	 *
	 * @var array{connectStatus: int|null, proxyAuthAvailable: int|null, timingsMs: array<string, float>}|null
	 */
	private $info = null;

	/**
	 * Where cURL writes its verbose log of this request (the proxy exchange included).
	 *
	 * @var resource|null
	 */
	private $transcript = null;

	/**
	 * What the verbose log shows was sent to the proxy, read before redaction and kept only in
	 * this object: the proxy connected to, and each Proxy-Authorization's scheme, user name and
	 * (for Basic) password, which leave it only as comparisons (sent_to_proxy()).
	 *
	 * @var array{proxy: string|null, auth: list<array{scheme: string, user: string|null, password: string|null}>}
	 */
	private $sent = array(
		'proxy' => null,
		'auth'  => array(),
	);

	/**
	 * Starts recording a handle's verbose log.
	 *
	 * @param \CurlHandle|resource $handle cURL handle about to be sent.
	 */
	public function watch( $handle ): void {
		$this->handle     = $handle;
		$this->transcript = fopen( 'php://temp', 'w+b' ) ?: null; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- an in-memory stream for cURL's verbose log (CURLOPT_STDERR needs a PHP stream), no file.
		if ( null !== $this->transcript ) {
			// The verbose log is the only place cURL shows the CONNECT reply's headers.
			curl_setopt( $handle, CURLOPT_VERBOSE, true ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- observes the handle WordPress's own HTTP API made (http_api_curl); the request itself goes through WordPress.
			curl_setopt( $handle, CURLOPT_STDERR, $this->transcript ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- observes the handle WordPress's own HTTP API made (http_api_curl).
		}
	}

	/**
	 * Reads the handle while it is open: Requests calls this (`curl.after_request`, or
	 * `transport.internal.parse_error` when cURL failed) right before it closes the handle.
	 */
	public function snapshot(): void {
		if ( null !== $this->handle && null === $this->info ) {
			$this->info = self::read_info( $this->handle );
		}
	}

	/**
	 * The CONNECT code, the auth schemes the proxy offered, timings and the redacted transcript;
	 * null when no handle was seen (the request never reached cURL).
	 *
	 * @return array{connectStatus: int|null, proxyAuthAvailable: int|null, timingsMs: array<string, float>, transcript: list<string>}|null
	 */
	public function observed(): ?array {
		if ( null === $this->handle ) {
			return null;
		}
		$info               = $this->info ?? self::read_info( $this->handle );
		$info['transcript'] = $this->read_transcript();
		return $info;
	}

	/**
	 * What only an open cURL handle knows: the proxy's CONNECT reply code, the auth schemes it
	 * offered (null when this libcurl cannot say) and cURL's timings. Also read by
	 * Evidence\Call_Recorder for the calls it records.
	 *
	 * @since 0.3.0 Public and static.
	 *
	 * @param \CurlHandle|resource $handle WordPress's own cURL handle (http_api_curl).
	 * @return array{connectStatus: int|null, proxyAuthAvailable: int|null, timingsMs: array<string, float>}
	 */
	public static function read_info( $handle ): array {
		$info = curl_getinfo( $handle ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_getinfo -- timings of WordPress's own cURL request; the HTTP API does not expose them.
		$ms   = static fn( $seconds ): float => round( (float) $seconds * 1000, 1 );
		return array(
			'connectStatus'      => ( (int) curl_getinfo( $handle, CURLINFO_HTTP_CONNECTCODE ) ) ?: null, // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_getinfo -- the proxy's CONNECT reply code, which the HTTP API does not expose.
			'proxyAuthAvailable' => defined( 'CURLINFO_PROXYAUTH_AVAIL' ) ? (int) curl_getinfo( $handle, CURLINFO_PROXYAUTH_AVAIL ) : null, // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_getinfo -- the auth schemes the proxy offered, which the HTTP API does not expose.
			'timingsMs'          => array(
				'dns'       => $ms( $info['namelookup_time'] ?? 0 ),
				'connect'   => $ms( $info['connect_time'] ?? 0 ),
				'tls'       => $ms( $info['appconnect_time'] ?? 0 ),
				'firstByte' => $ms( $info['starttransfer_time'] ?? 0 ),
				'total'     => $ms( $info['total_time'] ?? 0 ),
			),
		);
	}

	/**
	 * The verbose log as lines, credentials redacted before they leave this object.
	 *
	 * @return list<string>
	 */
	private function read_transcript(): array {
		if ( null === $this->transcript ) {
			return array();
		}
		rewind( $this->transcript );
		$text = (string) stream_get_contents( $this->transcript, self::TRANSCRIPT_LIMIT );
		fclose( $this->transcript ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- closes the in-memory verbose log.
		$this->transcript = null;
		$lines            = array_filter( (array) preg_split( '/\r?\n/', $text ), 'strlen' );
		$this->read_sent( $lines );
		return array_values( array_map( array( Redactor::class, 'header_line' ), $lines ) );
	}

	/**
	 * What cURL sent to the proxy, compared with what WordPress meant to send; read from the
	 * verbose log (available once observed() has run). No secret leaves this method: the
	 * password is only ever compared.
	 *
	 * @since 0.3.0
	 *
	 * @param string $username Proxy user name WordPress meant to send ('' for none).
	 * @param string $password Proxy password WordPress meant to send.
	 * @return array{proxy: string|null, schemes: list<string>, users: list<string>, passwordMatches: bool|null}
	 */
	public function sent_to_proxy( string $username, string $password ): array {
		$schemes = array_values( array_unique( array_column( $this->sent['auth'], 'scheme' ) ) );
		$users   = array_values( array_unique( array_filter( array_column( $this->sent['auth'], 'user' ), 'is_string' ) ) );
		$matches = null;
		foreach ( $this->sent['auth'] as $auth ) {
			if ( null !== $auth['password'] ) {
				$matches = ( null === $matches || $matches ) && $auth['user'] === $username && hash_equals( $password, $auth['password'] );
			}
		}
		return array(
			'proxy'           => $this->sent['proxy'],
			'schemes'         => $schemes,
			'users'           => $users,
			'passwordMatches' => $matches,
		);
	}

	/**
	 * Picks out of the raw verbose log the proxy connected to and each proxy login sent.
	 *
	 * @param array<int, string> $lines Verbose log lines, not yet redacted.
	 */
	private function read_sent( array $lines ): void {
		foreach ( $lines as $line ) {
			if ( null === $this->sent['proxy'] && preg_match( '/^\*\s+Connected to (\S+) \([^)]*\) port (\d+)/', $line, $m ) ) {
				$this->sent['proxy'] = $m[1] . ':' . $m[2];
				continue;
			}
			if ( preg_match( '/^\*\s+Proxy auth using (\S+) with user \'(.*)\'$/', $line, $m ) ) {
				$this->sent['auth'][] = array(
					'scheme'   => $m[1],
					'user'     => $m[2],
					'password' => null,
				);
				continue;
			}
			// cURL marks only a request's first line with "> "; its headers follow unmarked.
			if ( ! preg_match( '/^(?:>\s*)?Proxy-Authorization:\s*(\S+)\s*(\S*)/i', $line, $m ) ) {
				continue;
			}
			$user     = null;
			$password = null;
			if ( 0 === strcasecmp( $m[1], 'Basic' ) ) {
				$pair = base64_decode( $m[2], true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- reads the Basic credentials cURL sent, to compare them with WP_PROXY_*; never output.
				if ( false !== $pair && false !== strpos( $pair, ':' ) ) {
					list( $user, $password ) = explode( ':', $pair, 2 );
				}
			}
			// The "Proxy auth using" line names the scheme already; keep the header's user and password.
			$last = count( $this->sent['auth'] ) - 1;
			if ( $last >= 0 && null === $this->sent['auth'][ $last ]['password'] && 0 === strcasecmp( $this->sent['auth'][ $last ]['scheme'], $m[1] ) && ( null === $user || $this->sent['auth'][ $last ]['user'] === $user ) ) {
				$this->sent['auth'][ $last ]['password'] = $password;
				$this->sent['auth'][ $last ]['user']     = $user ?? $this->sent['auth'][ $last ]['user'];
				continue;
			}
			$this->sent['auth'][] = array(
				'scheme'   => $m[1],
				'user'     => $user,
				'password' => $password,
			);
		}
	}
}
