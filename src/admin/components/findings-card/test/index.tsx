/**
 * External dependencies
 */
import { fireEvent, render, screen, within } from '@testing-library/react';

/**
 * Internal dependencies
 */
import FindingsCard from '..';
import {
	installFakeFetch,
	STATUS,
} from '../../../../api/test-utils/fake-fetch';
import { diagnosisOf } from '../../../../api/test-utils/diagnoses';
import { REPORT_407 } from '../../../../api/test-utils/probe-reports';
import Overview from '../../overview';

// How each finding is shown is tested in diagnosis-item/test.
describe( 'FindingsCard', () => {
	it( 'is a region named Findings listing critical, then recommended, then good', () => {
		render(
			<FindingsCard
				findings={ [
					diagnosisOf( 'proxy_config_ok', 'good' ),
					diagnosisOf( 'bypass_entry_case', 'recommended' ),
					diagnosisOf( 'proxy_port_invalid', 'critical' ),
					diagnosisOf( 'proxy_host_has_port', 'critical' ),
				] }
			/>
		);

		const region = screen.getByRole( 'region', { name: 'Findings' } );
		expect(
			within( region )
				.getAllByRole( 'heading', { level: 3 } )
				.map( ( heading ) => heading.textContent )
		).toEqual( [
			'Critical Title of proxy_port_invalid',
			'Critical Title of proxy_host_has_port',
			'Recommended Title of bypass_entry_case',
			'Good Title of proxy_config_ok',
		] );
		expect(
			region.querySelector( '[data-code="proxy_port_invalid"]' )
		).not.toBeNull();
	} );

	it( 'says so when the server sent no findings', () => {
		render( <FindingsCard findings={ [] } /> );

		expect(
			within(
				screen.getByRole( 'region', { name: 'Findings' } )
			).getByText( 'The configuration was not checked.' )
		).toBeTruthy();
	} );

	it( 'appears in the overview after the diagnoses and before the proxy configuration', async () => {
		const network = installFakeFetch();
		try {
			network.answerJson( 200, {
				...STATUS,
				findings: [
					diagnosisOf( 'proxy_host_has_scheme', 'recommended' ),
				],
			} );
			network.answerJson( 200, REPORT_407 );
			render( <Overview /> );
			fireEvent.click(
				screen.getByRole( 'button', { name: 'Run checks' } )
			);
			await screen.findByRole( 'region', { name: 'Diagnoses' } );

			const regions = screen
				.getAllByRole( 'region' )
				.map( ( region ) => region.getAttribute( 'aria-labelledby' ) )
				.map(
					( id ) => document.getElementById( id ?? '' )?.textContent
				);
			const findings = regions.indexOf( 'Findings' );
			expect( findings ).toBeGreaterThan(
				regions.indexOf( 'Diagnoses' )
			);
			expect( findings ).toBeLessThan(
				regions.indexOf( 'Proxy configuration' )
			);
			expect(
				within(
					screen.getByRole( 'region', { name: 'Findings' } )
				).getByText( 'Title of proxy_host_has_scheme' )
			).toBeTruthy();
		} finally {
			network.restore();
		}
	} );
} );
