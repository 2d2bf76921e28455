/**
 * External dependencies
 */
import { act, fireEvent, render, screen } from '@testing-library/react';

/**
 * Internal dependencies
 */
import ViewSwitcher from '..';
import type { PanelView } from '..';

const overview: PanelView = {
	name: 'overview',
	title: 'Overview',
	render: () => <p>Overview content</p>,
};
const history: PanelView = {
	name: 'history',
	title: 'History',
	render: () => <p>History content</p>,
};

describe( 'ViewSwitcher', () => {
	it( 'renders a single view without tabs', () => {
		render( <ViewSwitcher views={ [ overview ] } /> );

		expect( screen.getByText( 'Overview content' ) ).toBeTruthy();
		expect( screen.queryByRole( 'tablist' ) ).toBeNull();
	} );

	it( 'renders several views as tabs', async () => {
		// The tabs (Ariakit) settle their state after mounting.
		await act( async () => {
			render( <ViewSwitcher views={ [ overview, history ] } /> );
		} );

		expect(
			screen.getAllByRole( 'tab' ).map( ( tab ) => tab.textContent )
		).toEqual( [ 'Overview', 'History' ] );
		expect( screen.getByText( 'Overview content' ) ).toBeTruthy();

		await act( async () => {
			fireEvent.click( screen.getByRole( 'tab', { name: 'History' } ) );
		} );

		expect( screen.getByText( 'History content' ) ).toBeTruthy();
		expect( screen.queryByText( 'Overview content' ) ).toBeNull();
	} );
} );
