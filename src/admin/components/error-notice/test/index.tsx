/**
 * External dependencies
 */
import { fireEvent, render, screen } from '@testing-library/react';

/**
 * Internal dependencies
 */
import ErrorNotice, { getErrorAdvice } from '..';
import { ProxyHealthApiError } from '../../../../api/client';
import type { ApiErrorKind } from '../../../../api/client';

const KINDS: ApiErrorKind[] = [
	'network',
	'unauthorized',
	'forbidden',
	'not_found',
	'no_route',
	'invalid_request',
	'server',
	'invalid_response',
	'aborted',
];

describe( 'ErrorNotice', () => {
	it( 'has distinct advice for every kind of error', () => {
		const advice = KINDS.map( ( kind ) =>
			getErrorAdvice( new ProxyHealthApiError( kind, 'code', 'message' ) )
		);

		expect( new Set( advice ).size ).toBe( KINDS.length );
	} );

	it( 'shows the advice, the code and status, and calls onRetry from Retry', () => {
		const onRetry = jest.fn();
		render(
			<ErrorNotice
				error={
					new ProxyHealthApiError(
						'server',
						'internal_server_error',
						'Boom',
						500
					)
				}
				onRetry={ onRetry }
			/>
		);

		expect(
			screen.getAllByText( /Check the PHP error log/ ).length
		).toBeGreaterThan( 0 );
		expect(
			screen.getByText( 'Error code: internal_server_error (HTTP 500)' )
		).toBeTruthy();

		fireEvent.click( screen.getByRole( 'button', { name: 'Retry' } ) );

		expect( onRetry ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'leaves the status out when there is none', () => {
		render(
			<ErrorNotice
				error={
					new ProxyHealthApiError(
						'network',
						'fetch_error',
						'Failed'
					)
				}
				onRetry={ () => {} }
			/>
		);

		expect( screen.getByText( 'Error code: fetch_error' ) ).toBeTruthy();
	} );

	it( 'shows and announces which step failed before the advice', () => {
		const { container } = render(
			<ErrorNotice
				error={
					new ProxyHealthApiError(
						'network',
						'fetch_error',
						'Failed'
					)
				}
				onRetry={ () => {} }
				summary="The probes failed."
			/>
		);

		const paragraphs = container.querySelectorAll(
			'.proxy-health-error-notice p'
		);
		expect( paragraphs[ 0 ]?.textContent ).toBe( 'The probes failed.' );
		expect( paragraphs[ 1 ]?.textContent ).toMatch(
			/could not reach your site/
		);
		expect(
			document.getElementById( 'a11y-speak-assertive' )?.textContent
		).toMatch( /^The probes failed\. Proxy Health could not reach/ );
	} );
} );
