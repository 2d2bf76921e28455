/**
 * The PHP matrix: the plugin on WordPress Playground under every PHP version php-wasm carries
 * offline (7.4 … 8.5), one Playground server per version, one after another, on one installed
 * WordPress folder reset between versions (database and wp-config.php as installed, Proxy Health
 * inactive). Per version: activation in wp-admin, GET /status, POST /probes through squid (a real
 * 407 with the wrong password, a pass with the right one), a bisection that names the fixture
 * culprit, an evidence session with debug constants that leaves wp-config.php byte-identical.
 *
 * `PROXY_HEALTH_PHP=7.4,8.5` runs a subset. Each version's time is printed at the end.
 */

/**
 * External dependencies
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import type {
	Bisection,
	EvidenceSession,
	EvidenceSessionStopped,
	ProbeReport,
	ProbeResult,
	StatusResponse,
} from '../../src/api/types';
import type { RunningSite } from '../../src/lab/runtimes/php-server';
import { startPlayground } from '../../src/lab/runtimes/playground';
import { startLab, type Lab } from '../../src/lab/scenario';
import { file, SLUGS, visit, type Slug } from '../support/bisection-lab';
import { logMarks, newPhpProblems } from '../support/lab';
import {
	activateInAdmin,
	adminSession,
	matrixVersions,
	recordBaseline,
	reportAllPhpErrors,
	timingTable,
	type SiteBaseline,
} from '../support/php-matrix';
import { rest } from '../support/rest';

// A Playground boot alone can take minutes on a busy 2-core machine.
jest.setTimeout( 420_000 );

const VERSIONS = matrixVersions();
const FIXTURES = path.resolve( __dirname, '..', 'fixtures', 'plugins' );
const PROXY_HEALTH = 'proxy-health/proxy-health.php';
const BISECTED: Slug[] = [
	'bisect-live-marker',
	'bisect-quiet-a',
	'bisect-bad-proxy-auth',
	'bisect-quiet-b',
];

const stateDir = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-php-' ) );
let lab: Lab;
let baseline: SiteBaseline;
let errorLog: string;
const timings: Array< {
	version: string;
	php: string;
	passed: number;
	total: number;
	seconds: number;
} > = [];

beforeAll( async () => {
	// Installed once, Proxy Health linked but inactive: each version activates it itself. The
	// lab's own server (real PHP) is stopped at once: every version gets a Playground server of
	// its own, so a version that cannot boot fails alone.
	lab = await startLab( {
		stateDir: path.join( stateDir, 'lab' ),
		runtime: 'php',
		proxyEngine: 'auto',
		scenario: 'wrong-credentials',
		activate: [],
		plugins: Object.fromEntries(
			SLUGS.map( ( slug ) => [ slug, path.join( FIXTURES, slug ) ] )
		),
	} );
	await lab.server.stop();
	errorLog = await reportAllPhpErrors( lab.site );
	baseline = await recordBaseline( lab.site, stateDir );
} );

afterAll( async () => {
	await lab?.stop();
	rmSync( stateDir, { recursive: true, force: true } );
	if ( timings.length > 0 ) {
		console.log( `PHP matrix on Playground\n${ timingTable( timings ) }` );
	}
} );

describe.each( VERSIONS )( 'PHP %s on Playground', ( version ) => {
	let server: RunningSite;
	let started = 0;
	let marks: Map< string, number >;
	const row = { version, php: '?', passed: 0, total: 0, seconds: 0 };
	const call = < T >(
		route: string,
		init: { method?: string; body?: unknown } = {}
	) => rest< T >( server.url, lab.site, route, init );
	/**
	 * A test that counts towards this version's row.
	 * @param name
	 * @param body
	 */
	const check = ( name: string, body: () => Promise< void > ) => {
		row.total++;
		test( name, async () => {
			await body();
			row.passed++;
		} );
	};

	beforeAll( async () => {
		started = Date.now();
		marks = logMarks( [ errorLog ] );
		await baseline.restore();
		server = await startPlayground( lab.site, {
			php: version,
			timeoutMs: 300_000,
		} );
	} );

	afterAll( async () => {
		await server?.stop();
		row.seconds = ( Date.now() - started ) / 1000;
		timings.push( row );
	} );

	check( 'activates in wp-admin', async () => {
		const session = await adminSession( server.url, lab.site );
		const activation = await activateInAdmin( server.url, session, [
			PROXY_HEALTH,
		] );
		expect( activation ).toMatchObject( {
			status: 302,
			location: expect.stringContaining( 'activate=true' ),
		} );
	} );

	check( 'GET /status names this PHP and the proxy', async () => {
		const status = await call< StatusResponse >(
			'/proxy-health/v1/status'
		);
		expect( status.status ).toBe( 200 );
		row.php = `${ status.body.runtime.php } (WordPress ${ status.body.runtime.wordpress })`;
		expect( status.body.runtime.php ).toMatch(
			new RegExp( `^${ version.replace( '.', '\\.' ) }\\.` )
		);
		expect( status.body.proxy ).toMatchObject( {
			enabled: true,
			port: String( lab.proxy.port ),
			hasPassword: true,
		} );
		// Side-by-side fsockopen probes need Fibers (PHP 8.1+), which php-wasm cannot switch:
		// /status says why they run one after another.
		expect( status.body.runtime.parallelFsockopen ).toEqual( {
			available: false,
			reason: [ '7.4', '8.0' ].includes( version )
				? 'php_version'
				: 'php_wasm',
		} );
		expect( status.body.transports.curl.available ).toBe( true );
		expect( status.body.transports.fsockopen.available ).toBe( true );
		expect( status.text ).not.toContain( lab.proxy.credentials?.password );
	} );

	check(
		'POST /probes: a real 407 with the wrong password, a pass with the right one',
		async () => {
			const failing = await call< ProbeReport >(
				'/proxy-health/v1/probes',
				{
					method: 'POST',
				}
			);
			expect( failing.status ).toBe( 200 );
			expect( failing.body.verdict ).toBe( 'fail' );
			// fsockopen cannot tunnel HTTPS through a proxy (transport_cannot_tunnel); every other
			// request reaches the proxy and gets its 407: on HTTP, or on CONNECT for HTTPS.
			const tunnels = ( result: ProbeResult ) =>
				result.transport === 'fsockopen' &&
				result.target.startsWith( 'https:' );
			const reached = failing.body.results.filter(
				( result ) => ! tunnels( result )
			);
			expect(
				reached.map( ( result ) => result.transport ).sort()
			).toEqual( [ 'curl', 'curl', 'fsockopen' ] );
			for ( const result of reached ) {
				expect( result ).toMatchObject( {
					viaProxy: true,
					outcome: 'proxy_auth_required',
				} );
				expect( result.httpStatus ?? result.connectStatus ).toBe( 407 );
			}
			expect(
				failing.body.diagnoses.map( ( diagnosis ) => diagnosis.code )
			).toContain( 'proxy_auth_rejected' );

			await lab.setScenario( 'right-credentials' );
			const passing = await call< ProbeReport >(
				'/proxy-health/v1/probes',
				{
					method: 'POST',
				}
			);
			expect( passing.status ).toBe( 200 );
			expect(
				passing.body.results
					.filter( ( result ) => ! tunnels( result ) )
					.map(
						( result ) =>
							`${ result.transport } ${ result.target } ${ result.outcome }`
					)
			).toEqual(
				reached.map(
					( result ) => `${ result.transport } ${ result.target } ok`
				)
			);
			expect( passing.body.verdict ).toBe( 'pass' );
		}
	);

	check(
		'a bisection names the fixture culprit; visitors keep the live plugins',
		async () => {
			const session = await adminSession( server.url, lab.site );
			const activation = await activateInAdmin(
				server.url,
				session,
				BISECTED.map( file )
			);
			expect( activation ).toMatchObject( {
				status: 302,
				location: expect.stringContaining( 'activate-multi=true' ),
			} );
			const live = await visit( server.url );
			expect( live.loaded ).toBe( 'bad_proxy_auth,quiet_a,quiet_b' );

			const begun = await call< Bisection >(
				'/proxy-health/v1/bisections',
				{ method: 'POST', body: {} }
			);
			expect( begun.status ).toBe( 201 );
			let run = begun.body;
			for ( let i = 0; i < 40 && run.status === 'running'; i++ ) {
				run = (
					await call< Bisection >(
						`/proxy-health/v1/bisections/${ run.id }/step`,
						{ method: 'POST' }
					)
				).body;
			}
			expect( run ).toMatchObject( {
				status: 'done',
				conclusion: 'culprit_found',
				culprits: [ [ file( 'bisect-bad-proxy-auth' ) ] ],
				clone: { state: 'dropped' },
			} );
			expect( ( await visit( server.url ) ).loaded ).toBe( live.loaded );
		}
	);

	check(
		'an evidence session switches debug constants on and wp-config.php back byte for byte',
		async () => {
			const config = path.join( lab.site.root, 'wp-config.php' );
			const before = readFileSync( config );
			const begun = await call< EvidenceSession >(
				'/proxy-health/v1/evidence-sessions',
				{ method: 'POST', body: { minutes: 5, debugConstants: true } }
			);
			expect( begun.status ).toBe( 201 );
			expect( begun.body.debugConstants ).toBe( true );
			const during = readFileSync( config, 'utf8' );
			expect( during ).not.toBe( before.toString( 'utf8' ) );
			expect( during ).toMatch( /define\(\s*'WP_DEBUG',\s*true\s*\)/ );
			// A request with the constants on still serves the site.
			expect( ( await visit( server.url ) ).status ).toBe( 200 );

			const ended = await call< EvidenceSessionStopped >(
				'/proxy-health/v1/evidence-sessions/current',
				{ method: 'DELETE' }
			);
			expect( ended.status ).toBe( 200 );
			expect( ended.body.config?.status ).toBe( 'restored' );
			expect( readFileSync( config ).equals( before ) ).toBe( true );
		}
	);

	check(
		'PHP reported no error, warning, notice or deprecation from Proxy Health',
		async () => {
			// WordPress core's own deprecations on the newest PHP are not the plugin's to fix; any
			// fatal error is.
			expect(
				newPhpProblems( marks ).filter(
					( line ) =>
						line.includes( '/plugins/proxy-health/' ) ||
						/Fatal error|Parse error|Uncaught/.test( line )
				)
			).toEqual( [] );
		}
	);
} );
