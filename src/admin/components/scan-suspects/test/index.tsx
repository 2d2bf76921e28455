/**
 * External dependencies
 */
import { act, fireEvent, within } from '@testing-library/react';

/**
 * Internal dependencies
 */
import ScanSuspects, { SearchOrder } from '..';
import BisectionView from '../../bisection-view';
import {
	fakeNetworkForEachTest,
	renderForTest,
	type ViewQueries,
} from '../../../test-utils/view';
import { SCAN } from '../../../../api/test-utils/scan';
import type { Bisection, SiteScanReport } from '../../../../api/types';

let view: ViewQueries;
let unmount: () => void;
const network = fakeNetworkForEachTest();

function show( element: JSX.Element ) {
	( { view, unmount } = renderForTest( element ) );
}

const PLUGINS = [
	{ plugin: 'bad/bad', name: 'Bad Proxy Auth' },
	{ plugin: 'quiet/quiet', name: 'Quiet' },
];

const RAW: SiteScanReport[ 'suspects' ][ number ] = {
	type: 'plugin',
	slug: 'raw',
	score: 12,
	hits: [
		{
			code: 'curl_proxy_option',
			weight: 9,
			file: 'plugins/raw/raw.php',
			line: 22,
			detail: 'curl_setopt( CURLOPT_PROXY )',
		},
		{
			code: 'raw_curl',
			weight: 3,
			file: 'plugins/raw/raw.php',
			line: 21,
			detail: 'curl_init() bypasses the WordPress HTTP API',
		},
	],
};

const RUN: Bisection = {
	id: '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b',
	status: 'done',
	mode: 'ddmin',
	driver: 'client',
	plugins: [ 'quiet/quiet.php', 'raw/raw.php', 'bad/bad.php' ],
	order: [
		{ plugin: 'bad/bad.php', reason: 'hooks' },
		{ plugin: 'raw/raw.php', reason: 'scan' },
		{ plugin: 'quiet/quiet.php', reason: 'none' },
	],
	probesUsed: 2,
	probesEstimated: 4,
	steps: [],
	conclusion: 'inconclusive',
	culprits: [],
	clone: { prefix: 'wp_phbx1a2b_', state: 'dropped' },
};

function scanButton() {
	return view.getByRole( 'button', { name: 'Scan the site’s code' } );
}

describe( 'ScanSuspects', () => {
	it( 'scans on request and lists each suspect with its score, findings and file:line', async () => {
		network.answerJson( 200, SCAN );
		network.answerJson( 200, PLUGINS );
		const scanned = jest.fn();
		show( <ScanSuspects onScanned={ scanned } /> );
		expect( network.requests ).toEqual( [] );

		fireEvent.click( scanButton() );
		const suspect = ( await view.findByText( 'Bad Proxy Auth' ) ).closest(
			'li'
		) as HTMLElement;
		expect(
			network.requests.map( ( { url } ) =>
				url.replace( /[?&]_locale=user/, '' )
			)
		).toEqual( [
			'/proxy-health/v1/scan',
			'/wp/v2/plugins?_fields=plugin%2Cname',
		] );
		expect( suspect.getAttribute( 'data-slug' ) ).toBe( 'bad' );
		expect(
			within( suspect ).getByText( 'Plugin, score 16' )
		).toBeTruthy();
		const hits = within( suspect )
			.getAllByRole( 'listitem' )
			.map( ( item ) => [
				item.getAttribute( 'data-code' ),
				item.textContent,
			] );
		expect( hits ).toEqual( [
			[
				'curl_proxy_option',
				'Sets cURL proxy options plugins/bad/bad.php:24 curl_setopt( CURLOPT_PROXYUSERPWD )',
			],
			[
				'hook_http_api_curl',
				"Changes WordPress’s cURL handle (http_api_curl) plugins/bad/bad.php:20 add_action( 'http_api_curl' )",
			],
		] );
		expect( view.getByText( '2 files could not be scanned' ) ).toBeTruthy();
		expect( view.getByText( 'plugins/a/broken.php:2' ) ).toBeTruthy();
		expect( view.getByText( 'Too large; not scanned' ) ).toBeTruthy();
		expect( scanned ).toHaveBeenCalledWith( SCAN );
		expect(
			view.getByRole( 'button', { name: 'Scan again' } )
		).toBeTruthy();
	} );

	it( 'says when nothing was found or a bound stopped the scan, and retries after an error', async () => {
		network.answerJson( 500, {
			code: 'internal_server_error',
			message: 'Boom',
			data: { status: 500 },
		} );
		show( <ScanSuspects /> );
		fireEvent.click( scanButton() );
		expect(
			await view.findByText( 'The site’s code could not be scanned.' )
		).toBeTruthy();

		network.answerJson( 200, {
			...SCAN,
			suspects: [],
			problems: [],
			truncated: true,
		} );
		network.answerJson( 200, [] );
		fireEvent.click( view.getByRole( 'button', { name: 'Retry' } ) );
		expect(
			await view.findByText(
				/^No active plugin, must-use plugin or theme/
			)
		).toBeTruthy();
		expect(
			view.getByText( /The scan stopped at its time or file limit/ )
		).toBeTruthy();
	} );
} );

describe( 'SearchOrder', () => {
	it( 'says why each plugin is where it is, with the scan’s score when the scan ran here', () => {
		show(
			<SearchOrder
				run={ RUN }
				names={ { 'bad/bad.php': 'Bad Proxy Auth' } }
				scan={ { ...SCAN, suspects: [ ...SCAN.suspects, RAW ] } }
			/>
		);
		const entries = view
			.getAllByRole( 'listitem' )
			.map( ( item ) => [
				item.getAttribute( 'data-reason' ),
				item.textContent,
			] );
		expect( entries ).toEqual( [
			[
				'hooks',
				'Bad Proxy Auth Tried first: it has callbacks on WordPress’s HTTP hooks on the live site. The static scan scored it 16: Sets cURL proxy options; Changes WordPress’s cURL handle (http_api_curl).',
			],
			[
				'scan',
				'raw/raw.php Tried early: the static scan found code in it that touches HTTP or proxies. The static scan scored it 12: Sets cURL proxy options; Uses cURL directly, around the WordPress HTTP API.',
			],
			[
				'none',
				'quiet/quiet.php No sign of HTTP or proxy code: tried in its usual place.',
			],
		] );
	} );

	it( 'gives the reason alone without a scan, and nothing for runs stored without an order', () => {
		show( <SearchOrder run={ RUN } names={ {} } /> );
		expect( view.getByText( /^Tried early/ ).textContent ).toBe(
			'Tried early: the static scan found code in it that touches HTTP or proxies.'
		);
		unmount();
		const { order: _order, ...stored } = RUN;
		show( <SearchOrder run={ stored } names={ {} } /> );
		expect( view.queryByRole( 'region' ) ).toBeNull();
	} );
} );

describe( 'BisectionView with the scan', () => {
	it( 'shows the suspects before a run, then the search order with the scan’s findings', async () => {
		network.answerJson( 200, {
			...SCAN,
			suspects: [ ...SCAN.suspects, RAW ],
		} );
		network.answerJson( 200, PLUGINS );
		show( <BisectionView /> );
		fireEvent.click( scanButton() );
		expect( await view.findByText( 'Plugin, score 12' ) ).toBeTruthy();

		network.answerJson( 200, PLUGINS );
		network.answerJson( 201, RUN );
		await act( async () => {
			fireEvent.click( view.getByRole( 'button', { name: 'Start' } ) );
		} );
		const order = await view.findByRole( 'region', {
			name: 'Search order',
		} );
		expect(
			view.queryByRole( 'region', { name: 'Likely suspects' } )
		).toBeNull();
		const raw = order.querySelector(
			'[data-plugin="raw/raw.php"]'
		) as HTMLElement;
		expect( raw.getAttribute( 'data-reason' ) ).toBe( 'scan' );
		expect( raw.textContent ).toContain( 'The static scan scored it 12' );
	} );
} );
