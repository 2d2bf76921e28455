/**
 * Debian Chromium driven by playwright-core, and the wp-admin steps every browser test shares.
 */

/**
 * External dependencies
 */
import { chromium, type Browser, type Page } from 'playwright-core';
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
	// Seen under load (CI, and 2 of 15 tries on a busy machine): the password field was empty
	// again by the time the form was submitted, so the browser refused the required field and
	// sent nothing. Which script empties it is not known; the form is filled again and
	// resubmitted when no POST left, at most three times, and each miss is reported.
	const misses: string[] = [];
	for ( let attempt = 1; attempt <= 3; attempt++ ) {
		await page.fill( '#user_login', username );
		await page.fill( '#user_pass', password );
		const posted = page
			.waitForRequest(
				( request ) =>
					request.method() === 'POST' &&
					request.url().includes( '/wp-login.php' ),
				{ timeout: 15_000 }
			)
			.then(
				() => true,
				() => false
			);
		// Enter in the password field submits the form as a keyboard user does, with no
		// hit-testing against the "Show password" button that user-profile.js moves into place.
		await page.press( '#user_pass', 'Enter' );
		if ( await posted ) {
			// Generous: on Playground (PHP in WebAssembly, one or two workers) the first admin
			// page after login compiles a lot of PHP.
			await page.waitForURL( /\/wp-admin\/?/, { timeout: 90_000 } );
			if ( misses.length > 0 ) {
				console.warn(
					`Login sent on attempt ${ attempt }: ${ misses.join( '; ' ) }`
				);
			}
			return;
		}
		const left = await page
			.inputValue( '#user_pass', { timeout: 5_000 } )
			.catch( () => null );
		misses.push(
			`attempt ${ attempt }: no POST within 15 s (at ${ page.url() }, password field ${
				left === null ? 'gone' : `${ left.length } characters`
			})`
		);
	}
	throw new Error( `Login form never sent: ${ misses.join( '; ' ) }` );
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
