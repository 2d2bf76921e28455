<?php
/**
 * Option checks shared by the `wp proxy-health` subcommands.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI;

use WP_CLI;
use WP_Error;

/**
 * What WP-CLI's synopsis check leaves to the command: one --format, --fields among a list's
 * columns, boolean flags, options of another action, and validation errors as WP-CLI errors.
 * Each check runs before the subcommand does anything, and stops with exit code 1.
 *
 * @since 0.2.0
 */
final class Options {

	/** The formats a subcommand's synopsis may offer. */
	public const FORMATS = array( 'table', 'json', 'csv', 'yaml' );

	/**
	 * The --format WP-CLI checked against the synopsis. WP-CLI also lets through a
	 * comma-separated list of valid values (`--format=json,csv`); that is refused here.
	 *
	 * @param array<string, mixed> $assoc_args Options.
	 * @param list<string>         $formats    The formats the subcommand offers, table first.
	 */
	public static function format( array $assoc_args, array $formats = self::FORMATS ): string {
		$format = $assoc_args['format'] ?? 'table';
		if ( ! is_string( $format ) || ! in_array( $format, $formats, true ) ) {
			WP_CLI::error(
				/* translators: %s: the accepted formats. */
				sprintf( __( 'Invalid value for --format; use one of: %s.', 'proxy-health' ), implode( ', ', $formats ) )
			);
		}
		return $format;
	}

	/**
	 * The columns --fields picks for a list, in the order given; every column when left out.
	 * Checked before anything runs.
	 *
	 * @param array<string, mixed> $assoc_args Options.
	 * @param string               $format     table, json, csv or yaml.
	 * @param list<string>         $all        The list's columns.
	 * @return list<string>
	 */
	public static function fields( array $assoc_args, string $format, array $all ): array {
		if ( ! isset( $assoc_args['fields'] ) ) {
			return $all;
		}
		if ( 'table' !== $format && 'csv' !== $format ) {
			WP_CLI::error( __( '--fields picks the columns of --format=table or csv; json and yaml print the whole document.', 'proxy-health' ) );
		}
		$fields = array_values( array_filter( array_map( 'trim', explode( ',', (string) $assoc_args['fields'] ) ), 'strlen' ) );
		if ( array() === $fields || array() !== array_diff( $fields, $all ) ) {
			WP_CLI::error(
				/* translators: %s: the column names. */
				sprintf( __( 'Invalid value for --fields; use some of: %s.', 'proxy-health' ), implode( ', ', $all ) )
			);
		}
		return $fields;
	}

	/**
	 * Refuses options that only another action of the subcommand takes (a synopsis lists one
	 * set of options for all of a subcommand's actions).
	 *
	 * @param array<string, mixed> $assoc_args Options.
	 * @param list<string>         $names      Options of the other action.
	 * @param string               $usage      The command they go with.
	 */
	public static function refuse_options( array $assoc_args, array $names, string $usage ): void {
		$given = array_values( array_intersect( $names, array_keys( $assoc_args ) ) );
		if ( array() !== $given ) {
			WP_CLI::error(
				/* translators: 1: option names; 2: the command that takes them. */
				sprintf( __( '%1$s only go with %2$s.', 'proxy-health' ), '--' . implode( ', --', $given ), $usage )
			);
		}
	}

	/**
	 * A boolean option: absent is false; `--name` (true), `--name=1|0|true|false` are accepted.
	 *
	 * @param array<string, mixed> $assoc_args Options.
	 * @param string               $name       Option name.
	 */
	public static function flag( array $assoc_args, string $name ): bool {
		if ( ! array_key_exists( $name, $assoc_args ) ) {
			return false;
		}
		$value = $assoc_args[ $name ];
		if ( is_bool( $value ) ) {
			return $value;
		}
		$value = strtolower( (string) $value );
		if ( ! in_array( $value, array( '1', '0', 'true', 'false' ), true ) ) {
			WP_CLI::error(
				/* translators: %s: option name. */
				sprintf( __( '--%s is a flag: leave the value out, or give 1, 0, true or false.', 'proxy-health' ), $name )
			);
		}
		return in_array( $value, array( '1', 'true' ), true );
	}

	/**
	 * Stops with the error's message (exit code 1) when there is one.
	 *
	 * @param WP_Error|null $error Error from a validation rule.
	 */
	public static function fail_on( ?WP_Error $error ): void {
		if ( null !== $error ) {
			WP_CLI::error( $error->get_error_message() );
		}
	}
}
