/**
 * Free loopback ports and readiness checks for lab servers.
 */

/**
 * External dependencies
 */
import net from 'node:net';

/**
 * Asks the kernel for a free TCP port on the given loopback address.
 *
 * The port is released before returning, so a caller must bind it promptly; lab servers are
 * started one after another, which keeps the window small.
 *
 * @param host Loopback address to bind, e.g. 127.0.0.2.
 */
export function getFreePort( host = '127.0.0.1' ): Promise< number > {
	return new Promise( ( resolve, reject ) => {
		const server = net.createServer();
		server.unref();
		server.once( 'error', reject );
		server.listen( 0, host, () => {
			const address = server.address();
			const port =
				typeof address === 'object' && address ? address.port : 0;
			server.close( () => resolve( port ) );
		} );
	} );
}

/**
 * Resolves once a TCP connection to host:port succeeds, or rejects after the timeout.
 *
 * @param host      Address to connect to.
 * @param port      Port to connect to.
 * @param timeoutMs How long to keep trying.
 * @param isAlive   Called between attempts; a false answer (the process died) fails at once.
 */
export async function waitForPort(
	host: string,
	port: number,
	timeoutMs = 30_000,
	isAlive: () => boolean = () => true
): Promise< void > {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if ( await canConnect( host, port ) ) {
			return;
		}
		if ( ! isAlive() ) {
			throw new Error(
				`The process meant to listen on ${ host }:${ port } exited before it was ready.`
			);
		}
		if ( Date.now() > deadline ) {
			throw new Error(
				`Nothing listened on ${ host }:${ port } within ${ timeoutMs } ms.`
			);
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 100 ) );
	}
}

function canConnect( host: string, port: number ): Promise< boolean > {
	return new Promise( ( resolve ) => {
		const socket = net.connect( { host, port } );
		socket.setTimeout( 1000 );
		socket.once( 'connect', () => {
			socket.destroy();
			resolve( true );
		} );
		socket.once( 'timeout', () => {
			socket.destroy();
			resolve( false );
		} );
		socket.once( 'error', () => resolve( false ) );
	} );
}
