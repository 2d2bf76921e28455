<?php
/**
 * Finds the hooked callback that breaks WordPress's proxy requests, by leaving it out.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

use ProxyHealth\Hooks\Hook_Inspector;
use ProxyHealth\Proxy\Proxy_Config;
use WP_Hook;

/**
 * When a probe fails on proxy authentication or on the way it reaches the proxy, each callback
 * that plugins, themes and must-use plugins hooked on the filters that can change that
 * (`http_api_curl`, `http_request_args`, `pre_http_request`, `pre_http_send_through_proxy`) is
 * left out of one more request to the same target, all side by side. A callback whose absence
 * lets the request through with the same WP_PROXY_* values is named, with file:line and what it
 * changed (read from what the transport sent both times), never the secret itself.
 *
 * Only the extra probe requests run without the callback, each for the time it is built and
 * sent; the site keeps every callback.
 *
 * @since 0.3.0
 *
 * @phpstan-import-type Owner from \ProxyHealth\Hooks\Owner_Resolver
 * @phpstan-type Interference array{transport: string, outcome: string, target: string, hook: string, callback: string, owner: Owner, name: string, candidate: string|null, changed: list<string>}
 */
final class Interference_Finder {

	/** Hooks whose callbacks can change the proxy, its credentials, its scheme or the route. */
	public const HOOKS = array( 'http_api_curl', 'pre_http_send_through_proxy', 'pre_http_request', 'http_request_args' );

	/** Callbacks tried per failing transport: bounds the extra requests of one run. */
	public const MAX_CANDIDATES = 8;

	/** Outcomes of a request that went around the proxy, or never reached the right one. */
	private const ROUTE_OUTCOMES = array( 'connect_failed', 'timeout', 'dns_error', 'proxy_denied', 'proxy_auth_required' );

	private Hook_Inspector $inspector;

	public function __construct( ?Hook_Inspector $inspector = null ) {
		$this->inspector = $inspector ?? new Hook_Inspector();
	}

	/**
	 * @since 0.3.0
	 *
	 * @param list<Probe_Request>        $requests Requests of the run, reported ones first-class.
	 * @param list<array<string, mixed>> $results  Their ProbeResults, in the same order (reported only).
	 * @param Proxy_Config               $config   Proxy configuration in force.
	 * @return list<Interference>
	 */
	public function find( array $requests, array $results, Proxy_Config $config ): array {
		if ( ! $config->is_enabled() ) {
			return array();
		}
		// One failing request per transport stands for the others.
		$failing = array();
		foreach ( $requests as $index => $request ) {
			$result = $results[ $index ] ?? null;
			if ( null === $result || isset( $failing[ $request->transport ] ) || ! self::worth_a_look( $request, $result ) ) {
				continue;
			}
			$failing[ $request->transport ] = array( $request, $result );
		}
		if ( array() === $failing ) {
			return array();
		}
		$tries = array();
		foreach ( $failing as $transport => list( $request ) ) {
			foreach ( $this->candidates( (string) $transport ) as $candidate ) {
				$tries[] = array(
					'candidate' => $candidate,
					'failed'    => $request,
					'request'   => new Probe_Request( $request->url, $request->transport, $request->credentials, (float) $request->options['timeout'], $candidate['skip'] ),
				);
			}
		}
		if ( array() === $tries ) {
			return array();
		}
		$answers = ( new Parallel_Runner() )->run( array_column( $tries, 'request' ) );
		$found   = array();
		foreach ( $tries as $key => $try ) {
			$without = Probe_Runner::result( $try['request'], $answers[ $key ]['response'] );
			if ( 'ok' !== $without['outcome'] ) {
				continue;
			}
			$failed    = $try['failed'];
			$candidate = $try['candidate'];
			$found[]   = array(
				'transport' => $failed->transport,
				'outcome'   => (string) $failing[ $failed->transport ][1]['outcome'],
				'target'    => $failed->url,
				'hook'      => $candidate['skip']->hook,
				'callback'  => $candidate['callback'],
				'owner'     => $candidate['owner'],
				'name'      => $candidate['name'],
				'candidate' => $candidate['candidate'],
				'changed'   => self::changed( $candidate['skip']->hook, $failed, $try['request'] ),
			);
		}
		return $found;
	}

	/**
	 * A failure a hooked callback could cause: a 407 (from the proxy, or answered in its place),
	 * or a request that did not go through the proxy WP_PROXY_* names.
	 *
	 * @param Probe_Request        $request What was sent.
	 * @param array<string, mixed> $result  What came of it.
	 */
	private static function worth_a_look( Probe_Request $request, array $result ): bool {
		$outcome = (string) ( $result['outcome'] ?? 'ok' );
		if ( 'ok' === $outcome || ! $request->reported ) {
			return false;
		}
		if ( 'proxy_auth_required' === $outcome ) {
			return true;
		}
		if ( ! in_array( $outcome, self::ROUTE_OUTCOMES, true ) ) {
			return false;
		}
		if ( ! $request->via_proxy ) {
			return true;
		}
		// Through a proxy, but perhaps not the configured one.
		$sent = 'curl' === $request->transport ? $request->hooks->curl_observer()->sent_to_proxy( '', '' )['proxy'] : null;
		return null !== $sent && ! self::same_proxy( $sent );
	}

	/**
	 * Whether cURL's "host:port" is the proxy WP_PROXY_HOST and WP_PROXY_PORT name.
	 */
	private static function same_proxy( string $sent ): bool {
		$config = Proxy_Config::from_constants()->to_array();
		return strtolower( $sent ) === strtolower( (string) $config['host'] . ':' . (string) $config['port'] );
	}

	/**
	 * Callbacks of plugins, themes, must-use plugins and drop-ins that could have caused a
	 * failure of this transport, `http_api_curl` ones first (cURL's handle is where proxy
	 * options are overridden most), at most MAX_CANDIDATES.
	 *
	 * @return list<array{skip: Callback_Skip, callback: string, owner: array<string, mixed>, name: string, candidate: string|null}>
	 */
	private function candidates( string $transport ): array {
		global $wp_filter;
		$candidates = array();
		foreach ( self::HOOKS as $hook_name ) {
			if ( 'http_api_curl' === $hook_name && 'curl' !== $transport ) {
				continue;
			}
			$hook = $wp_filter[ $hook_name ] ?? null;
			if ( ! $hook instanceof WP_Hook ) {
				continue;
			}
			$by_priority = $hook->callbacks;
			ksort( $by_priority, SORT_NUMERIC );
			foreach ( $by_priority as $priority => $entries ) {
				foreach ( (array) $entries as $key => $entry ) {
					if ( ! is_array( $entry ) || ! array_key_exists( 'function', $entry ) ) {
						continue;
					}
					$described = $this->inspector->describe( $entry['function'], (int) $priority, (int) ( $entry['accepted_args'] ?? 1 ) );
					if ( $described['proxyHealth'] || 'core' === $described['owner']['type'] ) {
						continue;
					}
					$candidates[] = array(
						'skip'      => new Callback_Skip( $hook_name, (int) $priority, (string) $key ),
						'callback'  => $described['callback'],
						'owner'     => $described['owner'],
						'name'      => self::owner_name( $described['owner'] ),
						'candidate' => self::bisection_candidate( $described['owner'] ),
					);
					if ( count( $candidates ) >= self::MAX_CANDIDATES ) {
						return $candidates;
					}
				}
			}
		}
		return $candidates;
	}

	/**
	 * What the callback changed, from what was sent with it and without it: 'username',
	 * 'password', 'proxy' (host or port), 'scheme', 'route' (through the proxy or around it),
	 * 'response' (answered in the proxy's place) or 'request' when nothing more precise shows.
	 *
	 * @param string        $hook    Hook of the callback.
	 * @param Probe_Request $with    The failing request.
	 * @param Probe_Request $without The same request without the callback.
	 * @return list<string>
	 */
	private static function changed( string $hook, Probe_Request $with, Probe_Request $without ): array {
		if ( 'pre_http_request' === $hook && false !== $with->pre ) {
			return array( 'response' );
		}
		$changed = array();
		if ( $with->via_proxy !== $without->via_proxy ) {
			$changed[] = 'route';
		}
		$user     = $with->credentials->username();
		$password = $with->credentials->password();
		if ( 'curl' === $with->transport ) {
			$sent = $with->hooks->curl_observer()->sent_to_proxy( $user, $password );
			$good = $without->hooks->curl_observer()->sent_to_proxy( $user, $password );
			if ( null !== $sent['proxy'] && null !== $good['proxy'] && strtolower( $sent['proxy'] ) !== strtolower( $good['proxy'] ) ) {
				$changed[] = 'proxy';
			}
			if ( array() !== array_diff( $sent['users'], array( $user ) ) ) {
				$changed[] = 'username';
			} elseif ( false === $sent['passwordMatches'] ) {
				$changed[] = 'password';
			}
			if ( array() !== $good['schemes'] && $sent['schemes'] !== $good['schemes'] ) {
				$changed[] = 'scheme';
			}
		}
		$header = self::proxy_authorization( (array) ( $with->args['headers'] ?? array() ) );
		if ( null !== $header && null === self::proxy_authorization( (array) ( $without->args['headers'] ?? array() ) ) ) {
			$changed = array_merge( $changed, self::header_changes( $header, $user, $password ) );
		}
		$changed = array_values( array_unique( $changed ) );
		return array() === $changed ? array( 'request' ) : $changed;
	}

	/**
	 * A Proxy-Authorization header among request headers, whatever its case.
	 *
	 * @param array<string, mixed> $headers Request headers.
	 */
	private static function proxy_authorization( array $headers ): ?string {
		foreach ( $headers as $name => $value ) {
			if ( 0 === strcasecmp( (string) $name, 'Proxy-Authorization' ) && is_scalar( $value ) ) {
				return (string) $value;
			}
		}
		return null;
	}

	/**
	 * How a hand-built Proxy-Authorization header differs from WP_PROXY_* (compared, never shown).
	 *
	 * @return list<string>
	 */
	private static function header_changes( string $header, string $user, string $password ): array {
		if ( ! preg_match( '/^\s*Basic\s+(\S+)/i', $header, $m ) ) {
			return array( 'scheme' );
		}
		$pair = base64_decode( $m[1], true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- compares a plugin's hand-built Basic credentials with WP_PROXY_*; never output.
		if ( false === $pair || false === strpos( $pair, ':' ) ) {
			return array( 'password' );
		}
		list( $sent_user, $sent_password ) = explode( ':', $pair, 2 );
		if ( $sent_user !== $user ) {
			return array( 'username' );
		}
		return hash_equals( $password, $sent_password ) ? array( 'request' ) : array( 'password' );
	}

	/**
	 * The name an admin knows: a plugin's or must-use plugin's "Plugin Name", a theme's name,
	 * else its slug or file.
	 *
	 * @param array<string, mixed> $owner Owner from Owner_Resolver.
	 */
	private static function owner_name( array $owner ): string {
		$slug = (string) ( $owner['slug'] ?? '' );
		$file = (string) ( $owner['file'] ?? '' );
		if ( 'theme' === $owner['type'] && '' !== $slug ) {
			$theme = wp_get_theme( $slug );
			return $theme->exists() ? (string) $theme->get( 'Name' ) : $slug;
		}
		$header_file = null;
		if ( 'plugin' === $owner['type'] ) {
			$plugin      = self::bisection_candidate( $owner );
			$header_file = null === $plugin ? null : WP_PLUGIN_DIR . '/' . $plugin;
		} elseif ( 'mu-plugin' === $owner['type'] && '' !== $file ) {
			$header_file = WP_CONTENT_DIR . '/' . $file;
		}
		if ( null !== $header_file && is_file( $header_file ) ) {
			$name = (string) ( get_file_data( $header_file, array( 'name' => 'Plugin Name' ) )['name'] ?? '' );
			if ( '' !== $name ) {
				return $name;
			}
		}
		return '' !== $slug ? $slug : ( '' !== $file ? $file : __( '(unknown)', 'proxy-health' ) );
	}

	/**
	 * The active plugin file a bisection would test for this owner (null for anything else).
	 *
	 * @param array<string, mixed> $owner Owner from Owner_Resolver.
	 */
	private static function bisection_candidate( array $owner ): ?string {
		if ( 'plugin' !== $owner['type'] || null === $owner['slug'] ) {
			return null;
		}
		$active = array_merge( (array) get_option( 'active_plugins', array() ), is_multisite() ? array_keys( (array) get_site_option( 'active_sitewide_plugins', array() ) ) : array() );
		foreach ( $active as $plugin ) {
			if ( is_string( $plugin ) && self::plugin_slug( $plugin ) === $owner['slug'] ) {
				return $plugin;
			}
		}
		return null;
	}

	/**
	 * A plugin file's folder, or its name without .php for a single-file plugin (how
	 * Owner_Resolver names plugins).
	 */
	private static function plugin_slug( string $plugin ): string {
		$dir = dirname( $plugin );
		return '.' === $dir ? (string) preg_replace( '/\.php$/', '', $plugin ) : explode( '/', $dir )[0];
	}
}
