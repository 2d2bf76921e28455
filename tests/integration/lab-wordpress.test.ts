/**
 * The lab's WordPress half, for real: sites installed without WP-CLI, served by the PHP CLI
 * server and by Playground, on SQLite and MariaDB, answering the plugin's REST API with an
 * Application Password.
 */

/**
 * External dependencies
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { createLabCa } from '../../src/lab/ca';
import {
	startPhpServer,
	type RunningSite,
} from '../../src/lab/runtimes/php-server';
import { startPlayground } from '../../src/lab/runtimes/playground';
import {
	createSite,
	type CreateSiteOptions,
	type LabSite,
} from '../../src/lab/wordpress/site';
import { defaultWordPressVersion } from '../../src/lab/wordpress/versions';
import {
	proxyScenario,
	type ProxyConstants,
} from '../../src/lab/wordpress/wp-config';

jest.setTimeout( 120_000 );

/** Every character that needs care in a PHP string literal. */
const NASTY_PASSWORD = `pr0xy'pa\\ss$HOME"{$x}`;
const PROXY: ProxyConstants = {
	host: '127.0.0.2',
	port: '3128',
	username: 'lab-user',
	password: NASTY_PASSWORD,
};

/** A lab-test route that shows what WordPress does with outbound requests. */
const PROBE_MU_PLUGIN = `<?php
declare(strict_types = 1);
add_action( 'rest_api_init', static function (): void {
	register_rest_route( 'lab-test/v1', '/probe', array(
		'methods'             => 'GET',
		'permission_callback' => static fn() => current_user_can( 'manage_options' ),
		'callback'            => static function (): array {
			// A request to the site itself while this request is being served: needs a second worker.
			$self = wp_remote_get( rest_url( '/' ), array( 'timeout' => 20 ) );
			$args = apply_filters( 'http_request_args', array(), 'https://127.0.0.3/' );
			return array(
				'loopback'        => is_wp_error( $self ) ? $self->get_error_message() : wp_remote_retrieve_response_code( $self ),
				'sslcertificates' => $args['sslcertificates'] ?? null,
				'home'            => home_url(),
			);
		},
	) );
} );
`;

const stateRoot = mkdtempSync(
	path.join( os.tmpdir(), 'proxy-health-lab-wordpress-' )
);
const sites: LabSite[] = [];
const servers: RunningSite[] = [];

async function makeSite(
	name: string,
	options: Omit< CreateSiteOptions, 'stateDir' > = {}
) {
	const site = await createSite( {
		stateDir: path.join( stateRoot, name ),
		...options,
	} );
	sites.push( site );
	mkdirSync( path.join( site.root, 'wp-content', 'mu-plugins' ), {
		recursive: true,
	} );
	writeFileSync(
		path.join(
			site.root,
			'wp-content',
			'mu-plugins',
			'lab-test-probe.php'
		),
		PROBE_MU_PLUGIN
	);
	return site;
}

async function serve( site: LabSite, runtime: 'php' | 'playground' ) {
	const server =
		runtime === 'php'
			? await startPhpServer( site )
			: await startPlayground( site );
	servers.push( server );
	return server;
}

function basicAuth( site: LabSite ): Record< string, string > {
	const token = Buffer.from(
		`${ site.admin.username }:${ site.admin.applicationPassword }`
	).toString( 'base64' );
	return { authorization: `Basic ${ token }` };
}

async function getJson( url: string, headers: Record< string, string > = {} ) {
	const response = await fetch( url, { headers, redirect: 'manual' } );
	const text = await response.text();
	return {
		status: response.status,
		text,
		json: JSON.parse( text ) as Record< string, any >,
	};
}

/**
 * The REST smoke every site passes: 200 with the proxy block for the admin, 401 without auth,
 * and never the proxy password in the body.
 *
 * @param site   The lab site.
 * @param server Its running server.
 */
async function expectStatusSmoke( site: LabSite, server: RunningSite ) {
	const authed = await getJson(
		`${ server.url }/wp-json/proxy-health/v1/status`,
		basicAuth( site )
	);
	expect( authed.status ).toBe( 200 );
	expect( authed.json.proxy ).toMatchObject( {
		enabled: true,
		host: '127.0.0.2',
		port: '3128',
		username: 'lab-user',
		hasPassword: true,
	} );
	expect( authed.text ).not.toContain( 'pr0xy' );
	expect( authed.text ).not.toContain(
		JSON.stringify( NASTY_PASSWORD ).slice( 1, -1 )
	);

	const anonymous = await getJson(
		`${ server.url }/wp-json/proxy-health/v1/status`
	);
	expect( anonymous.status ).toBe( 401 );
	expect( anonymous.json.code ).toBe( 'rest_forbidden' );
	return authed.json;
}

afterAll( async () => {
	await Promise.allSettled( servers.map( ( server ) => server.stop() ) );
	await Promise.allSettled( sites.map( ( site ) => site.close() ) );
	rmSync( stateRoot, { recursive: true, force: true } );
} );

// npm test installs PHP and MariaDB first; without them these fail, never skip.
// The lab's default WordPress: 7.1.0, or what PROXY_HEALTH_WP names.
describe( 'the default WordPress on the PHP CLI server with SQLite', () => {
	let site: LabSite;
	let server: RunningSite;

	beforeAll( async () => {
		const ca = createLabCa( path.join( stateRoot, 'ca' ) );
		site = await makeSite( 'php-sqlite', {
			proxy: PROXY,
			caFile: ca.certFile,
		} );
		server = await serve( site, 'php' );
	} );

	it( 'installs with real PHP and answers /status through the router and ?rest_route=', async () => {
		expect( site.installedWith ).toBe( 'native' );
		const status = await expectStatusSmoke( site, server );
		expect( site.version ).toBe( defaultWordPressVersion() );
		expect( status.runtime.wordpress ).toBe( site.wordpress );
		expect( status.runtime.wordpress ).toMatch(
			new RegExp( `^${ site.version.replace( '.', '\\.' ) }` )
		);
		expect( status.runtime.sapi ).toBe( 'cli-server' );

		const query = await getJson(
			`${ server.url }/?rest_route=/proxy-health/v1/status`,
			basicAuth( site )
		);
		expect( query.status ).toBe( 200 );
		expect( query.json.proxy.host ).toBe( '127.0.0.2' );
	} );

	it( 'serves static files, wp-admin and wp-login.php', async () => {
		const css = await fetch(
			`${ server.url }/wp-admin/css/common.min.css`
		);
		expect( css.status ).toBe( 200 );
		expect( css.headers.get( 'content-type' ) ).toMatch( /text\/css/ );
		await css.arrayBuffer();

		const admin = await fetch( `${ server.url }/wp-admin`, {
			redirect: 'manual',
		} );
		expect( admin.status ).toBe( 301 );
		expect( admin.headers.get( 'location' ) ).toBe( '/wp-admin/' );
		await admin.arrayBuffer();

		const login = await fetch( `${ server.url }/wp-login.php` );
		expect( login.status ).toBe( 200 );
		expect( await login.text() ).toContain( 'user_login' );
	} );

	it( 'knows its URL, trusts the lab CA and can request itself', async () => {
		const probe = await getJson(
			`${ server.url }/wp-json/lab-test/v1/probe`,
			basicAuth( site )
		);
		expect( probe.json ).toEqual( {
			loopback: 200,
			sslcertificates: expect.stringMatching(
				/proxy-health-lab-ca-bundle\.crt$/
			),
			home: server.url,
		} );
	} );

	it( 'rewrites the proxy block while the server runs', async () => {
		await site.setProxy(
			proxyScenario( 'host-with-scheme', {
				host: '127.0.0.2',
				port: 3128,
				username: 'lab-user',
				password: NASTY_PASSWORD,
			} )
		);
		let status = await getJson(
			`${ server.url }/wp-json/proxy-health/v1/status`,
			basicAuth( site )
		);
		expect( status.json.proxy.host ).toBe( 'http://127.0.0.2' );

		await site.setProxy( null );
		status = await getJson(
			`${ server.url }/wp-json/proxy-health/v1/status`,
			basicAuth( site )
		);
		expect( status.json.proxy ).toMatchObject( {
			enabled: false,
			host: null,
			hasPassword: false,
		} );

		await site.setProxy( PROXY );
	} );
} );

describe( 'the default WordPress on Playground, installed by php-wasm', () => {
	it( 'installs without the PHP CLI and answers /status', async () => {
		const site = await makeSite( 'playground-sqlite', {
			proxy: PROXY,
			php: 'wasm',
		} );
		expect( site.installedWith ).toBe( 'wasm' );
		const server = await serve( site, 'playground' );
		const status = await expectStatusSmoke( site, server );
		expect( status.runtime.php ).toMatch( /^8\.3\./ );

		const probe = await getJson(
			`${ server.url }/wp-json/lab-test/v1/probe`,
			basicAuth( site )
		);
		expect( probe.json ).toMatchObject( {
			loopback: 200,
			home: server.url,
		} );

		await site.setProxy( { ...PROXY, port: 8080 } );
		const changed = await getJson(
			`${ server.url }/wp-json/proxy-health/v1/status`,
			basicAuth( site )
		);
		expect( changed.json.proxy.port ).toBe( '8080' );
	} );
} );

describe( 'MariaDB', () => {
	it( 'installs on a private MariaDB and answers /status on PHP and Playground', async () => {
		const site = await makeSite( 'php-mariadb', {
			proxy: PROXY,
			database: 'mariadb',
		} );
		expect( site.mariadb ).toMatchObject( {
			host: '127.0.0.1',
			database: 'wordpress',
		} );
		const php = await serve( site, 'php' );
		await expectStatusSmoke( site, php );
		await php.stop();

		const playground = await serve( site, 'playground' );
		await expectStatusSmoke( site, playground );
	} );
} );

describe( 'other WordPress builds', () => {
	it( 'installs nightly with the plugin and answers /status', async () => {
		const site = await makeSite( 'php-nightly', {
			proxy: PROXY,
			version: 'nightly',
		} );
		const server = await serve( site, 'php' );
		const status = await expectStatusSmoke( site, server );
		expect( status.runtime.wordpress ).toMatch( /^6\.7/ );
	} );

	it( 'installs 6.5, which the plugin does not support, and answers the core REST API', async () => {
		// The plugin requires 6.6 and refuses to activate; the site itself must still work.
		const site = await makeSite( 'php-6.5', {
			version: '6.5',
			activate: [],
		} );
		const server = await serve( site, 'php' );
		const me = await getJson(
			`${ server.url }/wp-json/wp/v2/users/me?context=edit`,
			basicAuth( site )
		);
		expect( me.status ).toBe( 200 );
		expect( me.json ).toMatchObject( {
			slug: 'admin',
			roles: [ 'administrator' ],
		} );
		const root = await getJson(
			`${ server.url }/?rest_route=/`,
			basicAuth( site )
		);
		expect( root.json ).toMatchObject( { url: server.url } );
		const anonymous = await getJson(
			`${ server.url }/wp-json/wp/v2/users/me`
		);
		expect( anonymous.status ).toBe( 401 );
	} );

	it( 'installs a stock site with no plugin active', async () => {
		const site = await makeSite( 'php-stock', { activate: [] } );
		const server = await serve( site, 'php' );
		const status = await getJson(
			`${ server.url }/wp-json/proxy-health/v1/status`,
			basicAuth( site )
		);
		expect( status.status ).toBe( 404 );
		const root = await getJson(
			`${ server.url }/wp-json/`,
			basicAuth( site )
		);
		expect( root.json.namespaces ).not.toContain( 'proxy-health/v1' );
	} );
} );
