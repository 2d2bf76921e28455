/**
 * Would WordPress send a URL through its proxy, and why: a pure mirror of
 * `WP_HTTP_Proxy::send_through_proxy()` (WordPress 6.6) behind `is_enabled()`, for places that
 * have a site's configuration but not the site (the CLI reading `wp-config.php`, the panel).
 *
 * It answers as the plugin's `Proxy_Route_Explainer` does for the same inputs, with the same
 * reason and hint codes; `tests/fixtures/explain-vectors.json` holds both to that. One step is
 * missing by nature: callbacks on the `pre_http_send_through_proxy` filter can override every
 * rule, and only the live site can run them (`POST /proxy-health/v1/explain`).
 */

/**
 * Internal dependencies
 */
import { EXPLAIN_HINTS } from '../api/contract/types';
import type { ExplainHint, ExplanationDocument } from '../api/contract/types';
import { phpParseUrl } from './php-parse-url';

/** Why the route is what it is; the same codes as the REST route, minus `filter_override`. */
export type SendThroughProxyReason = Exclude<
	ExplanationDocument[ 'reason' ],
	'filter_override'
>;

/** Near misses that explain why a host meant to be bypassed still goes through the proxy. */
export type SendThroughProxyHint = ExplainHint;

/** Reporting order of hints: the plugin's, exported with the REST contract. */
export const HINT_ORDER: readonly SendThroughProxyHint[] = EXPLAIN_HINTS;

/** The site's configuration; a constant that is not defined is `undefined` or `null`. */
export interface SendThroughProxyConfig {
	/** `WP_PROXY_HOST`. */
	proxyHost?: string | null;
	/** `WP_PROXY_PORT`. */
	proxyPort?: string | number | null;
	/** `WP_PROXY_BYPASS_HOSTS`, the raw comma-separated constant. */
	bypassHosts?: string | null;
	/** The `siteurl` option. */
	siteUrl: string;
}

export interface SendThroughProxyExplanation {
	viaProxy: boolean;
	reason: SendThroughProxyReason;
	/** The host as PHP's `parse_url()` reads it (case kept); null when it finds none. */
	host: string | null;
	/** The bypass entry that matched, exactly as split from the constant. */
	matchedRule?: string;
	hints: SendThroughProxyHint[];
}

/** What PCRE's `\s` matches without the `u` flag: core's split removes these after a comma. */
const PCRE_SPACE = '\t\n\v\f\r ';

/**
 * Lower-cases ASCII letters only, as PCRE's `/i` without the `u` flag compares.
 *
 * @param value Any string.
 */
function asciiLower( value: string ): string {
	return value.replace( /[A-Z]/g, ( c ) => c.toLowerCase() );
}

/**
 * Splits `WP_PROXY_BYPASS_HOSTS` as core does: a comma and any whitespace after it. Whitespace
 * before a comma stays in the entry.
 *
 * @param list The constant.
 */
export function splitBypassList( list: string ): string[] {
	return list.split( /,[\t\n\v\f\r ]*/ );
}

/**
 * Whether one entry matches a host as a pattern: core quotes it, turns `*` into `.+`, anchors it
 * and compares case-insensitively (ASCII only). PCRE's `.` is any byte but a line feed.
 *
 * @param entry Bypass entry.
 * @param host  Host ('' for none, as core matches a null host).
 */
export function wildcardMatches( entry: string, host: string ): boolean {
	const source = entry
		.split( '*' )
		.map( ( part ) =>
			asciiLower( part ).replace( /[.*+?^${}()|[\]\\/-]/g, '\\$&' )
		)
		.join( '[^\\n]+' );
	return new RegExp( `^(?:${ source })$` ).test( asciiLower( host ) );
}

function trimPcreSpace( value: string ): string {
	let start = 0;
	let end = value.length;
	while ( start < end && PCRE_SPACE.includes( value.charAt( start ) ) ) {
		start++;
	}
	while ( end > start && PCRE_SPACE.includes( value.charAt( end - 1 ) ) ) {
		end--;
	}
	return value.slice( start, end );
}

function trimTrailingDots( value: string ): string {
	return value.replace( /\.+$/, '' );
}

/**
 * The host of a "host:port" entry, or null. A bare IPv6 address is not host and port.
 *
 * @param entry Trimmed entry.
 */
function withoutPort( entry: string ): string | null {
	const parts = /^(.+):(\d{1,5})$/.exec( entry );
	if ( ! parts ) {
		return null;
	}
	const base = parts[ 1 ] ?? '';
	if (
		base.includes( ':' ) &&
		! ( base.startsWith( '[' ) && base.endsWith( ']' ) )
	) {
		return null;
	}
	return base;
}

function ipv4ToNumber( address: string ): number | null {
	if ( ! /^\d{1,3}(\.\d{1,3}){3}$/.test( address ) ) {
		return null;
	}
	const octets = address.split( '.' ).map( Number );
	if ( octets.some( ( octet ) => octet > 255 ) ) {
		return null;
	}
	return octets.reduce( ( sum, octet ) => sum * 256 + octet, 0 );
}

/**
 * Whether a CIDR entry would cover the host if core understood CIDR (it does not). IPv4 is
 * checked for membership; for IPv6 an IPv6 literal host is enough.
 *
 * @param entry Trimmed entry.
 * @param host  Host.
 */
function cidrCovers( entry: string, host: string ): boolean {
	const cidr = /^\[?([0-9A-Fa-f:.]+)\]?\/(\d{1,3})$/.exec( entry );
	if ( ! cidr ) {
		return false;
	}
	if ( ( cidr[ 1 ] ?? '' ).includes( ':' ) ) {
		return host.startsWith( '[' ) && host.includes( ':' );
	}
	const network = ipv4ToNumber( cidr[ 1 ] ?? '' );
	const address = ipv4ToNumber( host );
	const bits = Number( cidr[ 2 ] );
	if ( network === null || address === null || bits > 32 ) {
		return false;
	}
	const size = 2 ** ( 32 - bits );
	return Math.floor( network / size ) === Math.floor( address / size );
}

function nearMisses(
	host: string,
	name: string,
	wildcard: boolean
): SendThroughProxyHint[] {
	const hints: SendThroughProxyHint[] = [];
	if (
		! wildcard &&
		name !== host &&
		asciiLower( name ) === asciiLower( host )
	) {
		hints.push( 'case_mismatch' );
	}
	const bareHost = trimTrailingDots( host );
	const bareName = trimTrailingDots( name );
	if (
		bareHost !== '' &&
		( bareHost !== host || bareName !== name ) &&
		wildcardMatches( bareName, bareHost )
	) {
		hints.push( 'trailing_dot_mismatch' );
	}
	return hints;
}

/**
 * Near misses for a host that goes through the proxy (see `Bypass_Traps` in PHP).
 *
 * @param host     Host, or null when the URL has none.
 * @param names    localhost and the site's host.
 * @param entries  Bypass entries (none without a list).
 * @param wildcard Whether entries compare as patterns.
 */
function findTraps(
	host: string | null,
	names: string[],
	entries: string[],
	wildcard: boolean
): SendThroughProxyHint[] {
	if ( host === null ) {
		return [ 'url_has_no_host' ];
	}
	const hints: SendThroughProxyHint[] = names.flatMap( ( name ) =>
		nearMisses( host, name, false )
	);
	for ( const entry of entries ) {
		const trimmed = trimPcreSpace( entry );
		const matchesTrimmed = wildcard
			? wildcardMatches( trimmed, host )
			: trimmed === host;
		if ( trimmed !== entry && matchesTrimmed ) {
			hints.push( 'bypass_entry_has_space' );
		}
		if (
			trimmed.startsWith( '*.' ) &&
			asciiLower( trimmed.slice( 2 ) ) === asciiLower( host )
		) {
			hints.push( 'wildcard_does_not_match_apex' );
		}
		hints.push( ...nearMisses( host, trimmed, wildcard ) );
		const base = withoutPort( trimmed );
		if ( base !== null && wildcardMatches( base, host ) ) {
			hints.push( 'port_in_bypass_entry' );
		}
		if ( cidrCovers( trimmed, host ) ) {
			hints.push( 'cidr_in_bypass_entry' );
		}
		if (
			trimmed !== '' &&
			host.startsWith( '[' ) &&
			host.endsWith( ']' ) &&
			asciiLower( trimmed ) === asciiLower( host.slice( 1, -1 ) )
		) {
			hints.push( 'ipv6_without_brackets' );
		}
	}
	return hints;
}

function ordered( hints: SendThroughProxyHint[] ): SendThroughProxyHint[] {
	return HINT_ORDER.filter( ( hint ) => hints.includes( hint ) );
}

/**
 * Explains the route WordPress gives one URL.
 *
 * @param url    Any string; PHP's `parse_url()` rules apply, not WHATWG's.
 * @param config The site's proxy constants and `siteurl`.
 */
export function explainSendThroughProxy(
	url: string,
	config: SendThroughProxyConfig
): SendThroughProxyExplanation {
	const check = phpParseUrl( url );
	const host = check && check.host !== undefined ? check.host : null;
	const answer = (
		viaProxy: boolean,
		reason: SendThroughProxyReason,
		hints: SendThroughProxyHint[] = [],
		matchedRule?: string
	): SendThroughProxyExplanation => ( {
		viaProxy,
		reason,
		host,
		...( matchedRule === undefined ? {} : { matchedRule } ),
		hints: ordered( hints ),
	} );

	const defined = ( value: unknown ) => value !== undefined && value !== null;
	if ( ! defined( config.proxyHost ) || ! defined( config.proxyPort ) ) {
		return answer( false, 'proxy_disabled' );
	}
	if ( check === false ) {
		return answer( true, 'unparsable_url', [ 'http_api_rejects_url' ] );
	}
	// WP_Http::request() refuses a URL without a scheme before it asks about the proxy.
	const hints: SendThroughProxyHint[] = check.scheme
		? []
		: [ 'http_api_rejects_url' ];

	const home = phpParseUrl( config.siteUrl );
	const siteHost = home && home.host !== undefined ? home.host : null;
	if ( host === 'localhost' ) {
		return answer( false, 'localhost', hints );
	}
	if ( siteHost !== null && siteHost === host ) {
		return answer( false, 'site_host', hints );
	}

	const names =
		siteHost === null ? [ 'localhost' ] : [ 'localhost', siteHost ];
	const list = config.bypassHosts;
	if ( list === undefined || list === null ) {
		return answer( true, 'no_bypass_list', [
			...hints,
			...findTraps( host, names, [], false ),
		] );
	}

	const entries = splitBypassList( list );
	if ( list.includes( '*' ) ) {
		// Core hands a missing host to preg_match() as ''; an empty entry then matches it.
		const rule = entries.find( ( entry ) =>
			wildcardMatches( entry, host ?? '' )
		);
		if ( rule !== undefined ) {
			return answer( false, 'bypass_wildcard_match', hints, rule );
		}
		return answer( true, 'not_in_bypass_list', [
			...hints,
			...findTraps( host, names, entries, true ),
		] );
	}
	if ( host !== null && entries.includes( host ) ) {
		return answer( false, 'bypass_exact_match', hints, host );
	}
	return answer( true, 'not_in_bypass_list', [
		...hints,
		...findTraps( host, names, entries, false ),
	] );
}
