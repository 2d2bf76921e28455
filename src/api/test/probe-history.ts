/**
 * @jest-environment node
 */

/**
 * Internal dependencies
 */
import { createClient } from '../client';
import type { TransportRequest } from '../client';
import { isProbeReportDocument as isProbeReport } from '../contract/validators';
import { REPORT_407 } from '../test-utils/probe-reports';
import type { ProbeHistoryPage, ProbeReport } from '../types';

const PAGE: ProbeHistoryPage = {
	items: [
		{
			id: REPORT_407.id,
			createdAt: REPORT_407.createdAt,
			verdict: 'fail',
			counts: { results: 2, ok: 0, failed: 2, diagnoses: 1 },
		},
	],
	total: 1,
	page: 1,
	perPage: 10,
};

function recording( answer: unknown ) {
	const requests: TransportRequest[] = [];
	const client = createClient( async ( request ) => {
		requests.push( request );
		return answer;
	} );
	return { client, requests };
}

describe( 'listProbes', () => {
	it( 'sends GET /probes without a query by default', async () => {
		const { client, requests } = recording( PAGE );
		await expect( client.listProbes() ).resolves.toEqual( PAGE );
		expect( requests ).toEqual( [
			{ path: '/proxy-health/v1/probes', method: 'GET' },
		] );
	} );

	it( 'sends page and per_page', async () => {
		const { client, requests } = recording( PAGE );
		await client.listProbes( { page: 2, perPage: 5 } );
		expect( requests[ 0 ]?.path ).toBe(
			'/proxy-health/v1/probes?page=2&per_page=5'
		);
	} );

	it( 'rejects a page whose entries lack counts', async () => {
		const { client } = recording( {
			...PAGE,
			items: [ { ...PAGE.items[ 0 ], counts: undefined } ],
		} );
		await expect( client.listProbes() ).rejects.toMatchObject( {
			kind: 'invalid_response',
		} );
	} );
} );

describe( 'getProbe', () => {
	it( 'sends GET /probes/{id} and accepts the report', async () => {
		const { client, requests } = recording( REPORT_407 );
		await expect( client.getProbe( REPORT_407.id ) ).resolves.toEqual(
			REPORT_407
		);
		expect( requests ).toEqual( [
			{
				path: `/proxy-health/v1/probes/${ REPORT_407.id }`,
				method: 'GET',
			},
		] );
	} );

	it( 'encodes the id into the path', async () => {
		const { client, requests } = recording( REPORT_407 );
		await client.getProbe( '../status' );
		expect( requests[ 0 ]?.path ).toBe(
			'/proxy-health/v1/probes/..%2Fstatus'
		);
	} );

	it( 'reports an unknown id as not_found', async () => {
		const client = createClient( async () => {
			throw {
				code: 'proxy_health_report_not_found',
				message: 'No stored probe report has this id.',
				data: { status: 404 },
			};
		} );
		await expect( client.getProbe( REPORT_407.id ) ).rejects.toMatchObject(
			{
				kind: 'not_found',
				code: 'proxy_health_report_not_found',
			}
		);
	} );
} );

describe( 'runProbes with transports and one-off credentials', () => {
	it( 'sends them in the body', async () => {
		const { client, requests } = recording( REPORT_407 );
		await client.runProbes( {
			transports: [ 'fsockopen' ],
			credentials: { username: 'alice', password: 's3cret' },
		} );
		expect( requests[ 0 ]?.data ).toEqual( {
			transports: [ 'fsockopen' ],
			credentials: { username: 'alice', password: 's3cret' },
		} );
	} );
} );

describe( 'isProbeReport and the new report fields', () => {
	const report: ProbeReport = {
		...REPORT_407,
		credentialsSource: 'one-off',
		transports: [ 'curl', 'fsockopen' ],
		wpConfigLines: [ "define( 'WP_PROXY_USERNAME', 'alice' );" ],
		results: REPORT_407.results.map( ( result ) => ( {
			...result,
			transcript: [ '> CONNECT api.wordpress.org:443 HTTP/1.1' ],
		} ) ),
	};

	it( 'accepts credentialsSource, transports, wpConfigLines and transcripts', () => {
		expect( isProbeReport( report ) ).toBe( true );
	} );

	it.each( [
		[ 'credentialsSource', { credentialsSource: 'session' } ],
		[ 'transports', { transports: [ 'streams' ] } ],
		[ 'wpConfigLines', { wpConfigLines: 'define(…)' } ],
		[
			'transcript',
			{ results: [ { ...report.results[ 0 ], transcript: [ 1 ] } ] },
		],
	] )( 'rejects a malformed %s', ( _name, change ) => {
		expect( isProbeReport( { ...report, ...change } ) ).toBe( false );
	} );
} );
