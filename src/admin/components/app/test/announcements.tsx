/**
 * External dependencies
 */
import { fireEvent, render, screen } from '@testing-library/react';

/**
 * WordPress dependencies
 */
import { speak } from '@wordpress/a11y';

/**
 * Internal dependencies
 */
import App from '..';
import {
	installFakeFetch,
	STATUS,
} from '../../../../api/test-utils/fake-fetch';

// Only this file mocks speak(): it checks what is announced, not how live regions work.
jest.mock( '@wordpress/a11y', () => ( {
	speak: jest.fn(),
	setup: jest.fn(),
} ) );

const speakMock = jest.mocked( speak );
let network: ReturnType< typeof installFakeFetch >;

beforeEach( () => {
	speakMock.mockClear();
	network = installFakeFetch();
} );

afterEach( () => {
	network.restore();
} );

describe( 'App announcements', () => {
	it( 'announces the result summary politely', async () => {
		network.answerJson( 200, STATUS );
		render( <App /> );

		fireEvent.click( screen.getByRole( 'button', { name: 'Run checks' } ) );
		await screen.findByRole( 'region', { name: 'Proxy configuration' } );

		expect( speakMock ).toHaveBeenCalledWith(
			'Checks finished. WordPress sends outbound requests through the proxy proxy.example.test:3128, with credentials.'
		);
	} );

	it( 'announces an error assertively, with its advice', async () => {
		network.answerJson( 404, {
			code: 'rest_no_route',
			message: 'No route was found matching the URL and request method.',
			data: { status: 404 },
		} );
		render( <App /> );

		fireEvent.click( screen.getByRole( 'button', { name: 'Run checks' } ) );
		await screen.findByText( /REST routes are not registered/ );

		expect( speakMock ).toHaveBeenCalledWith(
			expect.stringMatching(
				/^The Proxy Health REST routes are not registered/
			),
			'assertive'
		);
	} );
} );
