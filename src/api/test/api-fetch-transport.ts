/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';

/**
 * Internal dependencies
 */
import { apiFetchTransport } from '../api-fetch-transport';
import { createClient } from '../client';
import { installFakeFetch, STATUS } from '../test-utils/fake-fetch';

let network: ReturnType< typeof installFakeFetch >;

beforeEach( () => {
	network = installFakeFetch();
} );

afterEach( () => {
	network.restore();
	apiFetch.setFetchHandler( apiFetch.defaultFetchHandler );
} );

describe( 'apiFetchTransport', () => {
	it( 'sends path, method, JSON data and the signal through api-fetch', async () => {
		network.answerJson( 200, { ok: true } );
		const controller = new AbortController();

		await expect(
			apiFetchTransport( {
				path: '/proxy-health/v1/probes',
				method: 'POST',
				data: { targets: [ 'https://api.wordpress.org/' ] },
				signal: controller.signal,
			} )
		).resolves.toEqual( { ok: true } );

		const [ request ] = network.requests;
		expect( request?.url ).toBe( '/proxy-health/v1/probes?_locale=user' );
		expect( request?.init?.method ).toBe( 'POST' );
		expect( request?.init?.body ).toBe(
			JSON.stringify( { targets: [ 'https://api.wordpress.org/' ] } )
		);
		expect( request?.init?.signal ).toBe( controller.signal );
	} );

	it( 'makes an aborted request reject as aborted', async () => {
		network.holdNext();
		network.answerJson( 200, STATUS );
		const controller = new AbortController();

		const pending = createClient( apiFetchTransport ).getStatus( {
			signal: controller.signal,
		} );
		controller.abort();

		await expect( pending ).rejects.toMatchObject( { kind: 'aborted' } );
	} );

	it( 'reports an expired session (nonce refresh refused) as unauthorized', async () => {
		apiFetch.nonceEndpoint = '/wp-admin/admin-ajax.php?action=rest-nonce';
		network.answerJson( 403, {
			code: 'rest_cookie_invalid_nonce',
			message: 'Cookie check failed',
			data: { status: 403 },
		} );
		network.answer( { status: 400, body: '0' } );

		await expect(
			createClient( apiFetchTransport ).getStatus()
		).rejects.toMatchObject( {
			kind: 'unauthorized',
			code: 'rest_cookie_invalid_nonce',
		} );
		expect( network.requests.map( ( { url } ) => url ) ).toEqual( [
			'/proxy-health/v1/status?_locale=user',
			'/wp-admin/admin-ajax.php?action=rest-nonce',
		] );
	} );

	it( 'reports the Response WordPress 6.6 api-fetch throws when the nonce refresh fails as unauthorized', async () => {
		// WordPress 6.6 ships an api-fetch whose nonce refresh throws the refresh's Response.
		apiFetch.setFetchHandler( () =>
			Promise.reject( { ok: false, status: 400 } )
		);

		await expect(
			createClient( apiFetchTransport ).getStatus()
		).rejects.toMatchObject( {
			kind: 'unauthorized',
			code: 'rest_cookie_invalid_nonce',
			status: 400,
		} );
	} );
} );
