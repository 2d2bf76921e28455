/**
 * Secret audit: canaries go through a full run of everything the REST API offers (every route
 * found in the REST index, probes with and without one-off credentials, a client-driven
 * bisection stepped to its end, an evidence session), then every response body, every file under
 * the site changed since the run began (wp-content, uploads, the SQLite database file), the
 * options table and the PHP logs are scanned for them in every form (raw, URL- and JSON-encoded,
 * base64 `user:pass`). Squid's own logs are out of scope: the proxy legitimately sees credentials.
 *
 * Run 1: the site's WP_PROXY_PASSWORD is a fresh random canary (the proxy rejects it).
 * Run 2: the right proxy password, and the administrator's Application Password as canaries.
 */

/**
 * External dependencies
 */
import { randomBytes } from 'node:crypto';

/**
 * Internal dependencies
 */
import { sharedLab } from '../support/lab';
import {
	discoverEndpoints,
	label,
	sampleBody,
	undoPath,
	type Endpoint,
} from '../support/rest-routes';
import { SecretScanner, type Secret } from '../support/secret-scanner';
import {
	applicationPasswordCaller,
	call,
	runSitePhp,
	type Caller,
} from '../support/wp-session';

jest.setTimeout( 300_000 );

let admin: Caller;
let endpoints: Endpoint[] = [];

const lab = sharedLab( { runtime: 'php', proxyEngine: 'squid' } );

beforeAll( async () => {
	admin = applicationPasswordCaller( lab().site );
	endpoints = await discoverEndpoints( lab().server.url, admin );
} );

/**
 * A canary no real text contains by chance.
 * @param tag
 */
function canary( tag: string ): string {
	return `ph-canary-${ tag }-${ randomBytes( 9 ).toString( 'base64url' ) }`;
}

/**
 * Calls every discovered route as the administrator, plus the calls that carry secrets in
 * (one-off credentials) or run longest (bisection steps); scans each answer.
 *
 * @param scanner       Where answers go.
 * @param oneOffSecrets One-off credentials to send with POST /probes.
 */
async function fullRun(
	scanner: SecretScanner,
	oneOffSecrets: Array< { username: string; password: string } >
): Promise< string[] > {
	const problems: string[] = [];
	const ask = async (
		what: string,
		route: string,
		method = 'GET',
		body?: unknown
	) => {
		const answer = await call( lab().server.url, admin, route, {
			method,
			body,
		} );
		scanner.scanText( `${ what } → ${ answer.status }`, answer.text );
		if ( answer.status >= 500 ) {
			problems.push( `${ what }: ${ answer.status }` );
		}
		return answer;
	};
	const context = { targetUrl: lab().httpTarget.url };
	for ( const endpoint of endpoints ) {
		const body = sampleBody( endpoint, context );
		const answer = await ask(
			label( endpoint ),
			endpoint.path,
			endpoint.method,
			body
		);
		const id = ( answer.body as { id?: unknown } | null )?.id;
		if ( answer.status >= 300 || typeof id !== 'string' ) {
			continue;
		}
		// Created something: read it back, step it while it runs, then undo it.
		for ( const other of endpoints ) {
			const sample = Object.values( other.pathParams )[ 0 ];
			if (
				sample === undefined ||
				other.method === 'DELETE' ||
				! other.route.startsWith( `${ endpoint.route }/` )
			) {
				continue;
			}
			const path = other.path.replace( sample, id );
			for (
				let step = 0;
				step < ( other.method === 'POST' ? 8 : 1 );
				step++
			) {
				const next = await ask(
					`${ label( other ) } (${ step })`,
					path,
					other.method,
					other.method === 'GET' ? undefined : {}
				);
				if (
					( next.body as { status?: unknown } | null )?.status !==
					'running'
				) {
					break;
				}
			}
		}
		const undo = undoPath( endpoints, endpoint, id );
		if ( undo ) {
			await ask( `DELETE ${ undo }`, undo, 'DELETE' );
		}
	}
	const probes = endpoints.find(
		( endpoint ) => label( endpoint ) === 'POST /probes'
	);
	if ( probes && 'credentials' in probes.args ) {
		for ( const credentials of oneOffSecrets ) {
			await ask(
				'POST /probes with one-off credentials',
				probes.path,
				'POST',
				{
					...sampleBody( probes, context ),
					targets: [
						`${ lab().httpTarget.url }/`,
						`${ lab().httpsTarget.url }/`,
					],
					credentials,
				}
			);
		}
	}
	// The history as a whole, after everything above wrote to it.
	await ask(
		'GET /probes?per_page=50',
		'/proxy-health/v1/probes?per_page=50'
	);
	// What the panel and Site Health read, outside our namespace.
	await ask( 'GET /wp/v2/settings', '/wp/v2/settings' );
	return problems;
}

/**
 * Scans what the run left behind: files changed since `since` under the site (wp-config.php
 * holds the proxy password by design), the options table and the PHP logs.
 *
 * @param scanner Scanner.
 * @param since   When the run began.
 */
async function scanLeftovers(
	scanner: SecretScanner,
	since: number
): Promise< void > {
	await scanner.scanFiles( lab().site.root, since, [ 'wp-config.php' ] );
	await scanner.scanFiles( lab().site.logDir, since );
	const options = await runSitePhp< Array< [ string, string ] > >(
		lab().site,
		`global $wpdb;
	return $wpdb->get_results( "SELECT option_name, option_value FROM {$wpdb->options}", ARRAY_N );`
	);
	expect( options.length ).toBeGreaterThan( 50 );
	scanner.scanText(
		'options table',
		options
			.map( ( [ name, value ] ) => `${ name }=${ value }` )
			.join( '\n' )
	);
}

test( 'a canary proxy password appears in no response, file, option or log', async () => {
	const credentials = lab().proxy.credentials;
	if ( ! credentials ) {
		throw new Error( 'The lab proxy has no credentials.' );
	}
	const proxyCanary = canary( 'proxy' );
	const oneOffCanary = canary( 'one-off' );
	const secrets: Secret[] = [
		{
			name: 'WP_PROXY_PASSWORD canary',
			value: proxyCanary,
			username: credentials.username,
		},
		{
			name: 'one-off password canary',
			value: oneOffCanary,
			username: credentials.username,
		},
	];
	const since = Date.now() - 1000;
	await lab().site.setProxy( {
		host: lab().proxy.host,
		port: lab().proxy.port,
		username: credentials.username,
		password: proxyCanary,
	} );
	const scanner = new SecretScanner( secrets );
	const problems = await fullRun( scanner, [
		{ username: credentials.username, password: oneOffCanary },
		// The right one as one-off credentials: the success path stores and reports the most.
		{ username: credentials.username, password: credentials.password },
	] );
	await scanLeftovers( scanner, since );

	expect( scanner.scanned.length ).toBeGreaterThan( endpoints.length );
	expect( scanner.scanned ).toEqual(
		expect.arrayContaining( [ lab().server.logFile, 'options table' ] )
	);
	expect( problems ).toEqual( [] );
	expect( scanner.report() ).toEqual( [] );
} );

test( 'the right proxy password and the Application Password appear in no response, file, option or log', async () => {
	const credentials = lab().proxy.credentials;
	if ( ! credentials ) {
		throw new Error( 'The lab proxy has no credentials.' );
	}
	const since = Date.now() - 1000;
	await lab().setScenario( 'right-credentials' );
	const scanner = new SecretScanner( [
		{
			name: 'proxy password',
			value: credentials.password,
			username: credentials.username,
		},
		{
			name: 'Application Password',
			value: lab().site.admin.applicationPassword,
			username: lab().site.admin.username,
		},
		{
			name: 'admin login password',
			value: lab().site.admin.password,
			username: lab().site.admin.username,
		},
	] );
	const problems = await fullRun( scanner, [] );
	await scanLeftovers( scanner, since );

	expect( problems ).toEqual( [] );
	expect( scanner.report() ).toEqual( [] );
} );

test( 'the scanner finds a planted secret in each form it searches', () => {
	const secret = { name: 's', value: 'pa ss/wörd+1', username: 'u' };
	const forms = [
		'pa ss/wörd+1',
		'pa%20ss%2Fw%C3%B6rd%2B1',
		Buffer.from( 'u:pa ss/wörd+1' ).toString( 'base64' ),
		'pa ss\\/w\\u00f6rd+1',
	];
	for ( const planted of forms ) {
		const scanner = new SecretScanner( [ secret ] );
		scanner.scanText( 'planted', `before ${ planted } after` );
		expect( scanner.leaks.length ).toBeGreaterThan( 0 );
	}
} );
