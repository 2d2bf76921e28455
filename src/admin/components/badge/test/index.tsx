/**
 * External dependencies
 */
import { render, screen } from '@testing-library/react';

/**
 * Internal dependencies
 */
import Badge from '..';

describe( 'Badge', () => {
	it( 'shows its text, with the tone as a class only', () => {
		render( <Badge tone="error">Critical</Badge> );

		const badge = screen.getByText( 'Critical' );
		expect( badge.className ).toBe(
			'proxy-health-badge proxy-health-badge--error'
		);
	} );
} );
