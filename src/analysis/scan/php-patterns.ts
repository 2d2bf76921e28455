/**
 * Patterns in PHP code that touch WordPress's HTTP API or proxies, found in one file's AST.
 * Each pattern has a stable code and a weight: how likely it is to cause or explain a 407.
 */

/**
 * Internal dependencies
 */
import {
	callArguments,
	callName,
	isNode,
	lineOf,
	literalString,
	walk,
	type PhpNode,
} from './php-ast';

export type PatternCode =
	| 'defines_wp_proxy_constant'
	| 'hook_pre_http_send_through_proxy'
	| 'hook_http_api_curl'
	| 'hook_pre_http_request'
	| 'hook_http_request_args'
	| 'hook_use_curl_transport'
	| 'hook_https_ssl_verify'
	| 'curl_proxy_option'
	| 'proxy_authorization_header'
	| 'stream_context_proxy'
	| 'raw_curl'
	| 'guzzle_client';

/** How strongly each pattern points at proxy trouble (summed per plugin, see scoreHits). */
export const PATTERN_WEIGHTS: Record< PatternCode, number > = {
	proxy_authorization_header: 10,
	hook_pre_http_send_through_proxy: 9,
	curl_proxy_option: 9,
	defines_wp_proxy_constant: 8,
	hook_http_api_curl: 7,
	stream_context_proxy: 6,
	hook_pre_http_request: 6,
	hook_http_request_args: 5,
	hook_use_curl_transport: 4,
	hook_https_ssl_verify: 3,
	raw_curl: 3,
	guzzle_client: 3,
};

export interface PatternHit {
	code: PatternCode;
	line: number;
	/** What matched, e.g. `add_filter( 'http_api_curl' )`, `CURLOPT_PROXYUSERPWD`. */
	detail: string;
}

const HOOKS: Record< string, PatternCode > = {
	pre_http_send_through_proxy: 'hook_pre_http_send_through_proxy',
	http_api_curl: 'hook_http_api_curl',
	pre_http_request: 'hook_pre_http_request',
	http_request_args: 'hook_http_request_args',
	use_curl_transport: 'hook_use_curl_transport',
	https_ssl_verify: 'hook_https_ssl_verify',
	https_local_ssl_verify: 'hook_https_ssl_verify',
};

const HOOK_FUNCTIONS = new Set( [ 'add_filter', 'add_action' ] );

function nameOf( node: PhpNode | undefined ): string | null {
	return node && node.kind === 'name'
		? String( node.name ).replace( /^\\/, '' )
		: null;
}

/**
 * `CURLOPT_PROXY…` names anywhere inside an expression (an option, or an array's keys).
 * @param node
 */
function curlProxyOptions( node: PhpNode ): string[] {
	const names: string[] = [];
	for ( const { node: part } of walk( node ) ) {
		const name = nameOf( part );
		if (
			name &&
			/^CURLOPT_(PROXY|HTTPPROXYTUNNEL|PRE_PROXY|NOPROXY)/i.test( name )
		) {
			names.push( name.toUpperCase() );
		}
	}
	return names;
}

/**
 * Whether an options array passed to stream_context_create has proxy keys.
 * @param node
 */
function streamContextProxyKeys( node: PhpNode ): string[] {
	const keys: string[] = [];
	for ( const { node: part } of walk( node ) ) {
		if ( part.kind === 'entry' && isNode( part.key ) ) {
			const key = literalString( part.key );
			if ( key && /^(proxy|request_fulluri)$/i.test( key ) ) {
				keys.push( key );
			}
		}
	}
	return keys;
}

/**
 * Finds every pattern in a parsed file.
 *
 * @param program Parsed file.
 */
export function findPatterns( program: PhpNode ): PatternHit[] {
	const hits: PatternHit[] = [];
	// `use GuzzleHttp\Client;` makes a later `new Client` a Guzzle client.
	const guzzleAliases = new Set< string >();
	for ( const { node } of walk( program ) ) {
		if (
			node.kind === 'useitem' &&
			/^\\?GuzzleHttp\\/i.test( String( node.name ) )
		) {
			const alias = isNode( node.alias )
				? String( node.alias.name )
				: String( node.name ).split( '\\' ).pop();
			guzzleAliases.add( String( alias ).toLowerCase() );
		}
	}

	for ( const { node } of walk( program ) ) {
		const line = lineOf( node );
		if ( node.kind === 'call' ) {
			const fn = callName( node );
			const args = callArguments( node );
			if ( fn === 'define' ) {
				const constant = literalString( args[ 0 ] );
				if ( constant && /^WP_PROXY_/i.test( constant ) ) {
					hits.push( {
						code: 'defines_wp_proxy_constant',
						line,
						detail: `define( '${ constant }' )`,
					} );
				}
			} else if ( fn && HOOK_FUNCTIONS.has( fn ) ) {
				const hook = literalString( args[ 0 ] );
				const code = hook ? HOOKS[ hook ] : undefined;
				if ( code ) {
					hits.push( {
						code,
						line,
						detail: `${ fn }( '${ hook }' )`,
					} );
				}
			} else if ( fn === 'curl_setopt' || fn === 'curl_setopt_array' ) {
				const options = args.slice( 1 ).flatMap( curlProxyOptions );
				if ( options.length > 0 ) {
					hits.push( {
						code: 'curl_proxy_option',
						line,
						detail: `${ fn }( ${ [ ...new Set( options ) ].join( ', ' ) } )`,
					} );
				}
			} else if ( fn === 'curl_init' || fn === 'curl_multi_init' ) {
				hits.push( {
					code: 'raw_curl',
					line,
					detail: `${ fn }() bypasses the WordPress HTTP API`,
				} );
			} else if (
				fn === 'stream_context_create' ||
				fn === 'stream_context_set_default'
			) {
				const keys = args.flatMap( streamContextProxyKeys );
				if ( keys.length > 0 ) {
					hits.push( {
						code: 'stream_context_proxy',
						line,
						detail: `${ fn }() with ${ [ ...new Set( keys ) ].join( ', ' ) }`,
					} );
				}
			}
		} else if ( node.kind === 'new' ) {
			const name = nameOf( isNode( node.what ) ? node.what : undefined );
			if (
				name &&
				( /^GuzzleHttp\\/i.test( name ) ||
					guzzleAliases.has( name.toLowerCase() ) )
			) {
				hits.push( {
					code: 'guzzle_client',
					line,
					detail: `new ${ name } bypasses the WordPress HTTP API`,
				} );
			}
		} else if (
			node.kind === 'string' ||
			node.kind === 'encapsedpart' ||
			node.kind === 'nowdoc'
		) {
			const value = typeof node.value === 'string' ? node.value : '';
			if ( /proxy-authorization\s*:?/i.test( value ) ) {
				hits.push( {
					code: 'proxy_authorization_header',
					line,
					detail: 'hand-built Proxy-Authorization header',
				} );
			}
		}
	}
	return hits;
}

/**
 * A plugin's score: each distinct pattern's weight once, plus one per repeat (at most 5), so
 * fifty `curl_init` calls do not outrank one hand-built Proxy-Authorization header.
 *
 * @param hits Every hit of one plugin.
 */
export function scoreHits( hits: readonly { code: PatternCode }[] ): number {
	const counts = new Map< PatternCode, number >();
	for ( const hit of hits ) {
		counts.set( hit.code, ( counts.get( hit.code ) ?? 0 ) + 1 );
	}
	let score = 0;
	let repeats = 0;
	for ( const [ code, count ] of counts ) {
		score += PATTERN_WEIGHTS[ code ];
		repeats += count - 1;
	}
	return score + Math.min( repeats, 5 );
}
