/**
 * Tools → Proxy Health when the proxy itself is the problem: a squid whose ACL denies
 * everyone, then a proxy that is down. Real WordPress on real PHP, real squid, Chromium.
 */

/**
 * External dependencies
 */
import type { Browser, Locator, Page } from 'playwright-core';

/**
 * Internal dependencies
 */
import { closedPort } from '../../src/lab/proxies/faulty';
import { sharedLab } from '../support/lab';
import { launchBrowser, logInAsAdmin, screenshot } from './support/browser';

jest.setTimeout( 180_000 );

describe( 'Tools → Proxy Health when the proxy refuses or is down', () => {
	let browser: Browser;
	let page: Page;
	let root: Locator;

	const lab = sharedLab( {
		runtime: 'php',
		proxyEngine: 'squid',
		proxyScheme: 'deny',
		scenario: 'right-credentials',
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

	async function checksShow( code: string ): Promise< Locator > {
		await page.goto(
			`${ lab().server.url }/wp-admin/tools.php?page=proxy-health`
		);
		await root.getByRole( 'button', { name: 'Run checks' } ).click();
		const verdict = root.locator( '.proxy-health-verdict' );
		await verdict.waitFor( { timeout: 60_000 } );
		expect( await verdict.getAttribute( 'data-verdict' ) ).toBe( 'fail' );
		const diagnosis = root.locator(
			`li.proxy-health-diagnosis[data-code="${ code }"]`
		);
		expect( await diagnosis.count() ).toBe( 1 );
		return diagnosis;
	}

	it( 'names the ACL deny as the proxy refusing these destinations', async () => {
		const diagnosis = await checksShow( 'proxy_access_denied' );
		await expect( diagnosis.innerText() ).resolves.toContain(
			'The proxy refuses these destinations'
		);
		const rows = root
			.getByRole( 'region', { name: 'Probe results' } )
			.locator( 'tbody tr' )
			.filter( { hasText: 'cURL' } );
		for ( const row of await rows.all() ) {
			await expect( row.innerText() ).resolves.toContain( '403' );
		}
		await screenshot( page, 'panel-proxy-acl-deny' );
	} );

	it( 'names a proxy that is down as unreachable', async () => {
		const down = await closedPort();
		const credentials = lab().proxy.credentials;
		await lab().site.setProxy( {
			host: down.host,
			port: down.port,
			username: credentials?.username ?? 'lab-user',
			password: credentials?.password ?? 'lab-password',
		} );
		const diagnosis = await checksShow( 'proxy_unreachable' );
		await expect( diagnosis.innerText() ).resolves.toContain(
			`${ down.host }:${ down.port }`
		);
		await screenshot( page, 'panel-proxy-down' );
	} );
} );
