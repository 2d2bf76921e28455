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
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
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
const THEME_FIXTURES = path.resolve( __dirname, '..', 'fixtures', 'themes' );
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
	// The first bisection on a site whose wp-config.php has no salts creates them (wp_salt(), as
	// core does at first login); one run started and cancelled here keeps that out of every
	// test's snapshot, so each test stands alone.
	const warmUp = await call( ROUTE, {
		method: 'POST',
		body: { driver: 'client' },
	} );
	await call( `${ ROUTE }/${ warmUp.body.id }`, { method: 'DELETE' } );
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
 *
 * @param options              Extra fields of the start request.
 * @param options.includeTheme Test the active theme too.
 * @param options.suspects     Plugin files to try first.
 * @param afterStep            Runs after each step (e.g. a visitor's request).
 */
async function bisectByClient(
	options: { includeTheme?: boolean; suspects?: string[] } = {},
	afterStep: () => Promise< void > = async () => {}
): Promise< Bisection > {
	const started = await call( ROUTE, {
		method: 'POST',
		body: {
			mode: 'ddmin',
			driver: 'client',
			cloneMode: 'light',
			...options,
		},
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
		await afterStep();
	}
	return run;
}

test.each( [
	{
		culprit: 'bisect-request-args-auth',
		position: 1,
		evidence: /proxy_auth_required \(407\)/,
		// cURL (WordPress's transport) passes with it; only fsockopen's 407 is there to find.
		failsOn: 'any',
	},
	{
		culprit: 'bisect-pre-http-407',
		position: 3,
		evidence: /proxy_auth_required \(407\)/,
		failsOn: 'curl',
	},
	{
		culprit: 'bisect-sandbox-fatal',
		position: 2,
		failsOn: 'any',
		evidence:
			/undefined function bisect_sandbox_fatal_function_that_does_not_exist\(\)/,
	},
] )(
	'a client-driven bisection names $culprit as the culprit, not the slow or quiet plugins; nothing live changes',
	async ( { culprit, position, evidence, failsOn } ) => {
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
			failsOn,
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

test( 'with one plugin breaking cURL and another breaking only fsockopen, the run looks for the 407 on cURL, the transport WordPress uses, and names only the cURL one', async () => {
	const curlBreaker = pluginFile( 'bisect-bad-proxy-auth' );
	const fsockopenBreaker = pluginFile( 'bisect-request-args-auth' );
	harness.activateFiles( lab, [
		fsockopenBreaker,
		pluginFile( 'bisect-quiet-a' ),
		pluginFile( 'bisect-quiet-b' ),
		curlBreaker,
	] );
	const before = harness.snapshot( lab );

	// The fsockopen breaker tried first: ddmin probes the half holding it first, so a run that
	// counted any 407 would name it instead.
	const run = await bisectByClient( { suspects: [ fsockopenBreaker ] } );
	expect( run.order?.[ 0 ]?.plugin ).toBe( fsockopenBreaker );

	expect( run ).toMatchObject( {
		status: 'done',
		conclusion: 'culprit_found',
		failsOn: 'curl',
		culprits: [ [ curlBreaker ] ],
	} );
	// Steps that had only the fsockopen breaker saw its 407 and still passed: the rule, not luck.
	const fsockopenOnly = run.steps.filter(
		( step ) =>
			step.subset.includes( fsockopenBreaker ) &&
			! step.subset.includes( curlBreaker )
	);
	expect( fsockopenOnly.length ).toBeGreaterThan( 0 );
	for ( const step of fsockopenOnly ) {
		expect( step ).toMatchObject( {
			outcome: 'pass',
			failedTransports: [ 'fsockopen' ],
		} );
	}
	for ( const step of run.steps ) {
		expect( step.outcome === 'fail' ).toBe(
			step.subset.includes( curlBreaker )
		);
	}
	expectCleanAfter( before, harness.snapshot( lab ) );
} );

test( 'with includeTheme, a theme whose functions.php breaks cURL is named; steps without it run the default theme; visitors keep the live theme', async () => {
	const stylesheet = 'bisect-theme-proxy-auth';
	const themeLink = path.join(
		lab.site.root,
		'wp-content',
		'themes',
		stylesheet
	);
	if ( ! existsSync( themeLink ) ) {
		symlinkSync( path.join( THEME_FIXTURES, stylesheet ), themeLink );
	}
	const plugins = [ 'bisect-quiet-a', 'bisect-quiet-b' ].map( pluginFile );
	// WordPress's own default theme (twentytwentyfive on 7.1, twentytwentyfour on 6.6), which the
	// fresh lab site runs and the sandbox falls back to.
	const defaultTheme =
		/define\(\s*'WP_DEFAULT_THEME',\s*'([^']+)'/.exec(
			readFileSync(
				path.join(
					lab.site.root,
					'wp-includes',
					'default-constants.php'
				),
				'utf8'
			)
		)?.[ 1 ] ?? 'twentytwentyfour';
	harness.activateFiles( lab, plugins );
	harness.switchTheme( lab, stylesheet );
	try {
		// A visitor's first page with this theme caches block styles in a transient: before the
		// snapshot, so the visits during the run find it there.
		expect( ( await visit( url ) ).status ).toBe( 200 );
		const before = harness.snapshot( lab );
		expect( before.stylesheet ).toBe( stylesheet );

		// Plugins only: with none active the theme still breaks the probe, so it is not a plugin.
		const pluginsOnly = await bisectByClient();
		expect( pluginsOnly ).toMatchObject( {
			status: 'done',
			conclusion: 'not_a_plugin',
		} );
		expect( pluginsOnly.theme ).toBeUndefined();

		const visitors: string[] = [];
		const run = await bisectByClient( { includeTheme: true }, async () => {
			visitors.push( ( await visit( url ) ).body );
		} );

		const candidate = `theme:${ stylesheet }`;
		expect( run ).toMatchObject( {
			status: 'done',
			conclusion: 'culprit_found',
			failsOn: 'curl',
			theme: { stylesheet, fallback: defaultTheme },
			culprits: [ [ candidate ] ],
		} );
		expect( run.plugins ).toEqual( [ ...plugins, candidate ] );
		// Its functions.php has an http_api_curl callback: the live hooks put it with the suspects.
		expect(
			run.order?.find( ( entry ) => entry.plugin === candidate )
		).toEqual( { plugin: candidate, reason: 'hooks' } );
		for ( const step of run.steps ) {
			expect( step.outcome === 'fail' ).toBe(
				step.subset.includes( candidate )
			);
		}
		expect(
			run.steps.some( ( step ) => ! step.subset.includes( candidate ) )
		).toBe( true );
		expect( visitors.length ).toBe( run.steps.length );
		for ( const body of visitors ) {
			expect( body ).toContain( `data-theme="${ stylesheet }"` );
		}
		expectCleanAfter( before, harness.snapshot( lab ) );
	} finally {
		harness.switchTheme( lab, defaultTheme );
	}
} );
