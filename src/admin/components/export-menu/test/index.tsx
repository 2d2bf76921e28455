/**
 * External dependencies
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react';

/**
 * Internal dependencies
 */
import ExportMenu, { exportFileName } from '..';
import { STATUS } from '../../../../api/test-utils/fake-fetch';
import { fakeNetworkForEachTest } from '../../../test-utils/view';
import type { ReportDocument } from '../../../../api/types';

const network = fakeNetworkForEachTest();

/**
 * A Blob's text (jsdom's Blob has no text()).
 *
 * @param blob The Blob.
 */
function readBlob( blob: Blob | undefined ): Promise< string > {
	return new Promise( ( resolve, reject ) => {
		const reader = new FileReader();
		reader.onload = () => resolve( String( reader.result ) );
		reader.onerror = reject;
		reader.readAsText( blob as Blob );
	} );
}

const DOCUMENT: ReportDocument = {
	generatedAt: '2026-11-26T10:30:00Z',
	site: { url: 'http://site.test', wp: '6.6.2', php: '8.2.26' },
	status: STATUS,
	latestProbeReport: null,
	hooks: { hooks: [], owners: [] },
	inbound: null,
	evidence: null,
	bisections: null,
};

// jsdom implements neither object URLs nor navigation; these stand in for the browser's.
let blobs: Blob[];
let clicked: Array< { href: string; download: string } >;

beforeEach( () => {
	blobs = [];
	clicked = [];
	URL.createObjectURL = jest.fn( ( blob: Blob ) => {
		blobs.push( blob );
		return `blob:test/${ blobs.length }`;
	} );
	URL.revokeObjectURL = jest.fn();
	jest.spyOn( HTMLAnchorElement.prototype, 'click' ).mockImplementation(
		function ( this: HTMLAnchorElement ) {
			clicked.push( { href: this.href, download: this.download } );
		}
	);
} );

afterEach( () => {
	jest.restoreAllMocks();
} );

async function choose( item: string ) {
	fireEvent.click( screen.getByRole( 'button', { name: 'Export' } ) );
	const menuItem = await screen.findByRole( 'menuitem', {
		name: new RegExp( item ),
	} );
	await act( async () => {
		fireEvent.click( menuItem );
	} );
}

describe( 'ExportMenu', () => {
	it( 'downloads GET /report as a JSON file', async () => {
		network.answerJson( 200, DOCUMENT );
		render( <ExportMenu /> );
		await choose( 'Download JSON' );

		expect( network.requests[ 0 ]?.url ).toBe(
			'/proxy-health/v1/report?_locale=user'
		);
		expect( clicked ).toEqual( [
			{
				href: 'blob:test/1',
				download: expect.stringMatching(
					/^proxy-health-report-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.json$/
				),
			},
		] );
		expect( blobs[ 0 ]?.type ).toBe( 'application/json' );
		expect( JSON.parse( await readBlob( blobs[ 0 ] ) ) ).toEqual(
			DOCUMENT
		);
	} );

	it( 'opens the printable bundle in the tab it opened on click, cut off from the panel', async () => {
		const tab = {
			location: { href: '' },
			close: jest.fn(),
			opener: window as Window | null,
		};
		const open = jest
			.spyOn( window, 'open' )
			.mockReturnValue( tab as unknown as Window );
		network.answer( {
			status: 200,
			body: '<!DOCTYPE html><title>Proxy Health report</title>',
		} );
		render( <ExportMenu /> );
		await choose( 'Printable report' );

		expect( open ).toHaveBeenCalledWith( '', '_blank' );
		expect( network.requests[ 0 ]?.url ).toBe(
			'/proxy-health/v1/evidence/bundle?format=html&_locale=user'
		);
		expect( tab.location.href ).toBe( 'blob:test/1' );
		expect( tab.opener ).toBeNull();
		expect( blobs[ 0 ]?.type ).toBe( 'text/html' );
		expect( await readBlob( blobs[ 0 ] ) ).toContain(
			'Proxy Health report'
		);
	} );

	it( 'turns a refused export into an actionable notice and closes the empty tab', async () => {
		const tab = { location: { href: '' }, close: jest.fn() };
		jest.spyOn( window, 'open' ).mockReturnValue(
			tab as unknown as Window
		);
		network.answerJson( 404, {
			code: 'rest_no_route',
			message: 'No route was found matching the URL and request method.',
			data: { status: 404 },
		} );
		const { container } = render( <ExportMenu /> );
		await choose( 'Printable report' );

		// Inside the panel: speak() repeats the notice in a live region elsewhere.
		const notice = await within( container ).findByText(
			'The report could not be exported.'
		);
		expect(
			within(
				notice.closest( '.components-notice' ) as HTMLElement
			).getByText( /REST routes are not registered/ )
		).toBeTruthy();
		expect( tab.close ).toHaveBeenCalled();
	} );

	it.each( [
		[ 'Allow-list (CSV)', 'csv', 'text/csv', 'csv' ],
		[ 'Allow-list (text)', 'text', 'text/plain', 'txt' ],
	] )(
		'downloads %s from GET /allow-list as a file',
		async ( item, format, type, extension ) => {
			const body =
				format === 'csv'
					? '"scheme","host","port"\r\n"https","api.wordpress.org","443"\r\n'
					: 'https://api.wordpress.org:443\n';
			network.answer( { status: 200, body } );
			render( <ExportMenu /> );
			await choose( item.replace( /[()]/g, '\\$&' ) );

			expect( network.requests[ 0 ]?.url ).toBe(
				`/proxy-health/v1/allow-list?format=${ format }&_locale=user`
			);
			expect( clicked ).toEqual( [
				{
					href: 'blob:test/1',
					download: expect.stringMatching(
						new RegExp(
							`^proxy-health-allow-list-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.${ extension }$`
						)
					),
				},
			] );
			expect( blobs[ 0 ]?.type ).toBe( type );
			expect( await readBlob( blobs[ 0 ] ) ).toBe( body );
		}
	);

	it( 'turns a refused allow-list into an actionable notice', async () => {
		network.answerJson( 403, {
			code: 'rest_forbidden',
			message: 'Sorry, only site administrators can use Proxy Health.',
			data: { status: 403 },
		} );
		const { container } = render( <ExportMenu /> );
		await choose( 'Allow-list \\(CSV\\)' );

		expect(
			await within( container ).findByText(
				'The report could not be exported.'
			)
		).toBeTruthy();
		expect( clicked ).toEqual( [] );
	} );

	it( 'names files so they sort by time', () => {
		expect( exportFileName( 'html' ) ).toMatch(
			/^proxy-health-report-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.html$/
		);
	} );
} );
