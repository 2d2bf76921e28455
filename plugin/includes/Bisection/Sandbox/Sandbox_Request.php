<?php
/**
 * What the must-use sandbox does for a request that carries a valid token.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection\Sandbox;

use ProxyHealth\Bisection\Staging\Clone_Registry;
use ProxyHealth\Bisection\Sandbox_Token;
use ProxyHealth\Bisection\Step_Result;
use ProxyHealth\Bisection\Theme_Candidate;
use ProxyHealth\Diagnosis\Probe_Report;
use ProxyHealth\Probe\Probe_Runner;
use ProxyHealth\Redaction\Redactor;

/**
 * Runs before regular plugins load (must-use plugins do), so the active_plugins filter added
 * here decides which plugins this request loads. Everything this request reads or writes goes
 * to the clone tables and a private object cache; mail and cron are off; the probe runs once
 * WordPress has loaded and the answer is JSON.
 *
 * A request without a valid token (forged, expired, replayed, or for another subset) is left
 * exactly as it came: it continues as an ordinary live request. Answering 403 instead would
 * change what the live site does for some requests and tell strangers a sandbox exists.
 *
 * @since 0.1.0
 */
final class Sandbox_Request {

	/** Request header that carries the token. */
	public const HEADER = 'X-Proxy-Health-Sandbox';

	/** Key of HEADER in $_SERVER. */
	public const SERVER_KEY = 'HTTP_X_PROXY_HEALTH_SANDBOX';

	/**
	 * Probe outcomes that make a step fail. The bisection looks for what causes the 407, so other
	 * failures (a TLS problem at a target, DNS) neither implicate nor clear a subset.
	 */
	public const FAILING_OUTCOMES = array( 'proxy_auth_required' );

	/** Step number of a token that only asks whether the loader answers (Bisector's preflight). */
	public const PING_STEP = 0;

	/**
	 * Largest request body the loader reads and decodes (256 KiB): a clone prefix and a list of
	 * plugin files, about 100 bytes each. Anyone can send the header, so no body is read whole.
	 */
	public const MAX_BODY_BYTES = 262144;

	/** Fatal error types a shutdown handler can see. */
	private const FATALS = E_ERROR | E_PARSE | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR | E_RECOVERABLE_ERROR;

	/**
	 * Token claims.
	 *
	 * @var array{b: string, s: int, h: string, e: int, n: string}
	 */
	private array $claims;

	/**
	 * Plugin files to load.
	 *
	 * @var list<string>
	 */
	private array $subset;

	private string $prefix;

	private bool $answered = false;

	/**
	 * @param array{b: string, s: int, h: string, e: int, n: string} $claims Claims.
	 * @param list<string>                                           $subset Plugins.
	 */
	private function __construct( array $claims, string $prefix, array $subset ) {
		$this->claims = $claims;
		$this->prefix = $prefix;
		$this->subset = $subset;
	}

	/**
	 * Enters the sandbox when the token and body check out; otherwise does nothing at all.
	 *
	 * @since 0.1.0
	 *
	 * @param string $token Header value.
	 * @param string $body  Raw request body: {"prefix": "...", "subset": ["a/a.php", ...]}.
	 */
	public static function boot( string $token, string $body ): bool {
		global $wpdb;
		$data = self::decode_body( $body );
		if ( null === $data || ! Clone_Registry::is_clone_prefix( $data['prefix'], $wpdb->base_prefix ) ) {
			return false;
		}
		$prefix = $data['prefix'];
		$subset = $data['subset'];
		// Not through the object cache: a persistent one would take writes from this unverified request.
		if ( ! Clone_Registry::is_registered_uncached( $prefix ) ) {
			return false;
		}
		$claims = Sandbox_Token::consume( $token, $prefix, $subset );
		if ( ! is_array( $claims ) ) {
			return false;
		}
		if ( self::PING_STEP === $claims['s'] ) {
			// The driver preflight: the loader answers, nothing is loaded or probed.
			( new self( $claims, $prefix, $subset ) )->send( array( 'ping' => true ) );
		}
		( new self( $claims, $prefix, $subset ) )->enter();
		return true;
	}

	/**
	 * Reads a request body up to the bound: null when the stream holds more (or cannot be read).
	 *
	 * @since 0.1.0
	 *
	 * @param string $stream A readable stream or file, `php://input` for a request.
	 */
	public static function read_body( string $stream = 'php://input' ): ?string {
		$body = @file_get_contents( $stream, false, null, 0, self::MAX_BODY_BYTES + 1 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors, WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- the request body (php://input), read up to a bound; an unreadable body is no sandbox request.
		return false === $body || strlen( $body ) > self::MAX_BODY_BYTES ? null : $body;
	}

	/**
	 * The body's clone prefix and plugin subset, or null when it is too long or not that shape.
	 *
	 * @since 0.1.0
	 *
	 * @return array{prefix: string, subset: list<string>}|null
	 */
	public static function decode_body( string $body ): ?array {
		if ( strlen( $body ) > self::MAX_BODY_BYTES ) {
			return null;
		}
		$data   = json_decode( $body, true, 4 );
		$prefix = is_array( $data ) && is_string( $data['prefix'] ?? null ) ? $data['prefix'] : null;
		$subset = is_array( $data ) && is_array( $data['subset'] ?? null ) ? $data['subset'] : null;
		if ( null === $prefix || null === $subset || array_filter( $subset, 'is_string' ) !== $subset ) {
			return null;
		}
		return array(
			'prefix' => $prefix,
			'subset' => array_values( $subset ),
		);
	}

	private function enter(): void {
		global $wpdb;
		define( 'PROXY_HEALTH_SANDBOX', true );
		// Keeps WordPress's fatal error handler (recovery mode, its mail, its error page) out of it.
		if ( ! defined( 'WP_SANDBOX_SCRAPING' ) ) {
			define( 'WP_SANDBOX_SCRAPING', true );
		}
		if ( ! defined( 'DISABLE_WP_CRON' ) ) {
			define( 'DISABLE_WP_CRON', true );
		}
		// Output from plugins would corrupt the JSON answer.
		ini_set( 'display_errors', '0' ); // phpcs:ignore WordPress.PHP.IniSet.display_errors_Disallowed, Squiz.PHP.DiscouragedFunctions.Discouraged -- only in a signed sandbox request, whose body must be JSON: plugins under test must not print errors into it.
		ob_start();
		register_shutdown_function( array( $this, 'on_shutdown' ) );

		$wpdb->set_prefix( $this->prefix );
		self::isolate_object_cache();

		$plugins = array_values( array_filter( $this->subset, static fn( string $candidate ): bool => ! Theme_Candidate::is( $candidate ) ) );
		add_filter( 'option_active_plugins', static fn(): array => $plugins, PHP_INT_MAX );
		foreach ( array_diff( $this->subset, $plugins ) as $theme ) {
			self::run_theme( Theme_Candidate::stylesheet( $theme ) );
		}
		// On a network, the subset's network-activated plugins stay network-activated: they load
		// before site plugins and find themselves in active_sitewide_plugins, as on the live site.
		$network = self::network_activated( $plugins );
		add_filter( 'pre_site_option_active_sitewide_plugins', static fn(): array => $network, PHP_INT_MAX );
		add_filter( 'pre_wp_mail', '__return_false', PHP_INT_MAX );
		add_filter( 'pre_get_ready_cron_jobs', static fn(): array => array(), PHP_INT_MAX );
		add_filter( 'pre_schedule_event', static fn( $pre ) => false, PHP_INT_MAX );
		add_action( 'wp_loaded', array( $this, 'answer' ), PHP_INT_MAX );
	}

	/**
	 * Runs another theme for this request only (the step leaves the active theme out). The
	 * options are filtered, never written, so the live theme and its settings stay as they are.
	 */
	private static function run_theme( string $stylesheet ): void {
		$template = null;
		add_filter( 'pre_option_stylesheet', static fn(): string => $stylesheet, PHP_INT_MAX );
		add_filter(
			'pre_option_template',
			static function () use ( $stylesheet, &$template ): string {
				$template ??= wp_get_theme( $stylesheet )->get_template();
				return $template;
			},
			PHP_INT_MAX
		);
	}

	/**
	 * No persistent cache: this request's runtime cache was filled from the live tables, so it is
	 * emptied. A persistent drop-in: it is replaced for this request, never flushed.
	 */
	private static function isolate_object_cache(): void {
		if ( wp_using_ext_object_cache() ) {
			$GLOBALS['wp_object_cache'] = new Memory_Cache(); // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited
			wp_using_ext_object_cache( false );
			return;
		}
		wp_cache_flush();
	}

	/**
	 * The plugins of the subset that are network-activated, with their activation times, as the
	 * clone's copy of the network option lists them; none on a single site.
	 *
	 * @param list<string> $plugins Plugin files of the subset.
	 * @return array<string, mixed>
	 */
	private static function network_activated( array $plugins ): array {
		if ( ! is_multisite() ) {
			return array();
		}
		return array_intersect_key( (array) get_site_option( 'active_sitewide_plugins', array() ), array_flip( $plugins ) );
	}

	/**
	 * Runs the probe with this subset loaded and answers.
	 *
	 * @since 0.1.0
	 */
	public function answer(): void {
		// A step needs the outcomes only: no extra requests to trace a failure to a callback.
		$report   = ( new Probe_Report() )->run( Probe_Runner::default_targets(), null, null, false );
		$evidence = array();
		$failed   = array();
		foreach ( (array) ( $report['results'] ?? array() ) as $result ) {
			$status    = $result['httpStatus'] ?? ( $result['connectStatus'] ?? null );
			$outcome   = (string) ( $result['outcome'] ?? '' );
			$transport = (string) ( $result['transport'] ?? '' );
			if ( in_array( $outcome, self::FAILING_OUTCOMES, true ) ) {
				$failed[ $transport ] = true;
			}
			$evidence[] = sprintf( '%s %s: %s%s', $transport, Redactor::url( (string) ( $result['target'] ?? '' ) ), $outcome, null === $status ? '' : ' (' . (int) $status . ')' );
		}
		// The Bisector decides which transport's 407 counts (Failing_Transport), so both are reported.
		$this->send(
			array(
				'outcome'          => array() === $failed ? 'pass' : 'fail',
				'failedTransports' => array_keys( $failed ),
				'reportId'         => (string) ( $report['id'] ?? '' ),
				'evidence'         => $evidence,
			)
		);
	}

	/**
	 * A fatal error (or an exit) before the answer: the subset crashed.
	 *
	 * @since 0.1.0
	 */
	public function on_shutdown(): void {
		if ( $this->answered ) {
			return;
		}
		$error   = error_get_last();
		$message = null !== $error && ( $error['type'] & self::FATALS )
			// First line only (no stack trace), file names without the server's folders.
			? (string) preg_replace( '#/(?:[^/\s:]+/)+([^/\s:]+\.php)#', '$1', (string) strtok( (string) $error['message'], "\n" ) )
			: 'The request ended before the probe ran.';
		$this->send(
			array(
				'outcome'  => 'crash',
				'evidence' => array( Redactor::url_anywhere( $message ) ),
			)
		);
	}

	/**
	 * @param array<string, mixed> $answer Outcome and evidence.
	 */
	private function send( array $answer ): void {
		$this->answered = true;
		while ( ob_get_level() > 0 ) {
			ob_end_clean();
		}
		if ( ! headers_sent() ) {
			http_response_code( 200 );
			header( 'Content-Type: application/json; charset=utf-8' );
			header( 'Cache-Control: no-store' );
		}
		// Signed, so a client that carries the answer back (client driver) cannot forge or alter it.
		echo wp_json_encode( // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped
			Step_Result::sign(
				array(
					'proxyHealthSandbox' => true,
					'bisection'          => $this->claims['b'],
					'step'               => $this->claims['s'],
					'subset'             => $this->subset,
				) + $answer,
				$this->claims['n'],
				$this->prefix
			)
		);
		exit;
	}
}
