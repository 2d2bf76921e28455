/**
 * The panel page and the axe check the panel's browser tests share.
 */

/**
 * External dependencies
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';

/**
 * Opens a page in a context of its own, with a locator for the panel's root: axe opens a page
 * of its own in the context, which browser.newPage() does not allow.
 *
 * @param browser Running browser.
 */
export async function newPanelPage(
	browser: Browser
): Promise< { page: Page; root: Locator } > {
	const context = await browser.newContext();
	const page = await context.newPage();
	return { page, root: page.locator( '#proxy-health-root' ) };
}

/**
 * Serious and critical axe violations inside the panel (wp-admin's own chrome is not ours).
 *
 * @param page Browser page.
 */
export async function seriousViolations( page: Page ): Promise< string[] > {
	const results = await new AxeBuilder( { page } )
		.include( '#proxy-health-root' )
		.analyze();
	return results.violations
		.filter(
			( violation ) =>
				violation.impact === 'serious' ||
				violation.impact === 'critical'
		)
		.map(
			( violation ) =>
				`${ violation.id }: ${ violation.nodes
					.map( ( node ) => node.target.join( ' ' ) )
					.join( ', ' ) }`
		);
}
