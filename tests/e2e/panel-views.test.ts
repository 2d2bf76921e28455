/**
 * The panel's views in Chromium against a real WordPress on real PHP behind a real squid:
 * navigation with URL state and on-demand chunks, the URL explainer, the Hooks view, keyboard
 * use, axe, and the panel in Japanese.
 */

/**
 * External dependencies
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';

/**
 * Internal dependencies
 */
import { runWpCli } from '../../src/lab/wp-cli';
import { sharedLab } from '../support/lab';
import { rest } from '../support/rest';
import {
	launchBrowser,
	logInAsAdmin,
	openProxyHealthFromToolsMenu,
	screenshot,
} from './support/browser';
import { newPanelPage, seriousViolations } from './support/panel';

jest.setTimeout( 180_000 );

/**
 * A short description of the focused element: role or tag, and its text.
 *
 * @param page Browser page.
 */
function describeFocus( page: Page ): Promise< string > {
	return page.evaluate( () => {
		const element = document.documentElement.ownerDocument
			.activeElement as HTMLElement | null;
		if ( ! element ) {
			return '';
		}
		const role = element.getAttribute( 'role' ) ?? element.tagName;
		return `${ role.toLowerCase() }:${ ( element.innerText || '' ).trim() }`;
	} );
}

describe( 'Panel views on real PHP behind squid', () => {
	let browser: Browser;
	let page: Page;
	let root: Locator;
	const chunkRequests: Array< { url: string; status: number } > = [];

	const lab = sharedLab( {
		runtime: 'php',
		proxyEngine: 'squid',
		scenario: 'wrong-credentials',
	} );

	beforeAll( async () => {
		browser = await launchBrowser();
		( { page, root } = await newPanelPage( browser ) );
		page.on( 'response', ( response ) => {
			if ( /\/build\/[\w-]+\.js/.test( response.url() ) ) {
				chunkRequests.push( {
					url: response.url(),
					status: response.status(),
				} );
			}
		} );
		await logInAsAdmin( page, lab() );
	} );

	afterAll( async () => {
		await browser?.close();
	} );

	it( 'runs the checks from the keyboard alone, in a sane focus order, without serious axe violations', async () => {
		await openProxyHealthFromToolsMenu( page );
		await root.getByRole( 'tab', { name: 'Overview' } ).waitFor();
		expect( chunkRequests.map( ( { url } ) => url ) ).toEqual( [
			expect.stringMatching( /\/build\/index\.js\?ver=/ ),
		] );

		// Tab from the top of the page until Run checks; the selected view tab comes just before it.
		await page.evaluate( () =>
			(
				document.documentElement.ownerDocument
					.activeElement as HTMLElement | null
			 )?.blur()
		);
		const order: string[] = [];
		for ( let presses = 0; presses < 150; presses++ ) {
			await page.keyboard.press( 'Tab' );
			order.push( await describeFocus( page ) );
			if ( order[ order.length - 1 ] === 'button:Run checks' ) {
				break;
			}
		}
		expect( order.slice( -2 ) ).toEqual( [
			'tab:Overview',
			'button:Run checks',
		] );
		// Only the selected tab is in the Tab order (arrow keys move between tabs).
		expect( order ).not.toContain( 'tab:URL explainer' );

		await page.keyboard.press( 'Enter' );
		const verdict = root.locator( '.proxy-health-verdict' );
		await verdict.waitFor( { timeout: 60_000 } );
		expect( await verdict.getAttribute( 'data-verdict' ) ).toBe( 'fail' );
		// Focus stayed on the button that started the run.
		expect( await describeFocus( page ) ).toBe( 'button:Run checks' );
		// The next Tab stop comes after the button in the page, inside the panel.
		await page.keyboard.press( 'Tab' );
		const followsButton = await page.evaluate( () => {
			const button = [ ...document.querySelectorAll( 'button' ) ].find(
				( candidate ) => candidate.textContent === 'Run checks'
			);
			const focused = button?.ownerDocument.activeElement;
			return Boolean(
				button &&
				focused &&
				document
					.getElementById( 'proxy-health-root' )
					?.contains( focused ) &&
				// eslint-disable-next-line no-bitwise -- a DOM position bit mask.
				button.compareDocumentPosition( focused ) &
					Node.DOCUMENT_POSITION_FOLLOWING
			);
		} );
		expect( followsButton ).toBe( true );

		expect( await seriousViolations( page ) ).toEqual( [] );
		await screenshot( page, 'views-overview-407' );
	} );

	it( 'opens the URL explainer as a lazy chunk from the plugin build folder, and explains a target and localhost', async () => {
		await root.getByRole( 'tab', { name: 'URL explainer' } ).click();
		await expect( page.url() ).toContain( 'view=url-explainer' );
		const input = root.getByRole( 'textbox', { name: 'URL' } );
		await input.waitFor();
		const chunk = chunkRequests.find( ( { url } ) =>
			url.includes( '/url-explainer.js' )
		);
		expect( chunk?.status ).toBe( 200 );
		expect( chunk?.url ).toContain(
			'/wp-content/plugins/proxy-health/build/url-explainer.js'
		);

		const explanation = root.locator( '.proxy-health-explanation' );
		await input.fill( `${ lab().httpTarget.url }/` );
		await root.getByRole( 'button', { name: 'Explain' } ).click();
		await explanation.waitFor();
		expect( await explanation.getAttribute( 'data-route' ) ).toBe(
			'proxy'
		);
		expect( await explanation.getAttribute( 'data-reason' ) ).toBe(
			'no_bypass_list'
		);
		await expect( explanation.innerText() ).resolves.toContain(
			'WP_PROXY_BYPASS_HOSTS is not defined, so every host other than localhost'
		);
		await expect( explanation.innerText() ).resolves.toContain(
			'Through the proxy'
		);
		expect( await seriousViolations( page ) ).toEqual( [] );
		await screenshot( page, 'views-url-explainer-proxy' );

		await input.fill( 'http://localhost/' );
		await input.press( 'Enter' );
		await root
			.locator( '.proxy-health-explanation[data-reason="localhost"]' )
			.waitFor();
		expect( await explanation.getAttribute( 'data-route' ) ).toBe(
			'direct'
		);
		await expect( explanation.innerText() ).resolves.toContain(
			'WordPress never sends requests to the host "localhost" through the proxy.'
		);
		await screenshot( page, 'views-url-explainer-localhost' );

		// Back returns to Overview, with its results still there; Forward to the explainer.
		await page.goBack();
		expect( page.url() ).not.toContain( 'view=' );
		await expect(
			root.getByRole( 'tab', { selected: true } ).innerText()
		).resolves.toBe( 'Overview' );
		expect(
			await root.locator( '.proxy-health-verdict' ).isVisible()
		).toBe( true );
		await page.goForward();
		await expect(
			root.getByRole( 'tab', { selected: true } ).innerText()
		).resolves.toBe( 'URL explainer' );
		expect( await explanation.getAttribute( 'data-reason' ) ).toBe(
			'localhost'
		);
	} );

	it( 'lists the lab CA must-use plugin in the Hooks view, opened from its URL', async () => {
		await page.goto(
			`${ lab().server.url }/wp-admin/tools.php?page=proxy-health&view=hooks`
		);
		const mustUse = root.getByRole( 'region', {
			name: 'Must-use plugins',
		} );
		await mustUse.waitFor( { timeout: 30_000 } );
		const owner = mustUse.locator(
			'[data-owner-slug="proxy-health-lab-ca"]'
		);
		const text = await owner.innerText();
		expect( text ).toContain( 'http_request_args' );
		expect( text ).toContain( 'mu-plugins/proxy-health-lab-ca.php:' );
		// The explainer chunk was not needed for this view.
		expect(
			chunkRequests.filter( ( { url } ) => url.includes( 'hooks-view' ) )
		).toHaveLength( 1 );
		expect(
			await root.locator( '.proxy-health-hooks__empty' ).count()
		).toBe( 0 );
		expect( await seriousViolations( page ) ).toEqual( [] );
		await screenshot( page, 'views-hooks' );
	} );

	it( 'shows the panel in Japanese for an admin whose locale is ja', async () => {
		// WordPress accepts only installed locales; nothing is installed from the network here.
		const refused = await rest(
			lab().server.url,
			lab().site,
			'/wp/v2/users/me',
			{ method: 'POST', body: { locale: 'ja' } }
		);
		expect( refused.status ).toBe( 400 );

		// A placeholder core catalogue makes "ja" an available language; the panel's own
		// strings come from the plugin's languages/ folder.
		const languages = path.join(
			lab().site.root,
			'wp-content',
			'languages'
		);
		mkdirSync( languages, { recursive: true } );
		writeFileSync(
			path.join( languages, 'ja.po' ),
			'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ja\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n'
		);
		const made = await runWpCli( null, [
			'i18n',
			'make-mo',
			path.join( languages, 'ja.po' ),
			languages,
		] );
		expect( made.stderr ).toBe( '' );
		expect( existsSync( path.join( languages, 'ja.mo' ) ) ).toBe( true );
		const accepted = await rest(
			lab().server.url,
			lab().site,
			'/wp/v2/users/me',
			{ method: 'POST', body: { locale: 'ja' } }
		);
		expect( accepted.status ).toBe( 200 );

		try {
			await page.goto(
				`${ lab().server.url }/wp-admin/tools.php?page=proxy-health`
			);
			const run = root.getByRole( 'button', { name: 'チェックを実行' } );
			await run.waitFor();
			await expect(
				root.locator( '.proxy-health-app__description' ).innerText()
			).resolves.toContain( '407 Proxy Authentication Required' );
			await expect(
				root.locator( '.proxy-health-app__description' ).innerText()
			).resolves.toContain( 'インターネット' );

			await run.click();
			const verdict = root.locator( '.proxy-health-verdict' );
			await verdict.waitFor( { timeout: 60_000 } );
			// Words from the script translations (JSON) ...
			await expect( verdict.innerText() ).resolves.toContain(
				'外部へのリクエストが失敗しています'
			);
			// ... and from the PHP translations (MO), through REST with _locale=user.
			const diagnosis = root.locator(
				'li.proxy-health-diagnosis[data-code="proxy_auth_rejected"]'
			);
			await expect( diagnosis.innerText() ).resolves.toContain(
				'プロキシが、WordPress の送信するユーザー名またはパスワードを拒否しています'
			);
			await screenshot( page, 'views-overview-ja' );

			// A lazy chunk's strings are translated too.
			await root.getByRole( 'tab', { name: 'URL の経路確認' } ).click();
			await root
				.getByRole( 'textbox', { name: 'URL' } )
				.fill( 'http://localhost/' );
			await root.getByRole( 'button', { name: '確認' } ).click();
			await expect(
				root.locator( '.proxy-health-explanation' ).innerText()
			).resolves.toContain( '直接接続 (プロキシを経由しない)' );
			await screenshot( page, 'views-url-explainer-ja' );
		} finally {
			await rest( lab().server.url, lab().site, '/wp/v2/users/me', {
				method: 'POST',
				body: { locale: '' },
			} );
		}
	} );
} );
