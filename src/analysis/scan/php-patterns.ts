/**
 * Patterns in PHP code that touch WordPress's HTTP API or proxies, found in one file's AST.
 * Each pattern has a stable code and a weight: how likely it is to cause or explain a 407.
 */

/**
 * Internal dependencies
 */
import type { ScanPatternCode } from '../../api/types';
import patterns from '../../../plugin/scan-patterns.json';
import {
	callArguments,
	callName,
	isNode,
	lineOf,
	literalString,
	walk,
	type PhpNode,
} from './php-ast';

/** The scan's pattern codes: one union for the CLI and the REST types (src/api/types.ts). */
export type PatternCode = ScanPatternCode;

/**
 * How strongly each pattern points at proxy trouble (summed per plugin, see scoreHits). The
 * codes, weights, hook and function names live in plugin/scan-patterns.json, which the
 * plugin's own scanner (includes/Scan/) reads too.
 */
export const PATTERN_WEIGHTS: Readonly< Record< PatternCode, number > > =
	patterns.weights;

export interface PatternHit {
	code: PatternCode;
	line: number;
	/** What matched, e.g. `add_filter( 'http_api_curl' )`, `CURLOPT_PROXYUSERPWD`. */
	detail: string;
}

const HOOKS = patterns.hooks as Readonly< Record< string, PatternCode > >;

const HOOK_FUNCTIONS = new Set( patterns.hookFunctions );
const CURL_OPTION_FUNCTIONS = new Set( patterns.curlOptionFunctions );
const RAW_CURL_FUNCTIONS = new Set( patterns.rawCurlFunctions );
const STREAM_CONTEXT_FUNCTIONS = new Set( patterns.streamContextFunctions );
const STREAM_CONTEXT_PROXY_KEYS = new Set( patterns.streamContextProxyKeys );
const startsWithCaseless = ( value: string, prefix: string ) =>
	value.toLowerCase().startsWith( prefix.toLowerCase() );

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
			patterns.curlProxyOptionPrefixes.some( ( prefix ) =>
				startsWithCaseless( name, prefix )
			)
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
			if ( key && STREAM_CONTEXT_PROXY_KEYS.has( key.toLowerCase() ) ) {
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
			startsWithCaseless(
				String( node.name ).replace( /^\\/, '' ),
				patterns.guzzleNamespace
			)
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
				if (
					constant &&
					startsWithCaseless( constant, patterns.proxyConstantPrefix )
				) {
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
			} else if ( fn && CURL_OPTION_FUNCTIONS.has( fn ) ) {
				const options = args.slice( 1 ).flatMap( curlProxyOptions );
				if ( options.length > 0 ) {
					hits.push( {
						code: 'curl_proxy_option',
						line,
						detail: `${ fn }( ${ [ ...new Set( options ) ].join( ', ' ) } )`,
					} );
				}
			} else if ( fn && RAW_CURL_FUNCTIONS.has( fn ) ) {
				hits.push( {
					code: 'raw_curl',
					line,
					detail: `${ fn }() bypasses the WordPress HTTP API`,
				} );
			} else if ( fn && STREAM_CONTEXT_FUNCTIONS.has( fn ) ) {
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
				( startsWithCaseless( name, patterns.guzzleNamespace ) ||
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
			if (
				value
					.toLowerCase()
					.includes( patterns.proxyAuthorizationHeader )
			) {
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
 * A plugin's score: each distinct pattern's weight once, plus one per repeat (at most
 * `maxRepeatBonus`, 5), so
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
	return score + Math.min( repeats, patterns.maxRepeatBonus );
}
