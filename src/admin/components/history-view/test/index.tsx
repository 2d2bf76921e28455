/**
 * External dependencies
 */
import {
	act,
	fireEvent,
	queries,
	render,
	within,
} from '@testing-library/react';

/**
 * Internal dependencies
 */
import HistoryView from '..';
import { fakeNetworkForEachTest } from '../../../test-utils/view';
import {
	REPORT_407,
	REPORT_PASS,
} from '../../../../api/test-utils/probe-reports';
import type {
	Changes,
	ProbeHistoryPage,
	ProbeReport,
} from '../../../../api/types';

const network = fakeNetworkForEachTest();
let view: ReturnType< typeof within< typeof queries > >;

// Failed at 10:15 with the old proxy configuration, passed at 10:20 with the new one.
const FIXED: ProbeReport = {
	...REPORT_PASS,
	fingerprint: { ...REPORT_407.fingerprint, proxyConfigHash: 'new0hash' },
};

const PAGE: ProbeHistoryPage = {
	items: [
		{
			id: FIXED.id,
			createdAt: FIXED.createdAt,
			verdict: 'pass',
			counts: { results: 1, ok: 1, failed: 0, diagnoses: 1 },
		},
		{
			id: REPORT_407.id,
			createdAt: REPORT_407.createdAt,
			verdict: 'fail',
			counts: { results: 2, ok: 0, failed: 2, diagnoses: 2 },
		},
	],
	total: 2,
	page: 1,
	perPage: 10,
};

const paths = () =>
	network.requests.map( ( { url } ) =>
		url.replace( /[?&]_locale=user/, '' )
	);

function renderView() {
	view = within( render( <HistoryView /> ).container );
}

describe( 'HistoryView', () => {
	it( 'lists the reports and shows what fixed the site, computed from the fingerprints when GET /changes has no pair', async () => {
		network.answerJson( 200, PAGE );
		// GET /changes without a pair: WordPress answers a null result with an empty body.
		network.answer( { status: 200, body: '' } );
		network.answerJson( 200, FIXED );
		network.answerJson( 200, REPORT_407 );
		renderView();

		const changed = await view.findByRole( 'region', {
			name: 'What changed',
		} );
		const item = await within( changed ).findByText(
			'Proxy configuration (WP_PROXY_* in wp-config.php) changed:'
		);
		expect( item.closest( 'li' )?.textContent ).toContain(
			'3f2a9c0d41be7e55 → new0hash'
		);
		expect(
			within( changed ).getByText( /Between the last failing report/ )
		).toBeTruthy();
		expect( paths() ).toEqual( [
			'/proxy-health/v1/probes?page=1&per_page=10',
			'/proxy-health/v1/changes',
			`/proxy-health/v1/probes/${ FIXED.id }`,
			`/proxy-health/v1/probes/${ REPORT_407.id }`,
		] );

		const reports = view.getByRole( 'region', { name: 'Reports' } );
		const rows = within( reports ).getAllByRole( 'row' ).slice( 1 );
		expect(
			rows.map( ( row ) => row.getAttribute( 'data-verdict' ) )
		).toEqual( [ 'pass', 'fail' ] );
		expect( rows[ 1 ]?.textContent ).toContain( 'Fail' );
		expect( rows[ 1 ]?.textContent ).toContain(
			'0 of 2 requests OK, 2 diagnoses'
		);

		// Opening a report shows it as the Overview does.
		network.answerJson( 200, REPORT_407 );
		await act( async () => {
			fireEvent.click(
				within( rows[ 1 ] as HTMLElement ).getByRole( 'button', {
					name: /Open the report of/,
				} )
			);
		} );
		const banner = await view.findByRole( 'status' );
		expect( banner.getAttribute( 'data-verdict' ) ).toBe( 'fail' );
		expect(
			view.getByRole( 'region', { name: 'Probe results' } )
		).toBeTruthy();
		expect(
			view.getByRole( 'region', { name: 'Diagnoses' } )
		).toBeTruthy();
	} );

	it( 'shows GET /changes when the site broke after passing', async () => {
		const changes: Changes = {
			from: {
				id: 'a',
				createdAt: REPORT_PASS.createdAt,
				verdict: 'pass',
			},
			to: { id: 'b', createdAt: REPORT_407.createdAt, verdict: 'fail' },
			count: 2,
			plugins: {
				added: [
					{ file: 'corp-proxy/corp-proxy.php', version: '1.0' },
				],
				removed: [],
				updated: [],
			},
			muPlugins: null,
			dropins: null,
			theme: null,
			wp: { from: '6.6.1', to: '6.6.2' },
			php: null,
			proxyConfigHash: null,
			htaccessHash: null,
		};
		network.answerJson( 200, PAGE );
		network.answerJson( 200, changes );
		renderView();

		expect(
			await view.findByText(
				'Plugin added: corp-proxy/corp-proxy.php 1.0'
			)
		).toBeTruthy();
		expect(
			view.getByText( /Between the last passing report/ )
		).toBeTruthy();
		expect( view.getByText( '6.6.1 → 6.6.2' ) ).toBeTruthy();
		expect( network.requests ).toHaveLength( 2 );
	} );

	it( 'says when there is nothing yet, and turns a failed read into an actionable notice', async () => {
		network.answerJson( 500, {
			code: 'internal_server_error',
			message: 'There has been a critical error on this website.',
			data: { status: 500 },
		} );
		renderView();
		expect(
			await view.findByText( 'The history could not be read.' )
		).toBeTruthy();

		network.answerJson( 200, {
			items: [],
			total: 0,
			page: 1,
			perPage: 10,
		} );
		await act( async () => {
			fireEvent.click( view.getByRole( 'button', { name: 'Retry' } ) );
		} );
		expect( await view.findByText( /No reports yet/ ) ).toBeTruthy();
	} );
} );
