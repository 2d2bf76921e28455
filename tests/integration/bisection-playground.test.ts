/**
 * Bisection on WordPress Playground (PHP compiled to WebAssembly), the runtime `npm start`
 * serves the demo on: the same fixtures behind the Node proxy with the right credentials, the
 * server driver (the site requests itself through php-wasm's network) and the client driver
 * (one REST call per step, as the panel does), with visitors and the live tables checked as on
 * real PHP (tests/integration/bisection.test.ts).
 */

/**
 * Internal dependencies
 */
import type { Bisection } from '../../src/api/types';
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

jest.setTimeout( 240_000 );

const ROUTE = '/proxy-health/v1/bisections';
const ACTIVE: Slug[] = [
	'bisect-live-marker',
	'bisect-quiet-a',
	'bisect-bad-proxy-auth',
	'bisect-quiet-b',
];

const harness = startBisectionLab(
	'sqlite',
	{},
	{ runtime: 'playground', proxyEngine: 'node' }
);
let lab: Lab;
let url: string;
const call = (
	route: string,
	init: { method?: string; body?: unknown } = {}
) => rest< Bisection >( url, lab.site, route, init );

beforeAll( async () => {
	lab = await harness.start();
	url = lab.server.url;
	expect( lab.server.runtime ).toBe( 'playground' );
	harness.activate( lab, ACTIVE );
	// First-use writes (the Application Password's usage, salts, visitors' caches) before any
	// snapshot, as in the other bisection suites.
	await call( '/proxy-health/v1/status' );
	const warmUp = await call( ROUTE, {
		method: 'POST',
		body: { driver: 'client' },
	} );
	await call( `${ ROUTE }/${ warmUp.body.id }`, { method: 'DELETE' } );
	await visit( url );
} );

afterAll( async () => {
	await lab?.stop();
	harness.cleanup();
} );

function expectCulprit( run: Bisection ): void {
	expect( run ).toMatchObject( {
		status: 'done',
		conclusion: 'culprit_found',
		failsOn: 'curl',
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

test.each( [ 'server', 'client' ] as const )(
	'the %s driver names the culprit on php-wasm; visitors keep the live plugin set; nothing live changes',
	async ( driver ) => {
		const liveSet = ( await visit( url ) ).loaded;
		expect( liveSet ).toBe( 'bad_proxy_auth,quiet_a,quiet_b' );
		const before = harness.snapshot( lab );

		// Visitors all through the run, alongside the sandbox requests.
		const drive = async (): Promise< Bisection > => {
			const started = await call( ROUTE, {
				method: 'POST',
				body: { driver },
			} );
			expect( started.status ).toBe( 201 );
			let run = started.body;
			for ( let i = 0; i < 30 && run.status === 'running'; i++ ) {
				run = (
					await call( `${ ROUTE }/${ run.id }/step`, {
						method: 'POST',
					} )
				).body;
			}
			return run;
		};
		const {
			result: run,
			seen: [ seen ],
		} = await whileVisiting( [ url ], drive() );

		expectCulprit( run );
		expect( run.driver ).toBe( driver );
		expect( seen ).toEqual( new Set( [ `200 ${ liveSet }` ] ) );
		expect( ( await visit( url ) ).loaded ).toBe( liveSet );
		expectCleanAfter( before, harness.snapshot( lab ) );
	}
);
