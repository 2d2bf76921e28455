<?php
/**
 * The allow-list for the network team: where this site's outbound requests go, and who sends them.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Evidence\Call_Store;
use ProxyHealth\Probe\History;

/**
 * Joins the latest probe report and the evidence session's recorded calls into one list of
 * destinations (scheme, host, port), each with its callers, whether the requests went through
 * the proxy and when it was last seen. URLs are reduced to scheme, host and port: no user
 * information, path or query (where secrets and tokens travel) ever reaches the list, and the
 * proxy's own address and credentials are not part of it. Owns the document's schema
 * (GET /proxy-health/v1/allow-list).
 *
 * @since 0.4.0 As Report\Allow_List.
 *
 * @phpstan-type Caller array{type: string, slug: string, name: string}
 * @phpstan-type Destination array{scheme: string, host: string, port: int, callers: list<Caller>, viaProxy: string, lastSeen: string|null, seenIn: list<string>, requests: int}
 */
final class Allow_List_Document {

	/** The formats the list is exported in. */
	public const FORMATS = array( 'json', 'text', 'csv' );

	/** Caller types: the owners Call_Source names, plus the probes' own targets. */
	public const CALLER_TYPES = array( 'core', 'plugin', 'theme', 'mu-plugin', 'probe' );

	/** Whether a destination's requests went through the proxy: all, none or some of them. */
	public const VIA_PROXY = array( 'yes', 'no', 'some' );

	/** CSV columns (stable names for the network team's tools). */
	private const CSV_COLUMNS = array( 'scheme', 'host', 'port', 'callers', 'via_proxy', 'last_seen', 'seen_in', 'requests' );

	/** @var array<string, string> Plugin and theme names already looked up, by type and slug. */
	private array $names = array();

	/**
	 * The allow-list document.
	 *
	 * @since 0.4.0
	 *
	 * @return array{generatedAt: string, probeReport: array{id: string, createdAt: string}|null, evidenceSessionId: string|null, destinations: list<Destination>}
	 */
	public static function build(): array {
		return ( new self() )->document( History::all()[0] ?? null, Call_Store::read() );
	}

	/**
	 * The document built from one probe report and the stored calls.
	 *
	 * @since 0.4.0
	 *
	 * @param array<string, mixed>|null $report ProbeReport, or null when none was run.
	 * @param array<string, mixed>      $stored What Call_Store::read() answers.
	 * @return array{generatedAt: string, probeReport: array{id: string, createdAt: string}|null, evidenceSessionId: string|null, destinations: list<Destination>}
	 */
	public function document( ?array $report, array $stored ): array {
		/** @var array<string, array<string, mixed>> $found */
		$found = array();
		if ( null !== $report ) {
			$at = (string) ( $report['createdAt'] ?? '' );
			foreach ( (array) ( $report['results'] ?? array() ) as $result ) {
				if ( is_array( $result ) ) {
					$this->add( $found, (string) ( $result['target'] ?? '' ), $this->probe_caller( (string) ( $result['target'] ?? '' ) ), ! empty( $result['viaProxy'] ), $at, 'probe' );
				}
			}
		}
		foreach ( (array) ( $stored['calls'] ?? array() ) as $call ) {
			if ( is_array( $call ) ) {
				$source = is_array( $call['source'] ?? null ) ? $call['source'] : array();
				$this->add( $found, (string) ( $call['url'] ?? '' ), $this->call_caller( $source ), ! empty( $call['viaProxy'] ), (string) ( $call['at'] ?? '' ), 'evidence' );
			}
		}
		ksort( $found );

		$destinations = array();
		foreach ( $found as $entry ) {
			$via = 'some';
			if ( 0 === $entry['direct'] ) {
				$via = 'yes';
			} elseif ( 0 === $entry['proxied'] ) {
				$via = 'no';
			}
			$destinations[] = array(
				'scheme'   => $entry['scheme'],
				'host'     => $entry['host'],
				'port'     => $entry['port'],
				'callers'  => array_values( $entry['callers'] ),
				'viaProxy' => $via,
				'lastSeen' => '' === $entry['lastSeen'] ? null : $entry['lastSeen'],
				'seenIn'   => array_keys( $entry['seenIn'] ),
				'requests' => $entry['proxied'] + $entry['direct'],
			);
		}
		$session_id = (string) ( $stored['sessionId'] ?? '' );
		return array(
			'generatedAt'       => gmdate( 'c' ),
			'probeReport'       => null === $report ? null : array(
				'id'        => (string) ( $report['id'] ?? '' ),
				'createdAt' => (string) ( $report['createdAt'] ?? '' ),
			),
			'evidenceSessionId' => '' === $session_id ? null : $session_id,
			'destinations'      => $destinations,
		);
	}

	/**
	 * Scheme, host and port of a URL (default ports filled in), or null when it has no host.
	 *
	 * @since 0.4.0
	 *
	 * @return array{scheme: string, host: string, port: int}|null
	 */
	public static function destination( string $url ): ?array {
		$parts  = wp_parse_url( $url );
		$parts  = is_array( $parts ) ? $parts : array();
		$scheme = strtolower( (string) ( $parts['scheme'] ?? '' ) );
		$host   = strtolower( (string) ( $parts['host'] ?? '' ) );
		if ( '' === $host || ! preg_match( '/^[a-z][a-z0-9+.-]*$/', $scheme ) ) {
			return null;
		}
		$port = (int) ( $parts['port'] ?? 0 );
		if ( 0 === $port ) {
			$defaults = array(
				'http'  => 80,
				'https' => 443,
			);
			if ( ! isset( $defaults[ $scheme ] ) ) {
				return null;
			}
			$port = $defaults[ $scheme ];
		}
		return array(
			'scheme' => $scheme,
			'host'   => $host,
			'port'   => $port,
		);
	}

	/**
	 * The list as plain text, one block per destination.
	 *
	 * @since 0.4.0
	 *
	 * @param array<string, mixed> $document What document() answers.
	 */
	public static function to_text( array $document ): string {
		$lines = array(
			/* translators: %s: the site's address. */
			sprintf( __( 'Outbound destinations of %s (allow-list for the network team)', 'proxy-health' ), home_url() ),
			/* translators: %s: date and time (UTC, ISO 8601). */
			sprintf( __( 'Generated: %s', 'proxy-health' ), (string) $document['generatedAt'] ),
		);
		$report  = $document['probeReport'];
		$lines[] = is_array( $report )
			/* translators: 1: probe report id, 2: when it ran (UTC, ISO 8601). */
			? sprintf( __( 'Probe report: %1$s (%2$s)', 'proxy-health' ), (string) $report['id'], (string) $report['createdAt'] )
			: __( 'Probe report: none yet', 'proxy-health' );
		$lines[] = null !== $document['evidenceSessionId']
			/* translators: %s: evidence session id. */
			? sprintf( __( 'Evidence session: %s', 'proxy-health' ), (string) $document['evidenceSessionId'] )
			: __( 'Evidence session: none yet', 'proxy-health' );
		$via = array(
			'yes'  => __( 'yes', 'proxy-health' ),
			'no'   => __( 'no (direct)', 'proxy-health' ),
			'some' => __( 'some requests', 'proxy-health' ),
		);
		if ( array() === $document['destinations'] ) {
			$lines[] = '';
			$lines[] = __( 'No destinations recorded yet: run the checks or an evidence session first.', 'proxy-health' );
		}
		foreach ( $document['destinations'] as $destination ) {
			$lines[] = '';
			$lines[] = self::address( $destination );
			/* translators: %s: comma-separated names of plugins, themes or WordPress core. */
			$lines[] = '  ' . sprintf( __( 'Called by: %s', 'proxy-health' ), implode( ', ', array_column( $destination['callers'], 'name' ) ) );
			/* translators: %s: yes, no (direct) or some requests. */
			$lines[] = '  ' . sprintf( __( 'Through the proxy: %s', 'proxy-health' ), $via[ $destination['viaProxy'] ] ?? $destination['viaProxy'] );
			/* translators: %s: date and time (UTC, ISO 8601). */
			$lines[] = '  ' . sprintf( __( 'Last seen: %s', 'proxy-health' ), (string) $destination['lastSeen'] );
		}
		return implode( "\n", $lines ) . "\n";
	}

	/**
	 * The list as CSV (RFC 4180), one row per destination. Every cell is quoted; a cell a
	 * spreadsheet would run as a formula (= + - @, tab, carriage return first) gets a leading
	 * apostrophe.
	 *
	 * @since 0.4.0
	 *
	 * @param array<string, mixed> $document What document() answers.
	 */
	public static function to_csv( array $document ): string {
		$rows = array( self::CSV_COLUMNS );
		foreach ( $document['destinations'] as $destination ) {
			$rows[] = array(
				$destination['scheme'],
				$destination['host'],
				(string) $destination['port'],
				implode( '; ', array_column( $destination['callers'], 'name' ) ),
				$destination['viaProxy'],
				(string) $destination['lastSeen'],
				implode( ' ', $destination['seenIn'] ),
				(string) $destination['requests'],
			);
		}
		$out = '';
		foreach ( $rows as $row ) {
			$out .= implode( ',', array_map( array( self::class, 'csv_cell' ), $row ) ) . "\r\n";
		}
		return $out;
	}

	/**
	 * One CSV cell, quoted, formula-leading characters defused.
	 *
	 * @since 0.4.0
	 */
	public static function csv_cell( string $value ): string {
		if ( '' !== $value && false !== strpos( "=+-@\t\r", $value[0] ) ) {
			$value = "'" . $value;
		}
		return '"' . str_replace( '"', '""', $value ) . '"';
	}

	/**
	 * The download's file name.
	 *
	 * @since 0.4.0
	 *
	 * @param string $extension "txt", "csv" or "json".
	 */
	public static function filename( string $extension ): string {
		$host = (string) preg_replace( '/[^A-Za-z0-9.-]+/', '-', (string) wp_parse_url( home_url(), PHP_URL_HOST ) );
		return 'proxy-health-allow-list-' . ( '' === $host ? 'site' : $host ) . '-' . gmdate( 'Y-m-d' ) . '.' . $extension;
	}

	/**
	 * scheme://host:port
	 *
	 * @param array<string, mixed> $destination One destination.
	 */
	private static function address( array $destination ): string {
		return $destination['scheme'] . '://' . $destination['host'] . ':' . $destination['port'];
	}

	/**
	 * Counts one request to a URL's destination.
	 *
	 * @param array<string, array<string, mixed>> $found  Destinations so far, by sort key.
	 * @param string                              $url    Requested URL.
	 * @param array{type: string, slug: string, name: string} $caller Who sent it.
	 * @param bool                                $proxied Whether it went through the proxy.
	 * @param string                              $at     When (ISO 8601).
	 * @param string                              $seen_in "probe" or "evidence".
	 */
	private function add( array &$found, string $url, array $caller, bool $proxied, string $at, string $seen_in ): void {
		$destination = self::destination( $url );
		if ( null === $destination ) {
			return;
		}
		$key = $destination['host'] . ' ' . sprintf( '%05d', $destination['port'] ) . ' ' . $destination['scheme'];
		if ( ! isset( $found[ $key ] ) ) {
			$found[ $key ] = $destination + array(
				'callers'  => array(),
				'proxied'  => 0,
				'direct'   => 0,
				'lastSeen' => '',
				'seenIn'   => array(),
			);
		}
		$found[ $key ]['callers'][ $caller['type'] . ':' . $caller['slug'] ] = $caller;
		$found[ $key ][ $proxied ? 'proxied' : 'direct' ]                   += 1;
		$found[ $key ]['seenIn'][ $seen_in ]                                 = true;
		$time = strtotime( $at );
		if ( false !== $time && ( '' === $found[ $key ]['lastSeen'] || $time > (int) strtotime( $found[ $key ]['lastSeen'] ) ) ) {
			$found[ $key ]['lastSeen'] = gmdate( 'c', $time );
		}
	}

	/**
	 * Who needs a probed target: WordPress core for WordPress.org (its update and version
	 * checks), else the probe list itself (a target the site owner or the lab added).
	 *
	 * @return array{type: string, slug: string, name: string}
	 */
	private function probe_caller( string $url ): array {
		$host = strtolower( (string) wp_parse_url( $url, PHP_URL_HOST ) );
		if ( 1 === preg_match( '/(?:^|\.)wordpress\.org$/', $host ) ) {
			return array(
				'type' => 'core',
				'slug' => 'wordpress',
				'name' => __( 'WordPress core (update checks)', 'proxy-health' ),
			);
		}
		return array(
			'type' => 'probe',
			'slug' => 'proxy-health',
			'name' => __( 'Proxy Health checks (a configured probe target)', 'proxy-health' ),
		);
	}

	/**
	 * The caller of a recorded call, with the name an admin knows.
	 *
	 * @param array<string, mixed> $source The call's source (Call_Source).
	 * @return array{type: string, slug: string, name: string}
	 */
	private function call_caller( array $source ): array {
		$type = (string) ( $source['type'] ?? 'core' );
		$slug = (string) ( $source['slug'] ?? '' );
		if ( ! in_array( $type, array( 'plugin', 'theme', 'mu-plugin' ), true ) ) {
			return array(
				'type' => 'core',
				'slug' => '' === $slug ? 'wordpress' : $slug,
				'name' => '' === $slug || 'wordpress' === $slug
					? __( 'WordPress core', 'proxy-health' )
					/* translators: %s: the core function that made the request, e.g. wp_version_check. */
					: sprintf( __( 'WordPress core (%s)', 'proxy-health' ), $slug ),
			);
		}
		$key = $type . ':' . $slug;
		if ( ! isset( $this->names[ $key ] ) ) {
			$this->names[ $key ] = self::owner_name( $type, $slug );
		}
		return array(
			'type' => $type,
			'slug' => $slug,
			'name' => $this->names[ $key ],
		);
	}

	/**
	 * A plugin's or must-use plugin's "Plugin Name", a theme's name, else the slug.
	 */
	private static function owner_name( string $type, string $slug ): string {
		if ( '' === $slug ) {
			return __( '(unknown)', 'proxy-health' );
		}
		if ( 'theme' === $type ) {
			$theme = wp_get_theme( $slug );
			return $theme->exists() ? (string) $theme->get( 'Name' ) : $slug;
		}
		if ( ! function_exists( 'get_plugins' ) ) {
			require_once ABSPATH . 'wp-admin/includes/plugin.php';
		}
		$plugins = 'mu-plugin' === $type ? get_mu_plugins() : get_plugins();
		foreach ( $plugins as $file => $data ) {
			$file = (string) $file;
			$dir = dirname( $file );
			// A plugin in a folder is named by the folder; a single-file plugin by its file.
			$match = '.' !== $dir ? $dir === $slug : ( $file === $slug || basename( $file, '.php' ) === $slug );
			if ( $match && '' !== (string) ( $data['Name'] ?? '' ) ) {
				return (string) $data['Name'];
			}
		}
		return $slug;
	}

	/**
	 * Schema of the allow-list document.
	 *
	 * @since 0.4.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		return Schema::document(
			'proxy-health-allow-list',
			array(
				'generatedAt'       => Schema::date_time(),
				'probeReport'       => array(
					'type'       => array( 'object', 'null' ),
					'properties' => array(
						'id'        => array( 'type' => 'string' ),
						'createdAt' => Schema::date_time(),
					),
					'required'   => array( 'id', 'createdAt' ),
				),
				'evidenceSessionId' => Schema::nullable( 'string' ),
				'destinations'      => Schema::list_of(
					array(
						'scheme'   => array( 'type' => 'string' ),
						'host'     => array( 'type' => 'string' ),
						'port'     => array( 'type' => 'integer' ),
						'callers'  => Schema::list_of(
							array(
								'type' => Schema::enum( self::CALLER_TYPES ),
								'slug' => array( 'type' => 'string' ),
								'name' => array( 'type' => 'string' ),
							),
							array()
						),
						'viaProxy' => Schema::enum( self::VIA_PROXY ),
						// Null only when no request to it carried a readable time.
						'lastSeen' => array(
							'type'   => array( 'string', 'null' ),
							'format' => 'date-time',
						),
						'seenIn'   => array(
							'type'  => 'array',
							'items' => Schema::enum( array( 'probe', 'evidence' ) ),
						),
						'requests' => array( 'type' => 'integer' ),
					),
					array()
				),
			),
			array()
		);
	}
}
