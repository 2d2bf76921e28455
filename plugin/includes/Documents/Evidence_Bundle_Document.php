<?php
/**
 * One redacted document of everything Proxy Health knows, to send to a host or network admin.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Evidence\Call_Recorder;
use ProxyHealth\Probe\History;
use ProxyHealth\Redaction\Redactor;

/**
 * Builds the bundle (GET /proxy-health/v1/evidence/bundle) from the same documents the routes
 * answer (each part already redacted at its source), then scrubs every string once more for the secrets the site knows — the proxy and
 * database passwords, raw, URL-encoded and base64, and the proxy's base64 user:pass — because
 * this document leaves the site. Renders it as JSON or as one self-contained, printable HTML page.
 *
 * Owns the bundle's schema.
 *
 * @since 0.1.0 As Evidence\Evidence_Bundle.
 */
final class Evidence_Bundle_Document {

	/** Log tail per file in the bundle. */
	private const LOG_BYTES = 32 * 1024;

	/**
	 * The bundle document.
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, mixed>
	 */
	public static function build(): array {
		global $wp_version;
		$evidence = Evidence_Document::build( self::LOG_BYTES, true );
		$latest   = History::all()[0] ?? null;
		$document = array(
			'generatedAt'       => gmdate( 'c' ),
			'site'              => array(
				'url'  => Redactor::url( home_url() ),
				'host' => self::host(),
				'wp'   => (string) $wp_version,
				'php'  => PHP_VERSION,
			),
			'status'            => Status_Document::build(),
			'latestProbeReport' => $latest,
			'evidence'          => array(
				'session' => $evidence['session'],
				'calls'   => $evidence['calls'],
				'logs'    => $evidence['logs'],
			),
			'htaccess'          => $evidence['htaccess'],
			'changes'           => $evidence['changes'],
			'hooks'             => Hooks_Document::build(),
		);
		// Objects (the fingerprint's plugin maps) become arrays so the scrub reaches every string.
		$document = json_decode( (string) wp_json_encode( $document ), true );
		return self::scrub( is_array( $document ) ? $document : array(), self::secrets() );
	}

	/**
	 * The download's file name: proxy-health-evidence-<site host>-<date>.<ext>.
	 *
	 * @since 0.1.0
	 */
	public static function filename( string $extension ): string {
		return 'proxy-health-evidence-' . self::host() . '-' . gmdate( 'Y-m-d' ) . '.' . $extension;
	}

	/**
	 * Every form of a secret the site holds that could slip into a string.
	 *
	 * @since 0.1.0
	 *
	 * @return list<string>
	 */
	public static function secrets(): array {
		$forms = array();
		foreach ( Call_Recorder::known_secrets() as $secret ) {
			array_push( $forms, $secret, rawurlencode( $secret ), urlencode( $secret ), base64_encode( $secret ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions -- looking for encoded secrets.
		}
		if ( defined( 'WP_PROXY_USERNAME' ) && defined( 'WP_PROXY_PASSWORD' ) && '' !== (string) constant( 'WP_PROXY_PASSWORD' ) ) {
			$pair    = constant( 'WP_PROXY_USERNAME' ) . ':' . constant( 'WP_PROXY_PASSWORD' );
			$forms[] = base64_encode( $pair ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions -- the Basic credentials as sent.
			$forms[] = rtrim( base64_encode( $pair ), '=' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions -- the same without padding.
		}
		// Short values would mask ordinary words; longest first so a longer form is masked whole.
		$forms = array_values( array_unique( array_filter( $forms, static fn( string $form ): bool => strlen( $form ) >= 4 ) ) );
		usort( $forms, static fn( string $a, string $b ): int => strlen( $b ) <=> strlen( $a ) );
		return $forms;
	}

	/**
	 * Masks the secrets in every string (keys included) of a document.
	 *
	 * @since 0.1.0
	 *
	 * @param array<mixed> $document Document.
	 * @param list<string> $secrets  Values to mask.
	 * @return array<mixed>
	 */
	public static function scrub( array $document, array $secrets ): array {
		if ( array() === $secrets ) {
			return $document;
		}
		$clean = array();
		foreach ( $document as $key => $value ) {
			if ( is_string( $key ) ) {
				$key = str_replace( $secrets, Redactor::MASK, $key );
			}
			if ( is_array( $value ) ) {
				$value = self::scrub( $value, $secrets );
			} elseif ( is_string( $value ) ) {
				$value = str_replace( $secrets, Redactor::MASK, $value );
			}
			$clean[ $key ] = $value;
		}
		return $clean;
	}

	/**
	 * The printable page's Content-Security-Policy: no script runs and nothing is fetched, even
	 * if a value were to slip past escaping. Sent as a header and also written into the page,
	 * because the panel opens the page from a `blob:` URL, which carries no response header.
	 *
	 * @since 0.1.0
	 */
	const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

	/**
	 * The document as one HTML page: no scripts, no external assets, every value escaped.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $document Bundle document.
	 */
	public static function to_html( array $document ): string {
		$sections = array(
			'status'            => __( 'Proxy configuration and findings', 'proxy-health' ),
			'latestProbeReport' => __( 'Latest probe report', 'proxy-health' ),
			'changes'           => __( 'What changed since the last passing check', 'proxy-health' ),
			'evidence'          => __( 'Evidence session: outbound calls and logs', 'proxy-health' ),
			'htaccess'          => __( '.htaccess redirects and inbound redirect chains', 'proxy-health' ),
			'hooks'             => __( 'Callbacks on the HTTP hooks', 'proxy-health' ),
		);
		/* translators: %s: site host name. */
		$title = sprintf( __( 'Proxy Health evidence for %s', 'proxy-health' ), (string) ( $document['site']['host'] ?? '' ) );
		$html  = '<!DOCTYPE html><html lang="' . esc_attr( get_bloginfo( 'language' ) ) . '"><head><meta charset="utf-8">'
			. '<meta http-equiv="Content-Security-Policy" content="' . esc_attr( self::HTML_CSP ) . '">'
			. '<meta name="viewport" content="width=device-width, initial-scale=1">'
			. '<title>' . esc_html( $title ) . '</title><style>' . self::css() . '</style></head><body>'
			. '<h1>' . esc_html( $title ) . '</h1>'
			/* translators: 1: date and time (ISO 8601), 2: site URL. */
			. '<p class="meta">' . esc_html( sprintf( __( 'Generated %1$s for %2$s. Passwords and other secrets are redacted.', 'proxy-health' ), (string) ( $document['generatedAt'] ?? '' ), (string) ( $document['site']['url'] ?? '' ) ) ) . '</p>'
			. '<nav><ul>';
		foreach ( $sections as $key => $heading ) {
			$html .= '<li><a href="#' . esc_attr( $key ) . '">' . esc_html( $heading ) . '</a></li>';
		}
		$html .= '</ul></nav>';
		foreach ( $sections as $key => $heading ) {
			$value = $document[ $key ] ?? null;
			$html .= '<section id="' . esc_attr( $key ) . '"><h2>' . esc_html( $heading ) . '</h2>';
			$html .= null === $value || array() === $value ? '<p class="none">' . esc_html__( 'Nothing recorded.', 'proxy-health' ) . '</p>' : self::render( $value, 0 );
			$html .= '</section>';
		}
		return $html . '</body></html>';
	}

	/**
	 * Renders a value: lists of records as tables, records as definition lists, text escaped.
	 *
	 * @param mixed $value Value.
	 * @param int   $depth Nesting depth.
	 */
	private static function render( $value, int $depth ): string {
		if ( ! is_array( $value ) ) {
			if ( null === $value ) {
				return '<span class="none">—</span>';
			}
			if ( is_bool( $value ) ) {
				return $value ? 'true' : 'false';
			}
			return esc_html( (string) $value );
		}
		if ( array() === $value ) {
			return '<span class="none">—</span>';
		}
		if ( array_is_list( $value ) ) {
			$records = array_filter( $value, static fn( $item ): bool => is_array( $item ) && ! array_is_list( $item ) );
			if ( count( $records ) === count( $value ) && $depth < 4 ) {
				$columns = array();
				foreach ( $value as $record ) {
					$columns = array_unique( array_merge( $columns, array_keys( $record ) ) );
				}
				$html = '<div class="scroll"><table><thead><tr>';
				foreach ( $columns as $column ) {
					$html .= '<th scope="col">' . esc_html( (string) $column ) . '</th>';
				}
				$html .= '</tr></thead><tbody>';
				foreach ( $value as $record ) {
					$html .= '<tr>';
					foreach ( $columns as $column ) {
						$html .= '<td>' . ( array_key_exists( $column, $record ) ? self::render( $record[ $column ], $depth + 1 ) : '' ) . '</td>';
					}
					$html .= '</tr>';
				}
				return $html . '</tbody></table></div>';
			}
			if ( array() === array_filter( $value, 'is_array' ) ) {
				// Log lines and similar lists of text read best as preformatted lines.
				return '<pre>' . esc_html( implode( "\n", array_map( static fn( $item ): string => is_bool( $item ) ? ( $item ? 'true' : 'false' ) : (string) $item, $value ) ) ) . '</pre>';
			}
			$html = '<ol>';
			foreach ( $value as $item ) {
				$html .= '<li>' . self::render( $item, $depth + 1 ) . '</li>';
			}
			return $html . '</ol>';
		}
		$html = '<dl>';
		foreach ( $value as $key => $item ) {
			$html .= '<dt>' . esc_html( (string) $key ) . '</dt><dd>' . self::render( $item, $depth + 1 ) . '</dd>';
		}
		return $html . '</dl>';
	}

	private static function css(): string {
		return 'body{font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;color:#1e1e1e;margin:2rem auto;max-width:72rem;padding:0 1rem}'
			. 'h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:1px solid #ccc;padding-bottom:.25rem;margin-top:2rem}'
			. '.meta,.none{color:#50575e}table{border-collapse:collapse;width:100%;margin:.5rem 0}'
			. 'th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top;word-break:break-word}'
			. 'th{background:#f0f0f1}dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.25rem 0}'
			. 'dt{font-weight:600}dd{margin:0}pre{white-space:pre-wrap;word-break:break-all;background:#f6f7f7;padding:.5rem;font-size:12px}'
			. '.scroll{overflow-x:auto}'
			. '@media print{body{margin:0;max-width:none;font-size:10pt}nav{display:none}section{break-inside:auto}'
			. 'h2{break-after:avoid}tr,dt,dd{break-inside:avoid}.scroll{overflow:visible}a{color:inherit;text-decoration:none}}';
	}

	/**
	 * The site's host, safe for a file name.
	 */
	private static function host(): string {
		$host = (string) wp_parse_url( home_url(), PHP_URL_HOST );
		$host = (string) preg_replace( '/[^A-Za-z0-9.-]+/', '-', $host );
		return '' === $host ? 'site' : $host;
	}

	/**
	 * Schema of the bundle, made of the schemas of the documents each part is.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		$evidence = Evidence_Document::schema()['properties'];
		return Schema::document(
			'proxy-health-evidence-bundle',
			array(
				'generatedAt'       => Schema::date_time(),
				'site'              => Schema::object(
					array(
						'url'  => array( 'type' => 'string' ),
						'host' => array( 'type' => 'string' ),
						'wp'   => array( 'type' => 'string' ),
						'php'  => array( 'type' => 'string' ),
					),
					array()
				),
				'status'            => Schema::part( Status_Document::schema() ),
				'latestProbeReport' => Schema::part( Probe_Report_Document::schema(), true ),
				'evidence'          => Schema::object( array_intersect_key( $evidence, array_flip( array( 'session', 'calls', 'logs' ) ) ), array() ),
				'htaccess'          => $evidence['htaccess'],
				'changes'           => $evidence['changes'],
				'hooks'             => Schema::part( Hooks_Document::schema() ),
			),
			array()
		);
	}
}
