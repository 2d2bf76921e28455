/**
 * The `proxy-health` npm package as a user gets it: `npm pack` (which runs `prepare`, the CLI
 * build), then `npm install --omit=dev <tarball>` into an empty project outside the repository,
 * with the runtime dependencies fetched from the registry into a throwaway npm cache made for
 * this file (so nothing depends on what earlier runs left in the user's cache, and a fresh
 * machine passes). Nothing is published (the package stays `private`).
 *
 * The installed bin must run with the runtime dependencies only: --help, a real scan of the
 * fixture WordPress (php-parser), a batch from a YAML file (yaml) against a closed port, and
 * `lab`, which needs the checkout and its development dependencies, exits 2 naming them.
 */

/**
 * External dependencies
 */
import { execFile, execFileSync } from 'node:child_process';
import {
	cpSync,
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
import { main } from '../../src/cli/index';
import type { CliIo } from '../../src/cli/lib/io';
import { LAB_PACKAGES } from '../../src/cli/lib/lab-loader';

const ROOT = path.join( __dirname, '..', '..' );
const SCAN_ROOT = path.join( ROOT, 'tests', 'fixtures', 'scan', 'wordpress' );

// npm pack and an install from the registry take a few seconds each on a shared 2-core machine.
jest.setTimeout( 180_000 );

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

/**
 * The environment of someone at a shell: no npm_config_* or jest variables from the runner.
 */
const USER_ENV = {
	PATH: process.env.PATH ?? '',
	HOME: process.env.HOME ?? os.homedir(),
};

/**
 * What npm itself needs to reach the registry as the user configured it (a registry mirror, an
 * outbound proxy, a CA), kept for the npm commands only; never the cache.
 */
function npmNetworkEnv(): Record< string, string > {
	const names = [
		'npm_config_registry',
		'npm_config_proxy',
		'npm_config_https_proxy',
		'npm_config_noproxy',
		'npm_config_cafile',
		'HTTPS_PROXY',
		'https_proxy',
		'HTTP_PROXY',
		'http_proxy',
		'NO_PROXY',
		'no_proxy',
	];
	return Object.fromEntries(
		names.flatMap( ( name ) => {
			const value = process.env[ name ];
			return value ? [ [ name, value ] ] : [];
		} )
	);
}

function run(
	file: string,
	args: string[],
	cwd: string,
	env: Record< string, string > = {}
): Promise< Run > {
	return new Promise( ( resolve ) => {
		execFile(
			file,
			args,
			{
				cwd,
				env: { ...USER_ENV, ...env },
				timeout: 120_000,
				maxBuffer: 16 * 1024 * 1024,
			},
			( error, stdout, stderr ) => {
				const code = error
					? Number( ( error as { code?: unknown } ).code ?? 1 )
					: 0;
				resolve( { code, stdout, stderr } );
			}
		);
	} );
}

async function inProcess( args: string[] ): Promise< Run > {
	let stdout = '';
	let stderr = '';
	const io: CliIo = {
		stdout: { write: ( chunk: string ) => ( stdout += chunk ) },
		stderr: { write: ( chunk: string ) => ( stderr += chunk ) },
		env: {},
		cwd: ROOT,
	};
	const code = await main( args, io );
	return { code, stdout, stderr };
}

let tmp: string;
let app: string;
let tarballFiles: string[];
let bin: string;

beforeAll( async () => {
	tmp = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-package-' ) );
	const packs = path.join( tmp, 'packs' );
	mkdirSync( packs );
	// An empty cache of this run's own: the install below fetches what it needs, as on a fresh
	// machine, and the user's cache is neither read nor written.
	const npmEnv = {
		...npmNetworkEnv(),
		npm_config_cache: path.join( tmp, 'npm-cache' ),
	};
	const packed = await run(
		'npm',
		[ 'pack', '--pack-destination', packs ],
		ROOT,
		npmEnv
	);
	if ( packed.code !== 0 ) {
		throw new Error( `npm pack failed:\n${ packed.stderr }` );
	}
	const [ tarball ] = readdirSync( packs ).filter( ( f ) =>
		f.endsWith( '.tgz' )
	);
	if ( ! tarball ) {
		throw new Error( `npm pack wrote no tarball:\n${ packed.stdout }` );
	}
	tarballFiles = execFileSync( 'tar', [
		'-tzf',
		path.join( packs, tarball ),
	] )
		.toString()
		.trim()
		.split( '\n' );

	app = path.join( tmp, 'app' );
	mkdirSync( app );
	writeFileSync(
		path.join( app, 'package.json' ),
		JSON.stringify( { name: 'agency-tools', private: true } )
	);
	const installed = await run(
		'npm',
		[
			'install',
			'--omit=dev',
			'--no-audit',
			'--no-fund',
			path.join( packs, tarball ),
		],
		app,
		npmEnv
	);
	if ( installed.code !== 0 ) {
		throw new Error(
			`npm install --omit=dev of the tarball (empty npm cache, from the registry) failed:\n${ installed.stderr }`
		);
	}
	bin = path.join( app, 'node_modules', '.bin', 'proxy-health' );
} );

afterAll( () => {
	if ( tmp ) {
		rmSync( tmp, { recursive: true, force: true } );
	}
} );

describe( 'proxy-health installed from its tarball with --omit=dev', () => {
	it( 'packs the bin and the bundle, not the sources', () => {
		expect( tarballFiles ).toEqual(
			expect.arrayContaining( [
				'package/package.json',
				'package/bin/proxy-health.mjs',
				'package/dist/cli/index.cjs',
			] )
		);
		expect(
			tarballFiles.filter(
				( file ) =>
					file.startsWith( 'package/src/' ) ||
					file.startsWith( 'package/plugin/' ) ||
					file.startsWith( 'package/node_modules/' )
			)
		).toEqual( [] );
	} );

	it( 'installs the runtime dependencies and none of the development ones', () => {
		const modules = path.join( app, 'node_modules' );
		for ( const name of [ 'php-parser', 'yaml', 'proxy-chain' ] ) {
			expect( existsSync( path.join( modules, name ) ) ).toBe( true );
		}
		for ( const name of [ ...LAB_PACKAGES, 'esbuild', 'typescript' ] ) {
			expect( existsSync( path.join( modules, name ) ) ).toBe( false );
		}
	} );

	it( '--help prints the same help as the sources, --version the package version', async () => {
		const [ installed, sources ] = await Promise.all( [
			run( bin, [ '--help' ], app ),
			inProcess( [ '--help' ] ),
		] );
		expect( installed.stderr ).toBe( '' );
		expect( installed.code ).toBe( 0 );
		expect( installed.stdout ).toBe( sources.stdout );
		expect( installed.stdout ).toContain( 'Usage: proxy-health' );

		// The bundle finds the installed package.json two folders up, as the sources find theirs.
		const version = await run( bin, [ '--version' ], app );
		expect( version.code ).toBe( 0 );
		expect( version.stdout.trim() ).toBe(
			(
				JSON.parse(
					readFileSync( path.join( ROOT, 'package.json' ), 'utf8' )
				) as { version: string }
			 ).version
		);
	} );

	it( 'scan reads the fixture WordPress with php-parser, as the sources do', async () => {
		const args = [ 'scan', SCAN_ROOT, '--format', 'json' ];
		const [ installed, sources ] = await Promise.all( [
			run( bin, args, app ),
			inProcess( args ),
		] );
		expect( installed.stderr ).toBe( '' );
		expect( installed.code ).toBe( sources.code );
		const report = JSON.parse( installed.stdout ) as {
			wpConfig: { definitions: Array< { name: string } > };
		};
		expect( report.wpConfig.definitions.map( ( d ) => d.name ) ).toContain(
			'WP_PROXY_HOST'
		);
		expect( report ).toEqual( JSON.parse( sources.stdout ) );
	} );

	it( 'batch reads a YAML sites file and records a site that refuses connections', async () => {
		const sites = path.join( tmp, 'sites.yaml' );
		writeFileSync(
			sites,
			'- url: http://127.0.0.1:9\n  user: admin\n  passwordEnv: SITE_PASSWORD\n'
		);
		const result = await run(
			bin,
			[
				'batch',
				sites,
				'--format',
				'json',
				'--quiet',
				'--timeout',
				'5',
				'--retries',
				'0',
			],
			app,
			{ SITE_PASSWORD: 'abcd efgh ijkl mnop qrst uvwx' }
		);
		expect( result.code ).toBe( 1 );
		expect( result.stdout ).toContain( 'http://127.0.0.1:9' );
		expect( result.stdout ).not.toContain( 'abcd efgh' );
	} );

	it( 'lab exits 2 and names what to install', async () => {
		const result = await run( bin, [ 'lab' ], app );
		expect( result.code ).toBe( 2 );
		expect( result.stdout ).toBe( '' );
		expect( result.stderr ).toContain( 'npm install' );
		for ( const name of LAB_PACKAGES ) {
			expect( result.stderr ).toContain( name );
		}
		expect( result.stderr ).not.toContain( '    at ' ); // No stack trace.
	} );

	it( 'without its bundle the bin says to run npm run build:cli and exits 2', async () => {
		const copy = path.join( tmp, 'unbuilt' );
		cpSync( path.join( app, 'node_modules', 'proxy-health' ), copy, {
			recursive: true,
		} );
		rmSync( path.join( copy, 'dist' ), { recursive: true } );
		const result = await run(
			process.execPath,
			[ path.join( copy, 'bin', 'proxy-health.mjs' ), '--help' ],
			tmp
		);
		expect( result.code ).toBe( 2 );
		expect( result.stdout ).toBe( '' );
		expect( result.stderr ).toContain( 'npm run build:cli' );
	} );
} );
