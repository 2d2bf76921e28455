/**
 * External dependencies
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react';

/**
 * Internal dependencies
 */
import Overview from '..';
import { resultRegions } from '../../../test-utils/result-regions';
import { STATUS } from '../../../../api/test-utils/fake-fetch';
import { fakeNetworkForEachTest } from '../../../test-utils/view';
import {
	REPORT_407,
	REPORT_PASS,
} from '../../../../api/test-utils/probe-reports';
import type { ProbeReport } from '../../../../api/types';

const network = fakeNetworkForEachTest();

function runChecks() {
	fireEvent.click( screen.getByRole( 'button', { name: 'Run checks' } ) );
}

/**
 * The cells of the results row whose header starts with the given text.
 *
 * @param table  The results table.
 * @param target Start of the row header ("GET https://…").
 */
function resultRow( table: HTMLElement, target: string ) {
	const header = within( table ).getByRole( 'rowheader', {
		name: target,
	} );
	return within( header.closest( 'tr' ) as HTMLElement )
		.getAllByRole( 'cell' )
		.map( ( cell ) => cell.textContent );
}

function isBefore( first: Element, second: Element ) {
	return Boolean(
		// eslint-disable-next-line no-bitwise
		first.compareDocumentPosition( second ) &
		Node.DOCUMENT_POSITION_FOLLOWING
	);
}

async function showReport( report: ProbeReport ) {
	network.answerJson( 200, STATUS );
	network.answerJson( 200, report );
	const rendered = render( <Overview /> );
	runChecks();
	await screen.findByRole( 'status' );
	return rendered;
}

describe( 'Overview', () => {
	it( 'shows a 407 run: fail banner, the diagnosis with remedies and evidence, the result rows', async () => {
		await showReport( REPORT_407 );

		const banner = screen.getByRole( 'status' );
		expect( banner.getAttribute( 'data-verdict' ) ).toBe( 'fail' );
		expect(
			within( banner ).getByRole( 'heading', {
				level: 2,
				name: 'Outbound requests fail',
			} )
		).toBeTruthy();
		expect(
			within( banner ).getByText(
				'The proxy rejects the username or password WordPress sends'
			)
		).toBeTruthy();

		const diagnoses = screen.getByRole( 'region', { name: 'Diagnoses' } );
		const titles = within( diagnoses )
			.getAllByRole( 'heading', { level: 3 } )
			.map( ( heading ) => heading.textContent );
		// Critical first, whatever the server's order.
		expect( titles ).toEqual( [
			'Critical The proxy rejects the username or password WordPress sends',
			'Recommended Some targets could not be reached',
		] );
		const rejected = within( diagnoses )
			.getByRole( 'heading', {
				name: /The proxy rejects the username or password/,
			} )
			.closest( 'li' ) as HTMLElement;
		expect( rejected.getAttribute( 'data-code' ) ).toBe(
			'proxy_auth_rejected'
		);
		expect(
			within( rejected ).getByText(
				/WordPress sent credentials for "alice"/
			)
		).toBeTruthy();
		expect(
			within( rejected ).getByRole( 'heading', {
				level: 4,
				name: 'How to fix it',
			} )
		).toBeTruthy();
		expect(
			within( rejected ).getByText(
				/Check WP_PROXY_USERNAME and WP_PROXY_PASSWORD in wp-config.php/
			)
		).toBeTruthy();
		const evidence = within( rejected )
			.getByText( 'Evidence (2)' )
			.closest( 'details' ) as HTMLDetailsElement;
		expect( evidence.open ).toBe( false );
		expect(
			within( evidence ).getByText(
				/CONNECT 407 · proxy offers Basic · cURL error 56/
			)
		).toBeTruthy();

		const table = within(
			screen.getByRole( 'region', { name: 'Probe results' } )
		).getByRole( 'table', {
			name: 'Requests sent by WordPress during the checks, one row per target and transport',
		} );
		expect(
			within( table )
				.getAllByRole( 'columnheader' )
				.map( ( header ) => header.textContent )
		).toEqual( [
			'Target',
			'Transport',
			'Route',
			'Outcome',
			'HTTP status',
			'CONNECT status',
			'Offered schemes',
			'Realm',
			'Proxy server',
			'Total time',
		] );
		expect(
			resultRow(
				table,
				'GET https://api.wordpress.org/core/version-check/1.7/'
			)
		).toEqual( [
			'cURL',
			'Via proxy',
			'Proxy authentication requiredcURL error 56: CONNECT tunnel failed, response 407',
			'—None',
			'407',
			'Basic',
			'—None',
			'—None',
			'4 ms',
		] );
		expect(
			resultRow( table, 'GET http://downloads.example.test/latest.zip' )
		).toEqual( [
			'cURL',
			'Via proxy',
			'Proxy authentication required',
			'407',
			'—None',
			'Basic',
			'Corporate proxy',
			'1.1 proxy.example.test (squid/5.7)',
			'3 ms',
		] );
		expect(
			resultRow( table, 'GET http://localhost/wp-cron.php' ).slice( 1, 4 )
		).toEqual( [
			'Direct (the proxy is bypassed for this host)',
			'OK',
			'200',
		] );
		expect(
			resultRow( table, 'GET http://example.test/' ).slice( 0, 3 )
		).toEqual( [ 'fsockopen', 'Via proxy', 'HTTP error from the target' ] );
	} );

	it( 'orders the page: verdict, diagnoses, results, then the configuration cards', async () => {
		await showReport( REPORT_407 );

		const order = [
			screen.getByRole( 'status' ),
			screen.getByRole( 'region', { name: 'Diagnoses' } ),
			screen.getByRole( 'region', { name: 'Probe results' } ),
			screen.getByRole( 'region', { name: 'Proxy configuration' } ),
			screen.getByRole( 'region', { name: 'Transports' } ),
			screen.getByRole( 'region', {
				name: 'Environment proxy variables',
			} ),
			screen.getByRole( 'region', { name: 'Runtime' } ),
		];
		order.slice( 1 ).forEach( ( element, index ) => {
			expect( isBefore( order[ index ] as Element, element ) ).toBe(
				true
			);
		} );
	} );

	it( 'shows a passing run: pass banner without a reason, the good diagnosis without remedies', async () => {
		await showReport( REPORT_PASS );

		const banner = screen.getByRole( 'status' );
		expect( banner.getAttribute( 'data-verdict' ) ).toBe( 'pass' );
		expect( banner.textContent ).toBe( 'Outbound requests work' );
		const diagnoses = screen.getByRole( 'region', { name: 'Diagnoses' } );
		expect(
			within( diagnoses ).getByRole( 'heading', {
				level: 3,
				name: 'Good Outbound requests work through the proxy',
			} )
		).toBeTruthy();
		expect(
			within( diagnoses ).queryByRole( 'heading', {
				name: 'How to fix it',
			} )
		).toBeNull();
		expect(
			resultRow(
				within(
					screen.getByRole( 'region', { name: 'Probe results' } )
				).getByRole( 'table' ),
				'GET https://api.wordpress.org/core/version-check/1.7/'
			)
		).toEqual( [
			'cURL',
			'Via proxy',
			'OK',
			'200',
			'200',
			'—None',
			'—None',
			'—None',
			'182 ms',
		] );
	} );

	it( 'shows a warning run with the first recommended diagnosis as its reason', async () => {
		await showReport( {
			...REPORT_407,
			verdict: 'warn',
			diagnoses: REPORT_407.diagnoses.filter(
				( { severity } ) => severity !== 'critical'
			),
		} );

		const banner = screen.getByRole( 'status' );
		expect(
			within( banner ).getByRole( 'heading', {
				name: 'Outbound requests work with warnings',
			} )
		).toBeTruthy();
		expect(
			within( banner ).getByText( 'Some targets could not be reached' )
		).toBeTruthy();
	} );

	it( 'cancels while the configuration is read: aborts the request, says so neutrally, shows no error', async () => {
		network.holdNext();
		network.answerJson( 200, STATUS );
		const { container } = render( <Overview /> );

		runChecks();
		const cancel = screen.getByRole( 'button', { name: 'Cancel' } );
		cancel.focus();
		fireEvent.click( cancel );

		expect( network.requests[ 0 ]?.init?.signal?.aborted ).toBe( true );
		const notice = (
			await within( container ).findByText( 'Checks cancelled' )
		).closest( '.components-notice' ) as HTMLElement;
		expect( notice.className ).toContain( 'is-info' );
		expect(
			container.querySelector( '.proxy-health-error-notice' )
		).toBeNull();
		expect( screen.queryByRole( 'button', { name: 'Cancel' } ) ).toBeNull();
		expect( screen.queryByText( 'Checking configuration…' ) ).toBeNull();
		expect( resultRegions() ).toEqual( [] );
		// Focus goes back to Run checks, not to the page.
		expect( cancel.ownerDocument.activeElement ).toBe(
			screen.getByRole( 'button', { name: 'Run checks' } )
		);
		// The aborted request settles without changing anything.
		await act( async () => network.release() );
		expect(
			within( container ).getByText( 'Checks cancelled' )
		).toBeTruthy();
		expect( network.requests ).toHaveLength( 1 );
	} );

	it( 'cancels while probing: aborts POST /probes, keeps the configuration cards', async () => {
		network.holdNext();
		network.answerJson( 200, STATUS );
		network.answerJson( 200, REPORT_407 );
		const { container } = render( <Overview /> );

		runChecks();
		network.holdNext();
		await act( async () => network.release() );
		await screen.findByText( 'Probing outbound requests…' );
		fireEvent.click( screen.getByRole( 'button', { name: 'Cancel' } ) );

		expect( network.requests[ 1 ]?.init?.signal?.aborted ).toBe( true );
		expect(
			await within( container ).findByText( 'Checks cancelled' )
		).toBeTruthy();
		expect(
			screen.getByRole( 'region', { name: 'Proxy configuration' } )
		).toBeTruthy();
		expect( screen.queryByRole( 'status' ) ).toBeNull();
		expect(
			container.querySelector( '.proxy-health-error-notice' )
		).toBeNull();

		// Running again starts over and clears the notice.
		network.answerJson( 200, STATUS );
		network.answerJson( 200, REPORT_PASS );
		runChecks();
		expect(
			within( container ).queryByText( 'Checks cancelled' )
		).toBeNull();
		expect( await screen.findByRole( 'status' ) ).toBeTruthy();
	} );

	it( 'shows the configuration and an actionable notice for the probe step when POST /probes fails', async () => {
		network.answerJson( 200, STATUS );
		network.answerJson( 500, {
			code: 'internal_server_error',
			message: 'There has been a critical error on this website.',
			data: { status: 500 },
		} );
		network.answerJson( 200, STATUS );
		network.answerJson( 200, REPORT_PASS );
		const { container } = render( <Overview /> );

		runChecks();

		const summary = await within( container ).findByText(
			'The configuration was read, but the outbound requests could not be probed.'
		);
		const notice = summary.closest(
			'.proxy-health-error-notice'
		) as HTMLElement;
		expect(
			within( notice ).getByText(
				/The server failed.*Check the PHP error log/
			)
		).toBeTruthy();
		expect(
			within( notice ).getByText(
				'Error code: internal_server_error (HTTP 500)'
			)
		).toBeTruthy();
		expect(
			screen.getByRole( 'region', { name: 'Proxy configuration' } )
		).toBeTruthy();
		expect(
			screen.getByRole( 'region', { name: 'Runtime' } )
		).toBeTruthy();
		expect( screen.queryByRole( 'status' ) ).toBeNull();
		expect(
			isBefore(
				notice,
				screen.getByRole( 'region', { name: 'Proxy configuration' } )
			)
		).toBe( true );

		fireEvent.click(
			within( notice ).getByRole( 'button', { name: 'Retry' } )
		);

		expect( await screen.findByRole( 'status' ) ).toBeTruthy();
		expect(
			container.querySelector( '.proxy-health-error-notice' )
		).toBeNull();
		expect( network.requests.map( ( { url } ) => url ) ).toEqual( [
			'/proxy-health/v1/status?_locale=user',
			'/proxy-health/v1/probes?_locale=user',
			'/proxy-health/v1/status?_locale=user',
			'/proxy-health/v1/probes?_locale=user',
		] );
	} );

	it( 'reports a probe answer that is not a ProbeReport as an invalid response', async () => {
		network.answerJson( 200, STATUS );
		network.answerJson( 200, { ...REPORT_407, verdict: 'unknown' } );
		const { container } = render( <Overview /> );

		runChecks();

		expect(
			await within( container ).findByText(
				/something other than Proxy Health data/
			)
		).toBeTruthy();
		expect(
			within( container ).getByText( 'Error code: invalid_response' )
		).toBeTruthy();
		expect(
			screen.getByRole( 'region', { name: 'Proxy configuration' } )
		).toBeTruthy();
	} );

	it( 'does not probe when the configuration cannot be read', async () => {
		network.answerJson( 403, {
			code: 'rest_forbidden',
			message: 'Sorry, only site administrators can use Proxy Health.',
			data: { status: 403 },
		} );
		const { container } = render( <Overview /> );

		runChecks();

		expect(
			await within( container ).findByText( /Ask a site administrator/ )
		).toBeTruthy();
		expect(
			within( container ).queryByText(
				/the outbound requests could not be probed/
			)
		).toBeNull();
		expect( network.requests ).toHaveLength( 1 );
	} );

	it( 'offers the credentials test before any run when the history knows a 407', () => {
		// What Admin_Page::render() prints when the newest report got a 407.
		const root = document.createElement( 'div' );
		root.id = 'proxy-health-root';
		root.dataset.proxyAuthFailure = 'proxy_auth_rejected';
		root.dataset.proxyUsername = 'alice';
		document.body.append( root );
		try {
			render( <Overview /> );
			const card = screen.getByRole( 'region', {
				name: 'Test proxy credentials',
			} );
			expect(
				(
					within( card ).getByRole( 'textbox', {
						name: 'Proxy username',
					} ) as HTMLInputElement
				 ).value
			).toBe( 'alice' );
			expect(
				within( card ).getByText( /The last check got a 407/ )
			).toBeTruthy();
		} finally {
			root.remove();
		}
	} );

	it( 'offers no credentials test before a run when no 407 is known', () => {
		render( <Overview /> );
		expect(
			screen.queryByRole( 'region', { name: 'Test proxy credentials' } )
		).toBeNull();
	} );

	it( 'aborts pending probes when the panel unmounts', async () => {
		network.holdNext();
		network.answerJson( 200, STATUS );
		network.answerJson( 200, REPORT_407 );
		const { unmount } = render( <Overview /> );

		runChecks();
		network.holdNext();
		await act( async () => network.release() );
		await screen.findByText( 'Probing outbound requests…' );
		const signal = network.requests[ 1 ]?.init?.signal;
		unmount();

		expect( signal?.aborted ).toBe( true );
	} );
} );

describe( 'Overview as the page opens', () => {
	afterEach( () => {
		delete window.proxyHealthPanel;
	} );

	it( 'runs the checks without a click on a site with no stored verdict, once per page', async () => {
		window.proxyHealthPanel = { lastReportId: null };
		network.answerJson( 200, STATUS );
		network.answerJson( 200, REPORT_407 );
		const { unmount } = render( <Overview /> );

		const banner = await screen.findByRole( 'status' );
		expect( banner.getAttribute( 'data-verdict' ) ).toBe( 'fail' );
		expect(
			network.requests.map( ( request ) => request.init?.method ?? 'GET' )
		).toEqual( [ 'GET', 'POST' ] );
		expect( network.requests[ 1 ]?.url ).toContain( '/probes' );

		// Back to the Overview on the same page (another view in between): no second run.
		unmount();
		render( <Overview /> );
		await act( async () => {} );
		expect( network.requests ).toHaveLength( 2 );
		expect(
			(
				screen.getByRole( 'button', {
					name: 'Run checks',
				} ) as HTMLButtonElement
			 ).disabled
		).toBe( false );
	} );

	it( 'shows the stored verdict and waits for Run checks on a site checked before', async () => {
		window.proxyHealthPanel = { lastReportId: REPORT_PASS.id };
		network.answerJson( 200, REPORT_PASS );
		render( <Overview /> );

		await screen.findByText( /^Last check:/ );
		expect(
			network.requests.map( ( request ) => [
				request.init?.method ?? 'GET',
				request.url,
			] )
		).toEqual( [
			[ 'GET', expect.stringContaining( `/probes/${ REPORT_PASS.id }` ) ],
		] );
		expect( screen.queryByText( 'Checking configuration…' ) ).toBeNull();
	} );

	it( 'runs nothing on its own when the page printed no settings', async () => {
		render( <Overview /> );
		await act( async () => {} );

		expect( network.requests ).toHaveLength( 0 );
	} );
} );
