/**
 * External dependencies
 */
import { render, screen } from '@testing-library/react';

/**
 * Internal dependencies
 */
import TransportsCard from '..';

describe( 'TransportsCard', () => {
	it( 'says when neither transport is available, without listing auth schemes', () => {
		render(
			<TransportsCard
				transports={ {
					curl: {
						available: false,
						version: null,
						sslVersion: null,
						authSchemes: [],
					},
					fsockopen: { available: false },
				} }
			/>
		);

		expect( screen.getAllByText( 'Not available' ) ).toHaveLength( 2 );
		expect( screen.queryByText( 'cURL proxy authentication' ) ).toBeNull();
	} );

	it( 'explains what fsockopen cannot do through a proxy', () => {
		render(
			<TransportsCard
				transports={ {
					curl: {
						available: true,
						version: '8.5.0',
						sslVersion: null,
						authSchemes: [ 'Basic', 'Digest' ],
					},
					fsockopen: { available: true },
				} }
			/>
		);

		expect( screen.getByText( 'Available: libcurl 8.5.0' ) ).toBeTruthy();
		expect( screen.getByText( 'Basic, Digest' ) ).toBeTruthy();
		expect(
			screen.getByText(
				/Basic proxy authentication only; cannot tunnel HTTPS/
			)
		).toBeTruthy();
	} );
} );
