<?php
/**
 * `wp proxy-health bisect` without HTTP: each step runs in a child process of the same WP-CLI.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI;

use ProxyHealth\Bisection\Bisection_Store;
use ProxyHealth\Bisection\Bisector;
use ProxyHealth\Bisection\Sandbox\Sandbox_Request;
use ProxyHealth\Bisection\Step_Result;
use WP_CLI;
use WP_Error;

/**
 * The `cli` driver. For each step the parent (the `wp proxy-health bisect` process) asks the
 * Bisector for the step's signed sandbox request (Bisector::prepare(), the same request the
 * client driver hands a browser) and starts `wp proxy-health bisect-step` with the runtime
 * arguments it was itself started with (--path, --url, …). The single-use token and the request
 * body go to the child in environment variables, never on its command line (which any local
 * user can read). The child's must-use sandbox loader finds them, removes them from its
 * environment, and boots the sandbox exactly as for an HTTP request: the clone prefix, the
 * subset, a private object cache, no mail or cron; the probe runs at wp_loaded and the signed
 * answer is printed on standard output. The parent hands that answer to Bisector::record(),
 * which checks the signature, the run, the step and the subset before it records anything.
 *
 * No request goes to the web server, so the run works where the site cannot call itself, with
 * any number of PHP workers. The live site is never touched: the child reads and writes only
 * the clone tables, as the HTTP sandbox does.
 *
 * Needs WP-CLI's configurator (to relaunch itself) and proc_open(); where either is missing
 * (proc_open is disabled on some hosts) `wp proxy-health bisect` falls back to the server driver
 * and the run says why.
 *
 * @since 0.2.0
 */
final class Bisect_Steps {

	/** Environment variable with the step's sandbox token (the X-Proxy-Health-Sandbox value). */
	public const ENV_TOKEN = 'PROXY_HEALTH_SANDBOX_TOKEN';

	/** Environment variable with the step's request body: {"prefix": …, "subset": […]}. */
	public const ENV_BODY = 'PROXY_HEALTH_SANDBOX_BODY';

	/** The hidden subcommand a child runs; reached only when the sandbox did not take the step. */
	public const SUBCOMMAND = 'bisect-step';

	/** Seconds a child may take before it is stopped and the step counts as a crash. */
	public const TIMEOUT = 120;

	/** Exit code of the subcommand when the sandbox did not take the step. */
	public const EXIT_NOT_SANDBOXED = 3;

	public const REASON_WP_CLI    = 'wp_cli';
	public const REASON_NO_LAUNCH = 'wp_cli_no_launch';

	/**
	 * Whether this WP-CLI can start a child of itself.
	 *
	 * @since 0.2.0
	 */
	public static function available(): bool {
		return class_exists( 'WP_CLI' )
			&& method_exists( 'WP_CLI', 'get_configurator' )
			&& function_exists( 'WP_CLI\Utils\get_php_binary' )
			&& function_exists( 'proc_open' )
			&& function_exists( 'proc_terminate' )
			&& isset( $GLOBALS['argv'][0] ) && is_string( $GLOBALS['argv'][0] );
	}

	/**
	 * The driver `wp proxy-health bisect` uses here and why.
	 *
	 * @since 0.2.0
	 *
	 * @return array{driver: string, reason: array{code: string, message: string}}
	 */
	public static function choice(): array {
		if ( self::available() ) {
			return array(
				'driver' => Bisector::DRIVER_CLI,
				'reason' => array(
					'code'    => self::REASON_WP_CLI,
					'message' => __( 'Started with WP-CLI: each step runs in a child process of WP-CLI, without HTTP.', 'proxy-health' ),
				),
			);
		}
		return array(
			'driver' => Bisector::DRIVER_SERVER,
			'reason' => array(
				'code'    => self::REASON_NO_LAUNCH,
				'message' => __( 'Started with WP-CLI, which cannot start a child process here (proc_open is not available), so the site sends each step to itself.', 'proxy-health' ),
			),
		);
	}

	/**
	 * Starts a run and drives it to its end, one child process per step.
	 *
	 * @since 0.2.0
	 *
	 * @param Bisector $bisector      Bisector.
	 * @param string   $mode          Search::MODE_*.
	 * @param string   $clone_mode    Table_Cloner::MODE_*.
	 * @param bool     $include_theme Whether the active theme is a candidate too.
	 * @return array<string, mixed>|WP_Error The run as it ended, or why it could not start.
	 */
	public static function run( Bisector $bisector, string $mode, string $clone_mode, bool $include_theme ) {
		$choice = self::choice();
		$run    = $bisector->start( $mode, $choice['driver'], $clone_mode, array(), $include_theme );
		if ( is_wp_error( $run ) ) {
			return $run;
		}
		$run['driverReason'] = $choice['reason'];
		$run                 = Bisection_Store::save( $run );
		if ( Bisector::DRIVER_CLI !== $choice['driver'] ) {
			return $run;
		}
		for ( $i = 0; $i < Bisector::MAX_PROBES * 2 && 'running' === $run['status']; $i++ ) {
			$next = self::step( $bisector, $run );
			if ( is_wp_error( $next ) ) {
				// A run that ended meanwhile (cancelled) comes back as it is stored.
				$stored = Bisection_Store::get( (string) $run['id'] );
				if ( null !== $stored && 'running' !== $stored['status'] ) {
					return $stored;
				}
				return $next;
			}
			$run = $next;
		}
		return $run;
	}

	/**
	 * One step: the signed request, a child process, its signed answer recorded.
	 *
	 * @since 0.2.0
	 *
	 * @param Bisector             $bisector Bisector.
	 * @param array<string, mixed> $run      Bisection.
	 * @return array<string, mixed>|WP_Error Bisection.
	 */
	public static function step( Bisector $bisector, array $run ) {
		$prepared = $bisector->prepare( $run );
		if ( is_wp_error( $prepared ) || ! isset( $prepared['request'] ) ) {
			return $prepared;
		}
		$request = $prepared['request'];
		$token   = (string) ( $request['headers'][ Sandbox_Request::HEADER ] ?? '' );
		$child   = self::launch( $token, (string) $request['body'] );
		if ( is_wp_error( $child ) ) {
			return $bisector->record( $run, self::crash( $run, $prepared, $token, array( $child->get_error_message() ) ) );
		}
		$answer = self::answer( $child['stdout'] );
		if ( null !== $answer ) {
			return $bisector->record( $run, $answer );
		}
		if ( self::EXIT_NOT_SANDBOXED === $child['code'] ) {
			return new WP_Error(
				'proxy_health_sandbox_unanswered',
				__( 'The step process ran without the sandbox: the must-use loader is not loaded, or the token was refused.', 'proxy-health' ),
				array( 'status' => 502 )
			);
		}
		// Ended without a word (killed, out of memory before the shutdown handler, a crash of PHP).
		return $bisector->record(
			$run,
			self::crash(
				$run,
				$prepared,
				$token,
				array(
					null === $child['code']
						/* translators: %d: seconds. */
						? sprintf( __( 'The step process did not finish within %d seconds and was stopped.', 'proxy-health' ), self::TIMEOUT )
						/* translators: %d: exit code. */
						: sprintf( __( 'The step process ended with exit code %d and no answer.', 'proxy-health' ), (int) $child['code'] ),
				)
			)
		);
	}

	/**
	 * The signed answer in a child's standard output (anything a plugin printed before the
	 * sandbox took over comes first and is skipped).
	 *
	 * @since 0.2.0
	 *
	 * @return array<string, mixed>|null
	 */
	public static function answer( string $stdout ): ?array {
		$start = strrpos( $stdout, '{"proxyHealthSandbox":true' );
		if ( false === $start ) {
			return null;
		}
		$answer = json_decode( trim( substr( $stdout, $start ) ), true );
		return is_array( $answer ) ? $answer : null;
	}

	/**
	 * A crash answer for a child that could not answer itself, signed as the sandbox signs.
	 *
	 * @param array<string, mixed> $run      Bisection.
	 * @param array<string, mixed> $prepared Bisector::prepare()'s answer.
	 * @param string               $token    The step's token (its nonce is signed in).
	 * @param list<string>         $evidence What happened.
	 * @return array<string, mixed>
	 */
	private static function crash( array $run, array $prepared, string $token, array $evidence ): array {
		$body   = json_decode( (string) $prepared['request']['body'], true );
		$claims = json_decode( (string) base64_decode( strtr( (string) strstr( $token, '.', true ), '-_', '+/' ), true ), true );
		return Step_Result::sign(
			array(
				'proxyHealthSandbox' => true,
				'bisection'          => (string) $run['id'],
				'step'               => (int) $prepared['step'],
				'subset'             => array_values( (array) ( $body['subset'] ?? array() ) ),
				'outcome'            => 'crash',
				'evidence'           => $evidence,
			),
			(string) ( $claims['n'] ?? '' ),
			(string) $run['clone']['prefix']
		);
	}

	/**
	 * Starts `wp proxy-health bisect-step` with this process's runtime arguments and the token
	 * and body in its environment; waits at most TIMEOUT seconds.
	 *
	 * @return array{stdout: string, code: int|null}|WP_Error Output and exit code (null: stopped).
	 */
	private static function launch( string $token, string $body ) {
		$argv = array_slice( (array) $GLOBALS['argv'], 1 );
		list( , , $runtime ) = WP_CLI::get_configurator()->parse_args( $argv );
		$command             = array( \WP_CLI\Utils\get_php_binary(), (string) $GLOBALS['argv'][0] );
		foreach ( (array) $runtime as $key => $value ) {
			foreach ( is_array( $value ) ? $value : array( $value ) as $one ) {
				if ( true === $one ) {
					$command[] = '--' . $key;
				} elseif ( is_scalar( $one ) && false !== $one ) {
					$command[] = '--' . $key . '=' . $one;
				}
			}
		}
		array_push( $command, 'proxy-health', self::SUBCOMMAND );
		$env = getenv();
		unset( $env[ self::ENV_TOKEN ], $env[ self::ENV_BODY ] );
		$env[ self::ENV_TOKEN ] = $token;
		$env[ self::ENV_BODY ]  = $body;

		$pipes   = array();
		$process = proc_open( $command, array( 0 => array( 'pipe', 'r' ), 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ), $pipes, getcwd() ?: null, $env ); // phpcs:ignore Generic.PHP.ForbiddenFunctions.Found
		if ( ! is_resource( $process ) ) {
			return new WP_Error( 'proxy_health_bisection_launch_failed', __( 'The step process could not be started.', 'proxy-health' ) );
		}
		fclose( $pipes[0] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose
		stream_set_blocking( $pipes[1], false );
		stream_set_blocking( $pipes[2], false );
		$stdout   = '';
		$deadline = microtime( true ) + self::TIMEOUT;
		$open     = array( 1 => $pipes[1], 2 => $pipes[2] );
		while ( array() !== $open && microtime( true ) < $deadline ) {
			$read   = array_values( $open );
			$write  = null;
			$except = null;
			if ( false === stream_select( $read, $write, $except, 1 ) ) {
				break;
			}
			foreach ( $open as $index => $pipe ) {
				$chunk = fread( $pipe, 65536 ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fread
				if ( 1 === $index && is_string( $chunk ) ) {
					$stdout .= $chunk;
				}
				if ( feof( $pipe ) ) {
					fclose( $pipe ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose
					unset( $open[ $index ] );
				}
			}
		}
		$stopped = array() !== $open;
		if ( $stopped ) {
			proc_terminate( $process, 9 );
			foreach ( $open as $pipe ) {
				fclose( $pipe ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose
			}
		}
		$code = proc_close( $process );
		return array(
			'stdout' => $stdout,
			'code'   => $stopped ? null : $code,
		);
	}

	/**
	 * `wp proxy-health bisect-step`: reached only when the sandbox did not take the step (the
	 * loader answers and exits while WordPress loads). Says so and exits EXIT_NOT_SANDBOXED.
	 *
	 * @since 0.2.0
	 */
	public static function command(): void {
		WP_CLI::error( __( 'bisect-step is run by wp proxy-health bisect for each step, with a token in its environment; this one was not taken by the sandbox.', 'proxy-health' ), self::EXIT_NOT_SANDBOXED );
	}
}
