/**
 * A stub fleet: one local Node server that answers for any number of sites, so the batch
 * benchmark and tests measure the CLI (its queue, transport, reports and memory) rather than
 * the lab's CPU. Site n is `http://127.0.0.1:<port>/site-<n>`; the CLI calls
 * `/site-<n>/?rest_route=/proxy-health/v1/status` then `…/probes` with Basic auth.
 *
 * Answers are those recorded from a real lab site behind squid (bench/fixtures/lab-answers.json,
 * see record-lab-answers.ts), mixed per site by `mix`: a passing verdict, the site's own 407
 * (a failing verdict), a timeout (no answer), a 5xx, or a 200 that is not JSON. The mix is a
 * function of n, so every run (and every shard) sees the same site behave the same way.
 */

/**
 * External dependencies
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';

export type StubAnswer =
	'pass' | 'proxy407' | 'timeout' | 'server_error' | 'bad_json';

export interface StubFleetOptions {
	/** Delay before `/status` answers, ms. */
	statusMs?: number;
	/** Delay before `/probes` answers, ms. */
	probesMs?: number;
	/**
	 * Answer of site n. Default: `defaultMix` (90 % pass, 4 % 407, 2 % each of timeout, 5xx,
	 * bad JSON).
	 */
	mix?: ( n: number ) => StubAnswer;
	/** Application Password every site accepts (401 otherwise). */
	password: string;
	/** User every site accepts. Default: admin. */
	user?: string;
}

export interface StubFleet {
	/** http://127.0.0.1:<port> */
	origin: string;
	/** URL of site n. */
	siteUrl: ( n: number ) => string;
	/** What site n answers. */
	answerOf: ( n: number ) => StubAnswer;
	/** Requests answered so far, by site number. */
	requests: () => number;
	stop: () => Promise< void >;
}

interface Recorded {
	status: unknown;
	pass: unknown;
	statusWrong: unknown;
	fail: unknown;
}

/**
 * The recorded lab answers (read once).
 */
let recorded: {
	status: string;
	pass: string;
	statusWrong: string;
	fail: string;
} | null = null;
function answers() {
	if ( ! recorded ) {
		const data = JSON.parse(
			readFileSync(
				path.join( __dirname, '..', 'fixtures', 'lab-answers.json' ),
				'utf8'
			)
		) as Recorded;
		recorded = {
			status: JSON.stringify( data.status ),
			pass: JSON.stringify( data.pass ),
			statusWrong: JSON.stringify( data.statusWrong ),
			fail: JSON.stringify( data.fail ),
		};
	}
	return recorded;
}

/**
 * 90 % pass, 4 % the site's 407, 2 % each of timeout, 5xx and bad JSON.
 *
 * @param n Site number.
 */
export function defaultMix( n: number ): StubAnswer {
	const bucket = n % 50;
	if ( bucket === 7 ) {
		return 'timeout';
	}
	if ( bucket === 17 ) {
		return 'server_error';
	}
	if ( bucket === 27 ) {
		return 'bad_json';
	}
	if ( bucket === 37 || bucket === 47 ) {
		return 'proxy407';
	}
	return 'pass';
}

/**
 * Starts the stub fleet's server on a free loopback port.
 *
 * @param options Latency, mix, credentials.
 */
export async function startStubFleet(
	options: StubFleetOptions
): Promise< StubFleet > {
	const mix = options.mix ?? defaultMix;
	const expected = `Basic ${ Buffer.from(
		`${ options.user ?? 'admin' }:${ options.password }`
	).toString( 'base64' ) }`;
	const bodies = answers();
	const sockets = new Set< Socket >();
	const timers = new Set< NodeJS.Timeout >();
	let count = 0;
	const later = ( ms: number, work: () => void ) => {
		if ( ms <= 0 ) {
			work();
			return;
		}
		const timer = setTimeout( () => {
			timers.delete( timer );
			work();
		}, ms );
		timers.add( timer );
	};
	const send = (
		res: http.ServerResponse,
		status: number,
		type: string,
		body: string
	) => {
		res.writeHead( status, {
			'Content-Type': type,
			'Content-Length': Buffer.byteLength( body ),
		} );
		res.end( body );
	};
	const json = 'application/json; charset=UTF-8';

	const server = http.createServer( ( req, res ) => {
		count++;
		const url = new URL( req.url ?? '/', 'http://stub' );
		const site = /^\/site-(\d+)\/?$/.exec( url.pathname );
		const route = url.searchParams.get( 'rest_route' ) ?? '';
		// Drain the body (POST /probes sends none, but be a polite server).
		req.resume();
		if ( ! site ) {
			send( res, 404, 'text/html', '<h1>Not Found</h1>' );
			return;
		}
		if ( req.headers.authorization !== expected ) {
			send(
				res,
				401,
				json,
				JSON.stringify( {
					code: 'rest_not_logged_in',
					message: 'You are not currently logged in.',
					data: { status: 401 },
				} )
			);
			return;
		}
		const answer = mix( Number( site[ 1 ] ) );
		const isStatus = route.endsWith( '/status' );
		const delay = isStatus
			? ( options.statusMs ?? 0 )
			: ( options.probesMs ?? 0 );
		if ( answer === 'timeout' ) {
			return; // Never answers; the CLI's --timeout ends it.
		}
		later( delay, () => {
			if ( answer === 'server_error' ) {
				send(
					res,
					503,
					'text/html',
					'<h1>503 Service Unavailable</h1>'
				);
			} else if ( answer === 'bad_json' ) {
				send(
					res,
					200,
					'text/html; charset=UTF-8',
					'<br />\n<b>Warning</b>: Undefined variable $x in <b>/var/www/html/wp-content/plugins/other/other.php</b> on line <b>12</b><br />\n{"proxy":'
				);
			} else if ( isStatus ) {
				send(
					res,
					200,
					json,
					answer === 'pass' ? bodies.status : bodies.statusWrong
				);
			} else if ( route.endsWith( '/probes' ) ) {
				send(
					res,
					200,
					json,
					answer === 'pass' ? bodies.pass : bodies.fail
				);
			} else {
				send(
					res,
					404,
					json,
					JSON.stringify( {
						code: 'rest_no_route',
						message:
							'No route was found matching the URL and request method.',
						data: { status: 404 },
					} )
				);
			}
		} );
	} );
	server.keepAliveTimeout = 1000;
	server.on( 'connection', ( socket ) => {
		sockets.add( socket );
		socket.on( 'close', () => sockets.delete( socket ) );
	} );
	await new Promise< void >( ( resolve ) =>
		server.listen( 0, '127.0.0.1', 1024, resolve )
	);
	const origin = `http://127.0.0.1:${ ( server.address() as AddressInfo ).port }`;
	return {
		origin,
		siteUrl: ( n ) => `${ origin }/site-${ n }`,
		answerOf: mix,
		requests: () => count,
		stop: async () => {
			for ( const timer of timers ) {
				clearTimeout( timer );
			}
			for ( const socket of sockets ) {
				socket.destroy();
			}
			await new Promise( ( resolve ) => server.close( resolve ) );
		},
	};
}
