/**
 * External dependencies
 */
import { render, screen, within } from '@testing-library/react';

/**
 * Internal dependencies
 */
import DiagnosisItem from '..';
import { diagnosisOf } from '../../../../api/test-utils/diagnoses';
import type { Diagnosis, InterferenceCulprit } from '../../../../api/types';

function renderItem( item: Diagnosis ) {
	render(
		<ul>
			<DiagnosisItem item={ item } />
		</ul>
	);
	return screen.getAllByRole( 'listitem' )[ 0 ] as HTMLElement;
}

describe( 'DiagnosisItem', () => {
	it( 'shows the severity and title as a heading, the code and the detail', () => {
		const item = renderItem(
			diagnosisOf( 'proxy_constants_after_settings', 'critical', {
				detail: 'Defined after wp-settings.php.',
			} )
		);

		expect(
			within( item ).getByRole( 'heading', { level: 3 } ).textContent
		).toBe( 'Critical Title of proxy_constants_after_settings' );
		expect( item.getAttribute( 'data-code' ) ).toBe(
			'proxy_constants_after_settings'
		);
		expect(
			within( item ).getByText( 'Defined after wp-settings.php.' )
		).toBeTruthy();
	} );

	it( 'shows remedies as a list and evidence in a closed disclosure, repeated lines included', () => {
		renderItem(
			diagnosisOf( 'proxy_auth_missing', 'critical', {
				remedies: [ 'Ask for credentials.', 'Define them.' ],
				evidence: [ 'GET a → 407', 'GET a → 407' ],
			} )
		);

		const remedies = screen.getByRole( 'heading', {
			level: 4,
			name: 'How to fix it',
		} ).nextElementSibling as HTMLElement;
		expect(
			within( remedies )
				.getAllByRole( 'listitem' )
				.map( ( remedy ) => remedy.textContent )
		).toEqual( [ 'Ask for credentials.', 'Define them.' ] );
		const details = screen
			.getByText( 'Evidence (2)' )
			.closest( 'details' ) as HTMLDetailsElement;
		expect( details.open ).toBe( false );
		expect(
			Array.from( details.querySelectorAll( 'code' ) ).map(
				( code ) => code.textContent
			)
		).toEqual( [ 'GET a → 407', 'GET a → 407' ] );
	} );

	it( 'leaves out the remedies heading and the evidence when there are none', () => {
		const item = renderItem( diagnosisOf( 'proxy_ok', 'good' ) );

		expect(
			within( item ).queryByRole( 'heading', { level: 4 } )
		).toBeNull();
		expect( item.querySelector( 'details' ) ).toBeNull();
		expect( screen.queryByText( /Evidence/ ) ).toBeNull();
		expect(
			within( item ).getByText( 'Good', { exact: false } )
		).toBeTruthy();
		expect(
			within( item ).queryByRole( 'list', {
				name: 'Responsible callbacks',
			} )
		).toBeNull();
	} );

	it( 'names each callback a plugin_interference rests on with file:line and hook', () => {
		const culprits: InterferenceCulprit[] = [
			{
				hook: 'http_api_curl',
				callback: '{closure}',
				type: 'plugin',
				slug: 'corp-connector',
				name: 'Corp Connector',
				file: 'plugins/corp-connector/proxy.php',
				line: 42,
				changed: [ 'password' ],
				transports: [ 'curl' ],
				suspect: 'corp-connector/corp-connector.php',
			},
			{
				hook: 'pre_http_send_through_proxy',
				callback: 'route_around',
				type: 'unknown',
				slug: null,
				name: 'route_around',
				file: null,
				line: null,
				changed: [ 'route' ],
				transports: [ 'curl' ],
				suspect: null,
			},
		];
		const item = renderItem( {
			...diagnosisOf( 'plugin_interference', 'critical' ),
			culprits,
		} );

		const list = within( item ).getByRole( 'list', {
			name: 'Responsible callbacks',
		} );
		expect(
			within( list )
				.getAllByRole( 'listitem' )
				.map( ( culprit ) => culprit.textContent )
		).toEqual( [
			'Corp Connector plugins/corp-connector/proxy.php:42 on http_api_curl',
			'route_around route_around on pre_http_send_through_proxy',
		] );
		expect(
			within( list ).getByText( 'plugins/corp-connector/proxy.php:42' )
				.tagName
		).toBe( 'CODE' );
	} );
} );
