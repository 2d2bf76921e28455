/**
 * The Bisection view in Chromium on a site served by ONE PHP worker, where the site cannot call
 * itself (the worker serving the panel's request is the only one that could answer): the
 * panel starts with `driver: auto`, the site's bounded preflight picks the client, and the
 * browser sends each signed sandbox request itself and posts the signed answer back. The view
 * says which driver runs and why, names the culprit, visitors keep the live plugin set, and
 * every live row is unchanged afterwards with no clone, loader or lock left.
 */

/**
 * External dependencies
 */
import type { Browser, Locator, Page } from 'playwright-core';

/**
 * Internal dependencies
 */
import {
	startPhpServer,
	type RunningSite,
} from '../../src/lab/runtimes/php-server';
import type { Lab } from '../../src/lab/scenario';
import {
	expectCleanAfter,
	file,
	startBisectionLab,
	visit,
	whileVisiting,
	type Slug,
} from '../support/bisection-lab';
import { rest } from '../support/rest';
import { runSitePhp } from '../support/wp-session';
import { launchBrowser, logIn, screenshot } from './support/browser';
import { newPanelPage, seriousViolations } from './support/panel';

jest.setTimeout( 420_000 );

const ACTIVE: Slug[] = [
	'bisect-live-marker',
	'bisect-quiet-a',
	'bisect-bad-proxy-auth',
	'bisect-quiet-b',
];

describe( 'Bisection view on a site served by one PHP worker', () => {
	const harness = startBisectionLab( 'sqlite' );
	let lab: Lab;
	let single: RunningSite;
	let url: string;
	let browser: Browser;
	let page: Page;
	let root: Locator;

	beforeAll( async () => {
		lab = await harness.start();
		const port = Number( new URL( lab.server.url ).port );
		await lab.server.stop();
		single = await startPhpServer( lab.site, {
			port,
			workers: 1,
			ini: { 'opcache.enable': '0' },
		} );
		url = single.url;
		await rest( url, lab.site, '/proxy-health/v1/status' );
		harness.activate( lab, ACTIVE );
		await visit( url );
		browser = await launchBrowser();
		( { page, root } = await newPanelPage( browser ) );
		// Logged in before the snapshot: the session lives in usermeta.
		await logIn(
			page,
			url,
			lab.site.admin.username,
			lab.site.admin.password
		);
	} );

	afterAll( async () => {
		await browser?.close();
		await single?.stop();
		await lab?.stop();
		harness.cleanup();
	} );

	it( 'picks the client driver, says why, and the browser-sent steps name the culprit; nothing live changes', async () => {
		await page.goto(
			`${ url }/wp-admin/tools.php?page=proxy-health&view=bisection`
		);
		const start = root.getByRole( 'button', { name: 'Start' } );
		await start.waitFor( { timeout: 60_000 } );
		// WordPress's own work from the first admin page load (the comment type batch wp-admin
		// schedules, which a visitor's cron request would otherwise finish mid-run) done first.
		await runSitePhp(
			lab.site,
			`if ( function_exists( '_wp_batch_update_comment_type' ) ) {
				_wp_batch_update_comment_type();
			}
			return true;`
		);
		const liveSet = ( await visit( url ) ).loaded;
		const before = harness.snapshot( lab );

		const conclusion = root.locator(
			'.proxy-health-bisection__conclusion'
		);
		const {
			seen: [ seen ],
		} = await whileVisiting(
			[ url ],
			( async () => {
				await start.click();
				await conclusion.waitFor( { timeout: 300_000 } );
			} )()
		);

		const driver = root.locator( '.proxy-health-bisection__driver' );
		expect( await driver.getAttribute( 'data-driver' ) ).toBe( 'client' );
		expect( await driver.getAttribute( 'data-driver-reason' ) ).toBe(
			'loopback_failed'
		);
		await expect( driver.innerText() ).resolves.toMatch(
			/^The site could not reach itself within 5 seconds \(.*\), so your browser or the command line sends each step\.$/
		);
		expect( await conclusion.getAttribute( 'data-conclusion' ) ).toBe(
			'culprit_found'
		);
		const culprit = conclusion.locator( '[data-culprit]' );
		expect( await culprit.count() ).toBe( 1 );
		expect( await culprit.getAttribute( 'data-culprit' ) ).toBe(
			file( 'bisect-bad-proxy-auth' )
		);
		const outcomes = await root
			.locator( '.proxy-health-bisection__step' )
			.evaluateAll( ( steps ) =>
				steps.map( ( step ) => step.getAttribute( 'data-outcome' ) )
			);
		expect( outcomes ).toContain( 'fail' );
		expect( outcomes ).toContain( 'pass' );
		expect(
			await root
				.locator( '.proxy-health-bisection__cleanup' )
				.getAttribute( 'data-clone-state' )
		).toBe( 'dropped' );
		expect( seen ).toEqual( new Set( [ `200 ${ liveSet }` ] ) );
		expect( await seriousViolations( page ) ).toEqual( [] );
		await screenshot( page, 'views-bisection-client-sent' );
		expectCleanAfter( before, harness.snapshot( lab ) );
	} );
} );
