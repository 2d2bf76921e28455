<?php
/**
 * Output shared by the `wp proxy-health` subcommands.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI;

use WP_CLI;

use function WP_CLI\Utils\format_items;

/**
 * A document as JSON (the bytes its REST route answers) or YAML, and tables through WP-CLI's
 * own formatter.
 *
 * @since 0.2.0
 */
final class Output {

	/**
	 * Prints JSON or YAML; answers false when the caller should print its table instead.
	 *
	 * @param array<string, mixed> $data   Document, exactly as the REST route returns it.
	 * @param string               $format table, json or yaml.
	 */
	public static function print_data( array $data, string $format ): bool {
		if ( 'json' === $format ) {
			// The same encoder and flags as WP_REST_Server, so the bytes match the route's body.
			$json = wp_json_encode( $data );
			if ( false === $json ) {
				WP_CLI::error( __( 'The result could not be encoded as JSON.', 'proxy-health' ) );
			}
			WP_CLI::line( (string) $json );
			return true;
		}
		if ( 'yaml' === $format ) {
			WP_CLI::line( rtrim( Yaml::dump( $data ), "\n" ) );
			return true;
		}
		return false;
	}

	/**
	 * Prints findings or diagnoses (code, severity, title) when there are any.
	 *
	 * @param array<int, mixed> $items Findings or diagnoses.
	 */
	public static function findings( array $items ): void {
		$rows = array();
		foreach ( $items as $item ) {
			$rows[] = array(
				'code'     => (string) ( $item['code'] ?? '' ),
				'severity' => (string) ( $item['severity'] ?? '' ),
				'title'    => (string) ( $item['title'] ?? '' ),
			);
		}
		if ( array() !== $rows ) {
			self::table( array( 'code', 'severity', 'title' ), $rows );
		}
	}

	/**
	 * @param list<string>                $fields Columns.
	 * @param list<array<string, string>> $rows   Rows.
	 */
	public static function table( array $fields, array $rows ): void {
		format_items( 'table', $rows, $fields );
	}

	/**
	 * @param string $field Label.
	 * @param mixed  $value Value.
	 * @return array{field: string, value: string}
	 */
	public static function row( string $field, $value ): array {
		return array(
			'field' => $field,
			'value' => self::cell( $value ),
		);
	}

	/**
	 * One table cell: yes/no for booleans, lists joined with commas, nothing for null.
	 *
	 * @param mixed $value Value.
	 */
	public static function cell( $value ): string {
		if ( is_bool( $value ) ) {
			return $value ? __( 'yes', 'proxy-health' ) : __( 'no', 'proxy-health' );
		}
		if ( is_array( $value ) ) {
			return implode( ', ', array_map( array( self::class, 'cell' ), $value ) );
		}
		return null === $value ? '' : (string) $value;
	}
}
