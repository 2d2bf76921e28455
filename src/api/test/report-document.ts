/**
 * @jest-environment node
 */

/**
 * Internal dependencies
 */
import { createClient, ProxyHealthApiError } from '../client';
import type { TransportRequest } from '../client';
import { isReportDocument } from '../contract/validators';
import { STATUS } from '../test-utils/fake-fetch';
import { REPORT_407 } from '../test-utils/probe-reports';
import type {
	BisectionSummary,
	EvidenceSummary,
	HooksReport,
	InboundCheck,
	ReportDocument,
} from '../types';

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

const EVIDENCE: EvidenceSummary = {
	session: {
		id: '0fb9f4fd-e420-4e0e-8086-6263d73052c7',
		startedAt: '2026-01-01T00:00:00+00:00',
		expiresAt: '2026-01-01T00:15:00+00:00',
		debugConstants: true,
	},
	calls: 3,
	failedCalls: 2,
	byOutcome: { ok: 1, proxy_auth_required: 2 },
	bySource: [
		{ type: 'core', slug: 'wp_version_check', calls: 2, failed: 2 },
		{ type: 'plugin', slug: 'acme', calls: 1, failed: 0 },
	],
};

const BISECTIONS: BisectionSummary[] = [
	{
		id: '3f2a8c1e-0b6d-4c2e-9a51-7d0e4b1c2f39',
		status: 'done',
		mode: 'ddmin',
		conclusion: 'culprit_found',
		culprits: [ [ 'bad-proxy/bad-proxy.php' ] ],
		probesUsed: 5,
		createdAt: '2026-01-01T00:00:00+00:00',
	},
	{
		id: '6b1d3e2f-5a4c-4d8e-8f70-1a2b3c4d5e6f',
		status: 'failed',
		mode: 'one-by-one',
		culprits: [],
		probesUsed: 0,
		createdAt: '2025-12-31T00:00:00+00:00',
	},
];

const REPORT: ReportDocument = {
	generatedAt: '2026-01-01T00:00:00+00:00',
	site: { url: 'http://site.test', wp: '6.6', php: '8.2.26' },
	status: STATUS,
	latestProbeReport: REPORT_407,
	hooks: HOOKS,
	inbound: INBOUND,
	evidence: EVIDENCE,
	bisections: BISECTIONS,
};

describe( 'isReportDocument', () => {
	it( 'accepts a full report, and one without probes, inbound check, session or runs', () => {
		expect( isReportDocument( REPORT ) ).toBe( true );
		expect(
			isReportDocument( {
				...REPORT,
				latestProbeReport: null,
				inbound: null,
				evidence: {
					session: null,
					calls: 0,
					failedCalls: 0,
					byOutcome: {},
					bySource: [],
				},
				bisections: [],
				later: true,
			} )
		).toBe( true );
	} );

	it( 'accepts null evidence and bisections (plugin builds without them)', () => {
		expect(
			isReportDocument( { ...REPORT, evidence: null, bisections: null } )
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
		[
			'an evidence summary without counts',
			{ ...REPORT, evidence: { session: null } },
		],
		[
			'an evidence session without its expiry',
			{
				...REPORT,
				evidence: {
					...EVIDENCE,
					session: { id: 'x', startedAt: 'y', debugConstants: false },
				},
			},
		],
		[
			'an outcome count that is not a number',
			{ ...REPORT, evidence: { ...EVIDENCE, byOutcome: { ok: '1' } } },
		],
		[
			'a source type outside the schema',
			{
				...REPORT,
				evidence: {
					...EVIDENCE,
					bySource: [
						{ type: 'drop-in', slug: 'db', calls: 1, failed: 0 },
					],
				},
			},
		],
		[ 'no bisections key', { ...REPORT, bisections: undefined } ],
		[
			'bisections as one object',
			{ ...REPORT, bisections: BISECTIONS[ 0 ] },
		],
		[
			'a bisection status outside the schema',
			{ ...REPORT, bisections: [ { ...BISECTIONS[ 0 ], status: 'ok' } ] },
		],
		[
			'a conclusion outside the schema',
			{
				...REPORT,
				bisections: [ { ...BISECTIONS[ 0 ], conclusion: 'found' } ],
			},
		],
		[
			'culprits as a flat list',
			{
				...REPORT,
				bisections: [ { ...BISECTIONS[ 0 ], culprits: [ 'a.php' ] } ],
			},
		],
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
