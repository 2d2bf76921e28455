/**
 * `proxy-health batch` and `check` against a small fleet, for real: two lab WordPress sites on
 * PHP behind a proxy (one with the right proxy credentials, one whose wp-config.php gets them
 * wrong and so sees a 407), the same lab site with a wrong Application Password, and small
 * real HTTP servers standing in for the failures a fleet has (no WordPress can be made to
 * behave this way on purpose): a closed port, a server that never answers, an HTML page, a
 * site without the plugin (`rest_no_route`), a 503 that recovers. Then the CLI's OWN proxy
 * (HTTP_PROXY / HTTPS_PROXY) through the lab's Node proxy, with and without credentials.
 *
 * Kept to two lab sites so it fits two shared cores.
 */

/**
 * External dependencies
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
// Not a declared dependency: installed with @wp-playground/cli (a devDependency).
// eslint-disable-next-line import/no-extraneous-dependencies
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Internal dependencies
 */
import { STATUS } from '../../src/api/test-utils/fake-fetch';
import { REPORT_PASS } from '../../src/api/test-utils/probe-reports';
import { main } from '../../src/cli/index';
import type { BatchReport } from '../../src/cli/lib/batch';
import type { SiteResult } from '../../src/cli/lib/check-site';
import type { CliIo } from '../../src/cli/lib/io';
import { createNodeTransport } from '../../src/cli/lib/node-transport';
import { Secret } from '../../src/cli/lib/secret';
import { startProxy, type LabProxy } from '../../src/lab/proxies';
import { startLab, type Lab } from '../../src/lab/scenario';

jest.setTimeout( 420_000 );

const ROOT = path.join( __dirname, '..', '..' );
const BIN = path.join( ROOT, 'bin', 'proxy-health.mjs' );
const FAKE_PASSWORD = 'fake-app-password-0000';
const WRONG_PASSWORD = 'wrong-app-password-1111';

let tmp: string;
let healthy: Lab;
let failing: Lab;
let cliProxy: LabProxy;
const servers: http.Server[] = [];
const sockets = new Set< Socket >();
let urls: Record< 'down' | 'slow' | 'html' | 'noRoute' | 'flaky', string >;
let flakyRequests = 0;

function listen( handler: http.RequestListener ): Promise< string > {
	const server = http.createServer( handler );
	server.on( 'connection', ( socket ) => {
		sockets.add( socket );
		socket.on( 'close', () => sockets.delete( socket ) );
	} );
	servers.push( server );
	return new Promise( ( resolve ) =>
		server.listen( 0, '127.0.0.1', () =>
			resolve(
				`http://127.0.0.1:${ ( server.address() as AddressInfo ).port }`
			)
		)
	);
}

const json = ( res: http.ServerResponse, status: number, body: unknown ) => {
	res.writeHead( status, {
		'Content-Type': 'application/json; charset=UTF-8',
	} );
	res.end( JSON.stringify( body ) );
};

beforeAll( async () => {
	tmp = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-cli-batch-' ) );
	// One after the other: two installs at once would starve the shared cores.
	healthy = await startLab( {
		stateDir: path.join( tmp, 'healthy' ),
		runtime: 'php',
		proxyEngine: 'node',
		scenario: 'right-credentials',
	} );
	failing = await startLab( {
		stateDir: path.join( tmp, 'failing' ),
		runtime: 'php',
		proxyEngine: 'node',
		scenario: 'wrong-credentials',
	} );
	cliProxy = await startProxy( {
		scheme: 'basic',
		engine: 'node',
		stateDir: path.join( tmp, 'cli-proxy' ),
	} );

	const closed = await listen( () => undefined );
	await new Promise( ( resolve ) => servers.pop()?.close( resolve ) );
	urls = {
		down: closed,
		// Accepts the connection and never answers.
		slow: await listen( () => undefined ),
		html: await listen( ( _req, res ) => {
			res.writeHead( 200, { 'Content-Type': 'text/html' } );
			res.end( '<!DOCTYPE html><html><body>Maintenance</body></html>' );
		} ),
		// WordPress without Proxy Health: the REST API answers, the route does not exist.
		noRoute: await listen( ( _req, res ) =>
			json( res, 404, {
				code: 'rest_no_route',
				message:
					'No route was found matching the URL and request method.',
				data: { status: 404 },
			} )
		),
		// A 503 first (a restarting PHP-FPM), then a valid Proxy Health site.
		flaky: await listen( ( req, res ) => {
			flakyRequests++;
			const expected = `Basic ${ Buffer.from( `admin:${ FAKE_PASSWORD }` ).toString( 'base64' ) }`;
			if ( req.headers.authorization !== expected ) {
				json( res, 401, {
					code: 'rest_forbidden',
					message: 'Sorry, you are not allowed to do that.',
					data: { status: 401 },
				} );
			} else if ( flakyRequests === 1 ) {
				res.writeHead( 503, { 'Content-Type': 'text/html' } );
				res.end( '<h1>Service Unavailable</h1>' );
			} else if ( String( req.url ).includes( 'status' ) ) {
				json( res, 200, STATUS );
			} else {
				json( res, 200, REPORT_PASS );
			}
		} ),
	};
} );

afterAll( async () => {
	for ( const socket of sockets ) {
		socket.destroy();
	}
	await Promise.all(
		servers.map(
			( server ) => new Promise( ( resolve ) => server.close( resolve ) )
		)
	);
	await cliProxy?.stop();
	await failing?.stop();
	await healthy?.stop();
	rmSync( tmp, { recursive: true, force: true } );
} );

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

/**
 * The real binary, with exactly the environment given (no proxy variables leak in).
 * @param args
 * @param env
 */
function cli( args: string[], env: Record< string, string > ): Promise< Run > {
	return new Promise( ( resolve ) => {
		execFile(
			process.execPath,
			[ BIN, ...args ],
			{
				cwd: tmp,
				env: {
					PATH: process.env.PATH ?? '',
					HOME: os.homedir(),
					...env,
				},
				timeout: 300_000,
			},
			( error, stdout, stderr ) => {
				resolve( {
					code: error
						? Number( ( error as { code?: unknown } ).code ?? 1 )
						: 0,
					stdout,
					stderr,
				} );
			}
		);
	} );
}

function secrets(): string[] {
	return [
		healthy.site.admin.applicationPassword,
		failing.site.admin.applicationPassword,
		WRONG_PASSWORD,
		FAKE_PASSWORD,
		cliProxy.credentials?.password ?? '',
	];
}

function expectNoSecrets( ...texts: string[] ) {
	for ( const text of texts ) {
		for ( const secret of secrets() ) {
			expect( text ).not.toContain( secret );
		}
	}
}

describe( 'batch over a fleet', () => {
	it( 'records every site with a stable code, goes on, exits 1 and writes valid JUnit', async () => {
		const admin = healthy.site.admin.username;
		writeFileSync(
			path.join( tmp, 'sites.csv' ),
			[
				'url,user,passwordEnv',
				`${ healthy.server.url },${ admin },HEALTHY_PASSWORD`,
				`${ failing.server.url },${ failing.site.admin.username },FAILING_PASSWORD`,
				`${ healthy.server.url },${ admin },WRONG_PASSWORD`,
				`${ urls.noRoute },admin,FAKE_PASSWORD`,
				`${ urls.html },admin,FAKE_PASSWORD`,
				`${ urls.down },admin,FAKE_PASSWORD`,
				'http://proxy-health-cli-test.invalid,admin,FAKE_PASSWORD',
				'',
			].join( '\n' )
		);
		const run = await cli(
			[
				'batch',
				'sites.csv',
				'--format',
				'junit',
				'--output',
				'out/report.xml',
				'--timeout',
				'120',
				'--retries',
				'1',
			],
			{
				HEALTHY_PASSWORD: healthy.site.admin.applicationPassword,
				FAILING_PASSWORD: failing.site.admin.applicationPassword,
				WRONG_PASSWORD,
				FAKE_PASSWORD,
				CI: '1',
			}
		);
		expect( run.stderr ).toContain(
			'1/7 sites passed; junit report written to out/report.xml'
		);
		expect( run.code ).toBe( 1 );
		const xml = readFileSync(
			path.join( tmp, 'out', 'report.xml' ),
			'utf8'
		);
		expect( XMLValidator.validate( xml ) ).toBe( true );
		const suite = new XMLParser( {
			ignoreAttributes: false,
			attributeNamePrefix: '',
		} ).parse( xml ).testsuites.testsuite;
		expect( suite ).toMatchObject( {
			tests: '7',
			failures: '1',
			errors: '5',
		} );
		const cases = suite.testcase as Array< {
			name: string;
			failure?: { message: string };
			error?: { type: string };
		} >;
		expect( cases.map( ( c ) => c.name ) ).toEqual( [
			healthy.server.url,
			failing.server.url,
			healthy.server.url,
			urls.noRoute,
			urls.html,
			urls.down,
			'http://proxy-health-cli-test.invalid',
		] );
		expect( cases[ 0 ]?.failure ).toBeUndefined();
		expect( cases[ 0 ]?.error ).toBeUndefined();
		// The site's own 407: probes ran, the verdict failed with the credentials diagnosis.
		expect( cases[ 1 ]?.failure?.message ).toContain(
			'proxy_auth_rejected'
		);
		expect( cases.slice( 2 ).map( ( c ) => c.error?.type ) ).toEqual( [
			'unauthorized',
			'rest_no_route',
			'invalid_json',
			'connection_failed',
			'dns_error',
		] );
		expectNoSecrets( run.stdout, run.stderr, xml );
	} );

	it( 'times out a silent site, retries a 503, and reports JSON with the REST documents', async () => {
		flakyRequests = 0;
		writeFileSync(
			path.join( tmp, 'small.json' ),
			JSON.stringify( [
				{ url: urls.slow, user: 'admin', passwordEnv: 'FAKE_PASSWORD' },
				{
					url: urls.flaky,
					user: 'admin',
					passwordEnv: 'FAKE_PASSWORD',
				},
			] )
		);
		let stdout = '';
		let stderr = '';
		const io: CliIo = {
			stdout: { write: ( chunk: string ) => ( stdout += chunk ) },
			stderr: {
				write: ( chunk: string ) => ( stderr += chunk ),
				isTTY: true,
			},
			env: { FAKE_PASSWORD, CI: 'true' },
			cwd: tmp,
		};
		const started = Date.now();
		const code = await main(
			[
				'batch',
				'small.json',
				'--format',
				'json',
				'--timeout',
				'1',
				'--retries',
				'1',
			],
			io
		);
		expect( code ).toBe( 1 );
		// One retry after a timeout, with backoff: two attempts of one second, not more.
		expect( Date.now() - started ).toBeLessThan( 10_000 );
		const report = JSON.parse( stdout ) as BatchReport;
		const [ slow, flaky ] = report.sites as [ SiteResult, SiteResult ];
		expect( slow ).toMatchObject( {
			site: urls.slow,
			ok: false,
			attempts: 2,
			error: { code: 'timeout' },
		} );
		expect( flaky ).toMatchObject( {
			site: urls.flaky,
			ok: true,
			verdict: 'pass',
			attempts: 3,
		} );
		expect( flaky.status ).toEqual( STATUS );
		expect( flaky.report ).toEqual( REPORT_PASS );
		expect( report.summary ).toEqual( {
			total: 2,
			passed: 1,
			failed: 0,
			errors: 1,
		} );
		// In CI there is no progress bar even on a terminal.
		expect( stderr ).toBe( '' );
	} );

	it( 'shards the fleet: shard 2/2 checks only the second, fourth… site', async () => {
		writeFileSync(
			path.join( tmp, 'shard.yaml' ),
			[ urls.down, urls.html, urls.noRoute ]
				.map(
					( url ) =>
						`- { url: "${ url }", user: admin, passwordEnv: FAKE_PASSWORD }`
				)
				.join( '\n' )
		);
		let stdout = '';
		const code = await main(
			[ 'batch', 'shard.yaml', '--shard', '2/2', '--format', 'json' ],
			{
				stdout: { write: ( chunk: string ) => ( stdout += chunk ) },
				stderr: { write: () => true },
				env: { FAKE_PASSWORD },
				cwd: tmp,
			}
		);
		expect( code ).toBe( 1 );
		const report = JSON.parse( stdout ) as BatchReport;
		expect( report.shard ).toEqual( { index: 2, count: 2 } );
		expect( report.sites.map( ( site ) => site.site ) ).toEqual( [
			urls.html,
		] );
	} );
} );

describe( 'check and the CLI’s own proxy', () => {
	it( 'check passes on the healthy site and prints the REST documents as JSON', async () => {
		const run = await cli(
			[
				'check',
				healthy.server.url,
				'--user',
				healthy.site.admin.username,
				'--format',
				'json',
			],
			{
				PROXY_HEALTH_APP_PASSWORD:
					healthy.site.admin.applicationPassword,
			}
		);
		expect( run.code ).toBe( 0 );
		const result = JSON.parse( run.stdout ) as SiteResult;
		expect( result ).toMatchObject( {
			site: healthy.server.url,
			ok: true,
		} );
		expect( [ 'pass', 'warn' ] ).toContain( result.report?.verdict );
		expect( result.status?.proxy.hasPassword ).toBe( true );
		expectNoSecrets( run.stdout, run.stderr );
	} );

	it( 'check exits 1 on the site whose proxy answers 407, with the diagnosis in the table', async () => {
		const run = await cli(
			[
				'check',
				failing.server.url,
				'--user',
				failing.site.admin.username,
			],
			{
				PROXY_HEALTH_APP_PASSWORD:
					failing.site.admin.applicationPassword,
			}
		);
		expect( run.code ).toBe( 1 );
		expect( run.stdout ).toContain( `${ failing.server.url }: FAIL` );
		expect( run.stdout ).toContain( 'proxy_auth_rejected' );
		expect( run.stdout ).toMatch( /proxy_auth_required\s+407/ );
	} );

	it( 'goes through HTTP_PROXY with its credentials, and reports that proxy’s 407 apart from the site', async () => {
		const credentials = cliProxy.credentials;
		expect( credentials ).not.toBeNull();
		const base = {
			PROXY_HEALTH_APP_PASSWORD: healthy.site.admin.applicationPassword,
		};
		const withCredentials = `http://${ encodeURIComponent( credentials?.username ?? '' ) }:${ encodeURIComponent(
			credentials?.password ?? ''
		) }@127.0.0.1:${ cliProxy.port }`;
		const args = [
			'check',
			healthy.server.url,
			'--user',
			healthy.site.admin.username,
			'--format',
			'json',
		];

		const [ through, refused, bypassed ] = await Promise.all( [
			cli( args, { ...base, HTTP_PROXY: withCredentials } ),
			cli( args, {
				...base,
				http_proxy: `http://127.0.0.1:${ cliProxy.port }`,
			} ),
			cli( args, {
				...base,
				HTTP_PROXY: `http://127.0.0.1:${ cliProxy.port }`,
				NO_PROXY: '127.0.0.1',
			} ),
		] );

		expect( through.code ).toBe( 0 );
		expect( ( JSON.parse( through.stdout ) as SiteResult ).ok ).toBe(
			true
		);

		expect( refused.code ).toBe( 1 );
		const refusedResult = JSON.parse( refused.stdout ) as SiteResult;
		expect( refusedResult.error ).toMatchObject( {
			code: 'cli_proxy_auth_required',
			status: 407,
		} );
		expect( refusedResult.error?.message ).toContain( 'not the site' );
		expect( refusedResult.report ).toBeUndefined();

		expect( bypassed.code ).toBe( 0 );
		expectNoSecrets(
			through.stdout,
			through.stderr,
			refused.stdout,
			refused.stderr
		);
	} );

	it( 'tunnels HTTPS through the proxy with CONNECT, and tells a 407 on CONNECT apart', async () => {
		const credentials = cliProxy.credentials;
		const request = ( proxyUrl: string ) =>
			createNodeTransport( {
				siteUrl: healthy.httpsTarget.url,
				user: 'admin',
				password: new Secret( FAKE_PASSWORD ),
				timeoutMs: 10_000,
				env: { HTTPS_PROXY: proxyUrl },
				ca: healthy.ca.certPem,
			} )( { path: '/proxy-health/v1/status', method: 'GET' } );

		await expect(
			request( `http://127.0.0.1:${ cliProxy.port }` )
		).rejects.toMatchObject( {
			code: 'cli_proxy_auth_required',
			status: 407,
		} );
		// With credentials the tunnel and TLS (lab CA) work: the target answers its own JSON.
		const answer = await request(
			`http://${ credentials?.username }:${ encodeURIComponent( credentials?.password ?? '' ) }@127.0.0.1:${ cliProxy.port }`
		);
		expect( JSON.stringify( answer ) ).toContain(
			'proxy-health-lab-target'
		);
	} );
} );
