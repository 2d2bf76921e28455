/**
 * Proxies that are not plain HTTP proxies, against a real lab site (WordPress on the PHP CLI
 * server, real cURL) with the lab's own proxies from `src/lab/proxies/tunnels.ts`:
 *
 * - an HTTPS-inspecting proxy: `POST /probes` records the certificate presented for the HTTPS
 *   target and diagnoses `tls_interception` naming the inspection CA; the remedy's own snippet
 *   (WordPress's bundle plus that CA through `http_request_args` → `sslcertificates`) then makes
 *   the same request pass;
 * - a SOCKS5 proxy with a login, as `socks5h://` in WP_PROXY_HOST: `GET /status` explains it
 *   (no "write only the host"), cURL requests pass through it, and the finding's snippet (the host
 *   alone plus CURLOPT_PROXYTYPE from `http_api_curl`) works as well;
 * - an HTTPS proxy (`https://` in WP_PROXY_HOST) whose certificate comes from the lab CA: the
 *   finding's CURLOPT_PROXY_CAINFO line makes cURL requests pass.
 */

/**
 * External dependencies
 */
import { mkdtempSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import {
	isProbeReportDocument as isProbeReport,
	isStatusDocument as isStatusResponse,
} from '../../src/api/contract/validators';
import type {
	Finding,
	ProbeReport,
	ProbeResult,
	StatusResponse,
} from '../../src/api/types';
import { createLabCa } from '../../src/lab/ca';
import {
	startHttpsProxy,
	startInterceptingProxy,
	startSocks5Proxy,
	type TunnelProxy,
} from '../../src/lab/proxies/tunnels';
import { sharedLab } from '../support/lab';
import { SecretScanner } from '../support/secret-scanner';
import { applicationPasswordCaller, call } from '../support/wp-session';

jest.setTimeout( 180_000 );

const INSPECTION_CA = 'Proxy Health Lab Inspection CA';
const SOCKS_USER = 'socks-user';
const SOCKS_PASSWORD = 'S0cks-canary!pass';

const lab = sharedLab( {
	runtime: 'php',
	proxyEngine: 'node',
	proxyScheme: 'basic',
	scenario: 'right-credentials',
} );

const started: TunnelProxy[] = [];
const muPlugins: string[] = [];
let scanner: SecretScanner;

beforeAll( () => {
	scanner = new SecretScanner( [
		{ name: 'SOCKS password', value: SOCKS_PASSWORD, username: SOCKS_USER },
		{
			name: 'Application Password',
			value: lab().site.admin.applicationPassword,
			username: lab().site.admin.username,
		},
	] );
} );

afterEach( async () => {
	for ( const file of muPlugins.splice( 0 ) ) {
		await rm( file, { force: true } );
	}
} );

afterAll( async () => {
	for ( const proxy of started ) {
		await proxy.stop();
	}
} );

async function track( proxy: Promise< TunnelProxy > ): Promise< TunnelProxy > {
	const running = await proxy;
	started.push( running );
	return running;
}

/**
 * Writes a lab-only must-use plugin for one test (removed after it).
 *
 * @param name File name.
 * @param php  Its code after `<?php`.
 */
async function muPlugin( name: string, php: string ): Promise< void > {
	const file = path.join( lab().site.root, 'wp-content', 'mu-plugins', name );
	await writeFile( file, `<?php\ndeclare(strict_types = 1);\n${ php }\n` );
	muPlugins.push( file );
}

async function probe(
	targets: string[],
	transports: string[] = [ 'curl', 'fsockopen' ]
): Promise< ProbeReport > {
	const answer = await call(
		lab().server.url,
		applicationPasswordCaller( lab().site ),
		'/proxy-health/v1/probes',
		{ method: 'POST', body: { targets, transports } }
	);
	expect( answer.status ).toBe( 200 );
	expect( isProbeReport( answer.body ) ).toBe( true );
	scanner.scanText( 'POST /probes', answer.text );
	expect( scanner.report() ).toEqual( [] );
	return answer.body as ProbeReport;
}

async function status(): Promise< StatusResponse > {
	const answer = await call(
		lab().server.url,
		applicationPasswordCaller( lab().site ),
		'/proxy-health/v1/status'
	);
	expect( answer.status ).toBe( 200 );
	expect( isStatusResponse( answer.body ) ).toBe( true );
	scanner.scanText( 'GET /status', answer.text );
	expect( scanner.report() ).toEqual( [] );
	return answer.body as StatusResponse;
}

function result(
	report: ProbeReport,
	target: string,
	transport: 'curl' | 'fsockopen'
): ProbeResult {
	const found = report.results.find(
		( r ) => r.target === target && r.transport === transport
	);
	if ( ! found ) {
		throw new Error( `No ${ transport } result for ${ target }.` );
	}
	return found;
}

function finding( findings: Finding[], code: string ): Finding {
	const found = findings.find( ( f ) => f.code === code );
	if ( ! found ) {
		throw new Error(
			`No ${ code } among ${ findings.map( ( f ) => f.code ).join( ', ' ) }`
		);
	}
	return found;
}

/**
 * The PHP code of a remedy: from `<?php ` to the end of its last `} );`.
 *
 * @param remedies A diagnosis's or finding's remedies.
 */
function snippet( remedies: string[] ): string {
	for ( const remedy of remedies ) {
		const match = /<\?php (.*\} \);)/.exec( remedy );
		if ( match?.[ 1 ] ) {
			return match[ 1 ];
		}
	}
	throw new Error( `No PHP snippet in ${ JSON.stringify( remedies ) }` );
}

const targets = () => ( {
	http: `${ lab().httpTarget.url }/`,
	https: `${ lab().httpsTarget.url }/`,
} );

it( 'an HTTPS-inspecting proxy is diagnosed with its issuer, and the remedy snippet makes WordPress trust it', async () => {
	const inspection = createLabCa(
		mkdtempSync( path.join( os.tmpdir(), 'proxy-health-inspection-' ) ),
		{ commonName: INSPECTION_CA, organizationName: 'Proxy Health Lab' }
	);
	const proxy = await track(
		startInterceptingProxy( {
			inspectionCa: inspection,
			upstreamCaPem: lab().ca.certPem,
		} )
	);
	await lab().site.setProxy( { host: proxy.host, port: proxy.port } );

	const report = await probe( [ targets().https ], [ 'curl' ] );
	const curl = result( report, targets().https, 'curl' );
	expect( curl.outcome ).toBe( 'tls_error' );
	expect( curl.error?.message ).toMatch( /cURL error 60/ );
	expect( curl.tlsCertificate ).toEqual( {
		subject: `CN=${ lab().httpsTarget.host }`,
		issuer: `CN=${ INSPECTION_CA }, O=Proxy Health Lab`,
		chainsToBundle: false,
		bundle: 'wp-content/proxy-health-lab-ca-bundle.crt',
	} );
	const diagnosis = report.diagnoses.find(
		( d ) => d.code === 'tls_interception'
	);
	expect( diagnosis?.severity ).toBe( 'critical' );
	expect( diagnosis?.detail ).toContain(
		`issued by "CN=${ INSPECTION_CA }, O=Proxy Health Lab"`
	);
	expect( report.diagnoses.map( ( d ) => d.code ) ).not.toContain(
		'tls_failure'
	);
	// The probe and the certificate read: two tunnels, both terminated by the proxy.
	expect( proxy.tunnels ).toBe( 2 );

	// The remedy, as written: the bundle WordPress verifies with plus the inspection CA.
	const wpContent = path.join( lab().site.root, 'wp-content' );
	const bundle = await readFile(
		path.join( wpContent, 'proxy-health-lab-ca-bundle.crt' ),
		'utf8'
	);
	await writeFile(
		path.join( wpContent, 'ca-bundle-with-corporate-ca.crt' ),
		`${ bundle.trimEnd() }\n${ inspection.certPem }`
	);
	await muPlugin(
		'zz-corporate-ca.php',
		snippet( diagnosis?.remedies ?? [] )
	);
	const fixed = await probe( [ targets().https ], [ 'curl' ] );
	expect( result( fixed, targets().https, 'curl' ).outcome ).toBe( 'ok' );
	expect( fixed.verdict ).toBe( 'pass' );
} );

it( 'a SOCKS5 proxy written as socks5h:// works for cURL, is explained, and its snippet works with the host alone', async () => {
	const proxy = await track(
		startSocks5Proxy( { username: SOCKS_USER, password: SOCKS_PASSWORD } )
	);
	await lab().site.setProxy( {
		host: `socks5h://${ proxy.host }`,
		port: proxy.port,
		username: SOCKS_USER,
		password: SOCKS_PASSWORD,
	} );

	const { findings } = await status();
	const socks = finding( findings, 'proxy_host_socks_scheme' );
	expect( socks.severity ).toBe( 'good' );
	expect( findings.map( ( f ) => f.code ) ).not.toContain(
		'proxy_host_has_scheme'
	);
	expect( socks.remedies.join( ' ' ) ).not.toMatch( /Write only the host/ );

	const report = await probe( [ targets().http, targets().https ] );
	expect( result( report, targets().http, 'curl' ).outcome ).toBe( 'ok' );
	expect( result( report, targets().https, 'curl' ).outcome ).toBe( 'ok' );
	// fsockopen opens "socks5h://…" as a PHP socket: no transport of that name.
	expect(
		result( report, targets().http, 'fsockopen' ).error?.message
	).toMatch( /socket transport "socks5h"/ );
	expect( proxy.tunnels ).toBe( 2 );

	// The other working configuration: the host alone plus the finding's http_api_curl snippet.
	await lab().site.setProxy( {
		host: proxy.host,
		port: proxy.port,
		username: SOCKS_USER,
		password: SOCKS_PASSWORD,
	} );
	await muPlugin( 'zz-proxy-type.php', snippet( socks.remedies ) );
	const bare = await probe( [ targets().http, targets().https ], [ 'curl' ] );
	expect( bare.results.map( ( r ) => r.outcome ) ).toEqual( [ 'ok', 'ok' ] );
	expect( proxy.tunnels ).toBe( 4 );
} );

it( 'an HTTPS proxy written as https:// is explained, and the CA line of its finding makes cURL pass', async () => {
	const proxy = await track( startHttpsProxy( lab().ca ) );
	await lab().site.setProxy( {
		host: `https://${ proxy.host }`,
		port: proxy.port,
	} );
	const { findings } = await status();
	const https = finding( findings, 'proxy_host_https_scheme' );
	expect( https.severity ).toBe( 'good' );
	expect( https.remedies.join( ' ' ) ).toContain( 'CURLOPT_PROXY_CAINFO' );

	// libcurl checks the proxy's certificate against the system's CA store: the lab CA is not there.
	const before = await probe( [ targets().https ], [ 'curl' ] );
	expect( result( before, targets().https, 'curl' ).outcome ).toBe(
		'tls_error'
	);
	expect(
		before.diagnoses.find( ( d ) => d.code === 'tls_failure' )?.detail
	).toContain( 'CURLOPT_PROXY_CAINFO' );

	await muPlugin(
		'zz-proxy-ca.php',
		`add_action( 'http_api_curl', static function ( $handle ): void { curl_setopt( $handle, CURLOPT_PROXY_CAINFO, ${ JSON.stringify(
			lab().ca.certFile
		) } ); } );`
	);
	const after = await probe(
		[ targets().http, targets().https ],
		[ 'curl' ]
	);
	expect( after.results.map( ( r ) => r.outcome ) ).toEqual( [ 'ok', 'ok' ] );
	// Counted after the TLS handshake: the two requests that passed, one of them a CONNECT.
	expect( [ proxy.connections, proxy.tunnels ] ).toEqual( [ 2, 1 ] );
} );
