/**
 * `proxy-health batch` at fleet scale against the stub fleet (bench/support/stub-fleet.ts: one
 * local server answering for 500 sites with answers recorded from a real lab site: pass, the
 * site's own 407, timeouts, 5xx, bad JSON), through the real binary:
 * - NDJSON has exactly one valid line per site, each with the answer that site gives;
 * - `merge` of 2, 3 and 4 shard runs equals the unsharded run's result set, with its exit code;
 * - Ctrl-C mid-run exits 130 leaving valid NDJSON, and `--resume` checks exactly the missing
 *   sites; JUnit after Ctrl-C (and JSON after SIGTERM) is a valid partial report;
 * - no output holds the Application Password.
 */

/**
 * External dependencies
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// Not a declared dependency: installed with @wp-playground/cli (a devDependency).
// eslint-disable-next-line import/no-extraneous-dependencies
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Internal dependencies
 */
import {
	defaultMix,
	startStubFleet,
	type StubFleet,
} from '../../bench/support/stub-fleet';
import type { BatchReport } from '../../src/cli/lib/batch';
import type { SiteResult } from '../../src/cli/lib/check-site';
import { parseNdjsonLine } from '../../src/cli/lib/ndjson';

jest.setTimeout( 300_000 );

const ROOT = path.join( __dirname, '..', '..' );
const BIN = path.join( ROOT, 'bin', 'proxy-health.mjs' );
const SITES = 500;
const PASSWORD = 'stub-app-password-Zq7v 9Xk2 Lm4p';

let tmp: string;
let fleet: StubFleet;

beforeAll( async () => {
	tmp = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-fleet-' ) );
	fleet = await startStubFleet( {
		password: PASSWORD,
		statusMs: 20,
		probesMs: 60,
		// The default mix, with timeouts at 1 % (n mod 100 = 7): each costs a whole --timeout,
		// which must be long enough for a busy CI machine to answer every other site in time.
		mix: ( n ) => {
			const answer = defaultMix( n );
			return answer === 'timeout' && n % 100 !== 7 ? 'pass' : answer;
		},
	} );
	writeFileSync(
		path.join( tmp, 'sites.json' ),
		JSON.stringify(
			Array.from( { length: SITES }, ( _v, n ) => ( {
				url: fleet.siteUrl( n ),
				user: 'admin',
				passwordEnv: 'STUB_PASSWORD',
			} ) )
		)
	);
} );

afterAll( async () => {
	await fleet?.stop();
	rmSync( tmp, { recursive: true, force: true } );
} );

interface Run {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/**
 * Starts the real binary; `interruptWhen` sends a signal once the fleet has answered that
 * many requests (mid-run, whatever the machine's speed).
 *
 * @param args                    Arguments.
 * @param interrupt               Signal and how many fleet requests to wait for.
 * @param interrupt.signal
 * @param interrupt.afterRequests
 */
function cli(
	args: string[],
	interrupt?: { signal: NodeJS.Signals; afterRequests: number }
): Promise< Run > {
	return new Promise( ( resolve, reject ) => {
		const startRequests = fleet.requests();
		const child = spawn( process.execPath, [ BIN, ...args ], {
			cwd: tmp,
			env: {
				PATH: process.env.PATH ?? '',
				HOME: os.homedir(),
				STUB_PASSWORD: PASSWORD,
				CI: '1',
			},
			stdio: [ 'ignore', 'pipe', 'pipe' ],
		} );
		let stdout = '';
		let stderr = '';
		child.stdout.on( 'data', ( chunk: Buffer ) => ( stdout += chunk ) );
		child.stderr.on( 'data', ( chunk: Buffer ) => ( stderr += chunk ) );
		let poll: NodeJS.Timeout | undefined;
		if ( interrupt ) {
			poll = setInterval( () => {
				if (
					fleet.requests() - startRequests >=
					interrupt.afterRequests
				) {
					clearInterval( poll );
					child.kill( interrupt.signal );
				}
			}, 20 );
		}
		const guard = setTimeout( () => child.kill( 'SIGKILL' ), 240_000 );
		child.on( 'error', reject );
		child.on( 'close', ( code, signal ) => {
			clearInterval( poll );
			clearTimeout( guard );
			resolve( { code, signal, stdout, stderr } );
		} );
	} );
}

const common = [ '--concurrency', '32', '--timeout', '5', '--retries', '0' ];

function readLines( file: string ): SiteResult[] {
	return readFileSync( path.join( tmp, file ), 'utf8' )
		.split( '\n' )
		.filter( ( line ) => line !== '' )
		.map( ( line, k ) => parseNdjsonLine( line, `${ file }:${ k + 1 }` ) );
}

/**
 * What must not depend on timing: which site, and what was found there.
 * @param site
 */
function outcome( site: SiteResult ): string {
	return JSON.stringify( [
		site.site,
		site.ok,
		site.verdict ?? null,
		site.error?.code ?? null,
		site.report?.verdict ?? null,
		site.attempts,
	] );
}

function siteNumber( site: SiteResult ): number {
	return Number( /site-(\d+)$/.exec( site.site )?.[ 1 ] );
}

function expectNoSecret( ...texts: string[] ) {
	for ( const text of texts ) {
		expect( text ).not.toContain( PASSWORD );
		expect( text ).not.toContain(
			Buffer.from( `admin:${ PASSWORD }` ).toString( 'base64' )
		);
	}
}

let single: SiteResult[];

describe( 'batch over the stub fleet (500 sites)', () => {
	it( 'NDJSON has one valid line per site, each with that site’s answer; exit 1', async () => {
		const run = await cli( [
			'batch',
			'sites.json',
			...common,
			'--format',
			'ndjson',
			'--output',
			'all.ndjson',
		] );
		expect( run.code ).toBe( 1 );
		expect( run.stdout ).toBe( '' );
		single = readLines( 'all.ndjson' );
		expect( single ).toHaveLength( SITES );
		expect( single.map( siteNumber ).sort( ( a, b ) => a - b ) ).toEqual(
			Array.from( { length: SITES }, ( _v, n ) => n )
		);
		const expected = {
			pass: { ok: true, verdict: 'pass' },
			proxy407: { ok: false, verdict: 'fail' },
			timeout: { ok: false, error: { code: 'timeout' } },
			server_error: { ok: false, error: { code: 'server_error' } },
			bad_json: { ok: false, error: { code: 'invalid_json' } },
		};
		for ( const site of single ) {
			expect( site ).toMatchObject(
				expected[ fleet.answerOf( siteNumber( site ) ) ]
			);
		}
		const fail = single.find( ( site ) => site.verdict === 'fail' );
		expect(
			fail?.report?.results.some(
				( result ) => result.outcome === 'proxy_auth_required'
			)
		).toBe( true );
		const passed = single.filter( ( site ) => site.ok ).length;
		expect( run.stderr ).toContain(
			`${ passed }/${ SITES } sites passed; ndjson report written to all.ndjson`
		);
		expectNoSecret(
			readFileSync( path.join( tmp, 'all.ndjson' ), 'utf8' ),
			run.stderr
		);
	} );

	it( 'merging 2, 3 and 4 shard runs equals the unsharded run, in every format', async () => {
		for ( const count of [ 2, 3, 4 ] ) {
			const files = Array.from(
				{ length: count },
				( _v, i ) => `shard-${ i + 1 }-of-${ count }.ndjson`
			);
			// One shard after another: each is a CI runner of its own.
			for ( const [ i, file ] of files.entries() ) {
				const run = await cli( [
					'batch',
					'sites.json',
					...common,
					'--shard',
					`${ i + 1 }/${ count }`,
					'--format',
					'ndjson',
					'--output',
					file,
				] );
				const mine = single.filter(
					( site ) => siteNumber( site ) % count === i
				);
				expect( run.code ).toBe(
					mine.every( ( site ) => site.ok ) ? 0 : 1
				);
				expect( readLines( file ) ).toHaveLength( mine.length );
			}
			const merged = await cli( [
				'merge',
				...files,
				'--format',
				'json',
			] );
			expect( merged.code ).toBe( 1 );
			const report = JSON.parse( merged.stdout ) as BatchReport;
			expect( report.sites.map( outcome ).sort() ).toEqual(
				single.map( outcome ).sort()
			);
			expect( report.summary.total ).toBe( SITES );
			expectNoSecret( merged.stdout, merged.stderr );
			if ( count === 3 ) {
				const junit = await cli( [
					'merge',
					...files,
					'--format',
					'junit',
					'--output',
					'merged.xml',
				] );
				expect( junit.code ).toBe( 1 );
				const xml = readFileSync(
					path.join( tmp, 'merged.xml' ),
					'utf8'
				);
				expect( XMLValidator.validate( xml ) ).toBe( true );
				expect( xml ).toContain(
					`tests="${ SITES }" failures="${ report.summary.failed }" errors="${ report.summary.errors }"`
				);
				const table = await cli( [ 'merge', ...files ] );
				expect( table.stdout ).toContain(
					`${ SITES } sites: ${ report.summary.passed } passed`
				);
				const html = await cli( [
					'merge',
					...files,
					'--format',
					'html',
				] );
				expect( html.stdout ).toContain( `${ SITES } sites</span>` );
				expectNoSecret( xml, table.stdout, html.stdout );
			}
		}
		// Only passing sites: exit 0.
		writeFileSync(
			path.join( tmp, 'passing.ndjson' ),
			single
				.filter( ( site ) => site.ok )
				.map( ( site ) => JSON.stringify( site ) )
				.join( '\n' )
		);
		expect( ( await cli( [ 'merge', 'passing.ndjson' ] ) ).code ).toBe( 0 );
		// A malformed line: exit 2 naming file:line.
		writeFileSync(
			path.join( tmp, 'bad.ndjson' ),
			`${ JSON.stringify( single[ 0 ] ) }\n{"site":\n`
		);
		const bad = await cli( [ 'merge', 'passing.ndjson', 'bad.ndjson' ] );
		expect( bad.code ).toBe( 2 );
		expect( bad.stderr ).toContain( 'bad.ndjson:2: not valid JSON' );
	} );

	it( 'Ctrl-C mid-run leaves valid NDJSON and exits 130; --resume checks exactly the missing sites', async () => {
		const interrupted = await cli(
			[
				'batch',
				'sites.json',
				...common,
				'--concurrency',
				'8',
				'--format',
				'ndjson',
				'--output',
				'resumed.ndjson',
			],
			{ signal: 'SIGINT', afterRequests: 300 }
		);
		expect( interrupted.code ).toBe( 130 );
		expect( interrupted.stderr ).toContain(
			'Run again with --resume resumed.ndjson'
		);
		const first = readLines( 'resumed.ndjson' );
		expect( first.length ).toBeGreaterThan( 0 );
		expect( first.length ).toBeLessThan( SITES );

		const before = fleet.requests();
		const resumed = await cli( [
			'batch',
			'sites.json',
			...common,
			'--resume',
			'resumed.ndjson',
		] );
		expect( resumed.code ).toBe( 1 );
		expect( resumed.stderr ).toContain(
			`Resuming resumed.ndjson: ${ first.length } sites already checked, ${
				SITES - first.length
			} to go.`
		);
		const all = readLines( 'resumed.ndjson' );
		expect( all.slice( 0, first.length ) ).toEqual( first );
		// Every site exactly once, and the same findings as the uninterrupted run.
		expect( all.map( outcome ).sort() ).toEqual(
			single.map( outcome ).sort()
		);
		// Only the missing sites were asked: two requests each (one for a timeout or a 5xx,
		// which end the site after /status).
		const asked = all
			.slice( first.length )
			.reduce( ( sum, site ) => sum + site.attempts, 0 );
		expect( fleet.requests() - before ).toBe( asked );

		// Nothing left: a second resume checks nothing and keeps the exit code.
		const again = await cli( [
			'batch',
			'sites.json',
			...common,
			'--resume',
			'resumed.ndjson',
		] );
		expect( again.code ).toBe( 1 );
		expect( readLines( 'resumed.ndjson' ) ).toHaveLength( SITES );
		expectNoSecret(
			readFileSync( path.join( tmp, 'resumed.ndjson' ), 'utf8' ),
			interrupted.stderr,
			resumed.stderr
		);
	} );

	it( 'JUnit after Ctrl-C and JSON after SIGTERM are valid partial reports', async () => {
		const junit = await cli(
			[
				'batch',
				'sites.json',
				...common,
				'--concurrency',
				'8',
				'--format',
				'junit',
				'--output',
				'partial.xml',
			],
			{ signal: 'SIGINT', afterRequests: 200 }
		);
		expect( junit.code ).toBe( 130 );
		const xml = readFileSync( path.join( tmp, 'partial.xml' ), 'utf8' );
		expect( XMLValidator.validate( xml ) ).toBe( true );
		const suite = new XMLParser( {
			ignoreAttributes: false,
			attributeNamePrefix: '',
		} ).parse( xml ).testsuites.testsuite;
		const cases = suite.testcase as Array< { name: string } >;
		expect( Number( suite.tests ) ).toBe( cases.length );
		expect( cases.length ).toBeGreaterThan( 0 );
		expect( cases.length ).toBeLessThan( SITES );
		// Sites file order, as in a complete report.
		const numbers = cases.map( ( c ) =>
			Number( /site-(\d+)$/.exec( c.name )?.[ 1 ] )
		);
		expect( numbers ).toEqual( [ ...numbers ].sort( ( a, b ) => a - b ) );

		const json = await cli(
			[
				'batch',
				'sites.json',
				...common,
				'--concurrency',
				'8',
				'--format',
				'json',
			],
			{ signal: 'SIGTERM', afterRequests: 200 }
		);
		expect( json.code ).toBe( 130 );
		const report = JSON.parse( json.stdout ) as BatchReport;
		expect( report.interrupted ).toBe( true );
		expect( report.summary.total ).toBe( report.sites.length );
		expect( report.sites.length ).toBeLessThan( SITES );
		expectNoSecret( xml, json.stdout, json.stderr );
	} );

	it( 'usage errors exit 2', async () => {
		const mixed = await cli( [
			'batch',
			'sites.json',
			'--resume',
			'x.ndjson',
			'--format',
			'json',
		] );
		expect( mixed.code ).toBe( 2 );
		const other = await cli( [
			'batch',
			'sites.json',
			'--resume',
			'x.ndjson',
			'--output',
			'y.ndjson',
		] );
		expect( other.code ).toBe( 2 );
		writeFileSync( path.join( tmp, 'broken.ndjson' ), 'nope\n{}\n' );
		const broken = await cli( [
			'batch',
			'sites.json',
			'--resume',
			'broken.ndjson',
		] );
		expect( broken.code ).toBe( 2 );
		expect( broken.stderr ).toContain( 'broken.ndjson:1: not valid JSON' );
	} );
} );
