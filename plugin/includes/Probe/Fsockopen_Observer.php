<?php
/**
 * What the fsockopen transport did during one request.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

use ProxyHealth\Redaction\Redactor;

/**
 * Keeps the request and reply headers (redacted), connect and total times, and the socket, so
 * that Parallel_Runner can wait for many fsockopen requests at once.
 *
 * Requests' Fsockopen transport does not expose its socket; it is the one stream that appears
 * between the `fsockopen.remote_socket` hook (just before stream_socket_client) and
 * `fsockopen.remote_host_path` (just after), found by comparing get_resources() snapshots.
 *
 * @since 0.1.0
 */
final class Fsockopen_Observer {

	private float $started;

	private ?float $connected = null;

	private ?float $finished = null;

	/** Whether this request went out through fsockopen (before_connect ran). */
	private bool $connecting = false;

	/** @var resource|null */
	private $socket = null;

	/** @var array<int, true> */
	private array $streams_before = array();

	/** @var list<string> */
	private array $transcript = array();

	public function __construct() {
		$this->started = microtime( true );
	}

	public function before_connect(): void {
		$this->started        = microtime( true );
		$this->connecting     = true;
		$this->streams_before = array_fill_keys( array_map( 'intval', get_resources( 'stream' ) ), true );
	}

	public function after_connect(): void {
		$this->connected = microtime( true );
		foreach ( get_resources( 'stream' ) as $stream ) {
			if ( ! isset( $this->streams_before[ (int) $stream ] ) ) {
				$this->socket = $stream;
			}
		}
		$this->streams_before = array();
	}

	/**
	 * @param string $out What the transport wrote: request line, headers, body.
	 */
	public function sent( string $out ): void {
		$head = explode( "\r\n\r\n", $out, 2 )[0];
		foreach ( explode( "\r\n", $head ) as $line ) {
			$this->transcript[] = '> ' . Redactor::header_line( Redactor::url_anywhere( $line ) );
		}
	}

	/**
	 * @param string $raw Raw reply: headers, blank line, body.
	 */
	public function received( string $raw ): void {
		$this->finished = microtime( true );
		$head           = explode( "\r\n\r\n", $raw, 2 )[0];
		foreach ( explode( "\r\n", $head ) as $line ) {
			if ( '' !== $line ) {
				$this->transcript[] = '< ' . Redactor::header_line( $line );
			}
		}
	}

	/**
	 * Marks the end of the request when it ended without a reply (an error or a bounded wait).
	 */
	public function finish(): void {
		$this->finished = $this->finished ?? microtime( true );
	}

	/**
	 * Seconds since the fsockopen request started connecting; null when it did not use fsockopen.
	 */
	public function elapsed(): ?float {
		return $this->connecting ? microtime( true ) - $this->started : null;
	}

	/**
	 * The socket the request went out on, while it is open.
	 *
	 * @return resource|null
	 */
	public function socket() {
		return is_resource( $this->socket ) ? $this->socket : null;
	}

	/**
	 * @return array{timingsMs: array<string, float>, transcript: list<string>}
	 */
	public function observed(): array {
		$end     = $this->finished ?? microtime( true );
		$timings = array( 'total' => round( ( $end - $this->started ) * 1000, 1 ) );
		if ( null !== $this->connected ) {
			$timings['connect'] = round( ( $this->connected - $this->started ) * 1000, 1 );
		}
		return array(
			'timingsMs'  => $timings,
			'transcript' => $this->transcript,
		);
	}
}
