/**
 * POST /probes, GET /probes and GET /probes/{id} against real labs: a real WordPress on the PHP
 * CLI server behind a real squid (Basic, Digest, NTLM, deny), a proxy that hangs, a stopped
 * one, and the lab targets. Every diagnosis code the lab can produce comes from a scenario here.
 */

/**
 * External dependencies
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { PASSWORD_PLACEHOLDER } from '../../src/admin/utils/wp-config-lines';
import { isProbeReportDocument as isProbeReport } from '../../src/api/contract/validators';
import type {
	ProbeHistoryPage,
	ProbeReport,
	ProbeResult,
	StatusResponse,
} from '../../src/api/types';
import { closedPort, startHangingProxy } from '../../src/lab/proxies/faulty';
import type { ProxyScheme } from '../../src/lab/proxies/types';
import type { Lab } from '../../src/lab/scenario';
import { sharedLab } from '../support/lab';
import { rest } from '../support/rest';

jest.setTimeout( 180_000 );

const PROBES = '/proxy-health/v1/probes';

async function probe(
	lab: Lab,
	body: Record< string, unknown > = {}
): Promise< ProbeReport > {
	const answer = await rest< ProbeReport >(
		lab.server.url,
		lab.site,
		PROBES,
		{ method: 'POST', body }
	);
	expect( answer.status ).toBe( 200 );
	expect( isProbeReport( answer.body ) ).toBe( true );
	return answer.body;
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
	report.diagnoses.map( ( d ) => d.code ).sort();

const diagnosis = ( report: ProbeReport, code: string ) => {
	const found = report.diagnoses.find( ( d ) => d.code === code );
	if ( ! found ) {
		throw new Error(
			`No ${ code } diagnosis: ${ JSON.stringify( report.diagnoses ) }`
		);
	}
	return found;
};

function targetsOf( lab: Lab ): { http: string; https: string } {
	return {
		http: `${ lab.httpTarget.url }/`,
		https: `${ lab.httpsTarget.url }/`,
	};
}

/**
 * Makes every probe give up after `seconds` (the plugin's own filter), so failure tests stay short.
 * @param lab
 * @param seconds
 */
function setProbeTimeout( lab: Lab, seconds: number ): void {
	writeFileSync(
		path.join(
			lab.site.root,
			'wp-content',
			'mu-plugins',
			'proxy-health-test-timeout.php'
		),
		`<?php\ndeclare(strict_types = 1);\nadd_filter( 'proxy_health_probe_timeout', static fn(): float => ${ seconds }.0 );\n`
	);
}

/**
 * Every byte of the site's SQLite database files, where the history option lives.
 * @param lab
 */
function databaseBytes( lab: Lab ): string {
	const dir = path.join( lab.site.root, 'wp-content', 'database' );
	return readdirSync( dir )
		.filter( ( name ) => name.includes( '.sqlite' ) )
		.map( ( name ) =>
			readFileSync( path.join( dir, name ) ).toString( 'latin1' )
		)
		.join( '\n' );
}

describe( 'squid with Basic authentication', () => {
	const lab = sharedLab( {
		runtime: 'php',
		proxyEngine: 'squid',
		proxyScheme: 'basic',
		scenario: 'wrong-credentials',
	} );
	const answers: string[] = [];
	let right = { username: '', password: '' };
	let canary = '';

	beforeAll( () => {
		const credentials = lab().proxy.credentials;
		if ( ! credentials ) {
			throw new Error( 'The Basic lab proxy has credentials.' );
		}
		right = credentials;
		// What 'wrong-credentials' writes as WP_PROXY_PASSWORD.
		canary = `${ credentials.password }-wrong`;
	} );

	async function probeAndKeep(
		body: Record< string, unknown > = {}
	): Promise< ProbeReport > {
		const report = await probe( lab(), body );
		answers.push( JSON.stringify( report ) );
		return report;
	}

	it( 'wrong wp-config credentials: a 407 response on HTTP and a 407 on CONNECT for HTTPS, with both transports', async () => {
		const { http, https } = targetsOf( lab() );
		const report = await probeAndKeep( { targets: [ http, https ] } );

		expect( report.credentialsSource ).toBe( 'wp-config' );
		expect( report.wpConfigLines ).toBeUndefined();
		expect( find( report, http, 'curl' ) ).toMatchObject( {
			outcome: 'proxy_auth_required',
			httpStatus: 407,
			proxyAuthOffered: [ 'Basic' ],
		} );
		expect( find( report, http, 'fsockopen' ) ).toMatchObject( {
			outcome: 'proxy_auth_required',
			httpStatus: 407,
			proxyAuthOffered: [ 'Basic' ],
			proxyRealm: lab().proxy.realm,
		} );
		const tunnel = find( report, https, 'curl' );
		expect( tunnel ).toMatchObject( {
			outcome: 'proxy_auth_required',
			connectStatus: 407,
		} );
		expect( tunnel.httpStatus ).toBeUndefined();
		expect( tunnel.transcript ).toEqual(
			expect.arrayContaining( [
				'Proxy-Authorization: Basic [redacted]',
			] )
		);
		expect( find( report, http, 'fsockopen' ).transcript ).toEqual(
			expect.arrayContaining( [
				'> Proxy-Authorization: Basic [redacted]',
			] )
		);

		const rejected = diagnosis( report, 'proxy_auth_rejected' );
		expect( rejected.severity ).toBe( 'critical' );
		expect( rejected.detail ).toMatch( /CONNECT was answered with 407/ );
		expect( rejected.detail ).toMatch( /plain-HTTP targets/ );
		expect( rejected.evidence.join( '\n' ) ).toMatch(
			/CONNECT 407 \(HTTPS tunnel refused\)/
		);
		expect( rejected.evidence.join( '\n' ) ).toMatch(
			/HTTP 407 \(plain-HTTP response\)/
		);
		// fsockopen sends Basic but cannot tunnel: it never reaches the proxy's auth for HTTPS.
		expect( find( report, https, 'fsockopen' ).outcome ).toBe(
			'tls_error'
		);
		expect( diagnosis( report, 'transport_cannot_tunnel' ) ).toMatchObject(
			{ severity: 'recommended' }
		);
		expect( report.verdict ).toBe( 'fail' );
	} );

	it( 'missing credentials: proxy_auth_missing', async () => {
		await lab().setScenario( 'missing-credentials' );
		const { http, https } = targetsOf( lab() );
		const report = await probeAndKeep( { targets: [ http, https ] } );
		expect( report.credentialsSource ).toBe( 'none' );
		expect( codes( report ) ).toEqual( [
			'proxy_auth_missing',
			'transport_cannot_tunnel',
		] );
		expect(
			find( report, http, 'fsockopen' ).transcript?.join( '\n' )
		).not.toMatch( /Proxy-Authorization/ );
	} );

	it( 'right credentials: cURL passes both targets, fsockopen passes plain HTTP only', async () => {
		await lab().setScenario( 'right-credentials' );
		const { http, https } = targetsOf( lab() );
		const report = await probeAndKeep( { targets: [ http, https ] } );
		expect( find( report, http, 'curl' ).outcome ).toBe( 'ok' );
		expect( find( report, https, 'curl' ) ).toMatchObject( {
			outcome: 'ok',
			connectStatus: 200,
			httpStatus: 200,
		} );
		expect( find( report, http, 'fsockopen' ).outcome ).toBe( 'ok' );
		// cURL, the transport WordPress uses, works: the verdict passes and fsockopen's inability to
		// tunnel HTTPS is information, not a warning.
		expect( codes( report ) ).toEqual( [
			'proxy_ok',
			'transport_cannot_tunnel',
		] );
		expect(
			report.diagnoses.find(
				( d ) => d.code === 'transport_cannot_tunnel'
			)?.severity
		).toBe( 'good' );
		expect( report.verdict ).toBe( 'pass' );
	} );

	it( 'one-off credentials fix a wrong wp-config.php and come back as the lines to paste, without the password, never stored', async () => {
		await lab().setScenario( 'wrong-credentials' );
		const { http, https } = targetsOf( lab() );
		const report = await probeAndKeep( {
			targets: [ http, https ],
			transports: [ 'curl' ],
			credentials: right,
		} );
		expect( report.credentialsSource ).toBe( 'one-off' );
		expect( report.results.map( ( r ) => r.outcome ) ).toEqual( [
			'ok',
			'ok',
		] );
		const verified = diagnosis( report, 'proxy_credentials_verified' );
		expect( verified.evidence.join( '\n' ) ).toMatch(
			/credentials in wp-config\.php: .*407/
		);
		// The password never comes back, not even in the lines to paste: a placeholder stands in.
		expect( report.wpConfigLines ).toEqual( [
			`define( 'WP_PROXY_USERNAME', '${ right.username }' );`,
			`define( 'WP_PROXY_PASSWORD', '${ PASSWORD_PLACEHOLDER }' );`,
		] );
		expect( JSON.stringify( report ) ).not.toContain( right.password );

		const stored = await rest< ProbeReport >(
			lab().server.url,
			lab().site,
			`${ PROBES }/${ report.id }`
		);
		expect( stored.status ).toBe( 200 );
		expect( stored.body.id ).toBe( report.id );
		expect( stored.body.fingerprint ).toEqual( report.fingerprint );
		expect( stored.body.wpConfigLines ).toBeUndefined();
		expect( stored.text ).not.toContain( right.password );
		expect( databaseBytes( lab() ) ).not.toContain( right.password );
	} );

	it( 'one-off credentials that are wrong too: proxy_auth_rejected and no lines', async () => {
		const { http } = targetsOf( lab() );
		const report = await probeAndKeep( {
			targets: [ http ],
			credentials: { username: right.username, password: 'not-it' },
		} );
		expect( report.credentialsSource ).toBe( 'one-off' );
		expect( codes( report ) ).toEqual( [ 'proxy_auth_rejected' ] );
		expect( report.wpConfigLines ).toBeUndefined();
	} );

	it( 'a target that is down behind a working proxy is target_unreachable, not the proxy', async () => {
		await lab().setScenario( 'right-credentials' );
		const closed = await closedPort( '127.0.0.2' );
		const down = `http://127.0.0.2:${ closed.port }/`;
		const downTls = `https://127.0.0.2:${ closed.port }/`;
		const report = await probeAndKeep( {
			targets: [ down, downTls ],
			transports: [ 'curl' ],
		} );
		expect( find( report, down, 'curl' ) ).toMatchObject( {
			outcome: 'http_error',
			httpStatus: 503,
		} );
		expect( find( report, downTls, 'curl' ) ).toMatchObject( {
			outcome: 'http_error',
			connectStatus: 503,
		} );
		expect( codes( report ) ).toEqual( [ 'target_unreachable' ] );
	} );

	it( 'TLS to a server that does not speak it, through the tunnel: tls_failure', async () => {
		// The plain-HTTP target, asked for https://: CONNECT succeeds, the handshake cannot.
		const notTls = `https://127.0.0.2:${ lab().httpTarget.port }/`;
		const report = await probeAndKeep( {
			targets: [ notTls ],
			transports: [ 'curl' ],
		} );
		expect( find( report, notTls, 'curl' ) ).toMatchObject( {
			outcome: 'tls_error',
			connectStatus: 200,
		} );
		expect( codes( report ) ).toEqual( [ 'tls_failure' ] );
	} );

	it( 'a proxy host that does not resolve: dns_failure with both transports', async () => {
		await lab().site.setProxy( {
			host: 'no-such-proxy.invalid',
			port: lab().proxy.port,
			username: right.username,
			password: canary,
		} );
		const { http } = targetsOf( lab() );
		const report = await probeAndKeep( { targets: [ http ] } );
		expect( report.results.map( ( r ) => r.outcome ) ).toEqual( [
			'dns_error',
			'dns_error',
		] );
		expect( codes( report ) ).toEqual( [ 'dns_failure' ] );
	} );

	it( 'a stopped proxy: proxy_unreachable with both transports', async () => {
		const stopped = await closedPort();
		await lab().site.setProxy( {
			host: stopped.host,
			port: stopped.port,
			username: right.username,
			password: canary,
		} );
		const { http, https } = targetsOf( lab() );
		const report = await probeAndKeep( { targets: [ http, https ] } );
		expect( find( report, http, 'curl' ).outcome ).toBe( 'connect_failed' );
		expect( find( report, http, 'fsockopen' ).outcome ).toBe(
			'connect_failed'
		);
		expect( find( report, https, 'curl' ).outcome ).toBe(
			'connect_failed'
		);
		expect( diagnosis( report, 'proxy_unreachable' ).severity ).toBe(
			'critical'
		);
	} );

	it( 'a proxy that accepts and never answers: proxy_timeout, all requests bounded together', async () => {
		const hanging = await startHangingProxy();
		try {
			setProbeTimeout( lab(), 2 );
			await lab().site.setProxy( {
				host: hanging.host,
				port: hanging.port,
				username: right.username,
				password: canary,
			} );
			const { http, https } = targetsOf( lab() );
			const started = Date.now();
			const report = await probeAndKeep( {
				targets: [ http, `${ http }?again`, https ],
			} );
			const elapsed = Date.now() - started;
			expect( hanging.connections ).toBeGreaterThanOrEqual( 5 );
			expect( find( report, http, 'curl' ).outcome ).toBe( 'timeout' );
			expect( find( report, http, 'fsockopen' ).outcome ).toBe(
				'timeout'
			);
			expect(
				find( report, `${ http }?again`, 'fsockopen' ).outcome
			).toBe( 'timeout' );
			expect( find( report, https, 'curl' ).outcome ).toBe( 'timeout' );
			expect( diagnosis( report, 'proxy_timeout' ).severity ).toBe(
				'critical'
			);
			// Five hanging requests of 2 s each, side by side: about 2 s, not 10.
			expect( elapsed ).toBeLessThan( 6_000 );
		} finally {
			await hanging.stop();
		}
	} );

	it( 'history: newest first, paged, each report by id; unknown and malformed ids', async () => {
		const site = lab().site;
		const url = lab().server.url;
		const page = await rest< ProbeHistoryPage >(
			url,
			site,
			`${ PROBES }&per_page=3&page=1`
		);
		expect( page.status ).toBe( 200 );
		expect( page.body.total ).toBeGreaterThanOrEqual( answers.length );
		expect( page.body.items ).toHaveLength( 3 );
		const newest = JSON.parse( answers[ answers.length - 1 ] ?? 'null' );
		expect( page.body.items[ 0 ] ).toEqual( {
			id: newest.id,
			createdAt: newest.createdAt,
			verdict: newest.verdict,
			counts: expect.objectContaining( {
				results: newest.results.length,
			} ),
		} );
		const second = await rest< ProbeHistoryPage >(
			url,
			site,
			`${ PROBES }&per_page=3&page=2`
		);
		expect( second.body.items[ 0 ]?.id ).not.toBe(
			page.body.items[ 0 ]?.id
		);

		const missing = await rest(
			url,
			site,
			`${ PROBES }/5b0c9d7e-8f4a-4d2b-9a61-2f0e8c1d3b47`
		);
		expect( missing.status ).toBe( 404 );
		expect( missing.body ).toMatchObject( {
			code: 'proxy_health_report_not_found',
		} );
		const malformed = await rest( url, site, `${ PROBES }/not-an-id` );
		expect( malformed.status ).toBe( 400 );
		expect( malformed.body ).toMatchObject( {
			code: 'rest_invalid_param',
		} );
		for ( const query of [ 'per_page=0', 'per_page=51', 'page=x' ] ) {
			const bad = await rest( url, site, `${ PROBES }&${ query }` );
			expect( bad.status ).toBe( 400 );
		}
		const anonymous = await rest( url, null, PROBES );
		expect( anonymous.status ).toBe( 401 );
	} );

	it( 'rejects bad transports and credentials with stable codes and without echoing them', async () => {
		const cases: Array< [ unknown, string, string ] > = [
			[
				{ transports: [ 'gopher' ] },
				'rest_invalid_param',
				'transports',
			],
			[ { transports: [] }, 'rest_invalid_param', 'transports' ],
			[
				{ transports: [ 'curl', 'curl' ] },
				'rest_invalid_param',
				'transports',
			],
			[
				{ credentials: { username: 'a:b', password: 'canary-1' } },
				'proxy_health_invalid_credentials',
				'credentials',
			],
			[
				{
					credentials: {
						username: 'a',
						password: 'canary-2\r\nX: y',
					},
				},
				'proxy_health_invalid_credentials',
				'credentials',
			],
			[
				{
					credentials: {
						username: 'a',
						password: `canary-3${ 'x'.repeat( 300 ) }`,
					},
				},
				'proxy_health_invalid_credentials',
				'credentials',
			],
			[
				{ credentials: { username: 'a', password: 7 } },
				'proxy_health_invalid_credentials',
				'credentials',
			],
			[
				{
					credentials: {
						username: 'a',
						password: 'canary-4',
						extra: 1,
					},
				},
				'proxy_health_invalid_credentials',
				'credentials',
			],
			[
				{ credentials: 'canary-5' },
				'proxy_health_invalid_credentials',
				'credentials',
			],
		];
		for ( const [ body, code, param ] of cases ) {
			const answer = await rest< {
				code: string;
				data: { details: Record< string, { code: string } > };
			} >( lab().server.url, lab().site, PROBES, {
				method: 'POST',
				body,
			} );
			expect( [ JSON.stringify( body ), answer.status ] ).toEqual( [
				JSON.stringify( body ),
				400,
			] );
			expect( answer.body.code ).toBe( 'rest_invalid_param' );
			if ( param === 'credentials' ) {
				expect( answer.body.data.details[ param ]?.code ).toBe( code );
			}
			expect( answer.text ).not.toMatch( /canary-\d/ );
		}
	} );

	it( 'the wp-config.php password appears in no answer and not in the stored history', () => {
		expect( answers.length ).toBeGreaterThan( 5 );
		for ( const answer of answers ) {
			expect( answer ).not.toContain( canary );
		}
		expect( databaseBytes( lab() ) ).toContain( 'proxy_health_history' );
		expect( databaseBytes( lab() ) ).not.toContain( canary );
	} );
} );

const schemeLab = ( scheme: ProxyScheme ) =>
	( {
		runtime: 'php',
		proxyEngine: 'squid',
		proxyScheme: scheme,
		scenario: 'right-credentials',
	} ) as const;

describe( 'squid with Digest authentication', () => {
	const lab = sharedLab( schemeLab( 'digest' ) );

	it( 'cURL answers Digest with the right credentials; fsockopen (Basic only) cannot', async () => {
		const { http, https } = targetsOf( lab() );
		const report = await probe( lab(), { targets: [ http, https ] } );
		expect( find( report, http, 'curl' ).outcome ).toBe( 'ok' );
		expect( find( report, https, 'curl' ).outcome ).toBe( 'ok' );
		expect( find( report, http, 'fsockopen' ) ).toMatchObject( {
			outcome: 'proxy_auth_required',
			httpStatus: 407,
			proxyAuthOffered: [ 'Digest' ],
		} );
		const unsupported = diagnosis(
			report,
			'proxy_auth_scheme_unsupported'
		);
		// cURL works, so fsockopen's missing Digest support is information.
		expect( unsupported.severity ).toBe( 'good' );
		expect( report.verdict ).toBe( 'pass' );
		expect( unsupported.evidence.join( '\n' ) ).toMatch(
			/transport fsockopen .*proxy offers Digest/
		);
	} );

	it( 'cURL with wrong Digest credentials: proxy_auth_rejected', async () => {
		await lab().setScenario( 'wrong-credentials' );
		const { https } = targetsOf( lab() );
		const report = await probe( lab(), {
			targets: [ https ],
			transports: [ 'curl' ],
		} );
		expect( find( report, https, 'curl' ) ).toMatchObject( {
			outcome: 'proxy_auth_required',
			connectStatus: 407,
		} );
		expect( codes( report ) ).toEqual( [ 'proxy_auth_rejected' ] );
	} );
} );

describe( 'squid with NTLM authentication', () => {
	const lab = sharedLab( schemeLab( 'ntlm' ) );

	it( 'cURL completes NTLM through CONNECT but not on plain HTTP (Connection: close); fsockopen cannot at all', async () => {
		const { http, https } = targetsOf( lab() );
		const report = await probe( lab(), { targets: [ http, https ] } );
		expect( find( report, https, 'curl' ).outcome ).toBe( 'ok' );
		const plain = find( report, http, 'curl' );
		expect( plain ).toMatchObject( {
			outcome: 'proxy_auth_required',
			httpStatus: 407,
			proxyAuthOffered: [ 'NTLM' ],
		} );
		expect( plain.transcript ).toEqual(
			expect.arrayContaining( [
				'Connection: close',
				'Proxy-Authorization: NTLM [redacted]',
			] )
		);
		expect( find( report, http, 'fsockopen' ) ).toMatchObject( {
			outcome: 'proxy_auth_required',
			proxyAuthOffered: [ 'NTLM' ],
		} );
		const unsupported = diagnosis(
			report,
			'proxy_auth_scheme_unsupported'
		);
		expect( unsupported.severity ).toBe( 'critical' );
		expect( unsupported.detail ).toMatch( /Connection: close/ );
		expect( codes( report ) ).toEqual( [
			'proxy_auth_scheme_unsupported',
			'transport_cannot_tunnel',
		] );
	} );

	it( 'DOMAIN\\user: cURL splits LAB\\alice into NTLM domain and user over CONNECT; fsockopen sends it by Basic and gets 407; GET /status names proxy_username_domain_form', async () => {
		const { http, https } = targetsOf( lab() );
		// The lab's NTLM helper (ntlm_fake_auth) accepts any user and password, so a pass proves
		// the handshake, not the password; squid's access log shows the name the helper got.
		await lab().site.setProxy( {
			host: lab().proxy.host,
			port: String( lab().proxy.port ),
			username: 'LAB\\alice',
			password: 'ntlm-pass',
		} );
		const report = await probe( lab(), { targets: [ http, https ] } );
		expect( find( report, https, 'curl' ).outcome ).toBe( 'ok' );
		expect( find( report, http, 'curl' ) ).toMatchObject( {
			outcome: 'proxy_auth_required',
			httpStatus: 407,
			proxyAuthOffered: [ 'NTLM' ],
		} );
		const fsock = find( report, http, 'fsockopen' );
		expect( fsock ).toMatchObject( {
			outcome: 'proxy_auth_required',
			httpStatus: 407,
			proxyAuthOffered: [ 'NTLM' ],
		} );
		expect( fsock.transcript ).toContain(
			'> Proxy-Authorization: Basic [redacted]'
		);
		expect( codes( report ) ).toEqual( [
			'proxy_auth_scheme_unsupported',
			'proxy_config_invalid',
			'transport_cannot_tunnel',
		] );
		// The domain form is a recommendation here (cURL can use it), grouped as configuration.
		const config = diagnosis( report, 'proxy_config_invalid' );
		expect( config.severity ).toBe( 'recommended' );
		expect( config.evidence ).toContain(
			'proxy_username_domain_form: The proxy user name includes a domain'
		);
		// The user squid logged for the last tunnel: the helper's domain and user fields joined by
		// a backslash (logged as "\\"). Squid 5.7's ntlm_fake_auth prints each field with one more
		// byte than it holds (the next field's first), so "LAB" and "alice" show as "LABa\\alicew".
		// LAB before the backslash proves libcurl sent LAB as the NTLM domain, not in the user name.
		const tunnel = new URL( https );
		const tunnels = readFileSync(
			path.join( lab().proxy.logDir, 'access.log' ),
			'utf8'
		)
			.split( '\n' )
			.filter(
				( line ) =>
					line.includes( ' TCP_TUNNEL/200 ' ) &&
					line.includes(
						` CONNECT ${ tunnel.hostname }:${ tunnel.port } `
					)
			);
		expect( tunnels[ tunnels.length - 1 ]?.split( /\s+/ )[ 7 ] ).toMatch(
			/^LAB.?\\\\alice/
		);

		const status = await rest< StatusResponse >(
			lab().server.url,
			lab().site,
			'/proxy-health/v1/status'
		);
		expect( status.status ).toBe( 200 );
		expect( status.body.findings ).toContainEqual(
			expect.objectContaining( {
				code: 'proxy_username_domain_form',
				severity: 'recommended',
			} )
		);
	} );
} );

describe( 'squid that denies everyone', () => {
	const lab = sharedLab( {
		...schemeLab( 'deny' ),
		scenario: 'missing-credentials',
	} );

	it( 'a 403 written by the proxy itself is proxy_access_denied, on HTTP and on CONNECT', async () => {
		const { http, https } = targetsOf( lab() );
		const report = await probe( lab(), { targets: [ http, https ] } );
		expect( find( report, http, 'curl' ) ).toMatchObject( {
			outcome: 'proxy_denied',
			httpStatus: 403,
		} );
		expect( find( report, http, 'fsockopen' ).outcome ).toBe(
			'proxy_denied'
		);
		expect( find( report, https, 'curl' ) ).toMatchObject( {
			outcome: 'proxy_denied',
			connectStatus: 403,
		} );
		expect( diagnosis( report, 'proxy_access_denied' ).severity ).toBe(
			'critical'
		);
	} );
} );

describe( 'Playground (php-wasm) behind the Node proxy', () => {
	const lab = sharedLab( {
		runtime: 'playground',
		proxyEngine: 'node',
		proxyScheme: 'basic',
		scenario: 'wrong-credentials',
	} );

	it( 'probes both transports through the proxy and diagnoses the 407', async () => {
		const report = await probe( lab() );
		const { http } = targetsOf( lab() );
		expect( find( report, http, 'curl' ).outcome ).toBe(
			'proxy_auth_required'
		);
		expect( report.results.map( ( r ) => r.transport ) ).toContain(
			'fsockopen'
		);
		expect( codes( report ) ).toContain( 'proxy_auth_rejected' );
	} );
} );
