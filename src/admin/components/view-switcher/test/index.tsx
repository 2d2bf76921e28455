/**
 * External dependencies
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react';

/**
 * WordPress dependencies
 */
import { useState } from '@wordpress/element';

/**
 * Internal dependencies
 */
import ViewSwitcher from '..';
import type { PanelView } from '..';

function Counter() {
	const [ count, setCount ] = useState( 0 );
	return (
		<button type="button" onClick={ () => setCount( count + 1 ) }>
			{ `Clicked ${ count }` }
		</button>
	);
}

const overview: PanelView = {
	name: 'overview',
	title: 'Overview',
	render: () => (
		<>
			<p>Overview content</p>
			<Counter />
		</>
	),
};

let resolveHistory: ( () => void ) | null = null;
const loadHistory = jest.fn(
	() =>
		new Promise< { default: () => JSX.Element } >( ( resolve ) => {
			resolveHistory = () =>
				resolve( { default: () => <p>History content</p> } );
		} )
);
const history: PanelView = {
	name: 'history',
	title: 'History',
	load: loadHistory,
};
const broken: PanelView = {
	name: 'broken',
	title: 'Broken',
	load: () => Promise.reject( new Error( 'ChunkLoadError' ) ),
};

function panelOf( name: string ) {
	return document.getElementById( `proxy-health-view-panel-${ name }` );
}

beforeEach( () => {
	window.history.replaceState(
		null,
		'',
		'/wp-admin/tools.php?page=proxy-health'
	);
	loadHistory.mockClear();
	resolveHistory = null;
} );

describe( 'ViewSwitcher', () => {
	it( 'renders a single view without tabs', () => {
		render( <ViewSwitcher views={ [ overview ] } /> );

		expect( screen.getByText( 'Overview content' ) ).toBeTruthy();
		expect( screen.queryByRole( 'tablist' ) ).toBeNull();
	} );

	it( 'loads a lazy view only when opened, keeps the URL in step and the other view mounted', async () => {
		render( <ViewSwitcher views={ [ overview, history ] } /> );

		expect(
			screen.getAllByRole( 'tab' ).map( ( tab ) => tab.textContent )
		).toEqual( [ 'Overview', 'History' ] );
		expect(
			screen.getByRole( 'tab', { selected: true } ).textContent
		).toBe( 'Overview' );
		expect( loadHistory ).not.toHaveBeenCalled();
		fireEvent.click( screen.getByRole( 'button', { name: 'Clicked 0' } ) );

		fireEvent.click( screen.getByRole( 'tab', { name: 'History' } ) );

		expect( window.location.search ).toBe(
			'?page=proxy-health&view=history'
		);
		expect( loadHistory ).toHaveBeenCalledTimes( 1 );
		expect( screen.getByText( 'Loading…' ) ).toBeTruthy();
		await act( async () => resolveHistory?.() );
		expect( await screen.findByText( 'History content' ) ).toBeTruthy();
		expect( panelOf( 'overview' )?.hidden ).toBe( true );
		expect( panelOf( 'history' )?.hidden ).toBe( false );
		expect( panelOf( 'history' )?.getAttribute( 'aria-labelledby' ) ).toBe(
			'proxy-health-view-tab-history'
		);

		// Back to Overview: the default view drops `view` from the URL; its state survived.
		fireEvent.click( screen.getByRole( 'tab', { name: 'Overview' } ) );
		expect( window.location.search ).toBe( '?page=proxy-health' );
		expect(
			screen.getByRole( 'button', { name: 'Clicked 1' } )
		).toBeTruthy();
		expect( loadHistory ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'opens the view the URL names, and follows back and forward', async () => {
		window.history.replaceState(
			null,
			'',
			'/wp-admin/tools.php?page=proxy-health&view=history'
		);
		render( <ViewSwitcher views={ [ overview, history ] } /> );
		await act( async () => resolveHistory?.() );

		expect(
			screen.getByRole( 'tab', { selected: true } ).textContent
		).toBe( 'History' );
		expect( await screen.findByText( 'History content' ) ).toBeTruthy();

		fireEvent.click( screen.getByRole( 'tab', { name: 'Overview' } ) );
		expect(
			screen.getByRole( 'tab', { selected: true } ).textContent
		).toBe( 'Overview' );

		// What the browser does on Back: the URL changes first, then popstate fires.
		await act( async () => {
			window.history.replaceState(
				null,
				'',
				'/wp-admin/tools.php?page=proxy-health&view=history'
			);
			window.dispatchEvent( new PopStateEvent( 'popstate' ) );
		} );
		expect(
			screen.getByRole( 'tab', { selected: true } ).textContent
		).toBe( 'History' );
	} );

	it( 'falls back to the first view for an unknown view in the URL', () => {
		window.history.replaceState(
			null,
			'',
			'/wp-admin/tools.php?page=proxy-health&view=nope'
		);
		render( <ViewSwitcher views={ [ overview, history ] } /> );

		expect(
			screen.getByRole( 'tab', { selected: true } ).textContent
		).toBe( 'Overview' );
		expect( screen.getByText( 'Overview content' ) ).toBeTruthy();
	} );

	it( 'moves between tabs with the arrow keys, with one tab in the Tab order', async () => {
		render( <ViewSwitcher views={ [ overview, history ] } /> );
		const [ first, second ] = screen.getAllByRole( 'tab' );

		expect( first?.getAttribute( 'tabindex' ) ).toBe( '0' );
		expect( second?.getAttribute( 'tabindex' ) ).toBe( '-1' );

		first?.focus();
		fireEvent.keyDown( first as HTMLElement, { key: 'ArrowRight' } );
		await act( async () => resolveHistory?.() );

		expect( second?.ownerDocument.activeElement ).toBe( second );
		expect( second?.getAttribute( 'aria-selected' ) ).toBe( 'true' );
		fireEvent.keyDown( second as HTMLElement, { key: 'ArrowRight' } );
		expect( first?.ownerDocument.activeElement ).toBe( first );
	} );

	it( 'says what to do when a view cannot be loaded', async () => {
		// React logs the caught error; keep the test output readable.
		const consoleError = jest
			.spyOn( console, 'error' )
			.mockImplementation( () => undefined );
		try {
			const { container } = render(
				<ViewSwitcher views={ [ overview, broken ] } />
			);
			// Inside the panel only: the same words are also spoken into a live region elsewhere
			// in the document, and whether that has happened yet depends on timing.
			const panel = within( container );

			fireEvent.click( panel.getByRole( 'tab', { name: 'Broken' } ) );

			expect(
				await panel.findByText( /This view could not be loaded/ )
			).toBeTruthy();
			expect(
				panel.getByRole( 'button', { name: 'Reload the page' } )
			).toBeTruthy();
		} finally {
			consoleError.mockRestore();
		}
	} );
} );
