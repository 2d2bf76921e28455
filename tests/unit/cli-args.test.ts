/**
 * @jest-environment node
 */

/**
 * The real `proxy-health` binary (bin/proxy-health.mjs running dist/cli/index.cjs, which the
 * jest globalSetup tests/support/build-cli.cjs rebuilds first): help and bad arguments
 * for every command, exit codes 0 and 2.
 */

/**
 * External dependencies
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { main } from '../../src/cli/index';
import type { CliIo } from '../../src/cli/lib/io';

const ROOT = path.join( __dirname, '..', '..' );
const BIN = path.join( ROOT, 'bin', 'proxy-health.mjs' );

jest.setTimeout( 60_000 );

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

function cli(
	args: string[],
	env: Record< string, string > = {}
): Promise< Run > {
	return new Promise( ( resolve ) => {
		execFile(
			process.execPath,
			[ BIN, ...args ],
			{
				cwd: ROOT,
				env: { PATH: process.env.PATH ?? '', ...env },
				timeout: 30_000,
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

/**
 * The CLI in-process, for the many small cases that need no process of their own.
 * @param args
 * @param env
 */
async function inProcess(
	args: string[],
	env: Record< string, string > = {}
): Promise< Run > {
	let stdout = '';
	let stderr = '';
	const io: CliIo = {
		stdout: { write: ( chunk: string ) => ( stdout += chunk ) },
		stderr: { write: ( chunk: string ) => ( stderr += chunk ) },
		env,
		cwd: ROOT,
	};
	const code = await main( args, io );
	return { code, stdout, stderr };
}

describe( 'proxy-health (spawned)', () => {
	it( 'prints the tool help and the version', async () => {
		const [ help, version, none ] = await Promise.all( [
			cli( [ '--help' ] ),
			cli( [ '--version' ] ),
			cli( [] ),
		] );
		expect( help.code ).toBe( 0 );
		for ( const command of [
			'check',
			'batch',
			'scan',
			'explain',
			'lab',
		] ) {
			expect( help.stdout ).toContain( command );
		}
		expect( version.code ).toBe( 0 );
		expect( version.stdout.trim() ).toMatch( /^\d+\.\d+\.\d+/ );
		expect( none.code ).toBe( 2 );
		expect( none.stderr ).toContain( 'Usage: proxy-health' );
	} );

	it.each( [ 'check', 'batch', 'scan', 'explain', 'lab' ] )(
		'%s --help prints its usage and exits 0; an unknown flag exits 2 with a hint',
		async ( command ) => {
			const [ help, bad ] = await Promise.all( [
				cli( [ command, '--help' ] ),
				cli( [ command, 'x', '--no-such-flag' ] ),
			] );
			expect( help.code ).toBe( 0 );
			expect( help.stdout ).toContain(
				`Usage: proxy-health ${ command }`
			);
			expect( bad.code ).toBe( 2 );
			expect( bad.stderr ).toContain( "Unknown option '--no-such-flag'" );
			expect( bad.stderr ).toContain(
				`proxy-health ${ command } --help`
			);
		}
	);

	it( 'an unknown command exits 2 and suggests the closest one', async () => {
		const run = await cli( [ 'bach' ] );
		expect( run.code ).toBe( 2 );
		expect( run.stderr ).toContain( 'unknown command "bach"' );
		expect( run.stderr ).toContain( 'Did you mean "batch"?' );
	} );
} );

describe( 'argument checks (in-process)', () => {
	it.each( [
		[ [ 'check' ], 'a required argument is missing' ],
		[ [ 'check', 'https://a.test' ], '--user is required' ],
		[
			[ 'check', 'https://a.test', '--user', 'admin' ],
			'PROXY_HEALTH_APP_PASSWORD',
		],
		[
			[ 'check', 'ftp://a.test', '--user', 'admin' ],
			'must be http:// or https://',
		],
		[
			[ 'check', 'https://u:p@a.test', '--user', 'admin' ],
			'credentials inside the URL',
		],
		[
			[ 'check', 'https://a.test', '--user', 'a', '--format', 'xml' ],
			'--format must be one of table, json',
		],
		[
			[ 'check', 'https://a.test', '--user', 'a', '--timeout', '0' ],
			'--timeout must be',
		],
		[
			[ 'check', 'https://a.test', '--user', 'a', '--password', 'x' ],
			"Unknown option '--password'",
		],
		[
			[ 'check', 'https://a.test', 'extra', '--user', 'a' ],
			'unexpected argument "extra"',
		],
		[ [ 'batch' ], 'a required argument is missing' ],
		[
			[ 'batch', 'sites.json', '--concurrency', '0' ],
			'--concurrency must be a whole number',
		],
		[ [ 'batch', 'sites.json', '--shard', '3/2' ], '--shard must be i/n' ],
		[
			[ 'batch', 'sites.json', '--format', 'pdf' ],
			'--format must be one of table, json, junit, html',
		],
		[ [ 'batch', 'sites.json', '--retries', '-1' ], 'retries' ],
		[
			[ 'batch', '/nonexistent/sites.json' ],
			'cannot read the sites file',
		],
		[ [ 'scan' ], 'a required argument is missing' ],
		[ [ 'scan', '/nonexistent' ], 'does not look like a WordPress folder' ],
		[
			[ 'scan', '.', '--format', 'html' ],
			'--format must be one of table, json',
		],
		[ [ 'explain', 'https://a.test' ], '--config is required' ],
		[
			[
				'explain',
				'https://a.test',
				'--config',
				'/nonexistent/wp-config.php',
			],
			'does not exist',
		],
		[
			[ 'lab', 'sideways-credentials' ],
			'scenario must be one of right-credentials',
		],
		[
			[ 'lab', '--proxy', 'kerberos' ],
			'--proxy must be one of basic, digest, ntlm, deny, open',
		],
		[
			[ 'lab', '--wp', '5.0' ],
			'--wp must be one of 7.1, 6.6, 6.5, nightly',
		],
		[
			[ 'lab', '--db', 'postgres' ],
			'--db must be one of sqlite, mariadb',
		],
		[
			[ 'lab', '--runtime', 'hhvm' ],
			'--runtime must be one of php, playground',
		],
		[
			[ 'lab', '--engine', 'nginx' ],
			'--engine must be one of auto, squid, node',
		],
		[
			[ 'lab', '--runtime', 'playground', '--php', '7.3' ],
			'--php must be one of 7.4, 8.0, 8.1, 8.2, 8.3, 8.4, 8.5',
		],
		[ [ 'lab', '--php', '8.3' ], '--php needs --runtime playground' ],
	] )( '%j exits 2: %s', async ( args, message ) => {
		const run = await inProcess( args );
		expect( run.code ).toBe( 2 );
		expect( run.stderr ).toContain( message );
		expect( run.stdout ).toBe( '' );
	} );

	it( 'a bad HTTPS_PROXY is a usage error that does not print the variable (it may hold a password)', async () => {
		const run = await inProcess(
			[ 'check', 'https://a.test', '--user', 'admin' ],
			{
				PROXY_HEALTH_APP_PASSWORD: 'app-secret-1234',
				HTTPS_PROXY: 'socks5://user:proxy-secret@127.0.0.1:1080',
			}
		);
		expect( run.code ).toBe( 2 );
		expect( run.stderr ).toContain( 'HTTPS_PROXY' );
		expect( run.stderr ).not.toContain( 'proxy-secret' );
		expect( run.stderr ).not.toContain( 'app-secret' );
	} );

	it( 'help <command> prints that command', async () => {
		const run = await inProcess( [ 'help', 'scan' ] );
		expect( run.code ).toBe( 0 );
		expect( run.stdout ).toContain( 'Usage: proxy-health scan' );
	} );
} );
