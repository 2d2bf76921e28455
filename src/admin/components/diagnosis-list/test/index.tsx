/**
 * External dependencies
 */
import { render, screen, within } from '@testing-library/react';

/**
 * Internal dependencies
 */
import DiagnosisList from '..';
import { diagnosisOf } from '../../../../api/test-utils/diagnoses';

// How each diagnosis is shown is tested in diagnosis-item/test.
describe( 'DiagnosisList', () => {
	it( 'is a region named Diagnoses listing critical, then recommended, then good, keeping the order within a severity', () => {
		render(
			<DiagnosisList
				diagnoses={ [
					diagnosisOf( 'good_one', 'good' ),
					diagnosisOf( 'recommended_one', 'recommended' ),
					diagnosisOf( 'critical_one', 'critical', {
						evidence: [ 'GET a → 407' ],
					} ),
					diagnosisOf( 'critical_two', 'critical' ),
				] }
			/>
		);

		const region = screen.getByRole( 'region', { name: 'Diagnoses' } );
		expect(
			within( region )
				.getAllByRole( 'heading', { level: 3 } )
				.map( ( heading ) => heading.textContent )
		).toEqual( [
			'Critical Title of critical_one',
			'Critical Title of critical_two',
			'Recommended Title of recommended_one',
			'Good Title of good_one',
		] );
		expect(
			region.querySelector( '[data-code="critical_one"] details' )
		).not.toBeNull();
	} );
} );
