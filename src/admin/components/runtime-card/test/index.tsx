/**
 * External dependencies
 */
import { render, screen, within } from '@testing-library/react';

/**
 * Internal dependencies
 */
import RuntimeCard from '..';
import { STATUS } from '../../../../api/test-utils/fake-fetch';
import type { ParallelFsockopen } from '../../../../api/types';

describe( 'RuntimeCard', () => {
	it.each( [
		[ { available: true, reason: null }, 'side by side' ],
		[
			{ available: false, reason: 'php_version' },
			'one after another (side by side needs PHP 8.1 or later)',
		],
		[
			{ available: false, reason: 'php_wasm' },
			'one after another (PHP in WebAssembly cannot run them side by side)',
		],
		[
			{ available: false, reason: 'filter' },
			'one after another (turned off by the proxy_health_probe_fibers filter)',
		],
	] as Array< [ ParallelFsockopen, string ] > )(
		'says how fsockopen probes run: %o',
		( parallelFsockopen, text ) => {
			render(
				<RuntimeCard
					runtime={ { ...STATUS.runtime, parallelFsockopen } }
				/>
			);
			const region = screen.getByRole( 'region', { name: 'Runtime' } );
			expect(
				within( region ).getByText( 'fsockopen probes' )
			).toBeTruthy();
			expect( within( region ).getByText( text ) ).toBeTruthy();
		}
	);
} );
