/**
 * External dependencies
 */
import { render, screen, within } from '@testing-library/react';

/**
 * Internal dependencies
 */
import ProbeResultsTable from '..';
import type { ProbeOutcome, ProbeResult } from '../../../../api/types';

const BASE: ProbeResult = {
	target: 'https://example.test/',
	method: 'GET',
	transport: 'curl',
	viaProxy: true,
	outcome: 'ok',
	timingsMs: { total: 1234.56 },
};

function cellsOf( row: HTMLElement ) {
	return within( row )
		.getAllByRole( 'cell' )
		.map( ( cell ) => cell.textContent );
}

describe( 'ProbeResultsTable', () => {
	it( 'has a caption and column headers, and a row header per request', () => {
		render( <ProbeResultsTable results={ [ BASE ] } /> );

		expect(
			screen.getByRole( 'table', {
				name: 'Requests sent by WordPress during the checks, one row per target and transport',
			} )
		).toBeTruthy();
		expect( screen.getAllByRole( 'columnheader' ) ).toHaveLength( 10 );
		expect(
			screen.getByRole( 'rowheader', {
				name: 'GET https://example.test/',
			} )
		).toBeTruthy();
		expect( screen.getByText( '1235 ms' ) ).toBeTruthy();
	} );

	it.each< [ ProbeOutcome, string, string ] >( [
		[ 'ok', 'OK', 'success' ],
		[ 'proxy_auth_required', 'Proxy authentication required', 'error' ],
		[ 'proxy_denied', 'Proxy denied access', 'error' ],
		[ 'connect_failed', 'Connection failed', 'error' ],
		[ 'timeout', 'Timed out', 'error' ],
		[ 'tls_error', 'TLS error', 'error' ],
		[ 'dns_error', 'DNS lookup failed', 'error' ],
		[ 'http_error', 'HTTP error from the target', 'warning' ],
	] )( 'shows outcome %s as "%s" (%s)', ( outcome, text, tone ) => {
		render( <ProbeResultsTable results={ [ { ...BASE, outcome } ] } /> );

		expect( screen.getByText( text ).className ).toContain(
			`proxy-health-badge--${ tone }`
		);
	} );

	it( 'says why a request went directly', () => {
		render(
			<ProbeResultsTable
				results={ [
					{ ...BASE, viaProxy: false, bypassReason: 'no_proxy' },
					{ ...BASE, viaProxy: false, bypassReason: 'bypassed' },
					{ ...BASE, viaProxy: false, bypassReason: 'filtered' },
					{ ...BASE, viaProxy: false, transport: 'fsockopen' },
				] }
			/>
		);

		const rows = screen.getAllByRole( 'row' ).slice( 1 );
		expect( rows.map( ( row ) => cellsOf( row ).slice( 0, 2 ) ) ).toEqual( [
			[ 'cURL', 'Direct (no proxy configured)' ],
			[ 'cURL', 'Direct (the proxy is bypassed for this host)' ],
			[ 'cURL', 'Direct (filtered)' ],
			[ 'fsockopen', 'Direct' ],
		] );
	} );
} );
