/**
 * External dependencies
 */
import { render, screen, within } from '@testing-library/react';

/**
 * Internal dependencies
 */
import DiagnosisList from '..';
import type { Diagnosis } from '../../../../api/types';

function diagnosis(
	code: string,
	severity: Diagnosis[ 'severity' ],
	extra: Partial< Diagnosis > = {}
): Diagnosis {
	return {
		code,
		severity,
		title: `Title of ${ code }`,
		detail: `Detail of ${ code }`,
		remedies: [],
		evidence: [],
		...extra,
	};
}

describe( 'DiagnosisList', () => {
	it( 'lists critical, then recommended, then good, keeping the order within a severity', () => {
		render(
			<DiagnosisList
				diagnoses={ [
					diagnosis( 'good_one', 'good' ),
					diagnosis( 'recommended_one', 'recommended' ),
					diagnosis( 'critical_one', 'critical' ),
					diagnosis( 'critical_two', 'critical' ),
				] }
			/>
		);

		expect(
			screen
				.getAllByRole( 'heading', { level: 3 } )
				.map( ( heading ) => heading.textContent )
		).toEqual( [
			'Critical Title of critical_one',
			'Critical Title of critical_two',
			'Recommended Title of recommended_one',
			'Good Title of good_one',
		] );
	} );

	it( 'shows remedies as a list and evidence in a closed disclosure, repeated lines included', () => {
		render(
			<DiagnosisList
				diagnoses={ [
					diagnosis( 'proxy_auth_missing', 'critical', {
						remedies: [ 'Ask for credentials.', 'Define them.' ],
						evidence: [ 'GET a → 407', 'GET a → 407' ],
					} ),
				] }
			/>
		);

		const remedies = screen.getByRole( 'heading', {
			level: 4,
			name: 'How to fix it',
		} ).nextElementSibling as HTMLElement;
		expect(
			within( remedies )
				.getAllByRole( 'listitem' )
				.map( ( item ) => item.textContent )
		).toEqual( [ 'Ask for credentials.', 'Define them.' ] );
		const details = screen
			.getByText( 'Evidence (2)' )
			.closest( 'details' ) as HTMLDetailsElement;
		expect( details.open ).toBe( false );
		expect( within( details ).getAllByText( 'GET a → 407' ) ).toHaveLength(
			2
		);
	} );

	it( 'leaves out the remedies heading and the evidence when there are none', () => {
		render(
			<DiagnosisList diagnoses={ [ diagnosis( 'proxy_ok', 'good' ) ] } />
		);

		expect( screen.queryByText( 'How to fix it' ) ).toBeNull();
		expect( screen.queryByText( /Evidence/ ) ).toBeNull();
	} );
} );
