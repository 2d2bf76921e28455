<?php
/**
 * A STAND-IN for the parts of WP-CLI that `wp proxy-health` uses. It is NOT WP-CLI.
 *
 * Why a stand-in: the real WP-CLI (tests/integration/wp-cli.test.ts runs it, 2.10) is a runner of
 * its own that boots WordPress itself, so it cannot be loaded into PHPUnit's process. The unit
 * tests in tests/php/Cli_Command_Test.php call the real command class directly and need only
 * the small part of WP-CLI's documented public API it calls, with the same signatures and
 * behaviour:
 *
 * - WP_CLI::add_command( $name, $callable, $args = array() )
 * - WP_CLI::line( $message = '' )   message and "\n" to STDOUT
 * - WP_CLI::log( $message )         STDOUT
 * - WP_CLI::success( $message )     "Success: …" to STDOUT
 * - WP_CLI::warning( $message )     "Warning: …" to STDERR
 * - WP_CLI::error( $message, $exit = true )  "Error: …" to STDERR, then exit code 1 (or $exit)
 * - WP_CLI::halt( $return_code )
 * - WP_CLI\ExitException
 * - WP_CLI\Utils\format_items( $format, $items, $fields ) for table (as WP-CLI prints it when
 *   STDOUT is not a terminal: a header row, then tab-separated rows) and json.
 *
 * Differences, on purpose: output is recorded instead of written, and every exit is thrown as
 * WP_CLI\ExitException (what real WP-CLI does when it runs a command with exit capture, as
 * WP_CLI::runcommand( …, array( 'exit_error' => false ) ) does), so a test can read output and
 * exit code. WP-CLI's synopsis parsing (defaults and option checks from the docblock), the csv
 * and yaml formats and progress bars are not reproduced: the real-WP-CLI test covers them.
 *
 * Loaded by tests only, never by the plugin.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace WP_CLI {

	/**
	 * Thrown where WP-CLI would end the process (with exit capture on, WP-CLI throws this too).
	 */
	class ExitException extends \Exception {
	}
}

namespace WP_CLI\Utils {

	/**
	 * Renders a list of items as WP-CLI's formatter does (table without a terminal, or json).
	 *
	 * @param string                           $format table or json.
	 * @param array<int, array<string, mixed>> $items  Rows.
	 * @param array<int, string>|string        $fields Columns (list or comma-separated).
	 */
	function format_items( $format, $items, $fields ): void {
		$fields = is_string( $fields ) ? explode( ',', $fields ) : $fields;
		$rows   = array();
		foreach ( $items as $item ) {
			$row = array();
			foreach ( $fields as $field ) {
				$row[ $field ] = $item[ $field ] ?? null;
			}
			$rows[] = $row;
		}
		if ( 'json' === $format ) {
			\WP_CLI::line( (string) json_encode( $rows ) );
			return;
		}
		if ( 'table' !== $format ) {
			throw new \LogicException( "The WP-CLI stand-in renders table and json only, not $format." );
		}
		// cli\Table's tabular renderer, used when STDOUT is not a terminal.
		\WP_CLI::line( implode( "\t", $fields ) );
		foreach ( $rows as $row ) {
			\WP_CLI::line( implode( "\t", array_map( 'strval', $row ) ) );
		}
	}
}

namespace {

	/**
	 * Stand-in for WP-CLI's WP_CLI class; records what a command prints and how it exits.
	 */
	class WP_CLI {

		/**
		 * Everything written to STDOUT since the last reset().
		 *
		 * @var string
		 */
		public static string $stdout = '';

		/**
		 * Everything written to STDERR since the last reset().
		 *
		 * @var string
		 */
		public static string $stderr = '';

		/**
		 * Commands registered with add_command(): name => [ callable, args ].
		 *
		 * @var array<string, array{0: mixed, 1: array<string, mixed>}>
		 */
		public static array $commands = array();

		/** Clears recorded output (not registered commands). */
		public static function reset(): void {
			self::$stdout = '';
			self::$stderr = '';
		}

		/**
		 * @param string               $name     Command name.
		 * @param mixed                $callable Class name, object, closure or function.
		 * @param array<string, mixed> $args     Registration options.
		 */
		public static function add_command( $name, $callable, $args = array() ): bool {
			self::$commands[ $name ] = array( $callable, $args );
			return true;
		}

		/**
		 * @param string $message Message.
		 */
		public static function line( $message = '' ): void {
			self::$stdout .= $message . "\n";
		}

		/**
		 * @param string $message Message.
		 */
		public static function log( $message ): void {
			self::$stdout .= $message . "\n";
		}

		/**
		 * @param string $message Message.
		 */
		public static function success( $message ): void {
			self::$stdout .= 'Success: ' . $message . "\n";
		}

		/**
		 * @param string|\WP_Error $message Message.
		 */
		public static function warning( $message ): void {
			self::$stderr .= 'Warning: ' . self::error_to_string( $message ) . "\n";
		}

		/**
		 * @param string|\WP_Error $message Message.
		 * @param bool|int         $exit    True for exit code 1, an integer for that code, false to go on.
		 */
		public static function error( $message, $exit = true ): void {
			self::$stderr .= 'Error: ' . self::error_to_string( $message ) . "\n";
			$code = true === $exit ? 1 : ( is_int( $exit ) && $exit >= 1 ? $exit : 0 );
			if ( $code ) {
				throw new \WP_CLI\ExitException( '', $code );
			}
		}

		/**
		 * @param int $return_code Exit code.
		 */
		public static function halt( $return_code ): void {
			throw new \WP_CLI\ExitException( '', (int) $return_code );
		}

		/**
		 * As WP-CLI: a WP_Error becomes its first message, with its data as JSON when it has any.
		 *
		 * @param mixed $errors String or WP_Error.
		 */
		public static function error_to_string( $errors ): string {
			if ( is_string( $errors ) ) {
				return $errors;
			}
			if ( $errors instanceof \WP_Error ) {
				$data = $errors->get_error_data();
				return $errors->get_error_message() . ( $data ? ' ' . ( is_array( $data ) || is_object( $data ) ? json_encode( $data ) : '"' . $data . '"' ) : '' );
			}
			return '';
		}
	}
}
