/**
 * Lab proxies that speak something other than plain HTTP to the client or to the target:
 *
 * - an intercepting proxy: answers CONNECT, then terminates TLS itself with a certificate for the
 *   target host issued by its own "inspection" CA, and forwards the decrypted traffic to the
 *   target over a TLS connection it verifies with the lab CA (what a corporate HTTPS-inspecting
 *   proxy does);
 * - a SOCKS5 proxy (RFC 1928, CONNECT only, with or without RFC 1929 username/password);
 * - an HTTPS proxy: an HTTP proxy reached over TLS (`https://proxy:port`), its certificate from
 *   the lab CA.
 *
 * Every one of them reaches loopback destinations only, and `stop()` closes every socket.
 */

/**
 * External dependencies
 */
import net from 'node:net';
import tls from 'node:tls';

/**
 * Internal dependencies
 */
import type { LabCa } from '../ca';
import { readHead } from './faulty';
import type { ProxyCredentials } from './types';

/** A running lab tunnel proxy. */
export interface TunnelProxy {
	readonly host: string;
	readonly port: number;
	/** Connections accepted so far. */
	readonly connections: number;
	/** Tunnels opened (CONNECT answered, or a SOCKS5 CONNECT granted). */
	readonly tunnels: number;
	/** Closes the listener and every socket it accepted or opened. */
	stop: () => Promise< void >;
}

interface Tracker {
	track: ( socket: net.Socket ) => void;
	tunnelOpened: () => void;
}

type OnSocket = ( socket: net.Socket, tracker: Tracker ) => void;

/**
 * Listens on a free loopback port with a plain TCP or a TLS server; tracks every socket.
 *
 * @param host         Loopback address.
 * @param onSocket     What to do with each accepted connection (after the TLS handshake for TLS).
 * @param tlsCert      When given, the listener speaks TLS with this certificate.
 * @param tlsCert.cert Certificate, PEM.
 * @param tlsCert.key  Its private key, PEM.
 */
async function listen(
	host: string,
	onSocket: OnSocket,
	tlsCert?: { cert: string; key: string }
): Promise< TunnelProxy > {
	if ( ! host.startsWith( '127.' ) ) {
		throw new Error(
			`Lab proxies listen on loopback only (127.0.0.0/8), not on ${ host }.`
		);
	}
	const sockets = new Set< net.Socket >();
	let accepted = 0;
	let tunnels = 0;
	const tracker: Tracker = {
		track( socket ) {
			sockets.add( socket );
			socket.on( 'error', () => undefined );
			socket.on( 'close', () => sockets.delete( socket ) );
		},
		tunnelOpened() {
			tunnels++;
		},
	};
	const handle = ( socket: net.Socket ) => {
		accepted++;
		tracker.track( socket );
		onSocket( socket, tracker );
	};
	const server: net.Server = tlsCert
		? tls.createServer( tlsCert, handle )
		: net.createServer( handle );
	if ( tlsCert ) {
		// A client that gives up during the handshake must not crash the lab.
		server.on( 'tlsClientError', () => undefined );
		server.on( 'connection', ( raw: net.Socket ) => tracker.track( raw ) );
	}
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
		get tunnels() {
			return tunnels;
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

function refuse( socket: net.Socket, status: string ): void {
	socket.end(
		`HTTP/1.1 ${ status }\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`
	);
}

/**
 * Pipes two sockets both ways; either closing closes the other.
 *
 * @param a    One end.
 * @param b    The other.
 * @param rest Bytes already read from `a` that belong to `b`.
 */
function splice( a: net.Socket, b: net.Socket, rest: Buffer ): void {
	if ( rest.length > 0 ) {
		b.write( rest );
	}
	a.pipe( b );
	b.pipe( a );
	a.on( 'close', () => b.destroy() );
	b.on( 'close', () => a.destroy() );
}

/** What an HTTP proxy does with a CONNECT: open the tunnel's far end. */
type OpenTunnel = (
	client: net.Socket,
	destination: { host: string; port: number },
	rest: Buffer,
	tracker: Tracker
) => void;

/**
 * An HTTP proxy on one client socket: CONNECT goes to `openTunnel`; an absolute-URI request is
 * forwarded to its (loopback) destination, Proxy-* headers removed. No authentication.
 *
 * @param openTunnel What to do with a CONNECT.
 */
function httpProxy( openTunnel: OpenTunnel ): OnSocket {
	return ( socket, tracker ) =>
		readHead( socket, ( head, rest ) => {
			const lines = head.split( '\r\n' );
			const [ method = '', target = '', version = 'HTTP/1.1' ] = (
				lines[ 0 ] ?? ''
			).split( ' ' );
			let url: URL;
			try {
				url = new URL(
					method === 'CONNECT' ? `http://${ target }` : target
				);
			} catch {
				refuse( socket, '400 Bad Request' );
				return;
			}
			if ( ! url.hostname.startsWith( '127.' ) ) {
				refuse( socket, '403 Forbidden' );
				return;
			}
			if ( method === 'CONNECT' ) {
				tracker.tunnelOpened();
				openTunnel(
					socket,
					{ host: url.hostname, port: Number( url.port || 443 ) },
					rest,
					tracker
				);
				return;
			}
			const upstream = net.connect(
				Number( url.port || 80 ),
				url.hostname
			);
			tracker.track( upstream );
			upstream.on( 'error', () => socket.destroy() );
			upstream.on( 'connect', () => {
				const headers = lines
					.slice( 1 )
					.filter(
						( line ) =>
							! /^proxy-(authorization|connection):/i.test( line )
					);
				upstream.write(
					[
						`${ method } ${ url.pathname }${ url.search } ${ version }`,
						...headers,
						'',
						'',
					].join( '\r\n' )
				);
				splice( socket, upstream, rest );
			} );
		} );
}

/**
 * A plain tunnel: the far end is the destination itself.
 *
 * @param client      Client socket.
 * @param destination Where the tunnel goes.
 * @param rest        Bytes the client sent after its CONNECT.
 * @param tracker     Socket tracker.
 */
const plainTunnel: OpenTunnel = ( client, destination, rest, tracker ) => {
	const upstream = net.connect( destination.port, destination.host );
	tracker.track( upstream );
	upstream.on( 'error', () => client.destroy() );
	upstream.on( 'connect', () => {
		client.write( 'HTTP/1.1 200 Connection established\r\n\r\n' );
		splice( client, upstream, rest );
	} );
};

export interface InterceptingProxyOptions {
	/** Issues the certificates the proxy presents (the "inspection" CA). */
	inspectionCa: LabCa;
	/** CA certificate (PEM) the proxy verifies the real targets with (the lab CA). */
	upstreamCaPem: string;
	/** Loopback address to listen on; default 127.0.0.1. */
	host?: string;
}

/**
 * Starts an HTTPS-inspecting proxy: CONNECT is answered with 200, then the proxy terminates TLS
 * with a certificate for the requested host from the inspection CA and relays the cleartext to
 * the target over TLS it verifies. Plain-HTTP requests are forwarded unchanged.
 *
 * @param options CAs and address.
 */
export function startInterceptingProxy(
	options: InterceptingProxyOptions
): Promise< TunnelProxy > {
	const certificates = new Map< string, { cert: string; key: string } >();
	const certificateFor = ( host: string ) => {
		let issued = certificates.get( host );
		if ( ! issued ) {
			const { certPem, keyPem } = options.inspectionCa.issue( [ host ] );
			issued = { cert: certPem, key: keyPem };
			certificates.set( host, issued );
		}
		return issued;
	};
	const intercept: OpenTunnel = ( client, destination, rest, tracker ) => {
		client.write( 'HTTP/1.1 200 Connection established\r\n\r\n', () => {
			if ( rest.length > 0 ) {
				client.unshift( rest );
			}
			const inner = new tls.TLSSocket( client, {
				isServer: true,
				...certificateFor( destination.host ),
			} );
			tracker.track( inner );
			let upstream: tls.TLSSocket | null = null;
			inner.once( 'secure', () => {
				upstream = tls.connect( {
					host: destination.host,
					port: destination.port,
					ca: options.upstreamCaPem,
					// The lab's targets have IP-address certificates; no SNI for an address.
					servername: net.isIP( destination.host )
						? ''
						: destination.host,
				} );
				tracker.track( upstream );
				upstream.on( 'error', () => inner.destroy() );
				splice( inner, upstream, Buffer.alloc( 0 ) );
			} );
			inner.on( 'error', () => {
				upstream?.destroy();
				client.destroy();
			} );
		} );
	};
	return listen( options.host ?? '127.0.0.1', httpProxy( intercept ) );
}

/**
 * Starts an open HTTP proxy that clients reach over TLS (`https://host:port` as the proxy), its
 * certificate issued by `ca` for the listening address. CONNECT tunnels are plain.
 *
 * @param ca   Issues the proxy's certificate.
 * @param host Loopback address; default 127.0.0.1.
 */
export function startHttpsProxy(
	ca: LabCa,
	host = '127.0.0.1'
): Promise< TunnelProxy > {
	const { certPem, keyPem } = ca.issue( [ host ] );
	return listen( host, httpProxy( plainTunnel ), {
		cert: certPem,
		key: keyPem,
	} );
}

/**
 * Starts a SOCKS5 proxy (CONNECT only) for loopback destinations, by IPv4 address or by name
 * (`socks5h`: names are resolved here). With credentials it accepts only RFC 1929
 * username/password authentication with exactly those.
 *
 * @param credentials Required login, or null for none.
 * @param host        Loopback address; default 127.0.0.1.
 */
export function startSocks5Proxy(
	credentials: ProxyCredentials | null = null,
	host = '127.0.0.1'
): Promise< TunnelProxy > {
	return listen( host, ( socket, tracker ) => {
		let buffered = Buffer.alloc( 0 );
		let stage: 'greeting' | 'auth' | 'request' = 'greeting';
		const fail = ( reply: Buffer ) => socket.end( reply );
		const onData = ( chunk: Buffer ) => {
			buffered = Buffer.concat( [ buffered, chunk ] );
			for (;;) {
				const used = step();
				if ( used <= 0 ) {
					return;
				}
				buffered = buffered.subarray( used );
			}
		};
		/** Handles one message; answers the bytes it used, 0 when more are needed, -1 when done. */
		const step = (): number => {
			if ( stage === 'greeting' ) {
				if (
					buffered.length < 2 ||
					buffered.length < 2 + buffered[ 1 ]!
				) {
					return 0;
				}
				if ( buffered[ 0 ] !== 5 ) {
					socket.destroy();
					return -1;
				}
				const methods = buffered.subarray( 2, 2 + buffered[ 1 ]! );
				const wanted = credentials ? 2 : 0;
				if ( ! methods.includes( wanted ) ) {
					fail( Buffer.from( [ 5, 0xff ] ) );
					return -1;
				}
				socket.write( Buffer.from( [ 5, wanted ] ) );
				stage = credentials ? 'auth' : 'request';
				return 2 + buffered[ 1 ]!;
			}
			if ( stage === 'auth' ) {
				if ( buffered.length < 2 ) {
					return 0;
				}
				const userLength = buffered[ 1 ]!;
				if ( buffered.length < 3 + userLength ) {
					return 0;
				}
				const passLength = buffered[ 2 + userLength ]!;
				const total = 3 + userLength + passLength;
				if ( buffered.length < total ) {
					return 0;
				}
				const user = buffered.subarray( 2, 2 + userLength ).toString();
				const pass = buffered
					.subarray( 3 + userLength, total )
					.toString();
				const ok =
					user === credentials?.username &&
					pass === credentials.password;
				if ( ! ok ) {
					fail( Buffer.from( [ 1, 1 ] ) );
					return -1;
				}
				socket.write( Buffer.from( [ 1, 0 ] ) );
				stage = 'request';
				return total;
			}
			// VER CMD RSV ATYP DST.ADDR DST.PORT
			if ( buffered.length < 5 ) {
				return 0;
			}
			const type = buffered[ 3 ];
			let address: string;
			let end: number;
			if ( type === 1 ) {
				end = 8;
				if ( buffered.length < end + 2 ) {
					return 0;
				}
				address = [ ...buffered.subarray( 4, 8 ) ].join( '.' );
			} else if ( type === 3 ) {
				end = 5 + buffered[ 4 ]!;
				if ( buffered.length < end + 2 ) {
					return 0;
				}
				address = buffered.subarray( 5, end ).toString();
			} else {
				// IPv6 is not on the lab's loopback addresses: "address type not supported".
				fail( Buffer.from( [ 5, 8, 0, 1, 0, 0, 0, 0, 0, 0 ] ) );
				return -1;
			}
			if ( buffered[ 1 ] !== 1 || ! address.startsWith( '127.' ) ) {
				// Only CONNECT, only loopback: "connection not allowed by ruleset".
				fail( Buffer.from( [ 5, 2, 0, 1, 0, 0, 0, 0, 0, 0 ] ) );
				return -1;
			}
			const port = buffered.readUInt16BE( end );
			socket.off( 'data', onData );
			const rest = buffered.subarray( end + 2 );
			const upstream = net.connect( port, address );
			tracker.track( upstream );
			upstream.on( 'error', () =>
				fail( Buffer.from( [ 5, 5, 0, 1, 0, 0, 0, 0, 0, 0 ] ) )
			);
			upstream.on( 'connect', () => {
				tracker.tunnelOpened();
				socket.write(
					Buffer.from( [ 5, 0, 0, 1, 127, 0, 0, 1, 0, 0 ] )
				);
				splice( socket, upstream, rest );
			} );
			return -1;
		};
		socket.on( 'data', onData );
	} );
}
