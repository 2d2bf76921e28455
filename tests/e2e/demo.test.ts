/**
 * `npm start`'s demo, with Node only: Playground runs WordPress and php-wasm installs it, a Node
 * proxy answers 407 because wp-config.php has the wrong password. An admin sees the 407 in
 * Tools → Proxy Health; with the right credentials the same probes pass.
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
import type { ProbeReport } from '../../src/api/types';
import { describeDemo, startDemo } from '../../src/lab/demo';
import type { Lab } from '../../src/lab/scenario';
import { rest } from '../support/rest';
import {
	launchBrowser,
	logIn,
	openProxyHealthFromToolsMenu,
	screenshot,
} from './support/browser';

jest.setTimeout( 300_000 );

describe( 'npm start demo (Playground, Node proxy, php-wasm installer)', () => {
	let stateDir: string;
	let lab: Lab;
	let browser: Browser;
	let page: Page;

	beforeAll( async () => {
		stateDir = mkdtempSync(
			path.join( os.tmpdir(), 'proxy-health-demo-' )
		);
		lab = await startDemo( { stateDir, php: 'wasm' } );
		browser = await launchBrowser();
		page = await browser.newPage();
	} );

	afterAll( async () => {
		await browser?.close();
		await lab?.stop();
		rmSync( stateDir, { recursive: true, force: true } );
	} );

	it( 'runs on Playground with a Node proxy and prints what to open', () => {
		expect( lab.server.runtime ).toBe( 'playground' );
		expect( lab.proxy.engine ).toBe( 'node' );
		expect( lab.site.installedWith ).toBe( 'wasm' );
		const text = describeDemo( lab );
		expect( text ).toContain(
			`${ lab.server.url }/wp-admin/tools.php?page=proxy-health`
		);
		expect( text ).toContain( lab.proxy.credentials?.password );
	} );

	it( 'shows the proxy configuration and the 407 in Tools → Proxy Health', async () => {
		await logIn(
			page,
			lab.server.url,
			lab.site.admin.username,
			lab.site.admin.password
		);
		await openProxyHealthFromToolsMenu( page );
		await page.getByRole( 'button', { name: 'Run checks' } ).click();

		const proxyCard = page.getByRole( 'region', {
			name: 'Proxy configuration',
		} );
		await proxyCard.waitFor( { timeout: 60_000 } );
		await expect( proxyCard.innerText() ).resolves.toContain(
			String( lab.proxy.port )
		);
		await expect( proxyCard.innerText() ).resolves.toContain(
			'Password set'
		);

		await page
			.getByText( 'Proxy authentication required' )
			.first()
			.waitFor( { timeout: 60_000 } );
		await screenshot( page, 'demo-407' );

		// The wrong password written to wp-config.php never reaches the browser.
		const wrongPassword = `${ lab.proxy.credentials?.password }-wrong`;
		expect( await page.content() ).not.toContain( wrongPassword );
	} );

	it( 'reports 407 for HTTP and on CONNECT for HTTPS, and passes once the credentials are right', async () => {
		const failing = await rest< ProbeReport >(
			lab.server.url,
			lab.site,
			'/proxy-health/v1/probes',
			{ method: 'POST', body: {} }
		);
		expect( failing.status ).toBe( 200 );
		expect( failing.body.verdict ).toBe( 'fail' );
		// The cURL results: the transport WordPress uses when php-curl is there.
		const byTarget = Object.fromEntries(
			failing.body.results
				.filter( ( r ) => r.transport === 'curl' )
				.map( ( r ) => [ r.target, r ] )
		);
		const http = byTarget[ `${ lab.httpTarget.url }/` ];
		const https = byTarget[ `${ lab.httpsTarget.url }/` ];
		expect( http?.outcome ).toBe( 'proxy_auth_required' );
		expect( http?.httpStatus ).toBe( 407 );
		expect( https?.outcome ).toBe( 'proxy_auth_required' );
		expect( https?.connectStatus ).toBe( 407 );
		expect( failing.body.diagnoses[ 0 ]?.code ).toBe(
			'proxy_auth_rejected'
		);

		await lab.setScenario( 'right-credentials' );
		const passing = await rest< ProbeReport >(
			lab.server.url,
			lab.site,
			'/proxy-health/v1/probes',
			{ method: 'POST', body: {} }
		);
		expect( passing.body.verdict ).toBe( 'pass' );
		expect(
			passing.body.results
				.filter( ( r ) => r.transport === 'curl' )
				.map( ( r ) => r.outcome )
		).toEqual( [ 'ok', 'ok' ] );
		expect( passing.text ).not.toContain( lab.proxy.credentials?.password );
	} );
} );
