/**
 * Time from opening Tools → Proxy Health to the first verdict shown, measured in Chromium:
 * page load, a click on Run checks, then /status and the probes through a real squid. Reported
 * against the page's own load time (what any wp-admin page costs) as a ratio.
 */

/**
 * Internal dependencies
 */
import { withLab } from '../src/lab/scenario';
import { launchBrowser, logIn } from '../tests/e2e/support/browser';
import type { BenchRow } from './types';

const ROUNDS = 10;

const median = ( values: number[] ): number => {
	const sorted = [ ...values ].sort( ( a, b ) => a - b );
	return sorted[ Math.floor( sorted.length / 2 ) ] ?? 0;
};

export function benchPanelTimeToVerdict(): Promise< BenchRow[] > {
	return withLab(
		{ runtime: 'php', proxyEngine: 'squid', scenario: 'wrong-credentials' },
		async ( lab ) => {
			const browser = await launchBrowser();
			try {
				const page = await browser.newPage();
				await logIn(
					page,
					lab.server.url,
					lab.site.admin.username,
					lab.site.admin.password
				);
				const url = `${ lab.server.url }/wp-admin/tools.php?page=proxy-health`;
				const loads: number[] = [];
				const verdicts: number[] = [];
				// One warm-up round: the first PHP requests compile code.
				for ( let round = 0; round <= ROUNDS; round++ ) {
					const started = performance.now();
					await page.goto( url, { waitUntil: 'load' } );
					const loaded = performance.now();
					await page
						.locator( '#proxy-health-root' )
						.getByRole( 'button', { name: 'Run checks' } )
						.click();
					await page
						.locator( '#proxy-health-root .proxy-health-verdict' )
						.waitFor( { timeout: 60_000 } );
					const shown = performance.now();
					if ( round > 0 ) {
						loads.push( loaded - started );
						verdicts.push( shown - started );
					}
				}
				const load = median( loads );
				const verdict = median( verdicts );
				return [
					{
						name: `panel: open → first verdict vs page load (median of ${ ROUNDS }, Chromium, squid 407)`,
						measured: `${ verdict.toFixed( 0 ) } ms`,
						baseline: `${ load.toFixed( 0 ) } ms`,
						ratio: verdict / load,
					},
				];
			} finally {
				await browser.close();
			}
		}
	);
}
