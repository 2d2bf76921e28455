/**
 * The panel fits the window: at WordPress's common admin widths (down to a phone), in English
 * and in Japanese, no view makes the page scroll sideways, and each view's key text is visible.
 * One lab, one login and one page; the width changes with the viewport.
 */

/**
 * External dependencies
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';

/**
 * Internal dependencies
 */
import { runWpCli } from '../../src/lab/wp-cli';
import { sharedLab } from '../support/lab';
import { rest } from '../support/rest';
import { launchBrowser, logInAsAdmin } from './support/browser';
import { newPanelPage } from './support/panel';

jest.setTimeout( 600_000 );

/** 1440 and 1280 (the most common admin widths), 1024, 782 (WordPress's mobile breakpoint), a phone. */
const WIDTHS = [ 1440, 1280, 1024, 782, 390 ];

/** A URL long enough to need wrapping on a phone. */
const LONG_URL =
	'https://api.example-with-a-very-long-host-name.test/v1/some/deeply/nested/path/that/keeps/going?with=query&and=more-parameters-than-anyone-should-send';

interface Language {
	locale: '' | 'ja';
	run: string;
	tabs: Record< string, string >;
}

const ENGLISH: Language = {
	locale: '',
	run: 'Run checks',
	tabs: {
		'url-explainer': 'URL explainer',
		hooks: 'Hooks',
		history: 'History',
		bisection: 'Bisection',
		evidence: 'Evidence',
	},
};

const JAPANESE: Language = {
	locale: 'ja',
	run: 'チェックを実行',
	tabs: {
		'url-explainer': 'URL の経路確認',
		hooks: 'フック',
		history: '履歴',
		bisection: '二分探索',
		evidence: '証拠',
	},
};

/**
 * The innermost elements that reach past the window's right edge, to name in a failure.
 *
 * @param page Browser page.
 */
function culprits( page: Page ): Promise< string[] > {
	return page.evaluate( () => {
		const past = ( element: Element ) =>
			element.getBoundingClientRect().right > window.innerWidth + 0.5;
		return [ ...document.querySelectorAll( '#wpbody-content *' ) ]
			.filter(
				( element ) =>
					past( element ) && ! [ ...element.children ].some( past )
			)
			.slice( 0, 3 )
			.map(
				( element ) =>
					`${ element.tagName.toLowerCase() }.${ [
						...element.classList,
					].join( '.' ) } (+${ Math.round(
						element.getBoundingClientRect().right -
							window.innerWidth
					) })`
			);
	} );
}

/**
 * How far the page scrolls sideways at each width (0 when it fits), with whether the key text
 * is visible at that width.
 *
 * @param page Browser page showing the view.
 * @param key  The view's key text.
 */
async function measure(
	page: Page,
	key: Locator
): Promise<
	Array< {
		width: number;
		overflow: number;
		visible: boolean;
		culprits: string[];
	} >
> {
	const measured = [];
	for ( const width of WIDTHS ) {
		await page.setViewportSize( { width, height: 900 } );
		// Layout settles in the next frames (wp-admin's own scripts react to resize).
		await page.evaluate(
			() =>
				new Promise( ( resolve ) =>
					requestAnimationFrame( () =>
						requestAnimationFrame( resolve )
					)
				)
		);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - window.innerWidth
		);
		measured.push( {
			width,
			overflow: Math.max( 0, overflow ),
			visible: await key.isVisible(),
			culprits: overflow > 0 ? await culprits( page ) : [],
		} );
	}
	return measured;
}

describe( 'Panel layout at every width, in English and Japanese', () => {
	let browser: Browser;
	let page: Page;
	let root: Locator;
	/** "view language width: +N px" for each overflow, and hidden key texts. */
	const problems: string[] = [];
	/** Every measurement, printed at the end (the numbers the fix is judged by). */
	const table: string[] = [];

	const lab = sharedLab( {
		runtime: 'php',
		proxyEngine: 'squid',
		scenario: 'wrong-credentials',
	} );

	beforeAll( async () => {
		browser = await launchBrowser();
		( { page, root } = await newPanelPage( browser ) );
		await page.setViewportSize( { width: 1440, height: 900 } );
		await logInAsAdmin( page, lab() );

		// WordPress accepts only installed locales: a placeholder core catalogue makes "ja"
		// available; the panel's own strings come from the plugin's languages/ folder.
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
		await runWpCli( null, [
			'i18n',
			'make-mo',
			path.join( languages, 'ja.po' ),
			languages,
		] );
	} );

	afterAll( async () => {
		await browser?.close();
		if ( table.length > 0 ) {
			console.log(
				`Scroll width over window width:\n${ table.join( '\n' ) }`
			);
		}
	} );

	/**
	 * Measures the view at every width and records what does not fit.
	 *
	 * @param view     View name.
	 * @param language Language label.
	 * @param key      The view's key text.
	 */
	async function check(
		view: string,
		language: string,
		key: Locator
	): Promise< void > {
		await page.setViewportSize( { width: 1440, height: 900 } );
		await key.waitFor( { timeout: 60_000 } );
		const measured = await measure( page, key );
		table.push(
			`${ view } ${ language }: ${ measured
				.map( ( { width, overflow } ) => `${ width }:+${ overflow }` )
				.join( ' ' ) }`
		);
		for ( const {
			width,
			overflow,
			visible,
			culprits: reach,
		} of measured ) {
			if ( overflow > 0 ) {
				problems.push(
					`${ view } ${ language } ${ width }: +${ overflow } px (${ reach.join(
						', '
					) })`
				);
			}
			if ( ! visible ) {
				problems.push(
					`${ view } ${ language } ${ width }: key text hidden`
				);
			}
		}
	}

	/**
	 * Opens a view from its tab, at the widest width (every tab on screen).
	 *
	 * @param language Language.
	 * @param view     View name.
	 */
	async function openView( language: Language, view: string ) {
		await page.setViewportSize( { width: 1440, height: 900 } );
		await root
			.getByRole( 'tab', { name: language.tabs[ view ], exact: true } )
			.click();
		await page.waitForURL( new RegExp( `view=${ view }` ) );
	}

	for ( const language of [ ENGLISH, JAPANESE ] ) {
		const label = language.locale === '' ? 'en' : 'ja';

		it( `fits every view at every width (${ label })`, async () => {
			const set = await rest(
				lab().server.url,
				lab().site,
				'/wp/v2/users/me',
				{ method: 'POST', body: { locale: language.locale } }
			);
			expect( set.status ).toBe( 200 );
			try {
				await page.goto(
					`${ lab().server.url }/wp-admin/tools.php?page=proxy-health`
				);
				await root
					.getByRole( 'button', { name: language.run } )
					.click();
				await root
					.locator( '.proxy-health-verdict[data-verdict="fail"]' )
					.waitFor( { timeout: 90_000 } );
				await check(
					'overview-407',
					label,
					root.locator(
						'li.proxy-health-diagnosis[data-code="proxy_auth_rejected"] .proxy-health-diagnosis__title'
					)
				);

				await openView( language, 'url-explainer' );
				await root
					.getByRole( 'textbox', { name: 'URL' } )
					.fill( LONG_URL );
				await root
					.getByRole( 'textbox', { name: 'URL' } )
					.press( 'Enter' );
				await check(
					'url-explainer',
					label,
					root.locator( '.proxy-health-explanation__route' )
				);

				await openView( language, 'hooks' );
				await check(
					'hooks',
					label,
					root.locator( '[data-owner-slug="proxy-health-lab-ca"]' )
				);

				await openView( language, 'history' );
				await check(
					'history',
					label,
					root.locator( '.proxy-health-history__table' )
				);

				await openView( language, 'bisection' );
				await check(
					'bisection',
					label,
					root.locator( '.proxy-health-bisection' )
				);

				await openView( language, 'evidence' );
				await check(
					'evidence',
					label,
					root.locator( '.proxy-health-evidence' )
				);
				expect(
					problems.filter( ( problem ) =>
						problem.includes( ` ${ label } ` )
					)
				).toEqual( [] );
			} finally {
				await rest( lab().server.url, lab().site, '/wp/v2/users/me', {
					method: 'POST',
					body: { locale: '' },
				} );
			}
		} );
	}
} );
