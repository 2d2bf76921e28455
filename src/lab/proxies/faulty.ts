/**
 * Proxies that fail on purpose: one that accepts connections and never answers, and an address
 * where nobody listens. Used to produce `proxy_timeout` and `proxy_unreachable` for real.
 */

/**
 * External dependencies
 */
import net from 'node:net';

/**
 * Internal dependencies
 */
import { getFreePort } from '../ports';

export interface HangingProxy {
	readonly host: string;
	readonly port: number;
	/** Connections accepted so far. */
	readonly connections: number;
	/** Closes the listener and every held connection. */
	stop: () => Promise< void >;
}

/**
 * Starts a TCP listener that accepts connections, reads whatever the client sends and never
 * writes a byte back: to a client it looks like a proxy that hangs.
 *
 * @param host Loopback address to listen on.
 */
export async function startHangingProxy(
	host = '127.0.0.1'
): Promise< HangingProxy > {
	const sockets = new Set< net.Socket >();
	let accepted = 0;
	const server = net.createServer( ( socket ) => {
		accepted++;
		sockets.add( socket );
		socket.on( 'data', () => undefined );
		socket.on( 'error', () => undefined );
		socket.on( 'close', () => sockets.delete( socket ) );
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
