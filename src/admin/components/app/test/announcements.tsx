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
import { STATUS } from '../../../../api/test-utils/fake-fetch';
import { fakeNetworkForEachTest } from '../../../test-utils/view';
import {
	REPORT_407,
	REPORT_PASS,
} from '../../../../api/test-utils/probe-reports';

// Only this file mocks speak(): it checks what is announced, not how live regions work.
jest.mock( '@wordpress/a11y', () => ( {
	speak: jest.fn(),
	setup: jest.fn(),
} ) );

const speakMock = jest.mocked( speak );
const network = fakeNetworkForEachTest();

beforeEach( () => {
	speakMock.mockClear();
} );

describe( 'App announcements', () => {
	it( 'announces a passing verdict politely, once', async () => {
		network.answerJson( 200, STATUS );
		network.answerJson( 200, REPORT_PASS );
		render( <App /> );

		fireEvent.click( screen.getByRole( 'button', { name: 'Run checks' } ) );
		await screen.findByRole( 'status' );

		expect( speakMock ).toHaveBeenCalledTimes( 1 );
		expect( speakMock ).toHaveBeenCalledWith(
			'Checks finished. Outbound requests work.',
			'polite'
		);
	} );

	it( 'announces a failing verdict politely, with the critical diagnosis', async () => {
		network.answerJson( 200, STATUS );
		network.answerJson( 200, REPORT_407 );
		render( <App /> );

		fireEvent.click( screen.getByRole( 'button', { name: 'Run checks' } ) );
		await screen.findByRole( 'status' );

		expect( speakMock ).toHaveBeenCalledWith(
			'Checks finished. Outbound requests fail: The proxy rejects the username or password WordPress sends.',
			'polite'
		);
	} );

	it( 'announces a cancellation politely, not as an error', async () => {
		network.holdNext();
		network.answerJson( 200, STATUS );
		render( <App /> );

		fireEvent.click( screen.getByRole( 'button', { name: 'Run checks' } ) );
		fireEvent.click( screen.getByRole( 'button', { name: 'Cancel' } ) );
		await screen.findByText( 'Checks cancelled' );

		expect( speakMock ).toHaveBeenCalledWith(
			'Checks cancelled',
			'polite'
		);
		expect( speakMock ).not.toHaveBeenCalledWith(
			expect.anything(),
			'assertive'
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
