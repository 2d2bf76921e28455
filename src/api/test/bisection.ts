/**
 * @jest-environment node
 */

/**
 * Internal dependencies
 */
import { createClient, ProxyHealthApiError } from '../client';
import type { TransportRequest } from '../client';
import { runClientStep } from '../client-step';
import {
	isBisectionDocument as isBisection,
	isBisectionPreparedStepDocument as isPreparedBisectionStep,
	isSandboxResultDocument as isSandboxResult,
} from '../contract/validators';
import type { Bisection } from '../types';

const RUN: Bisection = {
	id: '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b',
	status: 'done',
	mode: 'ddmin',
	driver: 'client',
	cloneMode: 'light',
	plugins: [ 'a/a.php', 'bad/bad.php' ],
	order: [
		{ plugin: 'bad/bad.php', reason: 'hooks' },
		{ plugin: 'a/a.php', reason: 'none' },
	],
	probesUsed: 4,
	probesEstimated: 5,
	steps: [
		{
			subset: [ 'a/a.php', 'bad/bad.php' ],
			outcome: 'fail',
			reportId: '0fb9f4fd-e420-4e0e-8086-6263d73052c7',
			evidence: [ 'curl http://127.0.0.2/: proxy_auth_required (407)' ],
		},
		{ subset: [], outcome: 'pass' },
		{ subset: [ 'bad/bad.php' ], outcome: 'fail' },
		{ subset: [ 'bad/bad.php' ], outcome: 'crash' },
	],
	conclusion: 'culprit_found',
	culprits: [ [ 'bad/bad.php' ] ],
	clone: { prefix: 'wp_phbx1a2b_', state: 'dropped' },
	createdAt: '2026-01-01T00:00:00+00:00',
	updatedAt: '2026-01-01T00:00:09+00:00',
};

function recording( answer: unknown ) {
	const calls: TransportRequest[] = [];
	const client = createClient( async ( request ) => {
		calls.push( request );
		return answer;
	} );
	return { client, calls };
}

describe( 'isBisection', () => {
	test( 'accepts a full run, a run without optional fields, and extra fields', () => {
		expect( isBisection( RUN ) ).toBe( true );
		const {
			order: _order,
			conclusion: _conclusion,
			cloneMode: _mode,
			createdAt: _created,
			updatedAt: _updated,
			...minimal
		} = RUN;
		expect( isBisection( { ...minimal, steps: [] } ) ).toBe( true );
		expect( isBisection( { ...RUN, somethingNew: [ 1 ] } ) ).toBe( true );
		expect(
			isBisection( {
				...RUN,
				status: 'failed',
				error: {
					code: 'proxy_health_bisection_abandoned',
					message: 'x',
				},
			} )
		).toBe( true );
	} );

	test.each( [
		[ 'an unknown status', { status: 'paused' } ],
		[ 'an unknown mode', { mode: 'random' } ],
		[ 'an unknown driver', { driver: 'browser' } ],
		[ 'plugins not strings', { plugins: [ 1 ] } ],
		[
			'an unknown order reason',
			{ order: [ { plugin: 'a', reason: 'x' } ] },
		],
		[ 'an order entry without plugin', { order: [ { reason: 'none' } ] } ],
		[
			'a step with an unknown outcome',
			{ steps: [ { subset: [], outcome: 'ok' } ] },
		],
		[ 'culprits not nested', { culprits: [ 'bad/bad.php' ] } ],
		[ 'an unknown conclusion', { conclusion: 'maybe' } ],
		[ 'a clone without state', { clone: { prefix: 'wp_' } } ],
		[ 'probesUsed as a string', { probesUsed: '4' } ],
		[ 'an error without message', { error: { code: 'x' } } ],
	] )( 'rejects %s', ( _label, change ) => {
		expect( isBisection( { ...RUN, ...change } ) ).toBe( false );
	} );

	test( 'rejects what is not an object', () => {
		expect( isBisection( null ) ).toBe( false );
		expect( isBisection( [ RUN ] ) ).toBe( false );
	} );
} );

describe( 'bisection calls', () => {
	test( 'startBisection posts only the fields given', async () => {
		const { client, calls } = recording( RUN );
		await expect(
			client.startBisection( {
				driver: 'client',
				mode: 'one-by-one',
				suspects: [ 'bad/bad.php' ],
			} )
		).resolves.toEqual( RUN );
		expect( calls[ 0 ] ).toEqual( {
			path: '/proxy-health/v1/bisections',
			method: 'POST',
			data: {
				driver: 'client',
				mode: 'one-by-one',
				suspects: [ 'bad/bad.php' ],
			},
		} );
		await client.startBisection();
		expect( calls[ 1 ]?.data ).toEqual( {} );
	} );

	test( 'get, step and cancel use the run id in the path', async () => {
		const { client, calls } = recording( RUN );
		await client.getBisection( RUN.id );
		await client.stepBisection( RUN.id );
		await client.cancelBisection( RUN.id );
		expect( calls.map( ( c ) => `${ c.method } ${ c.path }` ) ).toEqual( [
			`GET /proxy-health/v1/bisections/${ RUN.id }`,
			`POST /proxy-health/v1/bisections/${ RUN.id }/step`,
			`DELETE /proxy-health/v1/bisections/${ RUN.id }`,
		] );
	} );

	test( 'an answer that is not a Bisection rejects with invalid_response', async () => {
		const { client } = recording( { ...RUN, status: 'paused' } );
		await expect( client.stepBisection( RUN.id ) ).rejects.toMatchObject( {
			kind: 'invalid_response',
		} );
	} );

	test( 'a 409 from a second start keeps its code and status', async () => {
		const client = createClient( async () => {
			throw {
				code: 'proxy_health_bisection_running',
				message: 'A bisection is already running on this site.',
				data: { status: 409 },
			};
		} );
		const error = await client.startBisection().catch( ( e ) => e );
		expect( error ).toBeInstanceOf( ProxyHealthApiError );
		expect( error ).toMatchObject( {
			code: 'proxy_health_bisection_running',
			status: 409,
			kind: 'invalid_request',
		} );
	} );
} );

describe( 'client-sent steps', () => {
	const PREPARED = {
		step: 2,
		expiresAt: '2026-01-01T00:01:00+00:00',
		request: {
			url: 'http://site.test/',
			method: 'POST',
			headers: { 'X-Proxy-Health-Sandbox': 'token' },
			body: '{"prefix":"wp_phbx1a2b_","subset":[]}',
		},
	};
	const ANSWER = {
		proxyHealthSandbox: true,
		bisection: RUN.id,
		step: 2,
		outcome: 'pass',
		signature: 'a'.repeat( 64 ),
		evidence: [],
	};

	test( 'the guards accept a prepared step and a sandbox answer, and reject look-alikes', () => {
		expect( isPreparedBisectionStep( PREPARED ) ).toBe( true );
		expect( isPreparedBisectionStep( RUN ) ).toBe( false );
		expect(
			isPreparedBisectionStep( {
				...PREPARED,
				request: { ...PREPARED.request, headers: { a: 1 } },
			} )
		).toBe( false );
		expect( isSandboxResult( ANSWER ) ).toBe( true );
		expect( isSandboxResult( { ...ANSWER, ping: true } ) ).toBe( true );
		expect(
			isSandboxResult( { ...ANSWER, proxyHealthSandbox: 'yes' } )
		).toBe( false );
		expect( isSandboxResult( { ...ANSWER, outcome: 'ok' } ) ).toBe( false );
		const { signature: _signature, ...unsigned } = ANSWER;
		expect( isSandboxResult( unsigned ) ).toBe( false );
		expect( isBisection( { ...RUN, driver: 'cli' } ) ).toBe( true );
		expect(
			isBisection( {
				...RUN,
				driverReason: { code: 'loopback_ok', message: 'x' },
			} )
		).toBe( true );
		expect( isBisection( { ...RUN, driverReason: { code: 1 } } ) ).toBe(
			false
		);
	} );

	test( 'runClientStep asks for the request, sends it as given, posts the answer back unchanged', async () => {
		const calls: TransportRequest[] = [];
		const client = createClient( async ( request ) => {
			calls.push( request );
			return calls.length === 1 ? PREPARED : RUN;
		} );
		const sent: unknown[] = [];
		const run = await runClientStep( client, RUN.id, async ( request ) => {
			sent.push( request );
			return { status: 200, text: JSON.stringify( ANSWER ) };
		} );
		expect( run ).toEqual( RUN );
		expect( sent ).toEqual( [ PREPARED.request ] );
		expect( calls.map( ( c ) => c.data ) ).toEqual( [
			{ prepare: true },
			{ result: ANSWER },
		] );
	} );

	test( 'a run that ended comes back from the prepare without a sandbox request', async () => {
		const client = createClient( async () => RUN );
		const send = jest.fn();
		await expect( runClientStep( client, RUN.id, send ) ).resolves.toEqual(
			RUN
		);
		expect( send ).not.toHaveBeenCalled();
	} );

	test( 'no signed answer: nothing is posted, the error says so', async () => {
		const calls: TransportRequest[] = [];
		const client = createClient( async ( request ) => {
			calls.push( request );
			return PREPARED;
		} );
		await expect(
			runClientStep( client, RUN.id, async () => ( {
				status: 200,
				text: '<html>a cache answered</html>',
			} ) )
		).rejects.toMatchObject( {
			code: 'proxy_health_sandbox_unanswered',
			status: 200,
		} );
		await expect(
			runClientStep( client, RUN.id, async () => {
				throw new TypeError( 'Failed to fetch' );
			} )
		).rejects.toMatchObject( { code: 'proxy_health_sandbox_unreachable' } );
		expect(
			calls.every( ( c ) => 'prepare' in ( c.data as object ) )
		).toBe( true );
	} );
} );
