/**
 * @jest-environment node
 */

/**
 * Internal dependencies
 */
import { createClient } from '../client';
import type { TransportRequest } from '../client';
import { STATUS } from '../test-utils/fake-fetch';
import type { Changes } from '../types';

function recording( answer: unknown ) {
	const requests: TransportRequest[] = [];
	const client = createClient( async ( request ) => {
		requests.push( request );
		return answer;
	} );
	return { client, requests };
}

const CHANGES: Changes = {
	from: { id: 'a', createdAt: '2026-11-26T10:00:00+00:00', verdict: 'pass' },
	to: { id: 'b', createdAt: '2026-11-26T11:00:00+00:00', verdict: 'fail' },
	count: 1,
	plugins: { added: [], removed: [], updated: [] },
	muPlugins: null,
	dropins: null,
	theme: null,
	wp: null,
	php: null,
	proxyConfigHash: { from: 'aaa', to: 'bbb' },
	htaccessHash: null,
};

describe( 'getChanges', () => {
	it( 'sends GET /changes and accepts a Changes document or null', async () => {
		const { client, requests } = recording( CHANGES );
		await expect( client.getChanges() ).resolves.toEqual( CHANGES );
		expect( requests ).toEqual( [
			{ path: '/proxy-health/v1/changes', method: 'GET' },
		] );
		await expect(
			recording( null ).client.getChanges()
		).resolves.toBeNull();
	} );

	it( "answers null for the route's empty shape (no pass → fail pair)", async () => {
		const empty = {
			from: null,
			to: null,
			count: 0,
			plugins: { added: [], removed: [], updated: [] },
			muPlugins: null,
			dropins: null,
			theme: null,
			wp: null,
			php: null,
			proxyConfigHash: null,
			htaccessHash: null,
		};
		await expect(
			recording( empty ).client.getChanges()
		).resolves.toBeNull();
		// Half empty is neither shape.
		await expect(
			recording( {
				...empty,
				theme: { from: 'a', to: 'b' },
			} ).client.getChanges()
		).rejects.toMatchObject( { kind: 'invalid_response' } );
	} );

	it( 'rejects a document whose set diff is malformed', async () => {
		const { client } = recording( {
			...CHANGES,
			plugins: { added: [ 1 ] },
		} );
		await expect( client.getChanges() ).rejects.toMatchObject( {
			kind: 'invalid_response',
		} );
	} );
} );

describe( 'applyProxyConfig', () => {
	const APPLIED = {
		applied: {
			block: 'proxy',
			constants: [ 'WP_PROXY_USERNAME', 'WP_PROXY_PASSWORD' ],
			guarded: [ { name: 'WP_PROXY_PASSWORD', line: 24 } ],
		},
		status: STATUS,
	};

	it( 'sends POST /proxy-config with the credentials, and host and port only when given', async () => {
		const { client, requests } = recording( APPLIED );
		await expect(
			client.applyProxyConfig( { username: 'alice', password: 's3cret' } )
		).resolves.toEqual( APPLIED );
		await client.applyProxyConfig( {
			username: 'alice',
			password: 's3cret',
			host: 'proxy.example.test',
			port: 3128,
		} );
		expect( requests ).toEqual( [
			{
				path: '/proxy-health/v1/proxy-config',
				method: 'POST',
				data: { username: 'alice', password: 's3cret' },
			},
			{
				path: '/proxy-health/v1/proxy-config',
				method: 'POST',
				data: {
					username: 'alice',
					password: 's3cret',
					host: 'proxy.example.test',
					port: 3128,
				},
			},
		] );
	} );

	it( 'rejects an answer without the new status', async () => {
		const { client } = recording( { applied: APPLIED.applied } );
		await expect(
			client.applyProxyConfig( { username: 'alice', password: 'x' } )
		).rejects.toMatchObject( { kind: 'invalid_response' } );
	} );
} );

describe( 'revertProxyConfig', () => {
	it( 'sends DELETE /proxy-config and checks the revert status', async () => {
		const answer = {
			config: { status: 'restored', message: 'wp-config.php is back.' },
		};
		const { client, requests } = recording( answer );
		await expect( client.revertProxyConfig() ).resolves.toEqual( answer );
		expect( requests ).toEqual( [
			{ path: '/proxy-health/v1/proxy-config', method: 'DELETE' },
		] );
		await expect(
			recording( {
				config: { status: 'gone', message: '' },
			} ).client.revertProxyConfig()
		).rejects.toMatchObject( { kind: 'invalid_response' } );
	} );
} );
