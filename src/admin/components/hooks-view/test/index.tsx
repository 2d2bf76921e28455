/**
 * External dependencies
 */
import { act, fireEvent, within } from '@testing-library/react';

/**
 * Internal dependencies
 */
import HooksView from '..';
import {
	fakeNetworkForEachTest,
	renderForTest,
	type ViewQueries,
} from '../../../test-utils/view';
import type { HooksReport } from '../../../../api/types';

let view: ViewQueries;

function renderView() {
	( { view } = renderForTest( <HooksView /> ) );
}

const network = fakeNetworkForEachTest();

const HOOKS = [ 'http_api_curl', 'http_request_args', 'pre_http_request' ];

const WITH_PLUGINS: HooksReport = {
	hooks: HOOKS.map( ( hook ) => ( { hook, callbacks: [] } ) ),
	owners: [
		{
			type: 'core',
			slug: null,
			proxyHealth: false,
			callbacks: [
				{
					hook: 'http_request_args',
					priority: 10,
					callback: 'wp_http_validate_url',
					file: 'wp-includes/http.php',
					line: 512,
				},
			],
		},
		{
			type: 'plugin',
			slug: 'proxy-health',
			proxyHealth: true,
			callbacks: [
				{
					hook: 'http_api_curl',
					priority: 999,
					callback: 'ProxyHealth\\Probe\\Curl_Observer::observe',
					file: 'plugins/proxy-health/includes/Probe/Curl_Observer.php',
					line: 40,
				},
			],
		},
		{
			type: 'mu-plugin',
			slug: 'corp-proxy',
			proxyHealth: false,
			callbacks: [
				{
					hook: 'http_request_args',
					priority: 5,
					callback: '{closure}',
					file: 'mu-plugins/corp-proxy.php',
					line: 12,
				},
			],
		},
	],
};

const CORE_ONLY: HooksReport = {
	hooks: WITH_PLUGINS.hooks,
	owners: [ WITH_PLUGINS.owners[ 0 ] as HooksReport[ 'owners' ][ number ] ],
};

describe( 'HooksView', () => {
	it( 'lists callbacks grouped by owner, plugins first and Proxy Health marked', async () => {
		network.answerJson( 200, WITH_PLUGINS );
		renderView();

		const mu = await view.findByRole( 'region', {
			name: 'Must-use plugins',
		} );
		expect( network.requests[ 0 ]?.url ).toBe(
			'/proxy-health/v1/hooks?_locale=user'
		);
		const regions = view
			.getAllByRole( 'region' )
			.map( ( region ) => region.querySelector( 'h2' )?.textContent );
		expect( regions ).toEqual( [
			'Plugins',
			'Must-use plugins',
			'WordPress core',
		] );

		const row = within( mu ).getAllByRole( 'row' )[ 1 ] as HTMLElement;
		expect(
			within( row )
				.getAllByRole( 'cell' )
				.map( ( cell ) => cell.textContent )
		).toEqual( [
			'http_request_args',
			'5',
			'{closure}',
			'mu-plugins/corp-proxy.php:12',
		] );
		expect(
			within( mu ).getByRole( 'heading', { name: 'corp-proxy' } )
		).toBeTruthy();

		const plugins = view.getByRole( 'region', { name: 'Plugins' } );
		expect(
			within( plugins ).getByRole( 'heading', {
				name: 'Proxy Health (this plugin)',
			} )
		).toBeTruthy();
		expect(
			view.queryByText( /No plugin, must-use plugin or theme/ )
		).toBeNull();
		expect(
			view.getByText(
				/Hooks inspected: http_api_curl, http_request_args, pre_http_request/
			)
		).toBeTruthy();
	} );

	it( 'says so when no plugin or theme touches outbound HTTP', async () => {
		network.answerJson( 200, CORE_ONLY );
		renderView();

		expect(
			await view.findByText(
				/No plugin, must-use plugin or theme touches outbound HTTP/
			)
		).toBeTruthy();
		expect(
			view.getByRole( 'region', { name: 'WordPress core' } )
		).toBeTruthy();
	} );

	it( 'shows a missing route as an actionable notice, and Retry reads the hooks again', async () => {
		network.answerJson( 404, {
			code: 'rest_no_route',
			message: 'No route was found matching the URL and request method.',
			data: { status: 404 },
		} );
		renderView();

		expect(
			await view.findByText( 'The hooks could not be read.' )
		).toBeTruthy();
		expect(
			view.getByText( /REST routes are not registered/ )
		).toBeTruthy();

		network.answerJson( 200, CORE_ONLY );
		await act( async () => {
			fireEvent.click( view.getByRole( 'button', { name: 'Retry' } ) );
		} );
		expect(
			await view.findByText( /No plugin, must-use plugin or theme/ )
		).toBeTruthy();
	} );
} );
