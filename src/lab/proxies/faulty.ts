/**
 * Proxies that fail on purpose: one that accepts connections and never answers, and an address
 * where nobody listens (`proxy_timeout` and `proxy_unreachable` for real); one that resets the
 * connection mid-answer, one that answers garbage, one that answers a 407 without a usable
 * challenge, and a working proxy that is slow to answer.
 */

/**
 * External dependencies
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';

/**
 * Internal dependencies
 */
import { getFreePort } from '../ports';

/** A proxy that hangs: the same handle as the other faulty proxies. */
export type HangingProxy = FaultyProxy;

/**
 * Starts a TCP listener that accepts connections, reads whatever the client sends and never
 * writes a byte back: to a client it looks like a proxy that hangs.
 *
 * @param host Loopback address to listen on.
 */
export function startHangingProxy(
	host = '127.0.0.1'
): Promise< HangingProxy > {
	return listenTracked( host, ( socket ) => {
		socket.on( 'data', () => undefined );
	} );
}

/**
 * A loopback port nobody listens on (a stopped proxy): connecting is refused at once.
 *
 * The kernel hands out a free port and it is released before returning; nothing in the lab
 * binds ports without asking the kernel, so it stays closed while a test uses it.
 *
 * @param host Loopback address.
 */
export async function closedPort(
	host = '127.0.0.1'
): Promise< { host: string; port: number } > {
	return { host, port: await getFreePort( host ) };
}

/** A misbehaving proxy on a loopback port. */
export interface FaultyProxy {
	readonly host: string;
	readonly port: number;
	/** Connections accepted so far. */
	readonly connections: number;
	/** Closes the listener and every socket it opened or accepted (no orphan sockets). */
	stop: () => Promise< void >;
}

/** What a faulty proxy does once a client's request head (up to the blank line) has arrived. */
type OnRequest = (
	socket: net.Socket,
	head: string,
	rest: Buffer,
	track: ( other: net.Socket ) => void
) => void;

/**
 * A TCP listener that reads each request head and hands it to `onRequest`; every socket (the
 * client's and any the proxy opens itself) is tracked so `stop()` leaves none behind.
 *
 * @param host      Loopback address.
 * @param onRequest What to answer.
 * @param onConnect Optional: called before any byte is read (a banner).
 */
function startRawProxy(
	host: string,
	onRequest: OnRequest,
	onConnect?: ( socket: net.Socket ) => void
): Promise< FaultyProxy > {
	return listenTracked( host, ( socket, track ) => {
		onConnect?.( socket );
		readHead( socket, ( head, rest ) =>
			onRequest( socket, head, rest, track )
		);
	} );
}

/**
 * Reads one HTTP request head (up to the blank line; a head over 64 KiB drops the connection),
 * then calls `onHead` once with the head (latin1) and the bytes after it.
 *
 * @param socket Client socket.
 * @param onHead Receives the head and the rest.
 */
export function readHead(
	socket: net.Socket,
	onHead: ( head: string, rest: Buffer ) => void
): void {
	let buffered = Buffer.alloc( 0 );
	const onData = ( chunk: Buffer ) => {
		buffered = Buffer.concat( [ buffered, chunk ] );
		const end = buffered.indexOf( '\r\n\r\n' );
		if ( end < 0 ) {
			if ( buffered.length > 64 * 1024 ) {
				socket.destroy();
			}
			return;
		}
		socket.off( 'data', onData );
		onHead(
			buffered.subarray( 0, end ).toString( 'latin1' ),
			buffered.subarray( end + 4 )
		);
	};
	socket.on( 'data', onData );
}

/**
 * Listens on a free loopback port and tracks every socket (the client's and any the proxy
 * opens itself), so `stop()` leaves none behind.
 *
 * @param host     Loopback address.
 * @param onSocket What to do with each accepted connection.
 */
async function listenTracked(
	host: string,
	onSocket: (
		socket: net.Socket,
		track: ( other: net.Socket ) => void
	) => void
): Promise< FaultyProxy > {
	const sockets = new Set< net.Socket >();
	const track = ( socket: net.Socket ) => {
		sockets.add( socket );
		socket.on( 'error', () => undefined );
		socket.on( 'close', () => sockets.delete( socket ) );
	};
	let accepted = 0;
	const server = net.createServer( ( socket ) => {
		accepted++;
		track( socket );
		onSocket( socket, track );
	} );
	await new Promise< void >( ( resolve, reject ) => {
		server.once( 'error', reject );
		server.listen( 0, host, () => resolve() );
	} );
	const { port } = server.address() as net.AddressInfo;
	let stopping: Promise< void > | null = null;
	return {
		host,
		port,
		get connections() {
			return accepted;
		},
		stop() {
			stopping ??= new Promise< void >( ( resolve ) => {
				for ( const socket of sockets ) {
					socket.destroy();
				}
				server.close( () => resolve() );
			} );
			return stopping;
		},
	};
}

/** Where a resetting proxy cuts its answer. */
export type ResetPoint = 'status-line' | 'headers';

/**
 * A proxy that reads the request, writes half a status line (`HTTP/1.1 20`) or the status line
 * and half the headers, then resets the connection (RST, not FIN): a proxy process crashing or a
 * middlebox killing the flow mid-answer.
 *
 * @param at   Where to cut.
 * @param host Loopback address.
 */
export function startResettingProxy(
	at: ResetPoint = 'headers',
	host = '127.0.0.1'
): Promise< FaultyProxy > {
	const partial =
		at === 'status-line'
			? 'HTTP/1.1 20'
			: 'HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Len';
	return startRawProxy( host, ( socket ) => {
		socket.write( partial, () => {
			// Let the half answer leave before the RST, which would otherwise discard it.
			setTimeout( () => socket.resetAndDestroy(), 50 );
		} );
	} );
}

/** What a garbage proxy answers. */
export type GarbageKind = 'bytes' | 'banner';

/**
 * A proxy port where something else listens: `bytes` answers each request with 512 random
 * bytes; `banner` greets like an SSH server before the client says anything (a wrong
 * WP_PROXY_PORT). Either way the connection is closed after the answer.
 *
 * @param kind What to send.
 * @param host Loopback address.
 */
export function startGarbageProxy(
	kind: GarbageKind = 'bytes',
	host = '127.0.0.1'
): Promise< FaultyProxy > {
	if ( kind === 'banner' ) {
		return startRawProxy(
			host,
			( socket ) => {
				socket.end( 'Protocol mismatch.\n' );
			},
			( socket ) => {
				socket.write( 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n' );
			}
		);
	}
	return startRawProxy( host, ( socket ) => {
		// Never "HTTP/" by chance: the first byte is not 'H'.
		const bytes = randomBytes( 512 );
		bytes[ 0 ] = 0x00;
		socket.end( bytes );
	} );
}

/** How a malformed 407 is broken. */
export type Malformed407 = 'no-header' | 'broken-header';

/**
 * A proxy that answers every request, CONNECT included, with a 407 that a client cannot act on:
 * no `Proxy-Authenticate` at all, or one with no scheme and an unterminated quote.
 *
 * @param broken How.
 * @param host   Loopback address.
 */
export function startMalformed407Proxy(
	broken: Malformed407 = 'no-header',
	host = '127.0.0.1'
): Promise< FaultyProxy > {
	const challenge =
		broken === 'broken-header'
			? 'Proxy-Authenticate: ="realm, ,\r\nProxy-Authenticate:\r\n'
			: '';
	const body = 'Proxy Authentication Required\n';
	return startRawProxy( host, ( socket ) => {
		socket.end(
			'HTTP/1.1 407 Proxy Authentication Required\r\n' +
				challenge +
				'Content-Type: text/plain\r\n' +
				`Content-Length: ${ body.length }\r\n` +
				'Connection: close\r\n\r\n' +
				body
		);
	} );
}

/**
 * A working open proxy that waits `delayMs` before it does anything with a request: it then
 * forwards plain-HTTP requests (absolute URI) and tunnels CONNECT. Destinations are limited to
 * loopback, like everything in the lab.
 *
 * @param delayMs How long each request waits before the proxy acts on it.
 * @param host    Loopback address.
 */
export function startSlowProxy(
	delayMs: number,
	host = '127.0.0.1'
): Promise< FaultyProxy > {
	return startRawProxy( host, ( socket, head, rest, track ) => {
		const lines = head.split( '\r\n' );
		const [ method = '', target = '', version = 'HTTP/1.1' ] = (
			lines[ 0 ] ?? ''
		).split( ' ' );
		const refuse = ( status: string ) =>
			socket.end(
				`HTTP/1.1 ${ status }\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`
			);
		let destination: { host: string; port: number; path: string };
		try {
			if ( method === 'CONNECT' ) {
				const url = new URL( `http://${ target }` );
				destination = {
					host: url.hostname,
					port: Number( url.port || 443 ),
					path: '',
				};
			} else {
				const url = new URL( target );
				destination = {
					host: url.hostname,
					port: Number( url.port || 80 ),
					path: `${ url.pathname }${ url.search }`,
				};
			}
		} catch {
			refuse( '400 Bad Request' );
			return;
		}
		if ( ! destination.host.startsWith( '127.' ) ) {
			refuse( '403 Forbidden' );
			return;
		}
		const timer = setTimeout( () => {
			const upstream = net.connect( destination.port, destination.host );
			track( upstream );
			upstream.on( 'error', () => socket.destroy() );
			socket.on( 'close', () => upstream.destroy() );
			upstream.on( 'connect', () => {
				if ( method === 'CONNECT' ) {
					socket.write(
						'HTTP/1.1 200 Connection established\r\n\r\n'
					);
				} else {
					const headers = lines
						.slice( 1 )
						.filter(
							( line ) =>
								! /^proxy-(authorization|connection):/i.test(
									line
								)
						);
					upstream.write(
						[
							`${ method } ${ destination.path } ${ version }`,
							...headers,
							'',
							'',
						].join( '\r\n' )
					);
				}
				if ( rest.length > 0 ) {
					upstream.write( rest );
				}
				socket.pipe( upstream );
				upstream.pipe( socket );
			} );
		}, delayMs );
		socket.on( 'close', () => clearTimeout( timer ) );
	} );
}
