/**
 * The Bisection and Evidence views in Chromium against a real WordPress on real PHP behind a
 * real squid (right credentials in wp-config.php): a fixture plugin that overrides the proxy
 * password is found by a bisection the panel drives step by step, and an outbound call a
 * fixture plugin makes during an evidence session shows up in the calls table.
 */

/**
 * External dependencies
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';

/**
 * Internal dependencies
 */
import { startLab, type Lab } from '../../src/lab/scenario';
import { launchBrowser, logIn, screenshot } from './support/browser';
import { newPanelPage, seriousViolations } from './support/panel';

jest.setTimeout( 420_000 );

const FIXTURES = path.resolve( __dirname, '..', 'fixtures', 'plugins' );
const CULPRIT = 'bisect-bad-proxy-auth/bisect-bad-proxy-auth.php';
const FIXTURE_PLUGINS = [
	'bisect-bad-proxy-auth',
	'bisect-quiet-a',
	'bisect-quiet-b',
	'evidence-caller',
];

describe( 'Bisection and Evidence views on real PHP behind squid', () => {
	let stateDir: string;
	let lab: Lab;
	let browser: Browser;
	let page: Page;
	let root: Locator;

	beforeAll( async () => {
		stateDir = mkdtempSync(
			path.join( os.tmpdir(), 'proxy-health-bisect-evidence-' )
		);
		lab = await startLab( {
			stateDir,
			runtime: 'php',
			proxyEngine: 'squid',
			scenario: 'right-credentials',
			plugins: Object.fromEntries(
				FIXTURE_PLUGINS.map( ( slug ) => [
					slug,
					path.join( FIXTURES, slug ),
				] )
			),
			activate: [
				'proxy-health/proxy-health.php',
				...FIXTURE_PLUGINS.map( ( slug ) => `${ slug }/${ slug }.php` ),
			],
		} );
		browser = await launchBrowser();
		( { page, root } = await newPanelPage( browser ) );
		await logIn(
			page,
			lab.server.url,
			lab.site.admin.username,
			lab.site.admin.password
		);
	} );

	afterAll( async () => {
		await browser?.close();
		await lab?.stop();
		rmSync( stateDir, { recursive: true, force: true } );
	} );

	it( 'finds the plugin that overrides the proxy password, names it, and drops the staging copy', async () => {
		const chunks: string[] = [];
		page.on( 'response', ( response ) => {
			if ( /\/build\/[\w-]+\.js/.test( response.url() ) ) {
				chunks.push( response.url() );
			}
		} );
		await page.goto(
			`${ lab.server.url }/wp-admin/tools.php?page=proxy-health&view=bisection`
		);
		const start = root.getByRole( 'button', { name: 'Start' } );
		await start.waitFor( { timeout: 60_000 } );
		expect(
			chunks.some( ( url ) => url.includes( '/bisection-view.js' ) )
		).toBe( true );
		expect(
			chunks.some( ( url ) => url.includes( '/evidence-view.js' ) )
		).toBe( false );
		expect( await seriousViolations( page ) ).toEqual( [] );

		// The plugin's static scan (GET /scan) names the culprit before the run, with file:line.
		await root
			.getByRole( 'button', { name: 'Scan the site’s code' } )
			.click();
		const suspect = root.locator(
			'.proxy-health-scan__suspect[data-slug="bisect-bad-proxy-auth"]'
		);
		await suspect.waitFor( { timeout: 60_000 } );
		await expect( suspect.innerText() ).resolves.toMatch(
			/plugins\/bisect-bad-proxy-auth\/bisect-bad-proxy-auth\.php:\d+/
		);
		expect(
			await suspect.locator( '[data-code="curl_proxy_option"]' ).count()
		).toBe( 1 );
		expect( await seriousViolations( page ) ).toEqual( [] );
		await screenshot( page, 'views-bisection-scan-suspects' );

		await start.click();
		await root
			.locator( '.proxy-health-bisection__step' )
			.first()
			.waitFor( { timeout: 120_000 } );
		const conclusion = root.locator(
			'.proxy-health-bisection__conclusion'
		);
		await conclusion.waitFor( { timeout: 300_000 } );

		expect( await conclusion.getAttribute( 'data-conclusion' ) ).toBe(
			'culprit_found'
		);
		const culprit = conclusion.locator( '[data-culprit]' );
		expect( await culprit.count() ).toBe( 1 );
		expect( await culprit.getAttribute( 'data-culprit' ) ).toBe( CULPRIT );
		// The search order says why the culprit was tried first.
		expect(
			await root
				.locator(
					`.proxy-health-bisection__order [data-plugin="${ CULPRIT }"]`
				)
				.getAttribute( 'data-reason' )
		).toBe( 'hooks' );
		// Named from the plugin's header, with the file next to it.
		await expect( culprit.innerText() ).resolves.toContain(
			'Bisect Bad Proxy Auth (Proxy Health bisection fixture)'
		);
		await expect( culprit.innerText() ).resolves.toContain( CULPRIT );

		const outcomes = await root
			.locator( '.proxy-health-bisection__step' )
			.evaluateAll( ( steps ) =>
				steps.map( ( step ) => step.getAttribute( 'data-outcome' ) )
			);
		expect( outcomes ).toContain( 'fail' );
		expect( outcomes ).toContain( 'pass' );
		await expect(
			root.locator( '.proxy-health-bisection__progress-text' ).innerText()
		).resolves.toMatch( /^\d+ probes run$/ );
		expect(
			await root
				.locator( '.proxy-health-bisection__cleanup' )
				.getAttribute( 'data-clone-state' )
		).toBe( 'dropped' );
		await expect(
			root
				.getByText( 'The live site was never changed', {
					exact: false,
				} )
				.innerText()
		).resolves.toContain(
			'its plugins, theme and database stayed as they were'
		);
		expect(
			await root.getByRole( 'button', { name: 'Cancel' } ).count()
		).toBe( 0 );

		expect( await seriousViolations( page ) ).toEqual( [] );
		await screenshot( page, 'views-bisection-culprit' );
	} );

	it( 'records an outbound call a plugin makes during an evidence session, then stops it', async () => {
		await root.getByRole( 'tab', { name: 'Evidence' } ).click();
		expect( page.url() ).toContain( 'view=evidence' );
		const minutes = root.getByRole( 'spinbutton', { name: 'Minutes' } );
		await minutes.waitFor( { timeout: 60_000 } );
		expect( await minutes.inputValue() ).toBe( '15' );
		expect( await seriousViolations( page ) ).toEqual( [] );
		await screenshot( page, 'views-evidence-start' );

		await root.getByRole( 'button', { name: 'Start session' } ).click();
		await root
			.getByText( 'Recording outbound calls' )
			.waitFor( { timeout: 60_000 } );
		await expect(
			root.locator( '.proxy-health-evidence__countdown' ).innerText()
		).resolves.toMatch( /Time left: 1[45]:\d\d/ );

		// A visitor's request makes the fixture plugin call the lab target through squid; the
		// culprit found above is still active on the live site, so squid answers 407.
		const visit = await fetch(
			`${ lab.server.url }/?evidence_caller=call`
		);
		expect( await visit.json() ).toEqual( { status: 407 } );

		// The view refreshes on its own (every few seconds while shown).
		const row = root
			.locator( 'tr[data-source="plugin:evidence-caller"]' )
			.first();
		await row.waitFor( { timeout: 60_000 } );
		const text = await row.innerText();
		expect( text ).toContain( 'Plugin: evidence-caller' );
		expect( text ).toContain( 'Front end' );
		expect( text ).toContain( `${ lab.httpTarget.url }/from-plugin` );
		expect( text ).not.toContain( 'fixture-token-value' );
		expect( text ).toContain( 'HTTP 407' );
		expect( text ).toContain( 'Proxy authentication required' );
		expect( text ).toContain( 'Basic' );
		expect( await row.getAttribute( 'data-outcome' ) ).toBe(
			'proxy_auth_required'
		);

		expect( await seriousViolations( page ) ).toEqual( [] );
		await screenshot( page, 'views-evidence-calls' );

		await root.getByRole( 'button', { name: 'Stop' } ).click();
		await root
			.locator( '.proxy-health-evidence__stopped' )
			.waitFor( { timeout: 60_000 } );
		await root.getByRole( 'button', { name: 'Start session' } ).waitFor();
		// The recorded calls stay readable after the session.
		expect(
			await root
				.locator( 'tr[data-source="plugin:evidence-caller"]' )
				.count()
		).toBeGreaterThan( 0 );
		await screenshot( page, 'views-evidence-stopped' );
	} );
} );
