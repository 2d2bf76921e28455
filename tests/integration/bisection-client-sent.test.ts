/**
 * Client-sent bisection steps against a real lab (WordPress on php -S, a real squid with the
 * right credentials, the bisect-* fixture plugins), where the site cannot call itself:
 * - served by ONE PHP worker (the worker serving a request cannot answer the site's request to
 *   itself, as on hosts where loopback times out): `driver: auto` picks the client after a
 *   bounded preflight (never the 50 s probe timeout); a client sending each signed sandbox
 *   request and the `proxy-health bisect` CLI each name the culprit; forged, altered, other-run,
 *   replayed, stale and out-of-order results are refused with stable codes and change nothing;
 *   a stale run cannot remove a newer run's loader, lock or clone; a step of a finished run is
 *   409 proxy_health_bisection_finished;
 * - with loopback refused outright (a must-use fixture refuses the site's own host in
 *   pre_http_request, as Site Health's loopback test sees such hosts): auto picks the client and
 *   the CLI names the culprit.
 * Every test checks visitors get the live plugin set and every live row is unchanged after.
 */

/**
 * External dependencies
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { createClient } from '../../src/api/client';
import { runClientStep, type SandboxSender } from '../../src/api/client-step';
import type { Bisection, PreparedBisectionStep } from '../../src/api/types';
import { main } from '../../src/cli/index';
import type { CliIo } from '../../src/cli/lib/io';
import { createNodeTransport } from '../../src/cli/lib/node-transport';
import { Secret } from '../../src/cli/lib/secret';
import {
	startPhpServer,
	type RunningSite,
} from '../../src/lab/runtimes/php-server';
import type { Lab } from '../../src/lab/scenario';
import {
	expectCleanAfter,
	file,
	startBisectionLab,
	visit,
	whileVisiting,
	type Slug,
} from '../support/bisection-lab';
import { rest } from '../support/rest';
import { runSitePhp } from '../support/wp-session';

jest.setTimeout( 420_000 );

const ROOT = path.resolve( __dirname, '..', '..' );
const ROUTE = '/proxy-health/v1/bisections';
const REFUSING_MU_PLUGIN = path.join(
	ROOT,
	'tests',
	'fixtures',
	'mu-plugins',
	'bisect-loopback-refused.php'
);
const ACTIVE: Slug[] = [
	'bisect-live-marker',
	'bisect-quiet-a',
	'bisect-noisy',
	'bisect-bad-proxy-auth',
	'bisect-quiet-b',
];

type Refusal = { code: string; data: { status: number } };

/**
 * Sends a sandbox request as the site handed it (no credentials, no redirects).
 *
 * @param request The signed sandbox request.
 * @param signal  Aborts it.
 */
const send: SandboxSender = async ( request, signal ) => {
	const response = await fetch( request.url, {
		method: request.method,
		headers: request.headers,
		body: request.body,
		redirect: 'manual',
		signal,
	} );
	return { status: response.status, text: await response.text() };
};

function setUp( refuseLoopback: boolean ) {
	const harness = startBisectionLab( 'sqlite' );
	const state: { lab?: Lab; url: string; single?: RunningSite } = {
		url: '',
	};
	beforeAll( async () => {
		const lab = await harness.start();
		state.lab = lab;
		if ( refuseLoopback ) {
			const dir = path.join( lab.site.root, 'wp-content', 'mu-plugins' );
			mkdirSync( dir, { recursive: true } );
			copyFileSync(
				REFUSING_MU_PLUGIN,
				path.join( dir, path.basename( REFUSING_MU_PLUGIN ) )
			);
			state.url = lab.server.url;
		} else {
			// The same site and address served by one PHP worker.
			const port = Number( new URL( lab.server.url ).port );
			await lab.server.stop();
			state.single = await startPhpServer( lab.site, {
				port,
				workers: 1,
				ini: { 'opcache.enable': '0' },
			} );
			state.url = state.single.url;
		}
		// The Application Password's first use of the day is recorded in usermeta: not a run's doing.
		await rest( state.url, lab.site, '/proxy-health/v1/status' );
		harness.activate( lab, ACTIVE );
		await visit( state.url );
	} );
	afterAll( async () => {
		await state.single?.stop();
		await state.lab?.stop();
		if ( refuseLoopback && state.lab ) {
			rmSync(
				path.join(
					state.lab.site.root,
					'wp-content',
					'mu-plugins',
					path.basename( REFUSING_MU_PLUGIN )
				),
				{ force: true }
			);
		}
		harness.cleanup();
	} );
	const lab = () => state.lab as Lab;
	const call = < T = Bisection >(
		route: string,
		init: { method?: string; body?: unknown } = {}
	) => rest< T >( state.url, lab().site, route, init );
	const client = () =>
		createClient(
			createNodeTransport( {
				siteUrl: state.url,
				user: lab().site.admin.username,
				password: new Secret( lab().site.admin.applicationPassword ),
				timeoutMs: 120_000,
			} )
		);
	const cli = async ( args: string[] ) => {
		let stdout = '';
		let stderr = '';
		const io: CliIo = {
			stdout: { write: ( chunk: string ) => ( stdout += chunk ) },
			stderr: { write: ( chunk: string ) => ( stderr += chunk ) },
			env: {
				PROXY_HEALTH_APP_PASSWORD: lab().site.admin.applicationPassword,
			},
			cwd: ROOT,
		};
		const code = await main(
			[
				'bisect',
				'--site',
				state.url,
				'--user',
				lab().site.admin.username,
				...args,
			],
			io
		);
		return { code, stdout, stderr };
	};
	return { harness, state, lab, call, client, cli };
}

function expectCulprit( run: Bisection ): void {
	expect( run ).toMatchObject( {
		status: 'done',
		driver: 'client',
		driverReason: { code: 'loopback_failed' },
		conclusion: 'culprit_found',
		culprits: [ [ file( 'bisect-bad-proxy-auth' ) ] ],
		clone: { state: 'dropped' },
	} );
	for ( const step of run.steps ) {
		expect( step.outcome ).toBe(
			step.subset.includes( file( 'bisect-bad-proxy-auth' ) )
				? 'fail'
				: 'pass'
		);
	}
}

describe( 'served by one PHP worker', () => {
	const { harness, state, lab, call, client, cli } = setUp( false );

	test( 'auto picks the client after a bounded preflight; client-sent steps name the culprit; visitors keep the live set; nothing live changes', async () => {
		const liveSet = ( await visit( state.url ) ).loaded;
		const before = harness.snapshot( lab() );
		const api = client();
		const drive = async () => {
			let run = await api.startBisection( {} );
			expect( run ).toMatchObject( {
				status: 'running',
				driver: 'client',
				driverReason: { code: 'loopback_failed' },
			} );
			// The preflight waited its own bound, not the 50 s probe timeout.
			expect( run.driverReason?.message ).toMatch( /within 5 seconds/ );
			for ( let i = 0; i < 40 && run.status === 'running'; i++ ) {
				const next = await runClientStep( api, run.id, send );
				expect( next.probesUsed ).toBe( run.probesUsed + 1 );
				run = next;
			}
			return run;
		};
		const {
			result: run,
			seen: [ seen ],
		} = await whileVisiting( [ state.url ], drive() );
		expectCulprit( run );
		expect( seen ).toEqual( new Set( [ `200 ${ liveSet }` ] ) );
		expectCleanAfter( before, harness.snapshot( lab() ) );
	} );

	test( '`proxy-health bisect` names the culprit and says which driver ran and why', async () => {
		const before = harness.snapshot( lab() );
		const run = await cli( [ '--format', 'json' ] );
		expect( `${ run.code } ${ run.stderr }` ).toMatch( /^0 / );
		expect( run.stderr ).toMatch(
			/^driver: client \(loopback_failed\): /m
		);
		expectCulprit( JSON.parse( run.stdout ) as Bisection );
		const table = await cli( [] );
		expect( table.code ).toBe( 0 );
		expect( table.stdout ).toMatch(
			/^Driver: {5}client \(loopback_failed\): The site could not reach itself/m
		);
		expect( table.stdout ).toMatch(
			/^ {2}bisect-bad-proxy-auth\/bisect-bad-proxy-auth\.php$/m
		);
		expectCleanAfter( before, harness.snapshot( lab() ) );
	} );

	test( 'forged, altered, other-run, replayed, stale and out-of-order results are refused with stable codes and change nothing; a finished run takes no step', async () => {
		const before = harness.snapshot( lab() );
		const started = await call( ROUTE, {
			method: 'POST',
			body: { driver: 'client', mode: 'one-by-one' },
		} );
		expect( started.status ).toBe( 201 );
		expect( started.body.driverReason?.code ).toBe( 'requested' );
		const id = started.body.id;
		const prefix = started.body.clone.prefix;
		const stepRoute = `${ ROUTE }/${ id }/step`;
		const prepare = async () => {
			const answer = await call< PreparedBisectionStep >( stepRoute, {
				method: 'POST',
				body: { prepare: true },
			} );
			expect( answer.status ).toBe( 200 );
			return answer.body;
		};
		const sandboxAnswer = async ( prepared: PreparedBisectionStep ) => {
			const answer = await send( prepared.request );
			expect( answer.status ).toBe( 200 );
			return JSON.parse( answer.text ) as Record< string, unknown >;
		};
		const post = ( result: unknown ) =>
			call< Refusal & Bisection >( stepRoute, {
				method: 'POST',
				body: { result },
			} );
		// What a refusal must leave exactly as it was.
		const stored = async () => ( await call( `${ ROUTE }/${ id }` ) ).body;
		const expectRefused = async (
			result: unknown,
			status: number,
			code: string
		) => {
			const was = await stored();
			const answer = await post( result );
			expect( [ answer.status, answer.body.code ] ).toEqual( [
				status,
				code,
			] );
			expect( await stored() ).toEqual( was );
		};

		// Two requests for step 1 (two tabs); neither is recorded until its answer comes back.
		const first = await prepare();
		const other = await prepare();
		expect( [ first.step, other.step ] ).toEqual( [ 1, 1 ] );
		expect( first.request.headers[ 'X-Proxy-Health-Sandbox' ] ).not.toBe(
			other.request.headers[ 'X-Proxy-Health-Sandbox' ]
		);
		expect( ( await stored() ).probesUsed ).toBe( 0 );
		const result = await sandboxAnswer( first );
		expect( result ).toMatchObject( {
			proxyHealthSandbox: true,
			bisection: id,
			step: 1,
			prefix,
			outcome: 'fail',
		} );
		expect( result.signature ).toMatch( /^[0-9a-f]{64}$/ );
		// The token is single-use: sent again, the request is an ordinary visitor's.
		const resent = await send( first.request );
		expect( resent.text ).not.toContain( '"proxyHealthSandbox"' );

		// Not shaped like a sandbox answer: refused by the route's argument check, whatever the id.
		await expectRefused( { hello: 'world' }, 400, 'rest_invalid_param' );
		await expectRefused(
			{ ...result, outcome: 'pass' },
			400,
			'proxy_health_bisection_result_forged'
		);
		await expectRefused(
			{ ...result, failedTransports: [] },
			400,
			'proxy_health_bisection_result_forged'
		);
		await expectRefused(
			{ ...result, evidence: [ 'curl http://example.test/: ok (200)' ] },
			400,
			'proxy_health_bisection_result_forged'
		);
		await expectRefused(
			{ ...result, signature: '0'.repeat( 64 ) },
			400,
			'proxy_health_bisection_result_forged'
		);
		// Genuinely signed by this site, for another run id (a token the lab issues itself).
		const otherRun = await sandboxAnswer( {
			...first,
			request: {
				...first.request,
				headers: {
					...first.request.headers,
					'X-Proxy-Health-Sandbox': harness.token(
						lab(),
						'00000000-0000-4000-8000-000000000000',
						prefix,
						started.body.plugins,
						60
					),
				},
			},
		} );
		await expectRefused(
			otherRun,
			400,
			'proxy_health_bisection_result_wrong_run'
		);
		// Genuinely signed for step 3 of this run: out of order.
		const later = await runSitePhp< string >(
			lab().site,
			`return ProxyHealth\\Bisection\\Sandbox_Token::issue( ${ JSON.stringify(
				id
			) }, 3, ${ JSON.stringify( prefix ) }, array() );`
		);
		const laterResult = await sandboxAnswer( {
			...first,
			request: {
				...first.request,
				headers: {
					...first.request.headers,
					'X-Proxy-Health-Sandbox': later,
				},
				body: JSON.stringify( { prefix, subset: [] } ),
			},
		} );
		expect( laterResult.step ).toBe( 3 );
		await expectRefused(
			laterResult,
			409,
			'proxy_health_bisection_result_out_of_order'
		);

		// The genuine result: recorded once.
		const recorded = await post( result );
		expect( recorded.status ).toBe( 200 );
		expect( recorded.body.probesUsed ).toBe( 1 );
		expect( recorded.body.steps[ 0 ] ).toMatchObject( {
			subset: started.body.plugins,
			outcome: 'fail',
		} );
		await expectRefused(
			result,
			409,
			'proxy_health_bisection_result_replayed'
		);
		// The second tab's genuine answer for step 1 comes too late: stale.
		await expectRefused(
			await sandboxAnswer( other ),
			409,
			'proxy_health_bisection_result_stale'
		);

		// Two clients answer step 2 at once: one step is recorded.
		const [ a, b ] = [ await prepare(), await prepare() ];
		const answers = await Promise.all( [
			post( await sandboxAnswer( a ) ),
			post( await sandboxAnswer( b ) ),
		] );
		expect( answers.map( ( x ) => x.status ).sort() ).toEqual( [
			200, 409,
		] );
		expect(
			[
				'proxy_health_bisection_step_conflict',
				'proxy_health_bisection_result_stale',
			].includes(
				answers.find( ( x ) => x.status === 409 )?.body.code ?? ''
			)
		).toBe( true );
		expect( ( await stored() ).probesUsed ).toBe( 2 );

		// Cancelled: a prepared step's answer, a new prepare and a loopback step are all 409.
		const pending = await sandboxAnswer( await prepare() );
		const cancelled = await call( `${ ROUTE }/${ id }`, {
			method: 'DELETE',
		} );
		expect( cancelled.body ).toMatchObject( {
			status: 'cancelled',
			probesUsed: 2,
			clone: { state: 'dropped' },
		} );
		await expectRefused( pending, 409, 'proxy_health_bisection_finished' );
		for ( const body of [ { prepare: true }, undefined ] ) {
			const again = await call< Refusal >( stepRoute, {
				method: 'POST',
				body,
			} );
			expect( [ again.status, again.body.code ] ).toEqual( [
				409,
				'proxy_health_bisection_finished',
			] );
		}
		expect( ( await stored() ).status ).toBe( 'cancelled' );
		expectCleanAfter( before, harness.snapshot( lab() ) );
	} );

	test( 'a stale run (lock expired, still running) never removes the newer run’s loader, lock or clone', async () => {
		const before = harness.snapshot( lab() );
		const api = client();
		const stale = await api.startBisection( { driver: 'client' } );
		await runClientStep( api, stale.id, send );
		// Lab-only: the stale run's lock expires (its clone is aged past every bound too).
		harness.age( lab() );
		const fresh = await api.startBisection( { driver: 'client' } );
		expect( fresh.status ).toBe( 'running' );
		const during = harness.snapshot( lab() );
		expect(
			during.cloneTables.every( ( t ) =>
				t.startsWith( fresh.clone.prefix )
			)
		).toBe( true );

		// The stale run's client comes back: its run fails (the lock is the newer run's) ...
		const late = await runClientStep( api, stale.id, send );
		expect( late ).toMatchObject( {
			status: 'failed',
			error: { code: 'proxy_health_bisection_lock_lost' },
			clone: { state: 'dropped' },
		} );
		// ... and the newer run keeps its loader, lock and clone ...
		expect( harness.snapshot( lab() ) ).toMatchObject( {
			cloneTables: during.cloneTables,
			muPlugin: true,
			lock: true,
		} );
		// ... and finishes.
		let run = fresh;
		for ( let i = 0; i < 40 && run.status === 'running'; i++ ) {
			run = await runClientStep( api, run.id, send );
		}
		expect( run ).toMatchObject( {
			status: 'done',
			culprits: [ [ file( 'bisect-bad-proxy-auth' ) ] ],
		} );
		expectCleanAfter( before, harness.snapshot( lab() ) );
	} );
} );

describe( 'loopback refused outright', () => {
	const { harness, state, lab, cli } = setUp( true );

	test( 'auto picks the client at once and `proxy-health bisect` names the culprit; nothing live changes', async () => {
		const liveSet = ( await visit( state.url ) ).loaded;
		const before = harness.snapshot( lab() );
		const {
			result: run,
			seen: [ seen ],
		} = await whileVisiting( [ state.url ], cli( [ '--format', 'json' ] ) );
		expect( `${ run.code } ${ run.stderr }` ).toMatch( /^0 / );
		const result = JSON.parse( run.stdout ) as Bisection;
		expectCulprit( result );
		expect( result.driverReason?.message ).toMatch( /Connection refused/ );
		expect( seen ).toEqual( new Set( [ `200 ${ liveSet }` ] ) );
		expectCleanAfter( before, harness.snapshot( lab() ) );
	} );
} );
