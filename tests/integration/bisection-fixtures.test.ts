/**
 * Each way a fixture plugin breaks outbound proxy auth, found by a client-driven bisection
 * against a real lab: WordPress on php -S, a real squid with the RIGHT credentials in
 * wp-config.php, and the fixtures as real plugins among harmless ones (one of them slow to load):
 *
 * - `bisect-request-args-auth`: an `http_request_args` filter adds a hand-built, stale
 *   `Proxy-Authorization` header (checked first on the live site: squid really answers 407 to
 *   fsockopen; cURL sends its own header first and gets through);
 * - `bisect-pre-http-407`: a `pre_http_request` short-circuit that answers a fake 407;
 * - `bisect-sandbox-fatal`: fatals on load, inside the sandbox only (the live site keeps working).
 *
 * The `http_api_curl` override and the pair are covered by bisection.test.ts.
 */

/**
 * External dependencies
 */
import path from 'node:path';

/**
 * Internal dependencies
 */
import type { Bisection, ProbeReport } from '../../src/api/types';
import type { Lab } from '../../src/lab/scenario';
import {
	expectCleanAfter,
	startBisectionLab,
	visit,
} from '../support/bisection-lab';
import { rest } from '../support/rest';

jest.setTimeout( 180_000 );

const ROUTE = '/proxy-health/v1/bisections';
const FIXTURES = path.resolve( __dirname, '..', 'fixtures', 'plugins' );
const NEW_FIXTURES = [
	'bisect-request-args-auth',
	'bisect-pre-http-407',
	'bisect-slow-load',
] as const;
const pluginFile = ( slug: string ) => `${ slug }/${ slug }.php`;

const harness = startBisectionLab(
	'sqlite',
	Object.fromEntries(
		NEW_FIXTURES.map( ( slug ) => [ slug, path.join( FIXTURES, slug ) ] )
	)
);
let lab: Lab;
let url: string;
const call = < T = Bisection >(
	route: string,
	init: { method?: string; body?: unknown } = {}
) => rest< T >( url, lab.site, route, init );

beforeAll( async () => {
	lab = await harness.start();
	url = lab.server.url;
	// An Application Password's first use of the day writes usermeta: the admin's doing, not the run's.
	await call( '/proxy-health/v1/status' );
} );
afterAll( async () => {
	await lab?.stop();
	harness.cleanup();
} );

/**
 * Probes the lab's HTTP target on the live site, cURL then fsockopen.
 */
async function liveHttpProbe() {
	const answer = await call< ProbeReport >( '/proxy-health/v1/probes', {
		method: 'POST',
		body: {
			targets: [ `${ lab.httpTarget.url }/` ],
			transports: [ 'curl', 'fsockopen' ],
		},
	} );
	expect( answer.status ).toBe( 200 );
	expect( answer.body.results.map( ( result ) => result.transport ) ).toEqual(
		[ 'curl', 'fsockopen' ]
	);
	return answer.body.results;
}

test( 'the fixtures really break proxy auth on the live site although wp-config.php is right', async () => {
	harness.activateFiles( lab, [] );
	for ( const result of await liveHttpProbe() ) {
		expect( result ).toMatchObject( { outcome: 'ok', httpStatus: 200 } );
	}

	// A hand-built stale Proxy-Authorization header: squid itself answers 407 to fsockopen, which
	// sends the plugin's header first. cURL puts the one it builds from WP_PROXY_* first and squid
	// accepts that, so WordPress breaks only where fsockopen is its transport (no php-curl).
	harness.activateFiles( lab, [ pluginFile( 'bisect-request-args-auth' ) ] );
	const [ curl, fsockopen ] = await liveHttpProbe();
	expect( curl ).toMatchObject( { outcome: 'ok', httpStatus: 200 } );
	expect( fsockopen ).toMatchObject( {
		transport: 'fsockopen',
		outcome: 'proxy_auth_required',
		httpStatus: 407,
		viaProxy: true,
	} );
	// The 407 came from squid, not from a plugin: its identity and realm are on it.
	expect( fsockopen?.proxyServer ?? '' ).toMatch( /squid/i );
	expect( fsockopen?.proxyRealm ).toBe( 'Proxy Health Lab' );

	// The short-circuit answers a fake 407 on every transport; nothing reaches squid.
	harness.activateFiles( lab, [ pluginFile( 'bisect-pre-http-407' ) ] );
	for ( const result of await liveHttpProbe() ) {
		expect( result ).toMatchObject( {
			outcome: 'proxy_auth_required',
			httpStatus: 407,
		} );
		expect( result.proxyServer ).toBeUndefined();
	}
} );

/**
 * Drives a client-side bisection to its end, one POST /step at a time.
 */
async function bisectByClient(): Promise< Bisection > {
	const started = await call( ROUTE, {
		method: 'POST',
		body: { mode: 'ddmin', driver: 'client', cloneMode: 'light' },
	} );
	expect( started.status ).toBe( 201 );
	expect( started.body ).toMatchObject( {
		status: 'running',
		driver: 'client',
		probesUsed: 0,
	} );
	let run = started.body;
	for ( let i = 0; i < 30 && run.status === 'running'; i++ ) {
		const stepped = await call( `${ ROUTE }/${ run.id }/step`, {
			method: 'POST',
		} );
		expect( stepped.status ).toBe( 200 );
		expect( stepped.body.probesUsed ).toBe( run.probesUsed + 1 );
		run = stepped.body;
	}
	return run;
}

test.each( [
	{
		culprit: 'bisect-request-args-auth',
		position: 1,
		evidence: /proxy_auth_required \(407\)/,
	},
	{
		culprit: 'bisect-pre-http-407',
		position: 3,
		evidence: /proxy_auth_required \(407\)/,
	},
	{
		culprit: 'bisect-sandbox-fatal',
		position: 2,
		evidence:
			/undefined function bisect_sandbox_fatal_function_that_does_not_exist\(\)/,
	},
] )(
	'a client-driven bisection names $culprit as the culprit, not the slow or quiet plugins; nothing live changes',
	async ( { culprit, position, evidence } ) => {
		// The slow plugin has no HTTP hooks, so suspects go first and it may never be probed: it
		// must simply never be blamed.
		const harmless = [
			'bisect-quiet-a',
			'bisect-slow-load',
			'bisect-quiet-b',
		].map( pluginFile );
		const active = [ ...harmless ];
		active.splice( position, 0, pluginFile( culprit ) );
		harness.activateFiles( lab, active );
		// Live visitors are unaffected, even by the fixture that fatals inside the sandbox.
		expect( ( await visit( url ) ).status ).toBe( 200 );
		const before = harness.snapshot( lab );

		const run = await bisectByClient();

		expect( run ).toMatchObject( {
			status: 'done',
			conclusion: 'culprit_found',
			culprits: [ [ pluginFile( culprit ) ] ],
		} );
		expect( run.plugins ).toEqual( active );
		expect( run.probesUsed ).toBeLessThanOrEqual(
			2 * Math.ceil( Math.log2( active.length ) ) + 3
		);
		for ( const step of run.steps ) {
			const hasCulprit = step.subset.includes( pluginFile( culprit ) );
			const failed = step.outcome === 'fail' || step.outcome === 'crash';
			expect( failed ).toBe( hasCulprit );
			if ( hasCulprit ) {
				expect( step.evidence?.join( '\n' ) ).toMatch( evidence );
			}
		}
		expect( ( await visit( url ) ).status ).toBe( 200 );
		expectCleanAfter( before, harness.snapshot( lab ) );
	}
);
