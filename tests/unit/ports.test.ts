/**
 * @jest-environment node
 */

/**
 * External dependencies
 */
import net from 'node:net';

/**
 * Internal dependencies
 */
import { getFreePort, waitForPort } from '../../src/lab/ports';

describe( 'lab ports', () => {
	it( 'finds a port that can be bound on a non-default loopback address', async () => {
		const port = await getFreePort( '127.0.0.2' );
		expect( port ).toBeGreaterThan( 0 );
		const server = net.createServer();
		await new Promise< void >( ( resolve ) =>
			server.listen( port, '127.0.0.2', resolve )
		);
		await expect(
			waitForPort( '127.0.0.2', port, 2000 )
		).resolves.toBeUndefined();
		await new Promise( ( resolve ) => server.close( resolve ) );
	} );

	it( 'gives up on a port nobody listens on', async () => {
		const port = await getFreePort();
		await expect( waitForPort( '127.0.0.1', port, 300 ) ).rejects.toThrow(
			/Nothing listened/
		);
	} );
} );
