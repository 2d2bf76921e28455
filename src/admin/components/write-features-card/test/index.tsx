/**
 * External dependencies
 */
import { render, screen, within } from '@testing-library/react';

/**
 * Internal dependencies
 */
import WriteFeaturesCard from '..';
import type { WriteFeatures } from '../../../../api/types';

const ON = { available: true, reason: null } as const;

describe( 'WriteFeaturesCard', () => {
	it( 'says every write feature is available and gives no manual steps', () => {
		render(
			<WriteFeaturesCard
				features={ {
					debugSwitch: ON,
					applyCredentials: ON,
					bisection: ON,
				} }
			/>
		);
		const region = screen.getByRole( 'region', { name: 'File changes' } );
		expect( within( region ).getAllByText( 'Available' ) ).toHaveLength(
			3
		);
		expect( within( region ).queryByRole( 'list' ) ).toBeNull();
	} );

	it( 'with DISALLOW_FILE_MODS, says why each is off, what still works and the manual steps', () => {
		const off = {
			available: false,
			reason: 'file_mods_disallowed',
		} as const;
		const features: WriteFeatures = {
			debugSwitch: off,
			applyCredentials: off,
			bisection: off,
		};
		render( <WriteFeaturesCard features={ features } /> );
		const region = screen.getByRole( 'region', { name: 'File changes' } );
		expect(
			within( region ).getAllByText(
				'Off: file changes are turned off on this site (DISALLOW_FILE_MODS).'
			)
		).toHaveLength( 3 );
		expect( region.textContent ).toContain(
			'the credentials test (without saving)'
		);
		const steps = within( region ).getByRole( 'list' );
		expect( within( steps ).getAllByRole( 'listitem' ) ).toHaveLength( 3 );
		expect( steps.textContent ).toContain( 'WP_DEBUG_LOG' );
	} );

	it( 'gives only the steps of the features that are off', () => {
		render(
			<WriteFeaturesCard
				features={ {
					debugSwitch: {
						available: false,
						reason: 'config_unwritable',
					},
					applyCredentials: {
						available: false,
						reason: 'config_unwritable',
					},
					bisection: ON,
				} }
			/>
		);
		const region = screen.getByRole( 'region', { name: 'File changes' } );
		expect(
			within( region ).getAllByText(
				'Off: PHP may not write wp-config.php or its folder.'
			)
		).toHaveLength( 2 );
		expect(
			within( within( region ).getByRole( 'list' ) ).getAllByRole(
				'listitem'
			)
		).toHaveLength( 2 );
	} );
} );
