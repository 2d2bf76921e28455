/**
 * @jest-environment node
 */

/**
 * Internal dependencies
 */
import { createClient, ProxyHealthApiError } from '../client';
import type { TransportRequest } from '../client';
import { isReportDocument } from '../is-report-document';
import { STATUS } from '../test-utils/fake-fetch';
import { REPORT_407 } from '../test-utils/probe-reports';
import type { HooksReport, InboundCheck, ReportDocument } from '../types';

const HOOKS: HooksReport = {
	hooks: [
		{
			hook: 'http_request_args',
			callbacks: [
				{
					priority: 10,
					callback: '{closure}',
					acceptedArgs: 1,
					owner: {
						type: 'mu-plugin',
						slug: 'lab-ca',
						file: 'mu-plugins/lab-ca.php',
						line: 13,
					},
					proxyHealth: false,
				},
			],
		},
	],
	owners: [],
};

const INBOUND: InboundCheck = {
	createdAt: '2026-01-01T00:00:00+00:00',
	verdict: 'fail',
	chains: [
		{
			entryPoint: 'home',
			client: 'crawler',
			url: 'http://site.test/',
			hops: [
				{
					url: 'http://site.test/',
					status: 302,
					location: 'http://proxy.test/',
				},
				{
					url: 'http://proxy.test/',
					status: 407,
					authenticate: 'Basic realm="corp"',
				},
			],
			loop: false,
			tooManyHops: false,
		},
	],
	diagnoses: [],
};

const REPORT: ReportDocument = {
	generatedAt: '2026-01-01T00:00:00+00:00',
	site: { url: 'http://site.test', wp: '6.6', php: '8.2.26' },
	status: STATUS,
	latestProbeReport: REPORT_407,
	hooks: HOOKS,
	inbound: INBOUND,
	evidence: null,
	bisections: null,
};

describe( 'isReportDocument', () => {
	it( 'accepts a full report, and one without probes or inbound check', () => {
		expect( isReportDocument( REPORT ) ).toBe( true );
		expect(
			isReportDocument( {
				...REPORT,
				latestProbeReport: null,
				inbound: null,
				evidence: { calls: 0 },
				later: true,
			} )
		).toBe( true );
	} );

	it.each( [
		[ 'a status document', STATUS ],
		[ 'without a site', { ...REPORT, site: undefined } ],
		[
			'a site without a WordPress version',
			{ ...REPORT, site: { url: 'x', php: '8.2' } },
		],
		[ 'a status that is not one', { ...REPORT, status: { proxy: {} } } ],
		[
			'a probe report that is not one',
			{ ...REPORT, latestProbeReport: { verdict: 'fail' } },
		],
		[
			'a missing probe report (not null)',
			{ ...REPORT, latestProbeReport: undefined },
		],
		[ 'hooks that are not a report', { ...REPORT, hooks: [] } ],
		[
			'an inbound verdict outside the schema',
			{ ...REPORT, inbound: { ...INBOUND, verdict: 'ok' } },
		],
		[ 'an evidence list', { ...REPORT, evidence: [] } ],
		[ 'no bisections key', { ...REPORT, bisections: undefined } ],
	] )( 'rejects %s', ( _label, body ) => {
		expect( isReportDocument( body ) ).toBe( false );
	} );
} );

describe( 'getReport', () => {
	it( 'requests GET /report, with run and inbound only when asked', async () => {
		const requests: TransportRequest[] = [];
		const client = createClient( async ( request ) => {
			requests.push( request );
			return REPORT;
		} );

		await expect( client.getReport() ).resolves.toEqual( REPORT );
		await client.getReport( { run: true } );
		await client.getReport( { run: true, inbound: true } );
		await client.getReport( { run: false, inbound: false } );
		expect(
			requests.map( ( { path, method } ) => `${ method } ${ path }` )
		).toEqual( [
			'GET /proxy-health/v1/report',
			'GET /proxy-health/v1/report?run=1',
			'GET /proxy-health/v1/report?run=1&inbound=1',
			'GET /proxy-health/v1/report',
		] );
	} );

	it( 'rejects an answer that is not a report', async () => {
		const client = createClient( async () => STATUS );
		const error = await client.getReport().catch( ( e: unknown ) => e );
		expect( error ).toBeInstanceOf( ProxyHealthApiError );
		expect( ( error as ProxyHealthApiError ).kind ).toBe(
			'invalid_response'
		);
	} );
} );
