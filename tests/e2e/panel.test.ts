/**
 * Tools → Proxy Health in Chromium against a real WordPress on real PHP behind a real squid.
 */

/**
 * External dependencies
 */
import type { Browser, Locator, Page } from 'playwright-core';

/**
 * Internal dependencies
 */
import { forgetChecks, sharedLab } from '../support/lab';
import {
	launchBrowser,
	logInAsAdmin,
	openProxyHealthFromToolsMenu,
	screenshot,
} from './support/browser';

jest.setTimeout( 180_000 );

describe( 'Tools → Proxy Health on real PHP behind squid', () => {
	let browser: Browser;
	let page: Page;
	let root: Locator;

	const lab = sharedLab( {
		runtime: 'php',
		proxyEngine: 'squid',
		scenario: 'wrong-credentials',
	} );

	beforeAll( async () => {
		browser = await launchBrowser();
		page = await browser.newPage();
		root = page.locator( '#proxy-health-root' );
		await logInAsAdmin( page, lab() );
	} );

	afterAll( async () => {
		await browser?.close();
	} );

	async function runChecks(): Promise< Locator > {
		await root.getByRole( 'button', { name: 'Run checks' } ).click();
		const verdict = root.locator( '.proxy-health-verdict' );
		await verdict.waitFor( { timeout: 60_000 } );
		return verdict;
	}

	it( 'opens from the Tools menu and shows the proxy configuration', async () => {
		await openProxyHealthFromToolsMenu( page );
		await runChecks();
		const card = root.getByRole( 'region', {
			name: 'Proxy configuration',
		} );
		const text = await card.innerText();
		expect( text ).toContain( lab().proxy.host );
		expect( text ).toContain( String( lab().proxy.port ) );
		expect( text ).toContain( 'lab-user' );
		expect( text ).toContain( 'Password set' );
	} );

	it( 'runs the checks as it opens on a site never checked, and only then', async () => {
		await forgetChecks( lab() );
		const probes: string[] = [];
		const count = ( request: {
			method: () => string;
			url: () => string;
		} ) => {
			if (
				request.method() === 'POST' &&
				/proxy-health(\/|%2F)v1(\/|%2F)probes/.test( request.url() )
			) {
				probes.push( request.url() );
			}
		};
		page.on( 'request', count );
		try {
			await page.reload();
			// No click: the verdict of the run the page started itself.
			const verdict = root.locator(
				'.proxy-health-probe-report .proxy-health-verdict'
			);
			await verdict.waitFor( { timeout: 60_000 } );
			expect( await verdict.getAttribute( 'data-verdict' ) ).toBe(
				'fail'
			);
			expect( probes ).toHaveLength( 1 );

			// Checked now: the next opening shows the stored verdict and sends no probes.
			await page.reload();
			await root
				.locator( '.proxy-health-last-check .proxy-health-verdict' )
				.waitFor( { timeout: 60_000 } );
			await expect(
				root.getByRole( 'button', { name: 'Run checks' } ).isEnabled()
			).resolves.toBe( true );
			expect( probes ).toHaveLength( 1 );
		} finally {
			page.off( 'request', count );
		}
	} );

	it( 'shows a failing verdict, the rejected-credentials diagnosis and the 407 rows', async () => {
		await page.reload();
		const verdict = await runChecks();
		expect( await verdict.getAttribute( 'data-verdict' ) ).toBe( 'fail' );
		await expect( verdict.innerText() ).resolves.toContain(
			'Outbound requests fail'
		);

		const diagnosis = root.locator(
			'li.proxy-health-diagnosis[data-code="proxy_auth_rejected"]'
		);
		expect( await diagnosis.count() ).toBe( 1 );
		await expect( diagnosis.innerText() ).resolves.toContain(
			'How to fix it'
		);

		const results = root.getByRole( 'region', { name: 'Probe results' } );
		// Two targets × two transports; the cURL rows are the path WordPress takes.
		expect( await results.locator( 'tbody tr' ).count() ).toBe( 4 );
		const curlRows = results
			.locator( 'tbody tr' )
			.filter( { hasText: 'cURL' } );
		expect( await curlRows.count() ).toBe( 2 );
		for ( const row of await curlRows.all() ) {
			const text = await row.innerText();
			expect( text ).toContain( 'Proxy authentication required' );
			expect( text ).toContain( '407' );
			expect( text ).toContain( 'Basic' );
		}
		await screenshot( page, 'panel-407-wrong-credentials' );

		const wrongPassword = `${ lab().proxy.credentials?.password }-wrong`;
		expect( await page.content() ).not.toContain( wrongPassword );
	} );

	it( 'passes once wp-config.php has the right credentials', async () => {
		await lab().setScenario( 'right-credentials' );
		await page.reload();
		const verdict = await runChecks();
		expect( await verdict.getAttribute( 'data-verdict' ) ).toBe( 'pass' );
		expect(
			await root
				.locator( 'li.proxy-health-diagnosis[data-code="proxy_ok"]' )
				.count()
		).toBe( 1 );
		await screenshot( page, 'panel-pass' );
	} );

	it( 'names missing credentials when wp-config.php has none', async () => {
		await lab().setScenario( 'missing-credentials' );
		await page.reload();
		const verdict = await runChecks();
		expect( await verdict.getAttribute( 'data-verdict' ) ).toBe( 'fail' );
		expect(
			await root
				.locator(
					'li.proxy-health-diagnosis[data-code="proxy_auth_missing"]'
				)
				.count()
		).toBe( 1 );
		await expect(
			root
				.getByRole( 'region', { name: 'Proxy configuration' } )
				.innerText()
		).resolves.toContain( 'No password' );
	} );
} );
