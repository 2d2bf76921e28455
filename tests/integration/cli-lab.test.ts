/**
 * `proxy-health lab` through the built bin in the checkout: the bundle loads the lab lazily from
 * its TypeScript sources (scripts/build-cli.mjs), starts a real WordPress behind a real proxy
 * whose password wp-config.php gets wrong (the default scenario), and stops on Ctrl-C (SIGINT)
 * with exit 0. `proxy-health check`, also through the bin, sees the 407 the banner promises.
 */

/**
 * External dependencies
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import type { SiteResult } from '../../src/cli/lib/check-site';
import {
	defaultWordPressVersion,
	WORDPRESS_RELEASES,
} from '../../src/lab/wordpress/versions';

const ROOT = path.join( __dirname, '..', '..' );
const BIN = path.join( ROOT, 'bin', 'proxy-health.mjs' );

jest.setTimeout( 240_000 );

let tmp: string;
let lab: ChildProcess | undefined;
let labExit: Promise< number | null >;
let stdout = '';
let stderr = '';

/**
 * Resolves once the lab printed its banner; rejects if it exits or takes over three minutes.
 */
function labReady(): Promise< void > {
	return new Promise( ( resolve, reject ) => {
		const timer = setTimeout(
			() => reject( new Error( `lab did not start:\n${ stderr }` ) ),
			180_000
		);
		const onData = () => {
			if ( stdout.includes( 'Press Ctrl-C to stop everything.' ) ) {
				clearTimeout( timer );
				resolve();
			}
		};
		lab?.stdout?.on( 'data', onData );
		labExit.then( ( code ) => {
			clearTimeout( timer );
			reject( new Error( `lab exited ${ code }:\n${ stderr }` ) );
		} );
	} );
}

beforeAll( () => {
	tmp = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-cli-lab-' ) );
	lab = spawn(
		process.execPath,
		[ BIN, 'lab', '--state-dir', path.join( tmp, 'lab' ) ],
		{ cwd: ROOT, stdio: [ 'ignore', 'pipe', 'pipe' ] }
	);
	lab.stdout?.setEncoding( 'utf8' );
	lab.stderr?.setEncoding( 'utf8' );
	lab.stdout?.on( 'data', ( chunk: string ) => ( stdout += chunk ) );
	lab.stderr?.on( 'data', ( chunk: string ) => ( stderr += chunk ) );
	labExit = new Promise( ( resolve ) => lab?.on( 'exit', resolve ) );
} );

afterAll( async () => {
	// Only if a test failed before stopping it: the lab's own handlers stop its servers.
	if ( lab && lab.exitCode === null && lab.signalCode === null ) {
		lab.kill( 'SIGINT' );
		await Promise.race( [
			labExit,
			new Promise( ( resolve ) => setTimeout( resolve, 30_000 ) ),
		] );
		lab.kill( 'SIGKILL' );
	}
	rmSync( tmp, { recursive: true, force: true } );
} );

describe( 'proxy-health lab (built bin, from the checkout)', () => {
	it( 'starts, serves a site whose proxy answers 407, and stops on Ctrl-C', async () => {
		await labReady();
		// No --wp: the lab's default version (PROXY_HEALTH_WP, else 7.1), as a release.
		const version = defaultWordPressVersion();
		expect( stdout ).toContain(
			version === '7.1' || version === '6.6'
				? // What the release declares: 7.1.0 says "7.1", 6.6.2 "6.6.2".
					`Proxy Health lab is running (wrong-credentials, WordPress ${ WORDPRESS_RELEASES[
						version
					].release.replace( /\.0$/, '' ) }).`
				: 'Proxy Health lab is running (wrong-credentials, WordPress '
		);
		const url = /proxy-health check (\S+) --user/.exec( stdout )?.[ 1 ];
		const password = /PROXY_HEALTH_APP_PASSWORD='([^']+)'/.exec(
			stdout
		)?.[ 1 ];
		expect( url ).toMatch( /^http:\/\/127\.0\.0\.1:\d+$/ );
		expect( password ).toBeTruthy();

		const check = await new Promise< {
			code: number;
			stdout: string;
		} >( ( resolve ) =>
			execFile(
				process.execPath,
				[
					BIN,
					'check',
					url as string,
					'--user',
					'admin',
					'--format',
					'json',
				],
				{
					cwd: ROOT,
					env: {
						PATH: process.env.PATH ?? '',
						PROXY_HEALTH_APP_PASSWORD: password as string,
					},
					timeout: 120_000,
				},
				( error, out ) =>
					resolve( {
						code: error
							? Number( ( error as { code?: unknown } ).code )
							: 0,
						stdout: out,
					} )
			)
		);
		expect( check.code ).toBe( 1 );
		const result = JSON.parse( check.stdout ) as SiteResult;
		expect( result.verdict ).toBe( 'fail' );
		expect(
			result.report?.results.some(
				( r ) => r.httpStatus === 407 || r.connectStatus === 407
			)
		).toBe( true );
		expect( result.report?.diagnoses.map( ( d ) => d.code ) ).toContain(
			'proxy_auth_rejected'
		);

		lab?.kill( 'SIGINT' );
		expect( await labExit ).toBe( 0 );
		expect( stderr ).toContain( 'Stopping…' );
	} );
} );
