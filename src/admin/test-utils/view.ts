/**
 * External dependencies
 */
import { render, within } from '@testing-library/react';
import type { queries } from '@testing-library/react';
import type { ReactElement } from 'react';

/**
 * Internal dependencies
 */
import { installFakeFetch } from '../../api/test-utils/fake-fetch';

export type FakeFetch = ReturnType< typeof installFakeFetch >;

/** Queries that stay inside one rendered view. */
export type ViewQueries = ReturnType< typeof within< typeof queries > >;

/** What `renderForTest` rendered in the current test, unmounted before the network goes. */
const mounted: Array< () => void > = [];

/**
 * Gives every test of a file its own fake network: installed before the test, and restored
 * after it once the views `renderForTest` rendered are unmounted (so their aborts still reach
 * the fake). Call it once at the top of the file; the object it returns always stands for the
 * current test's network (`network.answerJson( … )`, `network.requests`).
 *
 * @return The current test's fake network.
 */
export function fakeNetworkForEachTest(): FakeFetch {
	let current: FakeFetch | null = null;
	beforeEach( () => {
		current = installFakeFetch();
	} );
	afterEach( () => {
		mounted.splice( 0 ).forEach( ( unmount ) => unmount() );
		current?.restore();
		current = null;
	} );
	return new Proxy( {} as FakeFetch, {
		get( _target, key ) {
			if ( ! current ) {
				throw new Error(
					'The fake network exists only during a test.'
				);
			}
			return Reflect.get( current, key );
		},
	} );
}

/**
 * Renders a view for one test. Its queries stay inside the view: speak() repeats messages in
 * live regions outside it, which would match twice.
 *
 * @param element The view.
 * @return Queries inside the view, and a function that unmounts it.
 */
export function renderForTest( element: ReactElement ): {
	view: ViewQueries;
	unmount: () => void;
} {
	const rendered = render( element );
	mounted.push( rendered.unmount );
	return { view: within( rendered.container ), unmount: rendered.unmount };
}
