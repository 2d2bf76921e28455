/**
 * The release zip installs on a stock WordPress the way an admin does it:
 * Plugins → Add New → Upload Plugin, Install Now, Activate, then Tools → Proxy Health.
 *
 * The WordPress is the lab's default (PROXY_HEALTH_WP, else 7.1): `npm test` runs this file on
 * 7.1 and again on 6.6 (6.6.2, the plugin's "Requires at least") in its matrix pass.
 */

/**
 * External dependencies
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';

/**
 * Internal dependencies
 */
import { makePluginZip } from '../../scripts/plugin-zip';
import {
	startPhpServer,
	type RunningSite,
} from '../../src/lab/runtimes/php-server';
import { createSite, type LabSite } from '../../src/lab/wordpress/site';
import { defaultWordPressVersion } from '../../src/lab/wordpress/versions';
import {
	launchBrowser,
	logIn,
	openProxyHealthFromToolsMenu,
	screenshot,
} from './support/browser';

jest.setTimeout( 180_000 );

const VERSION = defaultWordPressVersion();

describe( `proxy-health.zip on a stock WordPress ${ VERSION }`, () => {
	let stateDir: string;
	let site: LabSite;
	let server: RunningSite;
	let browser: Browser;
	let page: Page;
	let zipFile: string;

	beforeAll( async () => {
		stateDir = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-zip-' ) );
		zipFile = makePluginZip( path.join( stateDir, 'proxy-health.zip' ) );
		// No plugin linked or active: the zip is the only way Proxy Health gets in.
		site = await createSite( {
			stateDir: path.join( stateDir, 'site' ),
			version: VERSION,
			plugins: {},
			activate: [],
			// No proxy here, so WordPress's own update checks on the first admin pages would go
			// straight to the internet, which this machine cannot reach; keep the site to loopback
			// so the test measures the upload, not the network.
			proxy: {
				extraPhp: [
					"define( 'WP_HTTP_BLOCK_EXTERNAL', true );",
					"define( 'WP_ACCESSIBLE_HOSTS', '127.0.0.*' );",
				].join( '\n' ),
			},
		} );
		server = await startPhpServer( site );
		browser = await launchBrowser();
		page = await browser.newPage();
	} );

	afterAll( async () => {
		await browser?.close();
		await server?.stop();
		await site?.close();
		rmSync( stateDir, { recursive: true, force: true } );
	} );

	it( 'uploads, installs and activates, then opens Tools → Proxy Health', async () => {
		// The release the site runs, not only the branch (6.6 means 6.6.2).
		expect( site.wordpress ).toMatch(
			VERSION === '6.6' ? /^6\.6\.2$/ : new RegExp( `^${ VERSION }` )
		);
		await logIn(
			page,
			server.url,
			site.admin.username,
			site.admin.password
		);
		await page.goto( `${ server.url }/wp-admin/plugin-install.php` );
		await page.getByRole( 'button', { name: 'Upload Plugin' } ).click();
		await page.setInputFiles( 'input[name="pluginzip"]', zipFile );
		await Promise.all( [
			page.waitForURL( /update\.php\?action=upload-plugin/ ),
			page.click( '#install-plugin-submit' ),
		] );
		await expectText( page, 'Plugin installed successfully.' );
		await screenshot( page, 'plugin-zip-installed' );

		await Promise.all( [
			page.waitForURL( /plugins\.php/ ),
			page.getByRole( 'link', { name: 'Activate Plugin' } ).click(),
		] );
		await expectText( page, 'Plugin activated.' );

		await openProxyHealthFromToolsMenu( page );
		await page
			.getByRole( 'button', { name: 'Run checks' } )
			.waitFor( { state: 'visible' } );
		expect(
			await page
				.getByRole( 'heading', { level: 1, name: 'Proxy Health' } )
				.count()
		).toBe( 1 );
		await screenshot( page, 'plugin-zip-activated-panel' );
	} );
} );

async function expectText( page: Page, text: string ): Promise< void > {
	await page.getByText( text, { exact: false } ).first().waitFor( {
		state: 'visible',
		timeout: 30_000,
	} );
}
