<?php
/**
 * Would WordPress send this URL through the proxy, and why.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Proxy;

/**
 * A step-by-step mirror of WordPress's own route decision for one URL.
 *
 * WordPress 6.6 proxies a request when `WP_HTTP_Proxy::is_enabled()` (both WP_PROXY_HOST and
 * WP_PROXY_PORT defined) and `WP_HTTP_Proxy::send_through_proxy( $url )` agree. The second one
 * answers true for a URL parse_url() cannot read, then lets `pre_http_send_through_proxy` decide,
 * then bypasses `localhost` and the host of `siteurl` (exact, case-sensitive), then the
 * WP_PROXY_BYPASS_HOSTS list: split on a comma plus any whitespace after it (whitespace before
 * a comma stays in the entry); when the constant holds a `*` anywhere, every entry becomes part
 * of one anchored, case-insensitive pattern with `*` as "one or more characters", otherwise
 * entries must equal the host exactly.
 *
 * This class walks the same steps on explicit inputs and names the step that decided, so tests
 * can run it on any configuration and the REST route on the live one. Unlike core it keeps no
 * static cache: core parses the bypass list once per request, which would freeze whatever a
 * test or a second configuration defined first.
 *
 * @since 0.1.0
 *
 * @phpstan-type FilterCallback array{name: string, priority: int}
 * @phpstan-type Explanation array{
 *   url: string,
 *   host: string|null,
 *   viaProxy: bool,
 *   reason: string,
 *   detail: string,
 *   matchedRule?: string,
 *   filter?: array{callbacks: list<FilterCallback>},
 *   proxyEnabled: bool,
 *   hints: list<string>
 * }
 */
final class Proxy_Route_Explainer {

	/** Stable reason codes, in the order WordPress reaches them. */
	public const REASONS = array(
		'proxy_disabled',
		'unparsable_url',
		'filter_override',
		'localhost',
		'site_host',
		'no_bypass_list',
		'bypass_wildcard_match',
		'bypass_exact_match',
		'not_in_bypass_list',
	);

	/** The filter WordPress applies before its own rules. */
	public const FILTER = 'pre_http_send_through_proxy';

	private ?string $proxy_host;

	private ?string $proxy_port;

	private ?string $bypass_hosts;

	private string $site_url;

	/**
	 * Called like the filter: ( $uri, $check, $home ) => null to let the rules decide.
	 *
	 * @var (callable(string, array<string, mixed>, array<string, mixed>|false): mixed)|null
	 */
	private $pre_filter;

	/**
	 * @var list<FilterCallback>
	 */
	private array $filter_callbacks;

	/**
	 * @since 0.1.0
	 *
	 * @param string|null          $proxy_host       WP_PROXY_HOST, null when not defined.
	 * @param string|null          $proxy_port       WP_PROXY_PORT, null when not defined.
	 * @param string|null          $bypass_hosts     WP_PROXY_BYPASS_HOSTS, null when not defined.
	 * @param string               $site_url         The `siteurl` option.
	 * @param callable|null        $pre_filter       Stands in for `pre_http_send_through_proxy`.
	 * @param list<FilterCallback> $filter_callbacks What is hooked on that filter, for the answer.
	 */
	public function __construct( ?string $proxy_host, ?string $proxy_port, ?string $bypass_hosts, string $site_url, ?callable $pre_filter = null, array $filter_callbacks = array() ) {
		$this->proxy_host       = $proxy_host;
		$this->proxy_port       = $proxy_port;
		$this->bypass_hosts     = $bypass_hosts;
		$this->site_url         = $site_url;
		$this->pre_filter       = $pre_filter;
		$this->filter_callbacks = $filter_callbacks;
	}

	/**
	 * The configuration of this request: WP_PROXY_* constants, `siteurl`, and the real filter.
	 *
	 * @since 0.1.0
	 */
	public static function from_live(): self {
		return new self(
			self::constant_string( 'WP_PROXY_HOST' ),
			self::constant_string( 'WP_PROXY_PORT' ),
			self::constant_string( 'WP_PROXY_BYPASS_HOSTS' ),
			(string) get_option( 'siteurl' ),
			static function ( string $uri, array $check, $home ) {
				// The same arguments core passes, so callbacks answer as they would for a request.
				return apply_filters( self::FILTER, null, $uri, $check, $home );
			},
			Hook_Callbacks::describe( self::FILTER )
		);
	}

	/**
	 * Explains the route of one URL.
	 *
	 * @since 0.1.0
	 *
	 * @param string $url Any string; WordPress's parse_url() rules apply.
	 * @return Explanation
	 */
	public function explain( string $url ): array {
		// phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url -- core uses parse_url() itself; wp_parse_url() differs for "//" URLs.
		$check         = parse_url( $url );
		$host          = is_array( $check ) && isset( $check['host'] ) ? (string) $check['host'] : null;
		$proxy_enabled = null !== $this->proxy_host && null !== $this->proxy_port;
		$result        = array(
			'url'          => $url,
			'host'         => $host,
			'proxyEnabled' => $proxy_enabled,
		);
		if ( ! $proxy_enabled ) {
			return $this->finish( $result, false, 'proxy_disabled' );
		}

		$traps = new Bypass_Traps();
		if ( false === $check ) {
			return $this->finish( $result, true, 'unparsable_url', null, array( 'http_api_rejects_url' ) );
		}
		$hints = empty( $check['scheme'] ) ? array( 'http_api_rejects_url' ) : array();

		// phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url -- as core does.
		$home = parse_url( $this->site_url );
		if ( array() !== $this->filter_callbacks ) {
			$result['filter'] = array( 'callbacks' => $this->filter_callbacks );
		}
		if ( null !== $this->pre_filter ) {
			$override = ( $this->pre_filter )( $url, $check, $home );
			if ( null !== $override ) {
				return $this->finish( $result, (bool) $override, 'filter_override', null, $hints );
			}
		}

		$site_host = is_array( $home ) && isset( $home['host'] ) ? (string) $home['host'] : null;
		if ( 'localhost' === $host ) {
			return $this->finish( $result, false, 'localhost', null, $hints );
		}
		if ( null !== $site_host && $site_host === $host ) {
			return $this->finish( $result, false, 'site_host', null, $hints );
		}

		$names = null === $site_host ? array( 'localhost' ) : array( 'localhost', $site_host );
		if ( null === $this->bypass_hosts ) {
			$hints = array_merge( $hints, $traps->find( $host, $names, array(), false ) );
			return $this->finish( $result, true, 'no_bypass_list', null, $hints );
		}

		$list    = Bypass_List::from_constant( $this->bypass_hosts );
		$entries = $list->entries();
		if ( $list->has_wildcard() ) {
			// Core matches a null host as ''; an empty entry then matches it.
			$rule = $list->matching_entry( (string) $host );
			if ( null !== $rule ) {
				return $this->finish( $result, false, 'bypass_wildcard_match', $rule, $hints );
			}
			$hints = array_merge( $hints, $traps->find( $host, $names, $entries, true ) );
			return $this->finish( $result, true, 'not_in_bypass_list', null, $hints );
		}
		if ( null !== $host && $list->matches( $host ) ) {
			return $this->finish( $result, false, 'bypass_exact_match', $host, $hints );
		}
		$hints = array_merge( $hints, $traps->find( $host, $names, $entries, false ) );
		return $this->finish( $result, true, 'not_in_bypass_list', null, $hints );
	}

	/**
	 * Completes an explanation with its verdict and words.
	 *
	 * @param array<string, mixed> $result Fields so far.
	 * @param bool                 $via_proxy Verdict.
	 * @param string               $reason    Reason code.
	 * @param string|null          $rule      Bypass entry that matched.
	 * @param list<string>         $hints     Trap codes.
	 * @return Explanation
	 */
	private function finish( array $result, bool $via_proxy, string $reason, ?string $rule = null, array $hints = array() ): array {
		$result['viaProxy'] = $via_proxy;
		$result['reason']   = $reason;
		$result['detail']   = self::detail( $reason, $result['host'], $rule, $result['filter']['callbacks'] ?? array() );
		if ( null !== $rule ) {
			$result['matchedRule'] = $rule;
		}
		$result['hints'] = Bypass_Traps::order( $hints );
		// @phpstan-ignore-next-line -- every key of Explanation is set above.
		return $result;
	}

	/**
	 * One sentence for a reason.
	 *
	 * @param string               $reason    Reason code.
	 * @param string|null          $host      Host of the URL.
	 * @param string|null          $rule      Matching bypass entry.
	 * @param list<FilterCallback> $callbacks Hooked callbacks.
	 */
	private static function detail( string $reason, ?string $host, ?string $rule, array $callbacks ): string {
		$host = (string) $host;
		switch ( $reason ) {
			case 'proxy_disabled':
				return __( 'WordPress sends this request directly: the proxy is on only when both WP_PROXY_HOST and WP_PROXY_PORT are defined.', 'proxy-health' );
			case 'unparsable_url':
				return __( 'PHP\'s parse_url() cannot read this URL, so WordPress\'s proxy check answers "through the proxy"; the WordPress HTTP API itself refuses such a URL before sending it.', 'proxy-health' );
			case 'filter_override':
				return sprintf(
					/* translators: %s: comma-separated list of PHP callbacks. */
					__( 'A callback on the pre_http_send_through_proxy filter decided the route before WordPress\'s own rules: %s.', 'proxy-health' ),
					implode( ', ', array_column( $callbacks, 'name' ) )
				);
			case 'localhost':
				return __( 'WordPress never sends requests to the host "localhost" through the proxy.', 'proxy-health' );
			case 'site_host':
				return sprintf(
					/* translators: %s: host name. */
					__( 'WordPress never sends requests to its own host (%s, from the siteurl option) through the proxy.', 'proxy-health' ),
					$host
				);
			case 'no_bypass_list':
				return __( 'WP_PROXY_BYPASS_HOSTS is not defined, so every host other than localhost and the site\'s own goes through the proxy.', 'proxy-health' );
			case 'bypass_wildcard_match':
				return sprintf(
					/* translators: 1: host name, 2: entry of WP_PROXY_BYPASS_HOSTS. */
					__( 'The host %1$s matches the WP_PROXY_BYPASS_HOSTS entry "%2$s" (the list has a *, so every entry is compared as a case-insensitive pattern), so WordPress connects directly.', 'proxy-health' ),
					$host,
					(string) $rule
				);
			case 'bypass_exact_match':
				return sprintf(
					/* translators: %s: host name. */
					__( 'The host %s is listed in WP_PROXY_BYPASS_HOSTS, so WordPress connects directly.', 'proxy-health' ),
					$host
				);
			default:
				return sprintf(
					/* translators: %s: host name. */
					__( 'The host %s does not match any entry of WP_PROXY_BYPASS_HOSTS, so the request goes through the proxy.', 'proxy-health' ),
					'' === $host ? __( '(none)', 'proxy-health' ) : $host
				);
		}
	}

	/**
	 * A constant as core would concatenate it, or null when it is not defined.
	 */
	private static function constant_string( string $name ): ?string {
		if ( ! defined( $name ) ) {
			return null;
		}
		$value = constant( $name );
		if ( is_bool( $value ) ) {
			return $value ? '1' : '';
		}
		return is_scalar( $value ) ? (string) $value : '';
	}
}
