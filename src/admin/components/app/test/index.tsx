/**
 * External dependencies
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react';

/**
 * Internal dependencies
 */
import App from '..';
import { resultRegions } from '../../../test-utils/result-regions';
import { STATUS } from '../../../../api/test-utils/fake-fetch';
import { fakeNetworkForEachTest } from '../../../test-utils/view';
import { REPORT_PASS } from '../../../../api/test-utils/probe-reports';

const network = fakeNetworkForEachTest();

function runChecks() {
	fireEvent.click( screen.getByRole( 'button', { name: 'Run checks' } ) );
}

function rowOf( region: HTMLElement, setting: string ) {
	const header = within( region ).getByRole( 'rowheader', { name: setting } );
	const row = header.closest( 'tr' );
	if ( ! row ) {
		throw new Error( `No row for ${ setting }` );
	}
	return within( row )
		.getAllByRole( 'cell' )
		.map( ( cell ) => cell.textContent );
}

function politeRegion() {
	return document.getElementById( 'a11y-speak-polite' )?.textContent ?? '';
}

function assertiveRegion() {
	return document.getElementById( 'a11y-speak-assertive' )?.textContent ?? '';
}

describe( 'App', () => {
	it( 'shows the title and description, and no result before the checks run', () => {
		render( <App /> );

		expect(
			screen.getByRole( 'heading', { level: 1, name: 'Proxy Health' } )
		).toBeTruthy();
		expect(
			screen.getByText( /Checks how WordPress reaches the internet/ )
		).toBeTruthy();
		expect(
			screen.getAllByRole( 'tab' ).map( ( tab ) => tab.textContent )
		).toEqual( [
			'Overview',
			'URL explainer',
			'Hooks',
			'History',
			'Bisection',
			'Evidence',
		] );
		expect(
			screen.getByRole( 'tab', { selected: true } ).textContent
		).toBe( 'Overview' );
		expect( resultRegions() ).toEqual( [] );
		expect( network.requests ).toHaveLength( 0 );
	} );

	it( 'runs the checks: configuration, then probes, with progress and busy state, then the cards with their values', async () => {
		network.holdNext();
		network.answerJson( 200, STATUS );
		network.answerJson( 200, REPORT_PASS );
		const { container } = render( <App /> );

		runChecks();

		const button = screen.getByRole( 'button', { name: 'Run checks' } );
		expect( screen.getByText( 'Checking configuration…' ) ).toBeTruthy();
		expect( screen.getByRole( 'button', { name: 'Cancel' } ) ).toBeTruthy();
		expect( button.getAttribute( 'aria-disabled' ) ).toBe( 'true' );
		expect(
			container
				.querySelector( '.proxy-health-overview' )
				?.getAttribute( 'aria-busy' )
		).toBe( 'true' );
		// api-fetch adds `_locale=user` so that REST answers use the admin's language.
		expect( network.requests[ 0 ]?.url ).toBe(
			'/proxy-health/v1/status?_locale=user'
		);

		// The configuration is shown as soon as it arrives, while the probes run.
		network.holdNext();
		await act( async () => network.release() );

		expect(
			await screen.findByText( 'Probing outbound requests…' )
		).toBeTruthy();
		expect(
			screen.getByRole( 'region', { name: 'Proxy configuration' } )
		).toBeTruthy();
		expect( screen.queryByRole( 'status' ) ).toBeNull();
		expect( network.requests[ 1 ]?.url ).toBe(
			'/proxy-health/v1/probes?_locale=user'
		);
		expect( network.requests[ 1 ]?.init?.method ).toBe( 'POST' );
		expect( button.getAttribute( 'aria-disabled' ) ).toBe( 'true' );

		await act( async () => network.release() );

		expect(
			await screen.findByRole( 'heading', {
				name: 'Outbound requests work',
			} )
		).toBeTruthy();
		const proxy = screen.getByRole( 'region', {
			name: 'Proxy configuration',
		} );
		expect( screen.queryByText( 'Probing outbound requests…' ) ).toBeNull();
		expect( screen.queryByRole( 'button', { name: 'Cancel' } ) ).toBeNull();
		expect(
			container
				.querySelector( '.proxy-health-overview' )
				?.getAttribute( 'aria-busy' )
		).toBe( 'false' );
		expect( button.getAttribute( 'aria-disabled' ) ).toBeNull();
		expect(
			within( proxy ).getByText(
				'WordPress sends outbound requests through the proxy proxy.example.test:3128, with credentials.'
			)
		).toBeTruthy();
		expect( rowOf( proxy, 'Host' ) ).toEqual( [
			'proxy.example.test',
			'Constant WP_PROXY_HOST',
		] );
		expect( rowOf( proxy, 'Port' ) ).toEqual( [
			'3128',
			'Constant WP_PROXY_PORT',
		] );
		expect( rowOf( proxy, 'Username' ) ).toEqual( [
			'alice',
			'Constant WP_PROXY_USERNAME',
		] );
		expect( rowOf( proxy, 'Password' ) ).toEqual( [
			'Password set',
			'Constant WP_PROXY_PASSWORD',
		] );
		expect( rowOf( proxy, 'Bypass hosts' ) ).toEqual( [
			'localhost*.intranet.test',
			'Constant WP_PROXY_BYPASS_HOSTS',
		] );

		const transports = screen.getByRole( 'region', { name: 'Transports' } );
		expect(
			within( transports ).getByText(
				'Available: libcurl 7.88.1 (OpenSSL/3.0.15)'
			)
		).toBeTruthy();
		expect(
			within( transports ).getByText( 'Basic, Digest, NTLM, SPNEGO' )
		).toBeTruthy();
		const environment = screen.getByRole( 'region', {
			name: 'Environment proxy variables',
		} );
		expect( within( environment ).getByText( 'https_proxy' ) ).toBeTruthy();
		expect(
			within( environment ).getByText(
				'http://***@proxy.example.test:3128'
			)
		).toBeTruthy();
		const runtime = screen.getByRole( 'region', { name: 'Runtime' } );
		expect( within( runtime ).getByText( 'fpm-fcgi' ) ).toBeTruthy();

		expect( politeRegion() ).toContain(
			'Checks finished. Outbound requests work.'
		);
	} );

	it( 'shows an unconfigured proxy as such', async () => {
		network.answerJson( 200, {
			...STATUS,
			proxy: {
				enabled: false,
				host: null,
				port: null,
				username: null,
				hasPassword: false,
				authEnabled: false,
				bypassHosts: null,
				sources: {
					host: 'unset',
					port: 'unset',
					username: 'unset',
					password: 'unset',
					bypassHosts: 'unset',
				},
			},
			environment: [],
		} );
		network.answerJson( 200, REPORT_PASS );
		render( <App /> );

		runChecks();

		await screen.findByRole( 'heading', {
			name: 'Outbound requests work',
		} );
		const proxy = screen.getByRole( 'region', {
			name: 'Proxy configuration',
		} );
		expect(
			within( proxy ).getByText( /No proxy is configured/ )
		).toBeTruthy();
		expect( rowOf( proxy, 'Host' ) ).toEqual( [
			'Not set',
			'WP_PROXY_HOST is not defined',
		] );
		expect( rowOf( proxy, 'Password' ) ).toEqual( [
			'No password',
			'WP_PROXY_PASSWORD is not defined',
		] );
		expect( rowOf( proxy, 'Bypass hosts' ) ).toEqual( [
			'None',
			'WP_PROXY_BYPASS_HOSTS is not defined',
		] );
		expect(
			screen.getByText(
				'No proxy environment variables are visible to PHP on this web server.'
			)
		).toBeTruthy();
	} );

	it.each( [
		[
			'a network failure',
			() => network.answer( { networkError: true } ),
			/could not reach your site/,
			'Error code: fetch_error',
		],
		[
			'401 (logged out)',
			() =>
				network.answerJson( 401, {
					code: 'rest_forbidden',
					message:
						'Sorry, only site administrators can use Proxy Health.',
					data: { status: 401 },
				} ),
			/only available to administrators, and your session may have expired/,
			'Error code: rest_forbidden (HTTP 401)',
		],
		[
			'403 (not an administrator)',
			() =>
				network.answerJson( 403, {
					code: 'rest_forbidden',
					message:
						'Sorry, only site administrators can use Proxy Health.',
					data: { status: 403 },
				} ),
			/only available to administrators\. Ask a site administrator/,
			'Error code: rest_forbidden (HTTP 403)',
		],
		[
			'rest_no_route',
			() =>
				network.answerJson( 404, {
					code: 'rest_no_route',
					message:
						'No route was found matching the URL and request method.',
					data: { status: 404 },
				} ),
			/REST routes are not registered\. Is the plugin active\? Are permalinks or the REST API blocked/,
			'Error code: rest_no_route (HTTP 404)',
		],
		[
			'a 500',
			() =>
				network.answerJson( 500, {
					code: 'internal_server_error',
					message: 'There has been a critical error on this website.',
					data: { status: 500 },
				} ),
			/The server failed.*Check the PHP error log/,
			'Error code: internal_server_error (HTTP 500)',
		],
		[
			'a non-JSON answer',
			() =>
				network.answer( {
					status: 200,
					body: '<br /><b>Warning</b>: something in /wp-content/plugins/x.php',
				} ),
			/something other than Proxy Health data/,
			'Error code: invalid_json',
		],
	] )(
		'shows an actionable notice for %s, and its Retry works',
		async ( _name, failOnce, advice, details ) => {
			failOnce();
			network.answerJson( 200, STATUS );
			network.answerJson( 200, REPORT_PASS );
			// The live regions repeat the advice, so look inside the panel only.
			const { container } = render( <App /> );

			runChecks();

			const notice = (
				await within( container ).findByText( advice )
			).closest( '.proxy-health-error-notice' ) as HTMLElement;
			expect( notice ).toBeTruthy();
			expect( within( notice ).getByText( details ) ).toBeTruthy();
			expect( assertiveRegion() ).toMatch( advice );
			expect( resultRegions() ).toEqual( [] );

			fireEvent.click(
				within( notice ).getByRole( 'button', { name: 'Retry' } )
			);

			expect(
				await screen.findByRole( 'heading', {
					name: 'Outbound requests work',
				} )
			).toBeTruthy();
			expect(
				screen.getByRole( 'region', { name: 'Proxy configuration' } )
			).toBeTruthy();
			expect( within( container ).queryByText( advice ) ).toBeNull();
			expect( network.requests ).toHaveLength( 3 );
		}
	);

	it( 'aborts a pending check when the panel unmounts, without errors', async () => {
		network.holdNext();
		network.answerJson( 200, STATUS );
		const { unmount } = render( <App /> );

		runChecks();
		const signal = network.requests[ 0 ]?.init?.signal;
		unmount();

		expect( signal?.aborted ).toBe( true );
	} );
} );
