/**
 * @jest-environment node
 */

/**
 * Batch reporters: JUnit XML parsed back (well-formed, one testcase per site, escaped), a
 * self-contained and escaped HTML report, JSON with the REST documents and no secrets.
 */

/**
 * External dependencies
 */
// Not a declared dependency: installed with @wp-playground/cli (a devDependency); a real parser
// validates the XML better than a hand-written check would.
// eslint-disable-next-line import/no-extraneous-dependencies
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Internal dependencies
 */
import {
	REPORT_407,
	REPORT_PASS,
} from '../../src/api/test-utils/probe-reports';
import type { ProbeReport } from '../../src/api/types';
import type { BatchReport } from '../../src/cli/lib/batch';
import { summarise } from '../../src/cli/lib/batch';
import type { SiteResult } from '../../src/cli/lib/check-site';
import {
	renderBatchTable,
	renderHtml,
	renderJson,
	renderJunit,
	renderSiteDetail,
} from '../../src/cli/reporters';

const HOSTILE = `<script>alert("x")</script> & ' ]]> \u0001`;

function sites(): SiteResult[] {
	const pass = REPORT_PASS;
	const fail: ProbeReport = {
		...REPORT_407,
		diagnoses: [
			{
				code: 'proxy_auth_rejected',
				severity: 'critical',
				title: `Proxy refused the credentials ${ HOSTILE }`,
				detail: 'The proxy answered 407 <again>.',
				remedies: [ 'Fix WP_PROXY_PASSWORD & retry' ],
				evidence: [ 'HTTP 407 from squid' ],
			},
		],
	};
	return [
		{
			site: 'https://ok.test',
			user: 'admin',
			ok: true,
			verdict: 'pass',
			report: pass,
			attempts: 2,
			durationMs: 1200,
		},
		{
			site: 'https://fail.test/?a=1&b=<2>',
			user: 'admin',
			ok: false,
			verdict: 'fail',
			report: fail,
			attempts: 2,
			durationMs: 2300,
		},
		{
			site: 'https://down.test',
			user: 'admin',
			ok: false,
			error: {
				code: 'connection_failed',
				message: `Could not connect ${ HOSTILE }`,
			},
			attempts: 1,
			durationMs: 5,
		},
	];
}

function batch(): BatchReport {
	const results = sites();
	return {
		tool: 'proxy-health',
		version: '0.1.0',
		generatedAt: '2024-07-01T00:00:00.000Z',
		durationMs: 3000,
		shard: { index: 1, count: 2 },
		summary: summarise( results ),
		sites: results,
	};
}

describe( 'JUnit reporter', () => {
	it( 'writes well-formed XML with one testcase per site, failures and errors apart', () => {
		const xml = renderJunit( batch() );
		expect( XMLValidator.validate( xml ) ).toBe( true );
		const doc = new XMLParser( {
			ignoreAttributes: false,
			attributeNamePrefix: '',
		} ).parse( xml );
		const suite = doc.testsuites.testsuite;
		expect( suite.tests ).toBe( '3' );
		expect( suite.failures ).toBe( '1' );
		expect( suite.errors ).toBe( '1' );
		expect( suite.name ).toBe( 'proxy-health batch (shard 1/2)' );
		const cases = suite.testcase as Array< Record< string, unknown > >;
		expect( cases.map( ( c ) => c.name ) ).toEqual( [
			'https://ok.test',
			'https://fail.test/?a=1&b=<2>',
			'https://down.test',
		] );
		expect( cases[ 0 ]?.failure ).toBeUndefined();
		expect(
			( cases[ 1 ]?.failure as Record< string, string > ).message
		).toBe( 'proxy_auth_rejected' );
		expect( ( cases[ 2 ]?.error as Record< string, string > ).type ).toBe(
			'connection_failed'
		);
		// The control character is replaced, the markup is text.
		expect( xml ).not.toContain( '\u0001' );
		expect( xml ).not.toContain( '<script>' );
	} );
} );

describe( 'HTML reporter', () => {
	it( 'is self-contained and escapes everything', () => {
		const html = renderHtml( batch() );
		expect( html.startsWith( '<!DOCTYPE html>' ) ).toBe( true );
		expect( html ).not.toMatch( /<script|<link|src=|@import|url\(/i );
		// A report opened from disk or a CI artifact has no response header: the policy is in the page.
		expect( html ).toContain(
			`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">`
		);
		expect( html ).toContain(
			'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;'
		);
		expect( html ).toContain( 'https://fail.test/?a=1&amp;b=&lt;2&gt;' );
		expect( html ).toContain( '1 passed' );
		expect( html ).toContain( '1 could not be checked' );
	} );
} );

describe( 'JSON and table reporters', () => {
	it( 'JSON carries the REST report per site plus site, ok and error', () => {
		const parsed = JSON.parse( renderJson( batch() ) ) as BatchReport;
		expect( parsed.summary ).toEqual( {
			total: 3,
			passed: 1,
			failed: 1,
			errors: 1,
		} );
		expect( parsed.sites[ 1 ] ).toMatchObject( {
			site: 'https://fail.test/?a=1&b=<2>',
			ok: false,
			verdict: 'fail',
		} );
		expect( parsed.sites[ 1 ]?.report?.diagnoses[ 0 ]?.code ).toBe(
			'proxy_auth_rejected'
		);
		expect( parsed.sites[ 2 ]?.error?.code ).toBe( 'connection_failed' );
	} );

	it( 'the table has one line per site and a summary', () => {
		const table = renderBatchTable( batch() );
		expect( table ).toMatch( /https:\/\/ok\.test\s+PASS/ );
		expect( table ).toMatch(
			/https:\/\/down\.test\s+ERROR\s+0\.0s\s+connection_failed/
		);
		expect( table ).toContain(
			'3 sites (shard 1/2): 1 passed, 1 failed, 1 could not be checked'
		);
		const detail = renderSiteDetail( sites()[ 1 ] as SiteResult );
		expect( detail ).toContain( '[critical] proxy_auth_rejected' );
		expect( detail ).toContain( '→ Fix WP_PROXY_PASSWORD & retry' );
	} );
} );
