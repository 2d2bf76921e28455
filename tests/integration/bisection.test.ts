/**
 * Plugin bisection against a real lab: WordPress on php -S (4 workers, so loopback works), a
 * real squid with the RIGHT credentials in wp-config.php, real fixture plugins that break proxy
 * auth alone, in a pair, or fatal inside the sandbox. Every test checks that the live tables
 * (every row outside Proxy Health's own options), the plugin set visitors get and the clone
 * tables are as they must be.
 */

/**
 * Internal dependencies
 */
import type { Bisection } from '../../src/api/types';
import type { Lab } from '../../src/lab/scenario';
import { hasMariaDb } from '../../src/lab/db/mariadb';
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

const DATABASES: Array< 'sqlite' | 'mariadb' > = hasMariaDb()
	? [ 'sqlite', 'mariadb' ]
	: [ 'sqlite' ];

describe.each( DATABASES )( 'bisection on %s', ( database ) => {
	const harness = startBisectionLab( database );
	let lab: Lab;
	let url: string;
	const call = < T = Bisection >(
		route: string,
		init: { method?: string; body?: unknown } = {}
	) => rest< T >( url, lab.site, route, init );

	beforeAll( async () => {
		lab = await harness.start();
		url = lab.server.url;
		// One authenticated call first: WordPress records an Application Password's first use of
		// the day in usermeta, which is the admin's doing, not the bisection's.
		await call( '/proxy-health/v1/status' );
	} );
	afterAll( async () => {
		await lab?.stop();
		harness.cleanup();
	} );

	test( 'finds a single culprit in about log2 N probes with evidence; visitors keep the live plugin set; nothing live changes', async () => {
		const active: Slug[] = [
			'bisect-live-marker',
			'bisect-quiet-a',
			'bisect-noisy',
			'bisect-pair-arm',
			'bisect-bad-proxy-auth',
			'bisect-quiet-b',
		];
		harness.activate( lab, active );
		const liveSet = ( await visit( url ) ).loaded;
		expect( liveSet ).toBe(
			'bad_proxy_auth,pair_arm,noisy,quiet_a,quiet_b'
		);
		const before = harness.snapshot( lab );

		// Visitors during the run: every answer carries the full live set.
		const {
			result: started,
			seen: [ seen ],
		} = await whileVisiting(
			[ url ],
			call( ROUTE, {
				method: 'POST',
				body: { mode: 'ddmin', driver: 'server', cloneMode: 'light' },
			} )
		);

		expect( started.status ).toBe( 201 );
		const run = started.body;
		expect( run ).toMatchObject( {
			status: 'done',
			mode: 'ddmin',
			driver: 'server',
			driverReason: { code: 'requested' },
			conclusion: 'culprit_found',
			culprits: [ [ file( 'bisect-bad-proxy-auth' ) ] ],
			clone: { state: 'dropped' },
		} );
		expect( run.plugins ).toEqual( active.map( file ) );
		expect( run.clone.prefix ).toMatch( /^wp_phbx[0-9a-f]{4}_$/ );
		const n = active.length;
		expect( run.probesUsed ).toBe( run.steps.length );
		expect( run.probesUsed ).toBeLessThanOrEqual(
			2 * Math.ceil( Math.log2( n ) ) + 3
		);
		// Baselines first, then evidence on every step: the culprit's steps show the 407.
		expect( run.steps[ 0 ] ).toMatchObject( {
			subset: active.map( file ),
			outcome: 'fail',
		} );
		expect( run.steps[ 1 ] ).toMatchObject( {
			subset: [],
			outcome: 'pass',
		} );
		for ( const step of run.steps ) {
			const hasCulprit = step.subset.includes(
				file( 'bisect-bad-proxy-auth' )
			);
			expect( step.outcome ).toBe( hasCulprit ? 'fail' : 'pass' );
			expect( step.reportId ).toMatch( /^[0-9a-f-]{36}$/ );
			if ( hasCulprit ) {
				expect( step.evidence?.join( '\n' ) ).toMatch(
					/proxy_auth_required \(407\)/
				);
			}
		}
		expect( seen ).toEqual( new Set( [ `200 ${ liveSet }` ] ) );

		const fetched = await call( `${ ROUTE }/${ run.id }` );
		expect( fetched.body ).toEqual( run );
		expectCleanAfter( before, harness.snapshot( lab ) );
	} );

	test( 'finds a pair that fails only together, driven step by step by the client; a second start gets 409', async () => {
		const active: Slug[] = [
			'bisect-live-marker',
			'bisect-pair-arm',
			'bisect-quiet-a',
			'bisect-noisy',
			'bisect-quiet-b',
			'bisect-pair-trigger',
		];
		harness.activate( lab, active );
		await visit( url );
		const before = harness.snapshot( lab );

		const started = await call( ROUTE, {
			method: 'POST',
			body: { mode: 'ddmin', driver: 'client', cloneMode: 'full' },
		} );
		expect( started.status ).toBe( 201 );
		expect( started.body ).toMatchObject( {
			status: 'running',
			probesUsed: 0,
			clone: { state: 'ready' },
		} );
		const during = harness.snapshot( lab );
		expect( during.cloneTables.length ).toBe(
			Object.keys( before.live ).length
		);
		expect(
			during.cloneTables.every( ( t ) =>
				t.startsWith( started.body.clone.prefix )
			)
		).toBe( true );
		expect( during.muPlugin ).toBe( true );

		const second = await call< { code: string; data: { status: number } } >(
			ROUTE,
			{ method: 'POST', body: {} }
		);
		expect( second.status ).toBe( 409 );
		expect( second.body.code ).toBe( 'proxy_health_bisection_running' );

		let run = started.body;
		for ( let i = 0; i < 40 && run.status === 'running'; i++ ) {
			const stepped = await call( `${ ROUTE }/${ run.id }/step`, {
				method: 'POST',
			} );
			expect( stepped.status ).toBe( 200 );
			expect( stepped.body.probesUsed ).toBe( run.probesUsed + 1 );
			run = stepped.body;
		}
		expect( run ).toMatchObject( {
			status: 'done',
			conclusion: 'culprit_found',
			culprits: [
				[ file( 'bisect-pair-arm' ), file( 'bisect-pair-trigger' ) ],
			],
		} );
		// Each of the pair alone passed.
		const alone = ( slug: Slug ) =>
			run.steps.filter(
				( s ) => s.subset.length === 1 && s.subset[ 0 ] === file( slug )
			);
		for ( const slug of [
			'bisect-pair-arm',
			'bisect-pair-trigger',
		] as Slug[] ) {
			expect( alone( slug ).every( ( s ) => s.outcome === 'pass' ) ).toBe(
				true
			);
		}
		expectCleanAfter( before, harness.snapshot( lab ) );
	} );

	test( 'a plugin that fatals in the sandbox is reported as a crash of that subset; the live site keeps working', async () => {
		const active: Slug[] = [
			'bisect-live-marker',
			'bisect-quiet-a',
			'bisect-sandbox-fatal',
			'bisect-quiet-b',
		];
		harness.activate( lab, active );
		await visit( url );
		const before = harness.snapshot( lab );
		const { status, body: run } = await call( ROUTE, {
			method: 'POST',
			body: { mode: 'one-by-one' },
		} );
		expect( status ).toBe( 201 );
		// No driver asked: auto, and with four workers the site reaches itself.
		expect( run ).toMatchObject( {
			status: 'done',
			driver: 'server',
			driverReason: { code: 'loopback_ok' },
			conclusion: 'culprit_found',
			culprits: [ [ file( 'bisect-sandbox-fatal' ) ] ],
		} );
		const crashes = run.steps.filter( ( s ) => s.outcome === 'crash' );
		expect( crashes.length ).toBeGreaterThan( 0 );
		for ( const step of crashes ) {
			expect( step.subset ).toContain( file( 'bisect-sandbox-fatal' ) );
			expect( step.evidence?.[ 0 ] ).toMatch(
				/undefined function bisect_sandbox_fatal_function_that_does_not_exist\(\)/
			);
		}
		expect(
			run.steps
				.filter(
					( s ) =>
						! s.subset.includes( file( 'bisect-sandbox-fatal' ) )
				)
				.every( ( s ) => s.outcome === 'pass' )
		).toBe( true );
		const page = await visit( url );
		expect( page.status ).toBe( 200 );
		expect( page.loaded ).toBe( 'sandbox_fatal,quiet_a,quiet_b' );
		expectCleanAfter( before, harness.snapshot( lab ) );
	} );

	test( 'forged, expired and replayed tokens do nothing: the request stays an ordinary live request', async () => {
		const active: Slug[] = [
			'bisect-live-marker',
			'bisect-noisy',
			'bisect-bad-proxy-auth',
		];
		harness.activate( lab, active );
		const live = await visit( url );
		const before = harness.snapshot( lab );
		const { body: run } = await call( ROUTE, {
			method: 'POST',
			body: { driver: 'client' },
		} );
		expect( run.status ).toBe( 'running' );
		const prefix = run.clone.prefix;
		const subset: string[] = [];
		const sandbox = ( token: string, asked: string[] = subset ) =>
			fetch( `${ url }/`, {
				method: 'POST',
				headers: {
					'X-Proxy-Health-Sandbox': token,
					'Content-Type': 'application/json',
				},
				body: JSON.stringify( { prefix, subset: asked } ),
			} ).then( async ( r ) => ( {
				status: r.status,
				loaded: r.headers.get( 'x-bisect-loaded' ),
				text: await r.text(),
			} ) );
		const isSandboxAnswer = ( text: string ) =>
			text.includes( '"proxyHealthSandbox":true' );

		const valid = harness.token( lab, run.id, prefix, subset, 60 );
		const first = await sandbox( valid );
		expect( isSandboxAnswer( first.text ) ).toBe( true );
		expect( JSON.parse( first.text ) ).toMatchObject( {
			outcome: 'pass',
			subset: [],
		} );

		const replayed = await sandbox( valid );
		// A fresh token with a flipped signature byte: refused, and its nonce stays unused.
		const fresh = harness.token( lab, run.id, prefix, subset, 60 );
		const [ payload = '', signature = '' ] = fresh.split( '.' );
		const flipped = signature.startsWith( 'A' ) ? 'B' : 'A';
		const forged = await sandbox(
			`${ payload }.${ flipped }${ signature.slice( 1 ) }`
		);
		const expired = await sandbox(
			harness.token( lab, run.id, prefix, subset, -5 )
		);
		const otherSubset = await sandbox(
			harness.token( lab, run.id, prefix, subset, 60 ),
			[ file( 'bisect-noisy' ) ]
		);
		for ( const answer of [ replayed, forged, expired, otherSubset ] ) {
			expect( isSandboxAnswer( answer.text ) ).toBe( false );
			expect( answer.status ).toBe( 200 );
			// The full live plugin set loaded: a visitor's request.
			expect( answer.loaded ).toBe( live.loaded );
		}

		const genuine = await sandbox( fresh );
		expect( isSandboxAnswer( genuine.text ) ).toBe( true );

		const cancelled = await call( `${ ROUTE }/${ run.id }`, {
			method: 'DELETE',
		} );
		expect( cancelled.body ).toMatchObject( {
			status: 'cancelled',
			clone: { state: 'dropped' },
		} );
		expectCleanAfter( before, harness.snapshot( lab ) );
	} );

	test( 'cancel mid-run drops the clone, removes the loader and frees the lock', async () => {
		harness.activate( lab, [
			'bisect-live-marker',
			'bisect-quiet-a',
			'bisect-bad-proxy-auth',
			'bisect-quiet-b',
		] );
		await visit( url );
		const before = harness.snapshot( lab );
		const { body: run } = await call( ROUTE, {
			method: 'POST',
			body: { driver: 'client', mode: 'one-by-one' },
		} );
		const stepped = await call( `${ ROUTE }/${ run.id }/step`, {
			method: 'POST',
		} );
		expect( stepped.body.probesUsed ).toBe( 1 );
		const cancelled = await call( `${ ROUTE }/${ run.id }`, {
			method: 'DELETE',
		} );
		expect( cancelled.body ).toMatchObject( {
			status: 'cancelled',
			clone: { state: 'dropped' },
			culprits: [],
		} );
		// A cancelled run stays cancelled: a step of it is refused with its own code.
		const again = await call< { code: string } >(
			`${ ROUTE }/${ run.id }/step`,
			{ method: 'POST' }
		);
		expect( [ again.status, again.body.code ] ).toEqual( [
			409,
			'proxy_health_bisection_finished',
		] );
		const kept = await call( `${ ROUTE }/${ run.id }` );
		expect( kept.body.status ).toBe( 'cancelled' );
		expect( kept.body.probesUsed ).toBe( 1 );
		expectCleanAfter( before, harness.snapshot( lab ) );
	} );

	test( 'with wrong credentials in wp-config.php, none active still fails: not a plugin', async () => {
		harness.activate( lab, [
			'bisect-live-marker',
			'bisect-quiet-a',
			'bisect-quiet-b',
		] );
		await visit( url );
		await lab.setScenario( 'wrong-credentials' );
		try {
			const before = harness.snapshot( lab );
			const { body: run } = await call( ROUTE, {
				method: 'POST',
				body: {},
			} );
			expect( run ).toMatchObject( {
				status: 'done',
				conclusion: 'not_a_plugin',
				culprits: [],
			} );
			expect(
				run.steps.map( ( s ) => [ s.subset.length, s.outcome ] )
			).toEqual( [
				[ 3, 'fail' ],
				[ 0, 'fail' ],
				[ 0, 'fail' ],
			] );
			expectCleanAfter( before, harness.snapshot( lab ) );
		} finally {
			await lab.setScenario( 'right-credentials' );
		}
	} );

	test( 'arguments are validated with stable codes; unknown ids are 404; visitors are refused', async () => {
		const bad = await call< { code: string } >( ROUTE, {
			method: 'POST',
			body: { mode: 'random' },
		} );
		expect( bad.status ).toBe( 400 );
		expect( bad.body.code ).toBe( 'rest_invalid_param' );
		const missing = await call< { code: string } >(
			`${ ROUTE }/00000000-0000-4000-8000-000000000000`
		);
		expect( missing.status ).toBe( 404 );
		expect( missing.body.code ).toBe( 'proxy_health_bisection_not_found' );
		const anonymous = await rest< { code: string } >( url, null, ROUTE, {
			method: 'POST',
			body: {},
		} );
		expect( anonymous.status ).toBe( 401 );
		expect( anonymous.body.code ).toBe( 'rest_forbidden' );
	} );
} );
