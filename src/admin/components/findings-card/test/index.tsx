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
import { REPORT_407 } from '../../../../api/test-utils/probe-reports';
import type { Finding } from '../../../../api/types';
import Overview from '../../overview';

function finding(
	code: string,
	severity: Finding[ 'severity' ],
	extra: Partial< Finding > = {}
): Finding {
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

describe( 'FindingsCard', () => {
	it( 'is a region named Findings listing critical, then recommended, then good', () => {
		render(
			<FindingsCard
				findings={ [
					finding( 'proxy_config_ok', 'good' ),
					finding( 'bypass_entry_case', 'recommended' ),
					finding( 'proxy_port_invalid', 'critical' ),
					finding( 'proxy_host_has_port', 'critical' ),
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

	it( 'shows the detail, the remedies and the evidence in a closed disclosure', () => {
		render(
			<FindingsCard
				findings={ [
					finding( 'proxy_constants_after_settings', 'critical', {
						detail: 'Defined after wp-settings.php.',
						remedies: [ 'Move the lines up.' ],
						evidence: [
							'wp-config.php line 10: wp-settings.php is required',
							'wp-config.php line 11: WP_PROXY_PORT is defined (define())',
						],
					} ),
				] }
			/>
		);

		const region = screen.getByRole( 'region', { name: 'Findings' } );
		expect(
			within( region ).getByText( 'Defined after wp-settings.php.' )
		).toBeTruthy();
		expect(
			within( region ).getByRole( 'heading', {
				level: 4,
				name: 'How to fix it',
			} )
		).toBeTruthy();
		expect(
			within( region )
				.getAllByRole( 'listitem' )
				.map( ( item ) => item.textContent )
		).toContain( 'Move the lines up.' );

		const summary = within( region ).getByText( 'Evidence (2)' );
		const details = summary.closest( 'details' ) as HTMLDetailsElement;
		expect( details.open ).toBe( false );
		expect(
			Array.from( details.querySelectorAll( 'code' ) ).map(
				( code ) => code.textContent
			)
		).toEqual( [
			'wp-config.php line 10: wp-settings.php is required',
			'wp-config.php line 11: WP_PROXY_PORT is defined (define())',
		] );
	} );

	it( 'leaves out the remedies heading and the evidence when there are none', () => {
		render(
			<FindingsCard
				findings={ [ finding( 'proxy_not_configured', 'good' ) ] }
			/>
		);

		const region = screen.getByRole( 'region', { name: 'Findings' } );
		expect(
			within( region ).queryByRole( 'heading', { level: 4 } )
		).toBeNull();
		expect( region.querySelector( 'details' ) ).toBeNull();
		expect(
			within( region ).getByText( 'Good', { exact: false } )
		).toBeTruthy();
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
				findings: [ finding( 'proxy_host_has_scheme', 'recommended' ) ],
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
