/**
 * Lab targets: small HTTP and HTTPS servers that requests reach through the lab proxies.
 *
 * They listen on 127.0.0.2 and up because WordPress never proxies `localhost` or its own host.
 */

/**
 * External dependencies
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * Internal dependencies
 */
import type { LabCa } from './ca';

export type TargetScheme = 'http' | 'https';

export interface TargetOptions {
	scheme: TargetScheme;
	/** Loopback address to listen on; default 127.0.0.2. */
	host?: string;
	/** Port to listen on; default a free one chosen by the kernel. */
	port?: number;
	/** Required for HTTPS: issues the server certificate. */
	ca?: LabCa;
}

export interface LabTarget {
	/** Base URL without a trailing slash, e.g. http://127.0.0.2:40123. */
	readonly url: string;
	readonly host: string;
	readonly port: number;
	readonly scheme: TargetScheme;
	/** How many requests the target has answered so far. */
	readonly requests: number;
	/** Closes the listener, open connections and pending slow responses. */
	stop: () => Promise< void >;
}

/** Marker in every JSON body, so a test can tell the target's answer from a proxy's. */
export const TARGET_SERVICE = 'proxy-health-lab-target';

const DEFAULT_TARGET_HOST = '127.0.0.2';
const MAX_SLOW_MS = 30_000;

/**
 * Starts a lab target.
 *
 * Routes: `/status/<code>` answers that status; `/slow?ms=N` answers after N ms (at most 30 s);
 * `/redirect?to=<url>` answers 302 to that URL; every other path answers 200 with
 * `{ service, path, method, via }` as JSON (`/` included), so any URL a probe picks succeeds.
 *
 * @param options Scheme, address, port and (for HTTPS) the lab CA.
 */
export async function startTarget(
	options: TargetOptions
): Promise< LabTarget > {
	const { scheme, host = DEFAULT_TARGET_HOST, port = 0, ca } = options;
	if ( ! host.startsWith( '127.' ) ) {
		throw new Error(
			`Lab targets listen on loopback only (127.0.0.0/8), not on ${ host }.`
		);
	}
	if ( host === '127.0.0.1' ) {
		// Allowed, but WordPress sends requests to its own host around the proxy.
		process.emitWarning(
			'A lab target on 127.0.0.1 may be bypassed by WordPress; prefer 127.0.0.2.'
		);
	}

	let served = 0;
	const pending = new Set< NodeJS.Timeout >();
	const handler: http.RequestListener = ( request, response ) => {
		served++;
		route( request, response, pending );
	};

	let server: http.Server;
	if ( scheme === 'https' ) {
		if ( ! ca ) {
			throw new Error(
				'An HTTPS lab target needs the lab CA (options.ca) to issue its certificate.'
			);
		}
		const { certPem, keyPem } = ca.issue( [ host ] );
		server = https.createServer( { cert: certPem, key: keyPem }, handler );
	} else {
		server = http.createServer( handler );
	}

	await new Promise< void >( ( resolve, reject ) => {
		server.once( 'error', reject );
		server.listen( port, host, () => {
			server.off( 'error', reject );
			resolve();
		} );
	} );
	const boundPort = ( server.address() as AddressInfo ).port;

	let stopping: Promise< void > | null = null;
	return {
		url: `${ scheme }://${ host }:${ boundPort }`,
		host,
		port: boundPort,
		scheme,
		get requests() {
			return served;
		},
		stop() {
			stopping ??= new Promise< void >( ( resolve ) => {
				for ( const timer of pending ) {
					clearTimeout( timer );
				}
				pending.clear();
				server.close( () => resolve() );
				// Keep-alive connections would hold close() open for seconds.
				server.closeAllConnections();
			} );
			return stopping;
		},
	};
}

function route(
	request: http.IncomingMessage,
	response: http.ServerResponse,
	pending: Set< NodeJS.Timeout >
): void {
	// The request target may be absolute (a proxy forwarding verbatim); only the path matters.
	const url = new URL( request.url ?? '/', 'http://target.invalid' );
	const statusMatch = /^\/status\/(\d{3})\/?$/.exec( url.pathname );

	if ( statusMatch ) {
		const code = Number( statusMatch[ 1 ] );
		if ( code < 200 || code > 599 ) {
			sendJson( response, 400, {
				error: 'status must be between 200 and 599',
			} );
			return;
		}
		sendJson( response, code, describe( request, url ) );
		return;
	}

	if ( url.pathname === '/slow' ) {
		const asked = Number( url.searchParams.get( 'ms' ) ?? '0' );
		const delay = Number.isFinite( asked )
			? Math.min( Math.max( asked, 0 ), MAX_SLOW_MS )
			: 0;
		const timer = setTimeout( () => {
			pending.delete( timer );
			sendJson( response, 200, {
				...describe( request, url ),
				delayedMs: delay,
			} );
		}, delay );
		pending.add( timer );
		// A client that gives up (a timeout probe) should not keep the timer around.
		response.once( 'close', () => {
			clearTimeout( timer );
			pending.delete( timer );
		} );
		return;
	}

	if ( url.pathname === '/redirect' ) {
		const to = url.searchParams.get( 'to' );
		if ( ! to ) {
			sendJson( response, 400, { error: 'missing ?to=<url>' } );
			return;
		}
		response.writeHead( 302, { Location: to, 'Content-Length': '0' } );
		response.end();
		return;
	}

	sendJson( response, 200, describe( request, url ) );
}

function describe(
	request: http.IncomingMessage,
	url: URL
): Record< string, unknown > {
	return {
		service: TARGET_SERVICE,
		path: url.pathname + url.search,
		method: request.method ?? 'GET',
		// Shows whether the request came through a proxy that adds Via (squid does).
		via: request.headers.via ?? null,
	};
}

function sendJson(
	response: http.ServerResponse,
	status: number,
	body: Record< string, unknown >
): void {
	if ( status === 204 || status === 304 ) {
		// These statuses never carry a body.
		response.writeHead( status );
		response.end();
		return;
	}
	const text = JSON.stringify( body );
	response.writeHead( status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': String( Buffer.byteLength( text ) ),
		'Cache-Control': 'no-store',
	} );
	response.end( response.req.method === 'HEAD' ? undefined : text );
}
