/**
 * The credentials test, Apply and History in Chromium against a real WordPress on real PHP
 * behind a real squid whose password wp-config.php gets wrong: the checks fail, the right
 * password passes the credentials test, Apply writes it to wp-config.php and the automatic
 * re-check passes, History shows the runs and what changed, and DELETE /proxy-config puts
 * wp-config.php back byte for byte. The password never stays in the page or browser storage.
 */

/**
 * External dependencies
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';

/**
 * Internal dependencies
 */
import { sharedLab } from '../support/lab';
import { rest } from '../support/rest';
import { launchBrowser, logInAsAdmin, screenshot } from './support/browser';
import { newPanelPage, seriousViolations } from './support/panel';

jest.setTimeout( 300_000 );

describe( 'Credentials test, Apply and History on real PHP behind squid', () => {
	const getLab = sharedLab( {
		runtime: 'php',
		proxyEngine: 'squid',
		scenario: 'wrong-credentials',
	} );
	let browser: Browser;
	let page: Page;
	let root: Locator;
	let configFile: string;
	let original: Buffer;

	beforeAll( async () => {
		const lab = getLab();
		configFile = path.join( lab.site.root, 'wp-config.php' );
		original = readFileSync( configFile );
		browser = await launchBrowser();
		( { page, root } = await newPanelPage( browser ) );
		await logInAsAdmin( page, lab );
	} );

	afterAll( async () => {
		await browser?.close();
	} );

	it( 'fixes a wrong proxy password from the panel, shows the history and what changed, and reverts byte for byte', async () => {
		const lab = getLab();
		const credentials = lab.proxy.credentials;
		if ( ! credentials ) {
			throw new Error( 'The lab proxy has no credentials.' );
		}
		const overviewVerdict = root.locator(
			'.proxy-health-overview .proxy-health-verdict'
		);

		await page.goto(
			`${ lab.server.url }/wp-admin/tools.php?page=proxy-health`
		);
		await root.getByRole( 'button', { name: 'Run checks' } ).click();
		await overviewVerdict.waitFor( { timeout: 120_000 } );
		expect( await overviewVerdict.getAttribute( 'data-verdict' ) ).toBe(
			'fail'
		);

		// The credentials test, below the verdict, offers wp-config.php's username.
		const test = root.getByRole( 'region', {
			name: 'Test proxy credentials',
		} );
		await expect(
			test.getByLabel( 'Proxy username' ).inputValue()
		).resolves.toBe( credentials.username );
		await test.getByLabel( 'Proxy password' ).fill( credentials.password );
		await test.getByRole( 'button', { name: 'Test credentials' } ).click();

		const lines = test.getByLabel( 'wp-config.php lines' );
		await lines.waitFor( { timeout: 120_000 } );
		expect( await lines.textContent() ).toBe(
			`define( 'WP_PROXY_USERNAME', '${ credentials.username }' );\n` +
				`define( 'WP_PROXY_PASSWORD', '${ credentials.password }' );`
		);
		await expect(
			test.getByText( /That's all, stop editing!/ ).count()
		).resolves.toBe( 1 );
		await screenshot( page, 'panel-credentials-verified' );

		// Apply writes the lines, then the checks run again by themselves and pass.
		await test
			.getByRole( 'button', { name: 'Apply to wp-config.php' } )
			.click();
		await test
			.getByText( /The credentials were written to wp-config.php/ )
			.waitFor( { timeout: 120_000 } );
		await root
			.locator(
				'.proxy-health-overview .proxy-health-verdict[data-verdict="pass"]'
			)
			.waitFor( { timeout: 120_000 } );
		const written = readFileSync( configFile, 'utf8' );
		expect( written ).toContain(
			`define( 'WP_PROXY_PASSWORD', '${ credentials.password }' );`
		);
		await screenshot( page, 'panel-credentials-applied' );

		// History: the failing run, the credentials test (one-off) and the passing re-check.
		await root.getByRole( 'tab', { name: 'History' } ).click();
		const reports = root.getByRole( 'region', { name: 'Reports' } );
		await reports.waitFor( { timeout: 60_000 } );
		const verdicts = await reports
			.locator( 'tbody tr' )
			.evaluateAll( ( rows ) =>
				rows.map( ( row ) => row.getAttribute( 'data-verdict' ) )
			);
		expect( verdicts[ 0 ] ).toBe( 'pass' );
		expect( verdicts[ verdicts.length - 1 ] ).toBe( 'fail' );
		expect( verdicts.length ).toBeGreaterThanOrEqual( 2 );

		const changed = root.getByRole( 'region', { name: 'What changed' } );
		await changed
			.getByText(
				'Proxy configuration (WP_PROXY_* in wp-config.php) changed:'
			)
			.waitFor( { timeout: 60_000 } );
		await expect(
			changed.getByText( /Between the last failing report/ ).count()
		).resolves.toBe( 1 );

		// Opening the failing report shows its verdict and diagnoses.
		await reports
			.locator( 'tbody tr[data-verdict="fail"]' )
			.last()
			.getByRole( 'button', { name: /Open the report of/ } )
			.click();
		const opened = root.locator( '.proxy-health-history__report' );
		await opened.waitFor();
		expect(
			await opened
				.locator( '.proxy-health-verdict' )
				.getAttribute( 'data-verdict' )
		).toBe( 'fail' );
		await expect(
			opened.locator( '[data-code="proxy_auth_rejected"]' ).count()
		).resolves.toBe( 1 );

		expect( await seriousViolations( page ) ).toEqual( [] );
		await screenshot( page, 'panel-history' );

		// The password is gone from the page and never reached browser storage.
		expect( await page.content() ).not.toContain( credentials.password );
		const stored = await page.evaluate( () =>
			JSON.stringify( [
				Object.entries( window.localStorage ),
				Object.entries( window.sessionStorage ),
			] )
		);
		expect( stored ).not.toContain( credentials.password );

		// Revert over REST as an agency script would; wp-config.php is back byte for byte.
		const reverted = await rest< { config: { status: string } } >(
			lab.server.url,
			lab.site,
			'/proxy-health/v1/proxy-config',
			{ method: 'DELETE' }
		);
		expect( reverted.status ).toBe( 200 );
		expect( reverted.body.config.status ).toBe( 'restored' );
		expect( reverted.text ).not.toContain( credentials.password );
		expect( readFileSync( configFile ).equals( original ) ).toBe( true );
	} );
} );
