/**
 * @jest-environment node
 */

/**
 * Internal dependencies
 */
import { createClient, ProxyHealthApiError } from '../client';
import type { TransportRequest } from '../client';
import {
	isEvidenceDocument as isEvidence,
	isEvidenceSessionStoppedDocument as isEvidenceSessionStopped,
} from '../contract/validators';
import type { Evidence, EvidenceSession } from '../types';

const SESSION: EvidenceSession = {
	id: 'c0ffee00-1111-4222-8333-444455556666',
	startedAt: '2026-01-01T10:00:00+00:00',
	expiresAt: '2026-01-01T10:15:00+00:00',
	debugConstants: true,
};

const EVIDENCE: Evidence = {
	session: SESSION,
	calls: [
		{
			at: '2026-01-01T10:01:00+00:00',
			url: 'https://api.wordpress.org/core/version-check/1.7/?token=***',
			method: 'GET',
			source: { type: 'core', slug: 'wp_version_check' },
			context: 'cron',
			viaProxy: true,
			outcome: 'proxy_auth_required',
			connectStatus: 407,
			proxyAuthOffered: [ 'Basic' ],
			timingsMs: { total: 12.5 },
			error: { code: 'http_request_failed', message: 'cURL error 56' },
		},
	],
	logs: [ { file: 'wp-content/debug.log', lines: [ 'PHP Notice: x' ] } ],
	htaccess: { files: [], rules: [], chains: [] },
	changes: null,
};

function recording( answer: unknown ) {
	const calls: TransportRequest[] = [];
	const client = createClient( async ( request ) => {
		calls.push( request );
		return answer;
	} );
	return { client, calls };
}

describe( 'evidence shape checks', () => {
	test( 'accept a full document, and one from a plugin without the audit and changes', () => {
		expect( isEvidence( EVIDENCE ) ).toBe( true );
		const { htaccess: _h, changes: _c, ...older } = EVIDENCE;
		expect( isEvidence( older ) ).toBe( true );
		expect( isEvidence( { ...EVIDENCE, session: null, calls: [] } ) ).toBe(
			true
		);
	} );

	test( 'refuse broken calls, logs and audits', () => {
		expect(
			isEvidence( {
				...EVIDENCE,
				calls: [ { ...EVIDENCE.calls[ 0 ], context: 'mars' } ],
			} )
		).toBe( false );
		expect(
			isEvidence( { ...EVIDENCE, logs: [ { file: 'x', lines: 'a' } ] } )
		).toBe( false );
		expect( isEvidence( { ...EVIDENCE, htaccess: { rules: [] } } ) ).toBe(
			false
		);
		expect(
			isEvidenceSessionStopped( {
				stopped: SESSION,
				config: { status: 'restored', message: 'Restored.' },
			} )
		).toBe( true );
		expect(
			isEvidenceSessionStopped( { stopped: SESSION, config: 'x' } )
		).toBe( false );
	} );
} );

describe( 'evidence client', () => {
	test( 'sends the session request and the evidence query', async () => {
		const started = recording( SESSION );
		await expect(
			started.client.startEvidenceSession( {
				minutes: 30,
				debugConstants: false,
			} )
		).resolves.toEqual( SESSION );
		expect( started.calls[ 0 ] ).toEqual( {
			path: '/proxy-health/v1/evidence-sessions',
			method: 'POST',
			data: { minutes: 30, debugConstants: false },
		} );

		const read = recording( EVIDENCE );
		await read.client.getEvidence( { chains: false, logKb: 8 } );
		expect( read.calls[ 0 ]?.path ).toBe(
			'/proxy-health/v1/evidence?logKb=8&chains=0'
		);
		await read.client.getEvidence();
		expect( read.calls[ 1 ]?.path ).toBe( '/proxy-health/v1/evidence' );

		const stopped = recording( { stopped: SESSION, config: null } );
		await stopped.client.stopEvidenceSession();
		expect( stopped.calls[ 0 ] ).toEqual( {
			path: '/proxy-health/v1/evidence-sessions/current',
			method: 'DELETE',
		} );
	} );

	test( 'rejects an answer that is not evidence', async () => {
		const { client } = recording( { calls: 'none' } );
		await expect( client.getEvidence() ).rejects.toBeInstanceOf(
			ProxyHealthApiError
		);
		await expect( client.getEvidenceSession() ).rejects.toMatchObject( {
			kind: 'invalid_response',
		} );
	} );
} );
