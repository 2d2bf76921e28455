/**
 * Debian Chromium driven by playwright-core, and the wp-admin steps every browser test shares.
 */

/**
 * External dependencies
 */
import {
	chromium,
	type Browser,
	type Page,
	type Request,
} from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import type { Lab } from '../../../src/lab/scenario';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(
	__dirname,
	'..',
	'..',
	'..',
	'artifacts',
	'screenshots'
);

/**
 * Launches headless Chromium with the flags this closed network needs (no background
 * connections that would fail and slow every start).
 */
export function launchBrowser(): Promise< Browser > {
	return chromium.launch( {
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
		],
	} );
}

/**
 * Logs in through wp-login.php and waits for the dashboard.
 *
 * @param page     Browser page.
 * @param siteUrl  Site URL without a trailing slash.
 * @param username Login.
 * @param password Password.
 */
export async function logIn(
	page: Page,
	siteUrl: string,
	username: string,
	password: string
): Promise< void > {
	await page.goto( `${ siteUrl }/wp-login.php` );
	await page.fill( '#user_login', username );
	await page.fill( '#user_pass', password );
	// What the browser sent after submitting, for the error message: a login that timed out
	// in CI (three full runs, never reproduced alone) had sent no POST at all.
	const sent: string[] = [];
	const record = ( request: Request ) =>
		sent.push( `${ request.method() } ${ request.url() }` );
	page.on( 'request', record );
	try {
		// Enter in the password field submits the form as a keyboard user does, with no
		// hit-testing: a click can land on the "Show password" button while user-profile.js
		// moves it into place. Generous: on Playground (PHP in WebAssembly, one or two workers)
		// the first admin page after login compiles a lot of PHP.
		await Promise.all( [
			page.waitForURL( /\/wp-admin\/?/, { timeout: 90_000 } ),
			page.press( '#user_pass', 'Enter' ),
		] );
	} catch ( error ) {
		throw new Error(
			`Login did not reach wp-admin (now at ${ page.url() }). Requests since submitting: ${
				sent.join( ', ' ) || 'none'
			}. ${ ( error as Error ).message }`
		);
	} finally {
		page.off( 'request', record );
	}
}

/**
 * Logs in as the lab site's administrator.
 *
 * @param page Browser page.
 * @param lab  Running lab.
 */
export function logInAsAdmin( page: Page, lab: Lab ): Promise< void > {
	return logIn(
		page,
		lab.server.url,
		lab.site.admin.username,
		lab.site.admin.password
	);
}

/**
 * Saves a full-page screenshot under artifacts/screenshots and returns its path.
 *
 * @param page Browser page.
 * @param name File name without extension.
 */
export async function screenshot(
	page: Page,
	name: string
): Promise< string > {
	mkdirSync( SCREENSHOTS, { recursive: true } );
	const file = path.join( SCREENSHOTS, `${ name }.png` );
	await page.screenshot( { path: file, fullPage: true } );
	return file;
}

/**
 * Opens Tools, then Proxy Health in its submenu, as an admin would.
 *
 * @param page Browser page on any wp-admin screen.
 */
export async function openProxyHealthFromToolsMenu(
	page: Page
): Promise< void > {
	await Promise.all( [
		page.waitForURL( /\/wp-admin\/tools\.php/, { timeout: 90_000 } ),
		page.locator( '#menu-tools > a' ).click(),
	] );
	await Promise.all( [
		// WordPress links a plugin page under its parent file, or admin.php when it cannot see that file.
		page.waitForURL( /(tools|admin)\.php\?page=proxy-health/, {
			timeout: 90_000,
		} ),
		page
			.locator( '#menu-tools .wp-submenu' )
			.getByRole( 'link', { name: 'Proxy Health' } )
			.click(),
	] );
}
