/**
 * External dependencies
 */
import { render, screen } from '@testing-library/react';

/**
 * Internal dependencies
 */
import VerdictBanner from '..';
import {
	REPORT_407,
	REPORT_PASS,
} from '../../../../api/test-utils/probe-reports';
import type { ProbeReport } from '../../../../api/types';

describe( 'VerdictBanner', () => {
	it( 'says that requests fail and names the first critical diagnosis', () => {
		render( <VerdictBanner report={ REPORT_407 } /> );

		const banner = screen.getByRole( 'status' );
		expect( banner.className ).toContain( 'proxy-health-verdict--fail' );
		expect( banner.textContent ).toBe(
			'Outbound requests failThe proxy rejects the username or password WordPress sends'
		);
		// Not dismissible: it is the answer, not a message.
		expect( screen.queryByRole( 'button' ) ).toBeNull();
	} );

	it( 'says that requests work, without a reason', () => {
		render( <VerdictBanner report={ REPORT_PASS } /> );

		expect(
			screen.getByRole( 'heading', { name: 'Outbound requests work' } )
		).toBeTruthy();
		expect( screen.getByRole( 'status' ).querySelector( 'p' ) ).toBeNull();
	} );

	it( 'shows a fail verdict whose diagnoses are not critical without a reason', () => {
		const report: ProbeReport = { ...REPORT_PASS, verdict: 'fail' };
		render( <VerdictBanner report={ report } /> );

		expect( screen.getByRole( 'status' ).textContent ).toBe(
			'Outbound requests fail'
		);
	} );
} );
