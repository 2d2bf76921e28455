/**
 * Secret audit, end to end: canary proxy passwords and the administrator's Application Password
 * go through one full run on a real lab (WordPress on php -S, a real squid whose password IS the
 * canary): probes with wp-config.php's credentials and with one-off ones, an evidence session
 * with debug constants (wp-config.php edited, its encrypted backup written, the debug log on)
 * stopped again, a client-driven bisection to its conclusion, the exports (GET /report, the
 * evidence bundle as JSON and HTML), the history, and the `proxy-health` binary (`check`, and
 * `batch` with the JSON, JUnit and HTML reporters writing files, credentials from `passwordEnv`
 * and from a 0600 credentials file) run as child processes against the site.
 *
 * Then every response, every CLI stdout/stderr, every file written under the site (wp-config.php
 * excepted: it holds the proxy password by design; its encrypted backup is included), the lab
 * logs (php -S, the site's debug log), the CLI's output folder and HOME, and the options table
 * are searched for each secret in every form the scanner knows (raw, URL-, form- and
 * JSON-encoded, base64, base64 `user:pass`).
 *
 * No answer is left out of the scan, not even the POST /probes that carried working one-off
 * credentials: its `wpConfigLines` (the lines to paste) hold a placeholder where the password
 * goes, never the password, and the history does not keep them at all.
 */

/**
 * External dependencies
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
	chmodSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { PASSWORD_PLACEHOLDER } from '../../src/admin/utils/wp-config-lines';
import type { Bisection, ProbeReport } from '../../src/api/types';
import { startProxy, type LabProxy } from '../../src/lab/proxies';
import { startLab, type Lab } from '../../src/lab/scenario';
import { SecretScanner, type Secret } from '../support/secret-scanner';
import {
	applicationPasswordCaller,
	call,
	runSitePhp,
	type Answer,
	type Caller,
} from '../support/wp-session';

jest.setTimeout( 240_000 );

const ROOT = path.resolve( __dirname, '..', '..' );
const BIN = path.join( ROOT, 'bin', 'proxy-health.mjs' );
const FIXTURES = path.join( ROOT, 'tests', 'fixtures', 'plugins' );
const NS = '/proxy-health/v1';
const PROXY_USER = 'lab-user';
const CULPRIT = 'bisect-bad-proxy-auth/bisect-bad-proxy-auth.php';

/**
 * A canary no real text contains by chance; `+` and `/` make its URL-encoded and PHP-JSON forms
 * differ from the raw one, so those forms are searched too.
 *
 * @param tag What it stands for.
 */
const canary = ( tag: string ) =>
	`ph+canary/${ tag }-${ randomBytes( 9 ).toString( 'base64url' ) }`;

const proxyCanary = canary( 'proxy' );
const wrongCanary = canary( 'wrong' );
const oneOffCanary = canary( 'one-off' );

let tmp: string;
let lab: Lab;
let canaryProxy: LabProxy;
let admin: Caller;
let scanner: SecretScanner;
let since: number;

beforeAll( async () => {
	tmp = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-secret-audit-' ) );
	lab = await startLab( {
		stateDir: path.join( tmp, 'lab' ),
		runtime: 'php',
		proxyEngine: 'squid',
		scenario: 'no-proxy',
		plugins: {
			'evidence-caller': path.join( FIXTURES, 'evidence-caller' ),
			'bisect-bad-proxy-auth': path.join(
				FIXTURES,
				'bisect-bad-proxy-auth'
			),
			'bisect-quiet-a': path.join( FIXTURES, 'bisect-quiet-a' ),
		},
		activate: [
			'proxy-health/proxy-health.php',
			'evidence-caller/evidence-caller.php',
			'bisect-quiet-a/bisect-quiet-a.php',
		],
	} );
	// A second squid whose only password is the canary: the success path (200s, a working
	// Proxy-Authorization header in every transcript) carries the canary itself.
	canaryProxy = await startProxy( {
		scheme: 'basic',
		engine: 'squid',
		stateDir: path.join( tmp, 'canary-proxy' ),
		username: PROXY_USER,
		password: proxyCanary,
	} );
	admin = applicationPasswordCaller( lab.site );
	scanner = new SecretScanner( secrets() );
	// A lab-only must-use plugin that puts a line in the debug log on request, so the debug log
	// this audit scans is known to be the live one.
	writeFileSync(
		path.join(
			lab.site.root,
			'wp-content',
			'mu-plugins',
			'secret-audit-notice.php'
		),
		`<?php
// Proxy Health lab only (secret audit): a notice for the debug log on request.
declare(strict_types = 1);
if ( isset( $_GET['secret_audit_notice'] ) ) { // phpcs:ignore WordPress.Security.NonceVerification
	trigger_error( 'secret-audit: notice for the debug log', E_USER_NOTICE ); // phpcs:ignore
}
`
	);
	since = Date.now() - 1000;
} );

afterAll( async () => {
	await canaryProxy?.stop();
	await lab?.stop();
	if ( tmp ) {
		rmSync( tmp, { recursive: true, force: true } );
	}
} );

function secrets(): Secret[] {
	return [
		{
			name: 'proxy password canary',
			value: proxyCanary,
			username: PROXY_USER,
		},
		{
			name: 'wrong proxy password canary',
			value: wrongCanary,
			username: PROXY_USER,
		},
		{
			name: 'one-off password canary',
			value: oneOffCanary,
			username: PROXY_USER,
		},
		{
			name: 'Application Password',
			value: lab.site.admin.applicationPassword,
			username: lab.site.admin.username,
		},
		{
			name: 'admin login password',
			value: lab.site.admin.password,
			username: lab.site.admin.username,
		},
	];
}

/**
 * Points wp-config.php at the canary squid with a given password.
 *
 * @param password WP_PROXY_PASSWORD.
 */
const configureProxy = ( password: string ) =>
	lab.site.setProxy( {
		host: canaryProxy.host,
		port: canaryProxy.port,
		username: PROXY_USER,
		password,
	} );

/**
 * A REST call as the administrator (Application Password); the answer is scanned.
 *
 * @param route  Route, may carry a query.
 * @param method Method.
 * @param body   JSON body.
 */
async function ask< T = unknown >(
	route: string,
	method = 'GET',
	body?: unknown
): Promise< Answer & { body: T } > {
	const answer = await call( lab.server.url, admin, route, {
		method,
		body,
	} );
	scanner.scanText(
		`${ method } ${ route } → ${ answer.status }`,
		answer.text
	);
	expect( answer.status ).toBeLessThan( 500 );
	return answer as Answer & { body: T };
}

/**
 * A front-end request (the evidence-caller fixture, the notice mu-plugin); the answer is scanned.
 *
 * @param query Query string.
 */
async function visit( query: string ): Promise< string > {
	const response = await fetch( `${ lab.server.url }/?${ query }` );
	const text = await response.text();
	scanner.scanText( `GET /?${ query } → ${ response.status }`, text );
	return text;
}

/** Private folder files (backups, debug logs) under uploads. */
function privateFiles(): string[] {
	// The private folder in uploads, and its twin above the WordPress folder (session debug logs).
	return [
		path.join( lab.site.root, 'wp-content', 'uploads' ),
		path.dirname( lab.site.root ),
	]
		.filter( ( parent ) => existsSync( parent ) )
		.flatMap( ( parent ) =>
			readdirSync( parent )
				.filter( ( name ) =>
					/^proxy-health-[a-f0-9]{32}$/.test( name )
				)
				.flatMap( ( dir ) =>
					readdirSync( path.join( parent, dir ) ).map( ( name ) =>
						path.join( parent, dir, name )
					)
				)
		);
}

const noLeaks = () => expect( scanner.report() ).toEqual( [] );

test( 'probes with wp-config.php credentials and with one-off ones', async () => {
	// The wrong canary first: a 407 from squid, with a Proxy-Authorization header in the transcript.
	await configureProxy( wrongCanary );
	const status = await ask< { proxy?: { hasPassword?: boolean } } >(
		`${ NS }/status`
	);
	expect( status.status ).toBe( 200 );
	const failing = await ask< ProbeReport >( `${ NS }/probes`, 'POST', {} );
	expect( failing.status ).toBe( 200 );
	expect( failing.body.verdict ).toBe( 'fail' );
	expect(
		failing.body.results.some(
			( result ) => result.outcome === 'proxy_auth_required'
		)
	).toBe( true );

	const wrongOneOff = await ask< ProbeReport >( `${ NS }/probes`, 'POST', {
		credentials: { username: PROXY_USER, password: oneOffCanary },
	} );
	expect( wrongOneOff.body.verdict ).toBe( 'fail' );

	// The right password as one-off credentials: verified, and the lines to paste come back
	// with a placeholder for the password. The whole answer is scanned, lines included.
	const verified = await ask< ProbeReport >( `${ NS }/probes`, 'POST', {
		credentials: { username: PROXY_USER, password: proxyCanary },
	} );
	expect( verified.status ).toBe( 200 );
	expect(
		verified.body.diagnoses.map( ( diagnosis ) => diagnosis.code )
	).toContain( 'proxy_credentials_verified' );
	expect( verified.body.wpConfigLines ).toEqual( [
		`define( 'WP_PROXY_USERNAME', '${ PROXY_USER }' );`,
		`define( 'WP_PROXY_PASSWORD', '${ PASSWORD_PLACEHOLDER }' );`,
	] );
	noLeaks();

	// From here on wp-config.php holds the canary that works.
	await configureProxy( proxyCanary );
	const passing = await ask< ProbeReport >( `${ NS }/probes`, 'POST', {} );
	expect( passing.body.verdict ).toBe( 'pass' );
	// The header that carries the canary went through the transcript, masked at the source.
	expect( passing.text ).toContain( 'Proxy-Authorization: Basic [redacted]' );
	expect(
		passing.body.results.filter( ( result ) => result.transport === 'curl' )
	).toEqual(
		expect.arrayContaining( [
			expect.objectContaining( { outcome: 'ok', viaProxy: true } ),
		] )
	);
	noLeaks();
} );

test( 'an evidence session with debug constants: encrypted wp-config backup, debug log, recorded calls, stopped again', async () => {
	const before = readFileSync( path.join( lab.site.root, 'wp-config.php' ) );
	const started = await ask< { id: string; debugConstants: boolean } >(
		`${ NS }/evidence-sessions`,
		'POST',
		{ minutes: 5, debugConstants: true }
	);
	expect( started.status ).toBe( 201 );
	expect( started.body.debugConstants ).toBe( true );
	expect(
		readFileSync( path.join( lab.site.root, 'wp-config.php' ) ).equals(
			before
		)
	).toBe( false );

	// A plugin's outbound call through the proxy (recorded), probes with debug logging on (any
	// notice the probe engine raised would land in the debug log), a notice for the log.
	expect( JSON.parse( await visit( 'evidence_caller=call' ) ) ).toEqual( {
		status: 200,
	} );
	await ask( `${ NS }/probes`, 'POST', {
		credentials: { username: PROXY_USER, password: oneOffCanary },
	} );
	await ask( `${ NS }/probes`, 'POST', {} );
	await visit( 'secret_audit_notice=1' );
	await ask( `${ NS }/evidence-sessions/current` );
	const evidence = await ask< { calls: unknown[]; logs: unknown[] } >(
		`${ NS }/evidence`
	);
	expect( evidence.body.calls.length ).toBeGreaterThan( 0 );
	await ask( `${ NS }/evidence/bundle?format=json` );
	await ask( `${ NS }/evidence/bundle?format=html` );

	// While the session runs: the backup of wp-config.php (which holds the canary) is encrypted.
	const backups = privateFiles().filter( ( file ) =>
		/\/wp-config-debug-[a-f0-9]{16}\.php$/.test( file )
	);
	expect( backups ).toHaveLength( 1 );
	const backup = readFileSync( backups[ 0 ] ?? '' );
	expect( backup.toString( 'latin1' ) ).toMatch(
		/^<\?php exit; __halt_compiler\(\);\nS/
	);
	const debugLogs = privateFiles().filter( ( file ) =>
		/\/debug-[a-f0-9]{16}\.log$/.test( file )
	);
	expect( debugLogs ).toHaveLength( 1 );
	expect( readFileSync( debugLogs[ 0 ] ?? '', 'utf8' ) ).toContain(
		'secret-audit: notice for the debug log'
	);
	await scanner.scanFiles( lab.site.root, since, [ 'wp-config.php' ] );
	for ( const dir of new Set(
		debugLogs.map( ( log ) => path.dirname( log ) )
	) ) {
		await scanner.scanFiles( dir, since );
	}
	expect( scanner.scanned ).toEqual(
		expect.arrayContaining( [ ...backups, ...debugLogs ] )
	);

	const stopped = await ask< { config?: { status?: string } } >(
		`${ NS }/evidence-sessions/current`,
		'DELETE'
	);
	expect( stopped.status ).toBe( 200 );
	expect( stopped.body.config?.status ).toBe( 'restored' );
	expect(
		readFileSync( path.join( lab.site.root, 'wp-config.php' ) ).equals(
			before
		)
	).toBe( true );
	await ask( `${ NS }/evidence` );
	noLeaks();
} );

test( 'a client-driven bisection runs to its conclusion', async () => {
	const activated = await ask(
		`/wp/v2/plugins/${ CULPRIT.replace( /\.php$/, '' ) }`,
		'POST',
		{ status: 'active' }
	);
	expect( activated.status ).toBe( 200 );
	const started = await ask< Bisection >( `${ NS }/bisections`, 'POST', {
		driver: 'client',
		mode: 'ddmin',
	} );
	expect( started.status ).toBe( 201 );
	let run = started.body;
	for ( let i = 0; i < 30 && run.status === 'running'; i++ ) {
		run = (
			await ask< Bisection >(
				`${ NS }/bisections/${ run.id }/step`,
				'POST',
				{}
			)
		).body;
	}
	expect( run ).toMatchObject( {
		status: 'done',
		conclusion: 'culprit_found',
		culprits: [ [ CULPRIT ] ],
	} );
	await ask( `${ NS }/bisections/${ run.id }` );
	const deactivated = await ask(
		`/wp/v2/plugins/${ CULPRIT.replace( /\.php$/, '' ) }`,
		'POST',
		{ status: 'inactive' }
	);
	expect( deactivated.status ).toBe( 200 );
	noLeaks();
} );

test( 'the exports and the history', async () => {
	const report = await ask< { probes?: unknown } >( `${ NS }/report` );
	expect( report.status ).toBe( 200 );
	const bundle = await ask( `${ NS }/evidence/bundle?format=json` );
	expect( bundle.status ).toBe( 200 );
	const html = await ask( `${ NS }/evidence/bundle?format=html` );
	expect( html.status ).toBe( 200 );
	expect( html.text ).toMatch( /<html/i );
	// The allow-list in its three formats: destinations only, never a password or a path.
	const allowList = await ask< {
		destinations: Array< { host: string; seenIn: string[] } >;
	} >( `${ NS }/allow-list` );
	expect( allowList.status ).toBe( 200 );
	expect(
		allowList.body.destinations.some( ( destination ) =>
			destination.seenIn.includes( 'probe' )
		)
	).toBe( true );
	const csv = await ask( `${ NS }/allow-list?format=csv` );
	expect( csv.status ).toBe( 200 );
	expect( csv.text ).toMatch( /^"scheme","host","port",/ );
	const text = await ask( `${ NS }/allow-list?format=text` );
	expect( text.status ).toBe( 200 );
	expect( text.text ).not.toMatch( /^\{/ );
	const history = await ask< { items: Array< { id: string } > } >(
		`${ NS }/probes?per_page=50`
	);
	expect( history.status ).toBe( 200 );
	// At least the six probe runs above (bisection steps report into the clone, dropped with it).
	expect( history.body.items.length ).toBeGreaterThanOrEqual( 6 );
	for ( const entry of history.body.items ) {
		const one = await ask< Record< string, unknown > >(
			`${ NS }/probes/${ entry.id }`
		);
		expect( one.status ).toBe( 200 );
		expect( one.body ).not.toHaveProperty( 'wpConfigLines' );
	}
	await ask( `${ NS }/changes` );
	noLeaks();
} );

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

/**
 * The real binary in a child process, with exactly this environment.
 *
 * @param args Arguments.
 * @param env  Environment on top of PATH and HOME.
 */
function cli( args: string[], env: Record< string, string > ): Promise< Run > {
	return new Promise( ( resolve ) => {
		execFile(
			process.execPath,
			[ BIN, ...args ],
			{
				cwd: path.join( tmp, 'cli' ),
				env: {
					PATH: process.env.PATH ?? '',
					HOME: path.join( tmp, 'cli', 'home' ),
					...env,
				},
				timeout: 180_000,
			},
			( error, stdout, stderr ) =>
				resolve( {
					code: error
						? Number( ( error as { code?: unknown } ).code ?? 1 )
						: 0,
					stdout,
					stderr,
				} )
		);
	} );
}

test( 'the CLI: check, and batch with the JSON, JUnit and HTML reporters', async () => {
	const cwd = path.join( tmp, 'cli' );
	const out = path.join( cwd, 'out' );
	const keys = path.join( tmp, 'keys' );
	mkdirSync( path.join( cwd, 'home' ), { recursive: true } );
	mkdirSync( keys, { recursive: true } );
	const site = lab.server.url;
	const user = lab.site.admin.username;
	writeFileSync(
		path.join( cwd, 'sites.json' ),
		JSON.stringify( [ { url: site, user, passwordEnv: 'SITE_PASSWORD' } ] )
	);
	writeFileSync(
		path.join( cwd, 'sites.csv' ),
		`url,user\n${ site },${ user }\n`
	);
	// Outside the scanned folders: this file holds the Application Password by design.
	const credentials = path.join( keys, 'credentials.json' );
	writeFileSync(
		credentials,
		JSON.stringify( {
			[ site ]: { user, password: lab.site.admin.applicationPassword },
		} ),
		{ mode: 0o600 }
	);
	chmodSync( credentials, 0o600 );
	const password = lab.site.admin.applicationPassword;
	const batch = ( format: string, extra: string[] ) => [
		'batch',
		...extra,
		'--format',
		format,
		'--output',
		`out/report.${ format }`,
		'--timeout',
		'120',
	];
	const runs: Array< [ string, Promise< Run > ] > = [
		[
			'check --format json',
			cli( [ 'check', site, '--user', user, '--format', 'json' ], {
				PROXY_HEALTH_APP_PASSWORD: password,
			} ),
		],
		[
			'batch json (passwordEnv)',
			cli( batch( 'json', [ 'sites.json' ] ), {
				SITE_PASSWORD: password,
			} ),
		],
		[
			'batch junit (credentials file)',
			cli(
				batch( 'junit', [ 'sites.csv', '--credentials', credentials ] ),
				{}
			),
		],
		[
			'batch html (credentials file)',
			cli(
				batch( 'html', [ 'sites.csv', '--credentials', credentials ] ),
				{}
			),
		],
	];
	// Four child processes at once, a fixed list (php -S has four workers).
	const results = await Promise.all( runs.map( ( [ , run ] ) => run ) );
	results.forEach( ( run, index ) => {
		const what = runs[ index ]?.[ 0 ] ?? '';
		scanner.scanText( `CLI ${ what } stdout`, run.stdout );
		scanner.scanText( `CLI ${ what } stderr`, run.stderr );
		expect( { what, code: run.code, stderr: run.stderr } ).toMatchObject( {
			what,
			code: 0,
		} );
	} );
	const check = JSON.parse( results[ 0 ]?.stdout ?? '' ) as {
		ok: boolean;
	};
	expect( check.ok ).toBe( true );
	for ( const format of [ 'json', 'junit', 'html' ] ) {
		expect(
			readFileSync( path.join( out, `report.${ format }` ), 'utf8' )
				.length
		).toBeGreaterThan( 200 );
	}
	await scanner.scanFiles( cwd, 0 );
	expect( scanner.scanned ).toEqual(
		expect.arrayContaining( [
			path.join( out, 'report.json' ),
			path.join( out, 'report.junit' ),
			path.join( out, 'report.html' ),
		] )
	);
	noLeaks();
} );

test( 'nothing the run left behind holds a secret: site files, logs, options table', async () => {
	await scanner.scanFiles( lab.site.root, since, [ 'wp-config.php' ] );
	await scanner.scanFiles( lab.site.logDir, since );
	expect( scanner.scanned ).toEqual(
		expect.arrayContaining( [
			lab.server.logFile,
			path.join( lab.site.root, 'wp-content', 'database', '.ht.sqlite' ),
		] )
	);
	const options = await runSitePhp< Array< [ string, string ] > >(
		lab.site,
		`global $wpdb;
	return $wpdb->get_results( "SELECT option_name, option_value FROM {$wpdb->options}", ARRAY_N );`
	);
	expect( options.map( ( [ name ] ) => name ) ).toEqual(
		expect.arrayContaining( [ 'proxy_health_history' ] )
	);
	scanner.scanText(
		'options table',
		options
			.map( ( [ name, value ] ) => `${ name }=${ value }` )
			.join( '\n' )
	);
	noLeaks();
} );
