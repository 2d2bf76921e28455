/**
 * `proxy-health bisect` against a real lab: WordPress on php -S, a real squid with the right
 * credentials, real fixture plugins (one overrides the proxy credentials in `http_api_curl`).
 * The CLI drives the run step by step over HTTP with the Application Password; the culprit
 * comes back in its JSON, the exit code says whether a conclusion was reached, and the live
 * site is unchanged afterwards — also after Ctrl-C.
 */

/**
 * External dependencies
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Internal dependencies
 */
import type { Bisection } from '../../src/api/types';
import { main } from '../../src/cli/index';
import type { CliIo } from '../../src/cli/lib/io';
import type { Lab } from '../../src/lab/scenario';
import {
	expectCleanAfter,
	file,
	startBisectionLab,
	visit,
	type Slug,
} from '../support/bisection-lab';
import { rest } from '../support/rest';

jest.setTimeout( 300_000 );

const ROOT = path.resolve( __dirname, '..', '..' );
const BIN = path.join( ROOT, 'bin', 'proxy-health.mjs' );
const ROUTE = '/proxy-health/v1/bisections';
const ACTIVE: Slug[] = [
	'bisect-live-marker',
	'bisect-quiet-a',
	'bisect-noisy',
	'bisect-quiet-b',
	'bisect-pair-arm',
	'bisect-bad-proxy-auth',
];

const harness = startBisectionLab( 'sqlite' );
let lab: Lab;
let url: string;

async function cli( args: string[] ) {
	let stdout = '';
	let stderr = '';
	const io: CliIo = {
		stdout: { write: ( chunk: string ) => ( stdout += chunk ) },
		stderr: { write: ( chunk: string ) => ( stderr += chunk ) },
		env: {
			PROXY_HEALTH_APP_PASSWORD: lab.site.admin.applicationPassword,
		},
		cwd: ROOT,
	};
	const code = await main(
		[ 'bisect', '--site', url, '--user', lab.site.admin.username, ...args ],
		io
	);
	return { code, stdout, stderr };
}

beforeAll( async () => {
	lab = await harness.start();
	url = lab.server.url;
	// The Application Password's first use of the day is recorded in usermeta: not the CLI's doing.
	await rest( url, lab.site, '/proxy-health/v1/status' );
	harness.activate( lab, ACTIVE );
	await visit( url );
} );
afterAll( async () => {
	await lab?.stop();
	harness.cleanup();
} );

test( 'finds the culprit, prints it as JSON with the suspect order, exits 0; nothing live changes', async () => {
	const before = harness.snapshot( lab );
	// The client driver asked for: this command sends each signed sandbox request itself.
	const run = await cli( [
		'--format',
		'json',
		'--mode',
		'ddmin',
		'--driver',
		'client',
	] );
	expect( run.stderr ).toMatch( /^driver: client \(requested\): /m );
	expect( run.stderr ).toMatch( /^step 1\/\d+ 6 plugins → fail$/m );
	expect( run.code ).toBe( 0 );
	const result = JSON.parse( run.stdout ) as Bisection;
	expect( result ).toMatchObject( {
		status: 'done',
		driver: 'client',
		conclusion: 'culprit_found',
		culprits: [ [ file( 'bisect-bad-proxy-auth' ) ] ],
		clone: { state: 'dropped' },
	} );
	// Live HTTP hooks put the culprit and the harmless http_request_args filter first, in the
	// rank of the site's own scan (GET /scan): CURLOPT_PROXYUSERPWD outweighs a bare filter.
	expect( result.order?.slice( 0, 2 ) ).toEqual( [
		{ plugin: file( 'bisect-bad-proxy-auth' ), reason: 'hooks' },
		{ plugin: file( 'bisect-quiet-b' ), reason: 'hooks' },
	] );
	expect(
		result.order?.slice( 2 ).every( ( entry ) => entry.reason === 'none' )
	).toBe( true );
	expect( result.plugins ).toEqual( ACTIVE.map( file ) );
	expect( result.probesUsed ).toBeLessThanOrEqual(
		2 * Math.ceil( Math.log2( ACTIVE.length ) ) + 3
	);
	expectCleanAfter( before, harness.snapshot( lab ) );
} );

test( '--suspects-from scans the site folder and sends its ranked active plugins; one-by-one reaches the culprit early', async () => {
	const before = harness.snapshot( lab );
	const run = await cli( [
		'--format',
		'json',
		'--mode',
		'one-by-one',
		'--clone',
		'full',
		'--suspects-from',
		lab.site.root,
	] );
	expect( `${ run.code } ${ run.stderr }` ).toMatch( /^0 / );
	expect( run.stderr ).toMatch(
		/suspects from the scan: .*bisect-bad-proxy-auth\/bisect-bad-proxy-auth\.php/
	);
	const result = JSON.parse( run.stdout ) as Bisection;
	// No --driver: auto, and with four workers the site reaches itself and runs every step.
	expect( run.stderr ).toMatch( /^driver: server \(loopback_ok\): /m );
	expect( result ).toMatchObject( {
		status: 'done',
		driver: 'server',
		driverReason: { code: 'loopback_ok' },
		mode: 'one-by-one',
		cloneMode: 'full',
		culprits: [ [ file( 'bisect-bad-proxy-auth' ) ] ],
	} );
	// Hooks and a scan hit: first of all. One at a time then needs the baselines, the culprit
	// alone and its confirmation.
	expect( result.order?.[ 0 ] ).toEqual( {
		plugin: file( 'bisect-bad-proxy-auth' ),
		reason: 'hooks',
	} );
	expect( result.probesUsed ).toBe( 4 );
	expect( result.steps[ 2 ]?.subset ).toEqual( [
		file( 'bisect-bad-proxy-auth' ),
	] );
	expectCleanAfter( before, harness.snapshot( lab ) );
} );

test( 'an unknown suspect is refused with a stable code; a run already holding the site makes the CLI exit 1', async () => {
	const refused = await rest< { code: string; data: { status: number } } >(
		url,
		lab.site,
		ROUTE,
		{
			method: 'POST',
			body: { driver: 'client', suspects: [ 'not-here/not-here.php' ] },
		}
	);
	expect( refused.status ).toBe( 400 );
	expect( refused.body.code ).toBe( 'rest_invalid_param' );
	expect( refused.text ).toContain(
		'proxy_health_bisection_unknown_suspect'
	);

	const before = harness.snapshot( lab );
	const held = await rest< Bisection >( url, lab.site, ROUTE, {
		method: 'POST',
		body: { driver: 'client' },
	} );
	expect( held.status ).toBe( 201 );
	try {
		const run = await cli( [] );
		expect( run.code ).toBe( 1 );
		expect( run.stderr ).toContain(
			'proxy_health_bisection_running (409)'
		);
		expect( run.stdout ).toBe( '' );
	} finally {
		await rest( url, lab.site, `${ ROUTE }/${ held.body.id }`, {
			method: 'DELETE',
		} );
	}
	expectCleanAfter( before, harness.snapshot( lab ) );
} );

test( 'Ctrl-C on the real binary cancels the run on the site and exits 130', async () => {
	const before = harness.snapshot( lab );
	const child = spawn(
		process.execPath,
		[
			BIN,
			'bisect',
			'--site',
			url,
			'--user',
			lab.site.admin.username,
			'--mode',
			'one-by-one',
			'--driver',
			'client',
		],
		{
			cwd: ROOT,
			env: {
				PATH: process.env.PATH ?? '',
				PROXY_HEALTH_APP_PASSWORD: lab.site.admin.applicationPassword,
			},
		}
	);
	let stderr = '';
	let stdout = '';
	child.stdout.on( 'data', ( chunk ) => ( stdout += String( chunk ) ) );
	const exited = new Promise< number | null >( ( resolve ) =>
		child.on( 'exit', ( code ) => resolve( code ) )
	);
	await new Promise< void >( ( resolve, reject ) => {
		const timer = setTimeout(
			() => reject( new Error( `no step line: ${ stderr }` ) ),
			120_000
		);
		child.stderr.on( 'data', ( chunk ) => {
			stderr += String( chunk );
			if ( /^step 1\//m.test( stderr ) ) {
				clearTimeout( timer );
				resolve();
			}
		} );
	} );
	child.kill( 'SIGINT' );
	expect( await exited ).toBe( 130 );
	const id = /bisection ([0-9a-f-]{36})/.exec( stderr )?.[ 1 ] ?? '';
	expect( stderr ).toContain( `bisection ${ id } cancelled, clone dropped` );
	expect( stdout ).toBe( '' );
	const stored = await rest< Bisection >(
		url,
		lab.site,
		`${ ROUTE }/${ id }`
	);
	expect( stored.body.status ).toBe( 'cancelled' );
	expectCleanAfter( before, harness.snapshot( lab ) );
} );
