/**
 * External dependencies
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';

/**
 * Internal dependencies
 */
import AlertSettings from '..';
import { fakeNetworkForEachTest } from '../../../test-utils/view';
import type { AlertSettings as AlertSettingsDocument } from '../../../../api/types';

const SETTINGS: AlertSettingsDocument = {
	emailEnabled: true,
	lastVerdict: 'fail',
	checkedAt: '2026-12-01T10:00:00Z',
	alert: {
		id: 'r2',
		since: '2026-12-01T10:00:00Z',
		code: 'proxy_auth_rejected',
		title: 'The proxy rejects the username or password WordPress sends',
	},
	lastMailAt: '2026-12-01T10:00:00Z',
};

const network = fakeNetworkForEachTest();

describe( 'AlertSettings', () => {
	it( 'sends nothing until asked, then reads GET /alerts and switches the e-mail with POST', async () => {
		render( <AlertSettings /> );
		expect( network.requests ).toHaveLength( 0 );

		network.answerJson( 200, SETTINGS );
		fireEvent.click(
			screen.getByRole( 'button', {
				name: 'Show the alert e-mail setting',
			} )
		);
		const toggle = await screen.findByRole( 'checkbox', {
			name: 'E-mail the site’s admin address too (at most once a day)',
		} );
		expect( ( toggle as HTMLInputElement ).checked ).toBe( true );
		expect( network.requests[ 0 ]?.url ).toContain( 'alerts' );

		network.answerJson( 200, { ...SETTINGS, emailEnabled: false } );
		fireEvent.click( toggle );
		await screen.findByRole( 'checkbox', { checked: false } );
		expect( network.requests ).toHaveLength( 2 );
		expect( network.requests[ 1 ]?.init?.method ).toBe( 'POST' );
		expect(
			JSON.parse( String( network.requests[ 1 ]?.init?.body ) )
		).toEqual( { emailEnabled: false } );
	} );

	it( 'shows nothing on a site whose plugin has no alerts route', async () => {
		const { container } = render( <AlertSettings /> );
		network.answerJson( 404, {
			code: 'rest_no_route',
			message: 'No route was found matching the URL and request method.',
			data: { status: 404 },
		} );
		fireEvent.click(
			screen.getByRole( 'button', {
				name: 'Show the alert e-mail setting',
			} )
		);
		await waitFor( () => expect( container.textContent ).toBe( '' ) );
	} );
} );
