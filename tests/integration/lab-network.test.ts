/**
 * The lab's network half, for real: squid and the Node proxy in front of HTTP and HTTPS targets
 * on loopback, with the status codes and headers a WordPress site behind them would see.
 */

/**
 * External dependencies
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

/**
 * Internal dependencies
 */
import { createLabCa, type LabCa } from '../../src/lab/ca';
import {
	startTarget,
	TARGET_SERVICE,
	type LabTarget,
} from '../../src/lab/targets';
import {
	isSquidAvailable,
	startProxy,
	type LabProxy,
	type ProxyCredentials,
	type ProxyEngine,
	type ProxyScheme,
} from '../../src/lab/proxies';

jest.setTimeout( 20_000 );

// npm test installs squid first; without it the squid cases fail, never vanish.
const ENGINES: ProxyEngine[] = [ 'squid', 'node' ];
const SCHEMES: Record< ProxyEngine, ProxyScheme[] > = {
	squid: [ 'basic', 'digest', 'ntlm', 'open', 'deny' ],
	node: [ 'basic', 'open', 'deny' ],
};
const CHALLENGE: Partial< Record< ProxyScheme, RegExp > > = {
	basic: /^Basic realm="Proxy Health Lab"$/,
	digest: /^Digest realm="Proxy Health Lab", nonce="[^"]+"/,
	ntlm: /^NTLM$/,
};
const CURL_AUTH: Partial< Record< ProxyScheme, string > > = {
	digest: '--proxy-digest',
	ntlm: '--proxy-ntlm',
};
const WRONG: ProxyCredentials = {
	username: 'lab-user',
	password: 'not-the-password',
};

let root: string;
let ca: LabCa;
let httpTarget: LabTarget;
let httpsTarget: LabTarget;
const started: LabProxy[] = [];

beforeAll( async () => {
	root = fs.mkdtempSync(
		path.join( os.tmpdir(), 'proxy-health-lab-network-' )
	);
	// The proxy user must reach squid's folder under it (see the private stateDir test).
	fs.chmodSync( root, 0o755 );
	ca = createLabCa( path.join( root, 'ca' ) );
	httpTarget = await startTarget( { scheme: 'http' } );
	httpsTarget = await startTarget( {
		scheme: 'https',
		host: '127.0.0.3',
		ca,
	} );
} );

afterAll( async () => {
	await Promise.allSettled( [
		...started.map( ( proxy ) => proxy.stop() ),
		httpTarget?.stop(),
		httpsTarget?.stop(),
	] );
	for ( const proxy of started ) {
		fs.rmSync( proxy.logDir, { recursive: true, force: true } );
	}
	fs.rmSync( root, { recursive: true, force: true } );
} );

async function launch(
	engine: ProxyEngine,
	scheme: ProxyScheme,
	stateDir = path.join( root, 'state' )
) {
	const proxy = await startProxy( { engine, scheme, stateDir } );
	started.push( proxy );
	return proxy;
}

describe( 'lab targets', () => {
	it( 'answer the documented routes', async () => {
		const before = httpTarget.requests;
		expect( httpTarget.url ).toBe(
			`http://127.0.0.2:${ httpTarget.port }`
		);

		const home = await directGet( `${ httpTarget.url }/` );
		expect( home.status ).toBe( 200 );
		expect( JSON.parse( home.body ) ).toMatchObject( {
			service: TARGET_SERVICE,
			path: '/',
		} );

		expect(
			( await directGet( `${ httpTarget.url }/status/503` ) ).status
		).toBe( 503 );

		const redirect = await directGet(
			`${ httpTarget.url }/redirect?to=http%3A%2F%2F127.0.0.9%2Fx`
		);
		expect( redirect.status ).toBe( 302 );
		expect( redirect.headers.location ).toBe( 'http://127.0.0.9/x' );

		const startedAt = Date.now();
		const slow = await directGet( `${ httpTarget.url }/slow?ms=150` );
		expect( slow.status ).toBe( 200 );
		expect( Date.now() - startedAt ).toBeGreaterThanOrEqual( 140 );

		expect( httpTarget.requests - before ).toBe( 4 );
	} );

	it( 'serves HTTPS with a certificate the lab CA verifies, and only that CA', async () => {
		const verified = await directGet( `${ httpsTarget.url }/`, [
			ca.certPem,
		] );
		expect( verified.status ).toBe( 200 );
		await expect( directGet( `${ httpsTarget.url }/` ) ).rejects.toThrow(
			/self[- ]signed|unable to (get|verify)/i
		);
	} );

	it( 'closes its port on stop', async () => {
		const target = await startTarget( {
			scheme: 'http',
			host: '127.0.0.4',
		} );
		const pending = directGet( `${ target.url }/slow?ms=30000` ).catch(
			() => null
		);
		await target.stop();
		await pending;
		expect( await canConnect( target.host, target.port ) ).toBe( false );
	} );
} );

it( 'has squid on this machine (CI installs the Debian package)', () => {
	expect( isSquidAvailable() ).toBe( true );
} );

describe.each( ENGINES )( '%s engine', ( engine ) => {
	describe.each( SCHEMES[ engine ] )( '%s scheme', ( scheme ) => {
		let proxy: LabProxy;
		let group: number | null = null;
		const needsAuth =
			scheme === 'basic' || scheme === 'digest' || scheme === 'ntlm';
		const curlAuth = CURL_AUTH[ scheme ] ?? '--proxy-basic';

		beforeAll( async () => {
			proxy = await launch( engine, scheme );
			group = processGroupOf( proxy.logDir );
		} );

		it( 'reports itself without secrets in its URL', () => {
			expect( proxy.engine ).toBe( engine );
			expect( proxy.url ).toBe( `http://127.0.0.1:${ proxy.port }` );
			expect( proxy.credentials !== null ).toBe( needsAuth );
			expect( proxy.realm ).toBe(
				scheme === 'basic' || scheme === 'digest'
					? 'Proxy Health Lab'
					: null
			);
			if ( proxy.credentials ) {
				expect( proxy.credentials.username ).toBe( 'lab-user' );
				expect(
					proxy.credentials.password.length
				).toBeGreaterThanOrEqual( 20 );
			}
		} );

		if ( needsAuth ) {
			it( 'answers 407 with its challenge to a plain-HTTP request without credentials', async () => {
				const response = await proxiedGet(
					proxy,
					`${ httpTarget.url }/`
				);
				expect( response.status ).toBe( 407 );
				expect( response.headers[ 'proxy-authenticate' ] ).toMatch(
					CHALLENGE[ scheme ] as RegExp
				);
				if ( engine === 'squid' ) {
					expect( response.headers[ 'x-squid-error' ] ).toBe(
						'ERR_CACHE_ACCESS_DENIED 0'
					);
					expect( response.headers.via ).toMatch( /squid\/5\./ );
				}
			} );

			it( 'answers 407 on CONNECT without credentials', async () => {
				const tunnel = await openTunnel( proxy, httpsTarget );
				expect( tunnel.status ).toBe( 407 );
				expect( tunnel.headers[ 'proxy-authenticate' ] ).toMatch(
					CHALLENGE[ scheme ] as RegExp
				);
			} );
		}

		if ( scheme === 'basic' ) {
			it( 'answers 407 to wrong Basic credentials, on plain HTTP and on CONNECT', async () => {
				expect(
					( await proxiedGet( proxy, `${ httpTarget.url }/`, WRONG ) )
						.status
				).toBe( 407 );
				expect(
					( await openTunnel( proxy, httpsTarget, WRONG ) ).status
				).toBe( 407 );
			} );

			it( 'forwards a plain-HTTP request with the right credentials', async () => {
				const response = await proxiedGet(
					proxy,
					`${ httpTarget.url }/via-proxy`,
					proxy.credentials
				);
				expect( response.status ).toBe( 200 );
				const body = JSON.parse( response.body );
				expect( body ).toMatchObject( {
					service: TARGET_SERVICE,
					path: '/via-proxy',
				} );
				if ( engine === 'squid' ) {
					expect( response.headers.via ).toMatch( /squid\/5\./ );
					expect( body.via ).toMatch( /squid\/5\./ );
				} else {
					// proxy-chain adds no Via header in either direction.
					expect( response.headers.via ).toBeUndefined();
				}
			} );

			it( 'tunnels HTTPS with the right credentials; TLS verifies against the lab CA only', async () => {
				const tunnel = await openTunnel(
					proxy,
					httpsTarget,
					proxy.credentials
				);
				expect( tunnel.status ).toBe( 200 );
				const response = await getOverTunnel(
					tunnel.socket as net.Socket,
					httpsTarget,
					[ ca.certPem ]
				);
				expect( response.authorized ).toBe( true );
				expect( response.status ).toBe( 200 );
				expect( JSON.parse( response.body ).service ).toBe(
					TARGET_SERVICE
				);

				const untrusted = await openTunnel(
					proxy,
					httpsTarget,
					proxy.credentials
				);
				await expect(
					getOverTunnel( untrusted.socket as net.Socket, httpsTarget )
				).rejects.toThrow( /self[- ]signed|unable to (get|verify)/i );
			} );
		}

		if ( scheme === 'digest' || scheme === 'ntlm' ) {
			it( `handles ${ scheme } credentials through curl (plain HTTP and CONNECT)`, async () => {
				const credentials = proxy.credentials as ProxyCredentials;
				const wrong = await curl(
					proxy,
					[ curlAuth, `${ httpTarget.url }/` ],
					WRONG
				);
				// ntlm_fake_auth accepts any user name and password; Digest checks them.
				expect( wrong.httpCode ).toBe( scheme === 'ntlm' ? 200 : 407 );

				const plain = await curl(
					proxy,
					[ curlAuth, `${ httpTarget.url }/digest-or-ntlm` ],
					credentials
				);
				expect( plain.httpCode ).toBe( 200 );
				expect( JSON.parse( plain.body ) ).toMatchObject( {
					service: TARGET_SERVICE,
					via: expect.stringMatching( /squid\/5\./ ),
				} );

				const noCredentials = await curl( proxy, [
					curlAuth,
					'--cacert',
					ca.certFile,
					`${ httpsTarget.url }/`,
				] );
				expect( noCredentials.connectCode ).toBe( 407 );
				expect( noCredentials.exitCode ).toBe( 56 );

				const tunnelled = await curl(
					proxy,
					[
						curlAuth,
						'--cacert',
						ca.certFile,
						`${ httpsTarget.url }/tls`,
					],
					credentials
				);
				expect( tunnelled.exitCode ).toBe( 0 );
				expect( tunnelled.connectCode ).toBe( 200 );
				expect( tunnelled.httpCode ).toBe( 200 );
				expect( JSON.parse( tunnelled.body ).path ).toBe( '/tls' );
			} );
		}

		if ( scheme === 'open' ) {
			it( 'forwards without credentials, plain and CONNECT', async () => {
				expect(
					( await proxiedGet( proxy, `${ httpTarget.url }/` ) ).status
				).toBe( 200 );
				const tunnel = await openTunnel( proxy, httpsTarget );
				expect( tunnel.status ).toBe( 200 );
				const response = await getOverTunnel(
					tunnel.socket as net.Socket,
					httpsTarget,
					[ ca.certPem ]
				);
				expect( response.status ).toBe( 200 );
			} );
		}

		if ( scheme === 'deny' ) {
			it( 'answers 403 to everyone, plain and CONNECT', async () => {
				const response = await proxiedGet(
					proxy,
					`${ httpTarget.url }/`,
					WRONG
				);
				expect( response.status ).toBe( 403 );
				expect(
					response.headers[ 'proxy-authenticate' ]
				).toBeUndefined();
				if ( engine === 'squid' ) {
					expect( response.headers[ 'x-squid-error' ] ).toBe(
						'ERR_ACCESS_DENIED 0'
					);
				}
				expect(
					( await openTunnel( proxy, httpsTarget ) ).status
				).toBe( 403 );
			} );
		}

		it( 'stops: port closed, no process left in its group', async () => {
			expect( group ).not.toBeNull();
			const members = proxyProcesses( group as number );
			expect( members.length ).toBeGreaterThanOrEqual( 1 );
			if ( engine === 'squid' && needsAuth ) {
				// The auth helper is running, so the check after stop() is not vacuous.
				expect(
					members.map( ( member ) => member.comm )
				).toContainEqual(
					expect.stringMatching(
						/^(basic_ncsa|digest_file|ntlm_fake)/
					)
				);
			}
			await proxy.stop();
			expect( await canConnect( proxy.host, proxy.port ) ).toBe( false );
			expect(
				members.filter( ( member ) => isRunning( member.pid ) )
			).toEqual( [] );
			expect( proxyProcesses( group as number ) ).toEqual( [] );
			// A second stop() is harmless.
			await proxy.stop();
		} );
	} );
} );

describe( 'node engine limits', () => {
	it.each( [ 'digest', 'ntlm' ] as const )(
		'refuses %s and names squid',
		async ( scheme ) => {
			await expect(
				startProxy( {
					engine: 'node',
					scheme,
					stateDir: path.join( root, 'state' ),
				} )
			).rejects.toThrow( /squid/ );
		}
	);

	it( 'answers 400, not 407, to a non-Basic Proxy-Authorization (proxy-chain behaviour)', async () => {
		const proxy = await launch( 'node', 'basic' );
		const response = await proxiedGet(
			proxy,
			`${ httpTarget.url }/`,
			null,
			'Digest username="lab-user"'
		);
		expect( response.status ).toBe( 400 );
		await proxy.stop();
	} );
} );

describe( 'squid with a private stateDir', () => {
	it( 'runs where the proxy user can reach, then moves the logs into stateDir', async () => {
		const privateDir = fs.mkdtempSync( path.join( root, 'private-' ) );
		fs.chmodSync( privateDir, 0o700 );
		const proxy = await launch( 'squid', 'basic', privateDir );
		const runningDir = proxy.logDir;
		expect( runningDir.startsWith( privateDir ) ).toBe( false );
		expect(
			(
				await proxiedGet(
					proxy,
					`${ httpTarget.url }/`,
					proxy.credentials
				)
			).status
		).toBe( 200 );
		await proxy.stop();
		// Logs moved into stateDir, the temporary folder is gone.
		expect( proxy.logDir.startsWith( privateDir + path.sep ) ).toBe( true );
		expect( fs.existsSync( runningDir ) ).toBe( false );
		const accessLog = fs.readFileSync(
			path.join( proxy.logDir, 'access.log' ),
			'utf8'
		);
		expect( accessLog ).toMatch( /TCP_MISS\/200 .* lab-user / );
		// The password file does not outlive the proxy.
		expect( fs.readdirSync( proxy.logDir ) ).not.toContain( 'passwords' );
	} );
} );

/* Helpers */

interface SimpleResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

function basicHeader( credentials: ProxyCredentials ): string {
	return (
		'Basic ' +
		Buffer.from(
			`${ credentials.username }:${ credentials.password }`
		).toString( 'base64' )
	);
}

function readBody( response: http.IncomingMessage ): Promise< SimpleResponse > {
	return new Promise( ( resolve, reject ) => {
		const chunks: Buffer[] = [];
		response.on( 'data', ( chunk: Buffer ) => chunks.push( chunk ) );
		response.once( 'error', reject );
		response.once( 'end', () =>
			resolve( {
				status: response.statusCode ?? 0,
				headers: response.headers,
				body: Buffer.concat( chunks ).toString( 'utf8' ),
			} )
		);
	} );
}

function directGet(
	url: string,
	caCerts?: string[]
): Promise< SimpleResponse > {
	return new Promise( ( resolve, reject ) => {
		const client = url.startsWith( 'https:' ) ? https : http;
		const request = client.get(
			url,
			{ agent: false, ...( caCerts ? { ca: caCerts } : {} ) },
			( response ) => readBody( response ).then( resolve, reject )
		);
		request.setTimeout( 10_000, () =>
			request.destroy( new Error( `GET ${ url } timed out` ) )
		);
		request.once( 'error', reject );
	} );
}

/**
 * Plain-HTTP request through the proxy (absolute-form request target).
 *
 * @param proxy         Proxy to use.
 * @param url           Target URL.
 * @param credentials   Basic credentials to send, if any.
 * @param authorization A raw Proxy-Authorization value instead.
 */
function proxiedGet(
	proxy: LabProxy,
	url: string,
	credentials: ProxyCredentials | null = null,
	authorization?: string
): Promise< SimpleResponse > {
	const target = new URL( url );
	const headers: http.OutgoingHttpHeaders = { Host: target.host };
	if ( credentials ) {
		headers[ 'Proxy-Authorization' ] = basicHeader( credentials );
	} else if ( authorization ) {
		headers[ 'Proxy-Authorization' ] = authorization;
	}
	return new Promise( ( resolve, reject ) => {
		const request = http.request(
			{
				host: proxy.host,
				port: proxy.port,
				path: url,
				headers,
				agent: false,
			},
			( response ) => readBody( response ).then( resolve, reject )
		);
		request.setTimeout( 10_000, () =>
			request.destroy(
				new Error( `GET ${ url } through the proxy timed out` )
			)
		);
		request.once( 'error', reject );
		request.end();
	} );
}

interface Tunnel {
	status: number;
	headers: http.IncomingHttpHeaders;
	socket: net.Socket | null;
}

function openTunnel(
	proxy: LabProxy,
	target: LabTarget,
	credentials: ProxyCredentials | null = null
): Promise< Tunnel > {
	const authority = `${ target.host }:${ target.port }`;
	const headers: http.OutgoingHttpHeaders = { Host: authority };
	if ( credentials ) {
		headers[ 'Proxy-Authorization' ] = basicHeader( credentials );
	}
	return new Promise( ( resolve, reject ) => {
		const request = http.request( {
			host: proxy.host,
			port: proxy.port,
			method: 'CONNECT',
			path: authority,
			headers,
			agent: false,
		} );
		request.once( 'connect', ( response, socket ) => {
			const status = response.statusCode ?? 0;
			if ( status !== 200 ) {
				socket.destroy();
			}
			resolve( {
				status,
				headers: response.headers,
				socket: status === 200 ? socket : null,
			} );
		} );
		request.setTimeout( 10_000, () =>
			request.destroy( new Error( `CONNECT ${ authority } timed out` ) )
		);
		request.once( 'error', reject );
		request.end();
	} );
}

function getOverTunnel(
	socket: net.Socket,
	target: LabTarget,
	caCerts?: string[]
): Promise< SimpleResponse & { authorized: boolean } > {
	return new Promise( ( resolve, reject ) => {
		// Verification stays on: without the lab CA this must fail.
		const secure = tls.connect( {
			socket,
			host: target.host,
			...( caCerts ? { ca: caCerts } : {} ),
		} );
		secure.once( 'error', ( error ) => {
			socket.destroy();
			reject( error );
		} );
		secure.once( 'secureConnect', () => {
			const request = https.request(
				{
					host: target.host,
					port: target.port,
					path: '/',
					// No agent: with one, Node would ignore createConnection and dial the target directly.
					createConnection: () => secure,
				},
				( response ) =>
					readBody( response ).then( ( result ) => {
						secure.destroy();
						resolve( { ...result, authorized: secure.authorized } );
					}, reject )
			);
			request.once( 'error', reject );
			request.end();
		} );
	} );
}

interface CurlResult {
	exitCode: number;
	httpCode: number;
	connectCode: number;
	body: string;
}

/**
 * Runs curl through the proxy. Credentials go in through a config on stdin, not the command line.
 *
 * @param proxy       Proxy to use.
 * @param args        Extra arguments, ending with the URL.
 * @param credentials Proxy user and password, if any.
 */
function curl(
	proxy: LabProxy,
	args: string[],
	credentials?: ProxyCredentials
): Promise< CurlResult > {
	return new Promise( ( resolve ) => {
		const child = execFile(
			'curl',
			[
				'-sS',
				'-m',
				'10',
				'-K',
				'-',
				'--proxy',
				proxy.url,
				'-w',
				'\n%{http_code} %{http_connect}',
				...args,
			],
			// A clean environment: no http_proxy/no_proxy from the machine running the tests.
			{ env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
			( error, stdout ) => {
				const lines = String( stdout ).split( '\n' );
				const [ httpCode = '0', connectCode = '0' ] = (
					lines.pop() ?? ''
				).split( ' ' );
				resolve( {
					exitCode: error
						? Number( ( error as NodeJS.ErrnoException ).code )
						: 0,
					httpCode: Number( httpCode ),
					connectCode: Number( connectCode ),
					body: lines.join( '\n' ),
				} );
			}
		);
		child.stdin?.end(
			credentials
				? `proxy-user = "${ credentials.username }:${ credentials.password }"\n`
				: ''
		);
	} );
}

function canConnect( host: string, port: number ): Promise< boolean > {
	return new Promise( ( resolve ) => {
		const socket = net.connect( { host, port } );
		socket.once( 'connect', () => {
			socket.destroy();
			resolve( true );
		} );
		socket.once( 'error', () => resolve( false ) );
	} );
}

interface ProcessInfo {
	pid: number;
	comm: string;
	state: string;
	ppid: number;
	pgid: number;
}

function listProcesses(): ProcessInfo[] {
	const found: ProcessInfo[] = [];
	for ( const entry of fs.readdirSync( '/proc' ) ) {
		if ( ! /^\d+$/.test( entry ) ) {
			continue;
		}
		try {
			const stat = fs.readFileSync( `/proc/${ entry }/stat`, 'utf8' );
			// comm is in parentheses and may contain spaces; the fields after it are fixed.
			const comm = stat.slice(
				stat.indexOf( '(' ) + 1,
				stat.lastIndexOf( ')' )
			);
			const [ state = '', ppid = '0', pgid = '0' ] = stat
				.slice( stat.lastIndexOf( ')' ) + 2 )
				.split( ' ' );
			found.push( {
				pid: Number( entry ),
				comm,
				state,
				ppid: Number( ppid ),
				pgid: Number( pgid ),
			} );
		} catch {
			// The process ended while we looked.
		}
	}
	return found;
}

/**
 * Process group of the proxy whose command line names a file in `dir` (squid's -f config,
 * the Node runner's config file).
 *
 * @param dir The proxy's logDir.
 */
function processGroupOf( dir: string ): number | null {
	for ( const process of listProcesses() ) {
		try {
			const cmdline = fs.readFileSync(
				`/proc/${ process.pid }/cmdline`,
				'utf8'
			);
			if ( cmdline.includes( dir + path.sep ) ) {
				return process.pgid;
			}
		} catch {
			// Gone already.
		}
	}
	return null;
}

/**
 * Processes in the group and their descendants: squid starts each auth helper in a session of
 * its own (setsid), so the group alone would miss them.
 *
 * @param pgid Process group of the proxy.
 */
function proxyProcesses( pgid: number ): ProcessInfo[] {
	const all = listProcesses();
	const found = all.filter( ( info ) => info.pgid === pgid );
	for ( let i = 0; i < found.length; i++ ) {
		const parent = found[ i ] as ProcessInfo;
		found.push(
			...all.filter(
				( info ) => info.ppid === parent.pid && ! found.includes( info )
			)
		);
	}
	return found;
}

function isRunning( pid: number ): boolean {
	return fs.existsSync( `/proc/${ pid }` );
}
