/**
 * The two WordPress releases of the test matrix, 7.1 (7.1.0, the current release and the lab's
 * default) and 6.6 (6.6.2, the plugin's "Requires at least"), from their official release zips
 * with the SQLite integration: each installs with the plugin active and serves wp-admin (a real
 * cookie login, the dashboard, Tools → Proxy Health) and the REST API (core and the plugin's
 * /status) on real PHP and on WordPress Playground.
 */

/**
 * External dependencies
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import {
	startPhpServer,
	type RunningSite,
} from '../../src/lab/runtimes/php-server';
import { startPlayground } from '../../src/lab/runtimes/playground';
import { createSite, type LabSite } from '../../src/lab/wordpress/site';
import {
	WORDPRESS_RELEASES,
	type WordPressRelease,
} from '../../src/lab/wordpress/versions';

jest.setTimeout( 240_000 );

const stateRoot = mkdtempSync(
	path.join( os.tmpdir(), 'proxy-health-releases-' )
);

afterAll( () => {
	rmSync( stateRoot, { recursive: true, force: true } );
} );

function basicAuth( site: LabSite ): Record< string, string > {
	const token = Buffer.from(
		`${ site.admin.username }:${ site.admin.applicationPassword }`
	).toString( 'base64' );
	return { authorization: `Basic ${ token }` };
}

/**
 * Cookies from Set-Cookie headers, as a browser would send them back.
 * @param response
 * @param jar
 */
function cookiesOf( response: Response, jar: Map< string, string > ) {
	for ( const line of response.headers.getSetCookie() ) {
		const [ pair ] = line.split( ';' );
		const at = pair?.indexOf( '=' ) ?? -1;
		if ( pair && at > 0 ) {
			jar.set( pair.slice( 0, at ), pair.slice( at + 1 ) );
		}
	}
}

function cookieHeader( jar: Map< string, string > ): string {
	return [ ...jar ]
		.map( ( [ name, value ] ) => `${ name }=${ value }` )
		.join( '; ' );
}

/**
 * Logs in through wp-login.php and loads the dashboard and Tools → Proxy Health.
 *
 * @param site   Lab site.
 * @param server Its server.
 */
async function expectAdmin( site: LabSite, server: RunningSite ) {
	const jar = new Map< string, string >( [
		[ 'wordpress_test_cookie', 'WP%20Cookie%20check' ],
	] );
	const login = await fetch( `${ server.url }/wp-login.php`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			cookie: cookieHeader( jar ),
		},
		body: new URLSearchParams( {
			log: site.admin.username,
			pwd: site.admin.password,
			'wp-submit': 'Log In',
			testcookie: '1',
			redirect_to: `${ server.url }/wp-admin/`,
		} ).toString(),
	} );
	await login.arrayBuffer();
	expect( login.status ).toBe( 302 );
	cookiesOf( login, jar );
	expect(
		[ ...jar.keys() ].some( ( n ) =>
			n.startsWith( 'wordpress_logged_in_' )
		)
	).toBe( true );

	const dashboard = await fetch( `${ server.url }/wp-admin/`, {
		redirect: 'manual',
		headers: { cookie: cookieHeader( jar ) },
	} );
	const dashboardHtml = await dashboard.text();
	expect( dashboard.status ).toBe( 200 );
	expect( dashboardHtml ).toContain( 'id="wpadminbar"' );
	expect( dashboardHtml ).toMatch( /<h1[^>]*>\s*Dashboard\s*<\/h1>/ );
	// The admin's own stylesheets load (the release zip carries every static asset).
	const css = /href='([^']*load-styles\.php[^']*)'/.exec( dashboardHtml );
	expect( css?.[ 1 ] ).toBeTruthy();
	const styles = await fetch(
		new URL(
			( css?.[ 1 ] ?? '' ).replace( /&(#038|amp);/g, '&' ),
			server.url
		)
	);
	expect( styles.status ).toBe( 200 );
	expect( ( await styles.text() ).length ).toBeGreaterThan( 10_000 );

	const tools = await fetch(
		`${ server.url }/wp-admin/tools.php?page=proxy-health`,
		{ redirect: 'manual', headers: { cookie: cookieHeader( jar ) } }
	);
	const toolsHtml = await tools.text();
	expect( tools.status ).toBe( 200 );
	expect( toolsHtml ).toContain( 'proxy-health' );
	expect( toolsHtml ).toMatch( /<h1>Proxy Health<\/h1>/ );
	expect( toolsHtml ).not.toMatch( /PHP (Warning|Notice|Deprecated|Fatal)/ );
}

/**
 * Core's REST API and the plugin's /status, with the Application Password and without.
 *
 * @param site    Lab site.
 * @param server  Its server.
 * @param release The release the site must report.
 */
async function expectRest(
	site: LabSite,
	server: RunningSite,
	release: string
) {
	const me = await fetch(
		`${ server.url }/wp-json/wp/v2/users/me?context=edit`,
		{
			headers: basicAuth( site ),
		}
	);
	expect( me.status ).toBe( 200 );
	expect( await me.json() ).toMatchObject( {
		slug: 'admin',
		roles: [ 'administrator' ],
	} );

	const status = await fetch(
		`${ server.url }/wp-json/proxy-health/v1/status`,
		{
			headers: basicAuth( site ),
		}
	);
	expect( status.status ).toBe( 200 );
	const body = ( await status.json() ) as {
		runtime: { wordpress: string; php: string };
	};
	expect( body.runtime.wordpress ).toBe( release );

	const anonymous = await fetch(
		`${ server.url }/wp-json/proxy-health/v1/status`
	);
	await anonymous.arrayBuffer();
	expect( anonymous.status ).toBe( 401 );
	return body.runtime;
}

const realPhp = execFileSync( 'php', [ '-r', 'echo PHP_VERSION;' ] )
	.toString()
	.trim();

describe.each( Object.keys( WORDPRESS_RELEASES ) as WordPressRelease[] )(
	'WordPress %s release zip',
	( version ) => {
		const { release } = WORDPRESS_RELEASES[ version ];
		// What the release's wp-includes/version.php declares: 7.1.0 says "7.1".
		const declared = release.replace( /\.0$/, '' );
		let site: LabSite;

		beforeAll( async () => {
			site = await createSite( {
				stateDir: path.join( stateRoot, version ),
				version,
			} );
		} );

		afterAll( async () => {
			await site?.close();
		} );

		it( `installs ${ release } with the SQLite integration and the plugin active`, () => {
			expect( site.version ).toBe( version );
			expect( site.wordpress ).toBe( declared );
		} );

		it( `serves wp-admin and the REST API on real PHP (${ realPhp })`, async () => {
			const server = await startPhpServer( site );
			try {
				await expectAdmin( site, server );
				const runtime = await expectRest( site, server, declared );
				expect( runtime.php ).toBe( realPhp );
			} finally {
				await server.stop();
			}
		} );

		it( 'serves wp-admin and the REST API on WordPress Playground', async () => {
			const server = await startPlayground( site );
			try {
				await expectAdmin( site, server );
				await expectRest( site, server, declared );
			} finally {
				await server.stop();
			}
		} );
	}
);
