/**
 * Faults against a real lab (WordPress on the PHP CLI server, squid, the lab targets):
 *
 * - misbehaving proxies (`src/lab/proxies/faulty.ts`) — one that resets the connection
 *   mid-answer, one that answers garbage, one that answers a 407 without a usable challenge, one
 *   that is slow to answer — and a slow target behind squid. For each, `POST /probes` (every
 *   transport) must answer 200 within the route's bound (one probe timeout, not one per
 *   request), name the proxy (or the target) as the failing part with a documented code, log
 *   no PHP warning or notice (WP_DEBUG on) and leak no secret;
 * - the PHP server killed at random moments while an evidence session switches the debug
 *   constants on in wp-config.php: the file always parses, the site answers, and after an admin
 *   page load and stopping the session the file is byte for byte what it was;
 * - two administrators starting an evidence session at the same moment: one 201, one 409.
 */

/**
 * External dependencies
 */
import { execFile } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { isProbeReportDocument as isProbeReport } from '../../src/api/contract/validators';
import type { ProbeReport, ProbeResult } from '../../src/api/types';
import {
	startGarbageProxy,
	startMalformed407Proxy,
	startResettingProxy,
	startSlowProxy,
	type FaultyProxy,
} from '../../src/lab/proxies/faulty';
import {
	startPhpServer,
	type RunningSite,
} from '../../src/lab/runtimes/php-server';
import {
	debugLogFile,
	enableDebugLog,
	logMarks,
	newPhpProblems,
	sharedLab,
} from '../support/lab';
import { SecretScanner } from '../support/secret-scanner';
import {
	applicationPasswordCaller,
	call,
	logIn,
	type Answer,
	type Caller,
} from '../support/wp-session';

jest.setTimeout( 240_000 );

const PROBES = '/proxy-health/v1/probes';
const SESSIONS = '/proxy-health/v1/evidence-sessions';

/** Per-request probe timeout for this file (the plugin's filter; default 10 s). */
const PROBE_TIMEOUT_S = 2;

/**
 * The route's bound: requests run side by side, so a run costs about one probe timeout (see
 * Parallel_Runner), plus WordPress's own start-up. Generous margin for 2 shared cores.
 */
const ROUTE_BOUND_MS = PROBE_TIMEOUT_S * 1000 + 6_000;

/** The password the site sends to every faulty proxy: it must never come back. */
const PROXY_CANARY = 'faults-canary-Pr0xy!pass';

let admin: Caller;
/** The server serving the site now (the kill test replaces the lab's own). */
let server: RunningSite;
/** Servers this file started itself, stopped in afterAll. */
const ownServers: RunningSite[] = [];
let scanner: SecretScanner;
const timings: string[] = [];

const lab = sharedLab( {
	runtime: 'php',
	proxyEngine: 'squid',
	proxyScheme: 'basic',
	scenario: 'right-credentials',
} );

beforeAll( async () => {
	server = lab().server;
	// WP_DEBUG on so that notices reach the debug log; WP-Cron off (see enableDebugLog).
	await enableDebugLog( lab() );
	await writeFile(
		path.join(
			lab().site.root,
			'wp-content',
			'mu-plugins',
			'proxy-health-test-timeout.php'
		),
		`<?php\ndeclare(strict_types = 1);\nadd_filter( 'proxy_health_probe_timeout', static fn(): float => ${ PROBE_TIMEOUT_S }.0 );\n`
	);
	admin = applicationPasswordCaller( lab().site );
	const credentials = lab().proxy.credentials;
	scanner = new SecretScanner( [
		{
			name: 'faulty proxy password',
			value: PROXY_CANARY,
			username: 'fault-user',
		},
		...( credentials
			? [
					{
						name: 'squid password',
						value: credentials.password,
						username: credentials.username,
					},
				]
			: [] ),
		{
			name: 'Application Password',
			value: lab().site.admin.applicationPassword,
			username: lab().site.admin.username,
		},
		{ name: 'admin password', value: lab().site.admin.password },
	] );
} );

afterAll( async () => {
	for ( const own of ownServers ) {
		await own.stop();
	}
	if ( timings.length > 0 ) {
		// Reported, never asserted beyond the bound: shared machines vary.

		console.log( `POST /probes under faults:\n${ timings.join( '\n' ) }` );
	}
} );

/** Log files whose growth a test checks, with the size they had before. */
function siteLogMarks(): Map< string, number > {
	return logMarks( [ server.logFile, debugLogFile( lab() ) ] );
}

function targets(): { http: string; https: string } {
	return {
		http: `${ lab().httpTarget.url }/`,
		https: `${ lab().httpsTarget.url }/`,
	};
}

function find(
	report: ProbeReport,
	target: string,
	transport: 'curl' | 'fsockopen'
): ProbeResult {
	const result = report.results.find(
		( r ) => r.target === target && r.transport === transport
	);
	if ( ! result ) {
		throw new Error( `No ${ transport } result for ${ target }.` );
	}
	return result;
}

const codes = ( report: ProbeReport ) =>
	[ ...new Set( report.diagnoses.map( ( d ) => d.code ) ) ].sort();

const diagnosis = ( report: ProbeReport, code: string ) => {
	const found = report.diagnoses.find( ( d ) => d.code === code );
	if ( ! found ) {
		throw new Error(
			`No ${ code } diagnosis: ${ JSON.stringify( report.diagnoses ) }`
		);
	}
	return found;
};

/**
 * Outcomes by `transport target-scheme`, for one readable assertion.
 * @param report
 */
function outcomes( report: ProbeReport ): Record< string, string > {
	const table: Record< string, string > = {};
	for ( const result of report.results ) {
		const scheme = result.target.startsWith( 'https:' ) ? 'https' : 'http';
		table[ `${ result.transport } ${ scheme }` ] = result.outcome;
	}
	return table;
}

/**
 * Runs POST /probes (every transport) against the lab targets, checks what holds for every
 * fault (200, a valid report, within the bound, no PHP problem, no secret) and returns it.
 *
 * @param name Label for the timing table and messages.
 * @param body Request body (targets default to the lab's HTTP and HTTPS targets).
 */
async function probeUnderFault(
	name: string,
	body: Record< string, unknown > = {}
): Promise< ProbeReport > {
	const { http, https } = targets();
	const marks = siteLogMarks();
	const started = Date.now();
	const answer = await call( server.url, admin, PROBES, {
		method: 'POST',
		body: { targets: [ http, https ], ...body },
	} );
	const elapsed = Date.now() - started;
	timings.push( `  ${ name.padEnd( 40 ) } ${ elapsed } ms` );
	expect( [ name, answer.status ] ).toEqual( [ name, 200 ] );
	expect( isProbeReport( answer.body ) ).toBe( true );
	expect( elapsed ).toBeLessThan( ROUTE_BOUND_MS );
	expect( newPhpProblems( marks ) ).toEqual( [] );
	scanner.scanText( `POST /probes (${ name })`, answer.text );
	expect( scanner.report() ).toEqual( [] );
	return answer.body as ProbeReport;
}

/**
 * Points the site at a faulty proxy (with credentials, so a leak would show) for one test.
 *
 * @param proxy      The proxy.
 * @param proxy.host
 * @param proxy.port
 */
async function pointSiteAt( proxy: { host: string; port: number } ) {
	await lab().site.setProxy( {
		host: proxy.host,
		port: proxy.port,
		username: 'fault-user',
		password: PROXY_CANARY,
	} );
}

async function withFaultyProxy< T >(
	start: () => Promise< FaultyProxy >,
	work: ( proxy: FaultyProxy ) => Promise< T >
): Promise< T > {
	const proxy = await start();
	try {
		await pointSiteAt( proxy );
		return await work( proxy );
	} finally {
		await proxy.stop();
	}
}

/** What every transport meets when the proxy itself answers badly (fsockopen cannot tunnel). */
const BROKEN_ANSWER = {
	'curl http': 'connect_failed',
	'fsockopen http': 'connect_failed',
	'curl https': 'connect_failed',
	'fsockopen https': 'tls_error',
};

describe( 'misbehaving proxies and a slow target: POST /probes stays bounded and names the failing part', () => {
	it.each( [ [ 'status-line' as const ], [ 'headers' as const ] ] )(
		'a proxy that resets the connection mid-answer (cut in the %s): proxy_protocol_error',
		async ( at ) => {
			await withFaultyProxy(
				() => startResettingProxy( at ),
				async ( proxy ) => {
					const report = await probeUnderFault( `reset in ${ at }` );
					expect( proxy.connections ).toBeGreaterThanOrEqual( 3 );
					expect( outcomes( report ) ).toEqual( BROKEN_ANSWER );
					expect( codes( report ) ).toEqual( [
						'proxy_protocol_error',
						'transport_cannot_tunnel',
					] );
					const broken = diagnosis( report, 'proxy_protocol_error' );
					expect( broken.severity ).toBe( 'critical' );
					expect( broken.detail ).toContain(
						`${ proxy.host }:${ proxy.port }`
					);
					expect( broken.evidence.join( '\n' ) ).toMatch(
						/Connection reset by peer/
					);
					expect( report.verdict ).toBe( 'fail' );
				}
			);
		}
	);

	it.each( [ [ 'bytes' as const ], [ 'banner' as const ] ] )(
		'a proxy port that answers garbage (%s): proxy_protocol_error',
		async ( kind ) => {
			await withFaultyProxy(
				() => startGarbageProxy( kind ),
				async () => {
					const report = await probeUnderFault( `garbage ${ kind }` );
					expect( outcomes( report ) ).toEqual( BROKEN_ANSWER );
					expect( codes( report ) ).toEqual( [
						'proxy_protocol_error',
						'transport_cannot_tunnel',
					] );
					expect(
						diagnosis(
							report,
							'proxy_protocol_error'
						).evidence.join( '\n' )
					).toMatch( /HTTP\/0\.9|Response could not be parsed/ );
				}
			);
		}
	);

	it.each( [ [ 'no-header' as const ], [ 'broken-header' as const ] ] )(
		'a proxy that answers a 407 with no usable challenge (%s): the proxy refuses the login',
		async ( broken ) => {
			await withFaultyProxy(
				() => startMalformed407Proxy( broken ),
				async () => {
					const report = await probeUnderFault( `407 ${ broken }` );
					expect( outcomes( report ) ).toEqual( {
						'curl http': 'proxy_auth_required',
						'fsockopen http': 'proxy_auth_required',
						'curl https': 'proxy_auth_required',
						'fsockopen https': 'tls_error',
					} );
					for ( const result of report.results ) {
						// Nothing usable offered, and nothing invented from the broken header.
						expect( result.proxyAuthOffered ?? [] ).toEqual( [] );
					}
					expect(
						find( report, targets().https, 'curl' ).connectStatus
					).toBe( 407 );
					expect( codes( report ) ).toEqual( [
						'proxy_auth_rejected',
						'transport_cannot_tunnel',
					] );
				}
			);
		}
	);

	it( 'a proxy slow to answer: ok with the wait in the timings below the probe timeout, proxy_timeout beyond it', async () => {
		await withFaultyProxy(
			() => startSlowProxy( 600 ),
			async () => {
				const report = await probeUnderFault( 'slow proxy 600 ms', {
					targets: [ targets().http ],
				} );
				expect( outcomes( report ) ).toEqual( {
					'curl http': 'ok',
					'fsockopen http': 'ok',
				} );
				const curl = find( report, targets().http, 'curl' );
				expect( curl.timingsMs.firstByte ).toBeGreaterThanOrEqual(
					550
				);
				expect(
					find( report, targets().http, 'fsockopen' ).timingsMs.total
				).toBeGreaterThanOrEqual( 550 );
				expect( codes( report ) ).toEqual( [ 'proxy_ok' ] );
			}
		);
		await withFaultyProxy(
			() => startSlowProxy( PROBE_TIMEOUT_S * 1000 + 2_000 ),
			async () => {
				const report = await probeUnderFault(
					'slow proxy beyond the timeout'
				);
				expect( outcomes( report ) ).toEqual( {
					'curl http': 'timeout',
					'fsockopen http': 'timeout',
					'curl https': 'timeout',
					'fsockopen https': 'tls_error',
				} );
				expect( codes( report ) ).toEqual( [
					'proxy_timeout',
					'transport_cannot_tunnel',
				] );
			}
		);
	} );

	it( 'a slow target behind a working squid: bounded; on HTTPS the open tunnel clears the proxy', async () => {
		await lab().setScenario( 'right-credentials' );
		const ms = PROBE_TIMEOUT_S * 1000 + 2_000;
		const slow = `${ lab().httpTarget.url }/slow?ms=${ ms }`;
		const slowTls = `${ lab().httpsTarget.url }/slow?ms=${ ms }`;
		const report = await probeUnderFault( 'slow target via squid', {
			targets: [ slow, slowTls ],
			transports: [ 'curl' ],
		} );
		expect( find( report, slow, 'curl' ).outcome ).toBe( 'timeout' );
		expect( find( report, slowTls, 'curl' ) ).toMatchObject( {
			outcome: 'timeout',
			connectStatus: 200,
		} );
		// Plain HTTP cannot tell a slow target from a slow proxy (squid answers for both);
		// through CONNECT the proxy has visibly done its part.
		expect( codes( report ) ).toEqual( [
			'proxy_timeout',
			'target_unreachable',
		] );
		expect(
			diagnosis( report, 'target_unreachable' ).evidence.join( '\n' )
		).toContain( slowTls );
		expect(
			diagnosis( report, 'proxy_timeout' ).evidence.join( '\n' )
		).not.toContain( slowTls );
	} );
} );

/**
 * `php -l` on a file, with the PHP the lab runs.
 *
 * @param file PHP file.
 */
function phpLint( file: string ): Promise< { ok: boolean; output: string } > {
	return new Promise( ( resolve ) => {
		execFile(
			'php',
			[ '-l', file ],
			{ timeout: 30_000 },
			( error, stdout, stderr ) =>
				resolve( { ok: ! error, output: `${ stdout }${ stderr }` } )
		);
	} );
}

/** Temporary copies the editor writes next to wp-config.php (they hold secrets). */
async function strayTemporaries(): Promise< string[] > {
	return ( await readdir( lab().site.root ) ).filter( ( name ) =>
		/^\.wp-config\.php\.proxy-health-.*\.tmp$/.test( name )
	);
}

const sleep = ( ms: number ) =>
	new Promise< void >( ( resolve ) => setTimeout( resolve, ms ) );

describe( 'the PHP server killed while an evidence session edits wp-config.php', () => {
	it( 'leaves a valid wp-config.php every time; an admin load and stopping the session restore the exact bytes', async () => {
		await lab().setScenario( 'right-credentials' );
		const config = path.join( lab().site.root, 'wp-config.php' );
		const original = await readFile( config );
		const port = Number( new URL( server.url ).port );
		const session = await logIn(
			server.url,
			lab().site.admin.username,
			lab().site.admin.password
		);
		// The editor's own hooks around the rename, slowed down (nothing else changes), so that
		// kills land inside the windows that matter: temporary file written, file renamed but
		// the record not yet updated.
		const widen = path.join(
			lab().site.root,
			'wp-content',
			'mu-plugins',
			'proxy-health-test-slow-config-edit.php'
		);
		await writeFile(
			widen,
			"<?php\ndeclare(strict_types = 1);\nadd_action( 'proxy_health_config_before_rename', static function (): void { usleep( 150000 ); } );\nadd_action( 'proxy_health_config_after_rename', static function (): void { usleep( 150000 ); } );\n"
		);
		// How long an uninterrupted start takes here (the faster of two: the first is cold), so
		// the kills spread over all of it.
		let fullMs = Infinity;
		for ( let warm = 0; warm < 2; warm++ ) {
			const calibrate = Date.now();
			const whole = await call( server.url, admin, SESSIONS, {
				method: 'POST',
				body: { minutes: 5, debugConstants: true },
			} );
			fullMs = Math.min( fullMs, Date.now() - calibrate );
			expect( whole.status ).toBe( 201 );
			const ended = await call(
				server.url,
				admin,
				`${ SESSIONS }/current`,
				{
					method: 'DELETE',
				}
			);
			expect( ended.status ).toBe( 200 );
			expect( ( await readFile( config ) ).equals( original ) ).toBe(
				true
			);
		}

		const seen: string[] = [];
		const rounds = 10;
		for ( let round = 0; round < rounds; round++ ) {
			// From early in WordPress's start-up to past the end of the edit, with jitter.
			const delay = Math.floor(
				fullMs * ( 0.2 + ( 0.9 * round ) / ( rounds - 1 ) ) +
					Math.random() * 60
			);
			const started = call( server.url, admin, SESSIONS, {
				method: 'POST',
				body: { minutes: 5, debugConstants: true },
			} ).then(
				( answer: Answer ) => `answered ${ answer.status }`,
				() => 'killed'
			);
			await sleep( delay );
			// The lab's own process group: SIGTERM to php -S and its workers, SIGKILL after 5 s.
			await server.stop();
			const fate = await started;
			const edited = ( await readFile( config ) ).equals( original )
				? 'original'
				: 'edited';
			const temporaries = ( await strayTemporaries() ).length;
			seen.push(
				`${ delay } ms: ${ fate }, file ${ edited }${
					temporaries ? ', temporary file left' : ''
				}`
			);

			const lint = await phpLint( config );
			expect( [ round, lint.output ] ).toEqual( [
				round,
				expect.stringContaining( 'No syntax errors' ),
			] );
			expect( lint.ok ).toBe( true );

			server = await startPhpServer( lab().site, {
				port,
				ini: { 'opcache.enable': '0' },
			} );
			ownServers.push( server );
			const front = await fetch( `${ server.url }/`, {
				redirect: 'manual',
			} );
			expect( [ round, front.status ] ).toEqual( [ round, 200 ] );

			const adminPage = await fetch( `${ server.url }/wp-admin/`, {
				headers: { Cookie: session.cookie },
				redirect: 'manual',
			} );
			expect( [ round, adminPage.status ] ).toEqual( [ round, 200 ] );

			const stopped = await call(
				server.url,
				admin,
				`${ SESSIONS }/current`,
				{
					method: 'DELETE',
				}
			);
			// 200 when the session was saved before the kill, 404 when it never was.
			expect( [
				round,
				[ 200, 404 ].includes( stopped.status ),
			] ).toEqual( [ round, true ] );
			const after = await readFile( config );
			expect( [ round, after.equals( original ) ] ).toEqual( [
				round,
				true,
			] );
			expect( await strayTemporaries() ).toEqual( [] );
		}
		await rm( widen );

		console.log(
			`Kill rounds (an uninterrupted start took ${ fullMs } ms):\n  ${ seen.join(
				'\n  '
			) }`
		);
		// The rounds must have exercised recovery, not only kills before the edit began.
		expect( seen.some( ( line ) => line.includes( 'file edited' ) ) ).toBe(
			true
		);
	} );
} );

describe( 'two administrators start an evidence session at the same moment', () => {
	it( 'exactly one gets 201 and the other 409, every time', async () => {
		const tally: string[] = [];
		for ( let round = 0; round < 5; round++ ) {
			const [ first, second ] = await Promise.all(
				[ 0, 1 ].map( () =>
					call( server.url, admin, SESSIONS, {
						method: 'POST',
						body: { minutes: 5, debugConstants: false },
					} )
				)
			);
			const statuses = [ first?.status, second?.status ].sort();
			tally.push( statuses.join( '+' ) );
			const stopped = await call(
				server.url,
				admin,
				`${ SESSIONS }/current`,
				{ method: 'DELETE' }
			);
			expect( stopped.status ).toBe( 200 );
			expect( [ round, statuses ] ).toEqual( [ round, [ 201, 409 ] ] );
			const refused = [ first, second ].find(
				( answer ) => answer?.status === 409
			);
			expect( ( refused?.body as { code?: string } ).code ).toBe(
				'proxy_health_evidence_session_active'
			);
		}

		console.log( `Concurrent starts: ${ tally.join( ', ' ) }` );
	} );
} );
