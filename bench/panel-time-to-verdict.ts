/**
 * Time from opening Tools → Proxy Health to the first verdict shown, measured in Chromium, in
 * three cases: a site never checked (the panel runs the checks as it opens), a site with a
 * stored verdict (shown from the page), and a fresh verdict by a click on Run checks right after
 * the page loads (/status, then the probes through a real squid). Times are read on the page's
 * own clock, from the navigation's start to the end of its load event and to the moment the
 * verdict is inserted, so the test driver's round trips to the browser (300 ms and more on a
 * busy machine) count in neither; the click case as the driver sees it is a row of its own.
 * Reported against the page's own load time (what any wp-admin page costs) as a ratio, with
 * where the time goes beside it: the REST requests the panel makes before the verdict (each
 * one's time in the browser, and how much of the wait ran one after another) and the rendering
 * after the last answer.
 */

/**
 * External dependencies
 */
import type { Page } from 'playwright-core';

/**
 * Internal dependencies
 */
import { withLab, type LabOptions } from '../src/lab/scenario';
import { launchBrowser, logIn } from '../tests/e2e/support/browser';
import { forgetChecks } from '../tests/support/lab';
import { applicationPasswordCaller, call } from '../tests/support/wp-session';
import type { BenchRow } from './types';

const ROUNDS = 10;

/** The verdict the page shows from the history, and the one a run brings. */
const VERDICT = {
	stored: '#proxy-health-root .proxy-health-last-check .proxy-health-verdict',
	fresh: '#proxy-health-root .proxy-health-probe-report .proxy-health-verdict',
} as const;

const median = ( values: number[] ): number => {
	const sorted = [ ...values ].sort( ( a, b ) => a - b );
	return sorted[ Math.floor( sorted.length / 2 ) ] ?? 0;
};

/** One REST request the panel made, in ms since the navigation started. */
interface RestTiming {
	route: string;
	start: number;
	end: number;
}

/**
 * The panel's REST requests, from the browser's resource timing (same-origin, so complete).
 * @param page
 */
function restTimings( page: Page ): Promise< RestTiming[] > {
	return page.evaluate( () =>
		performance
			.getEntriesByType( 'resource' )
			.map( ( entry ) => {
				const url = new URL( entry.name );
				const route =
					url.searchParams.get( 'rest_route' ) ??
					( url.pathname.includes( '/wp-json/' )
						? url.pathname.replace( /^.*\/wp-json/, '' )
						: null );
				return {
					route: route?.replace( /^\/proxy-health\/v1/, '' ) ?? '',
					start: entry.startTime,
					end: ( entry as PerformanceResourceTiming ).responseEnd,
				};
			} )
			.filter( ( entry ) => entry.route.startsWith( '/' ) )
	);
}

/**
 * The site's own time for a REST request, without a browser: from sending it with the
 * administrator's Application Password to the last byte of the answer.
 *
 * @param siteUrl Site URL.
 * @param caller  Who asks.
 * @param route   REST route.
 * @param method  HTTP method.
 */
async function timedCall(
	siteUrl: string,
	caller: Parameters< typeof call >[ 1 ],
	route: string,
	method = 'GET'
): Promise< number > {
	const started = performance.now();
	const answer = await call( siteUrl, caller, route, { method } );
	if ( answer.status !== 200 ) {
		throw new Error(
			`${ method } ${ route } answered ${ answer.status }.`
		);
	}
	return performance.now() - started;
}

/**
 * Time covered by at least one of the intervals (requests in parallel count once).
 * @param timings
 */
function covered( timings: RestTiming[] ): number {
	const sorted = [ ...timings ].sort( ( a, b ) => a.start - b.start );
	let total = 0;
	let end = -Infinity;
	for ( const { start, end: stop } of sorted ) {
		if ( stop <= end ) {
			continue;
		}
		total += stop - Math.max( start, end );
		end = stop;
	}
	return total;
}

type Marks = Partial< Record< keyof typeof VERDICT, number > >;

/**
 * Runs in the page before its scripts: notes on the page's clock when each verdict first
 * appears, as it is inserted, not when the test driver next looks.
 *
 * @param selectors VERDICT.
 */
function markVerdicts( selectors: typeof VERDICT ): void {
	const marks: Marks = {};
	( window as { proxyHealthBenchMarks?: Marks } ).proxyHealthBenchMarks =
		marks;
	new MutationObserver( () => {
		for ( const which of [ 'stored', 'fresh' ] as const ) {
			if (
				marks[ which ] === undefined &&
				document.querySelector( selectors[ which ] )
			) {
				marks[ which ] = performance.now();
			}
		}
	} ).observe( document, { childList: true, subtree: true } );
}

/**
 * The page's load (the load event's end) and when a verdict appeared, in ms since its
 * navigation started; throws when that verdict never appeared.
 *
 * @param page  The page.
 * @param which Which verdict.
 */
async function pageClock(
	page: Page,
	which: keyof typeof VERDICT
): Promise< { load: number; verdict: number } > {
	const clock = await page.evaluate( ( name ) => {
		const navigation = performance.getEntriesByType(
			'navigation'
		)[ 0 ] as PerformanceNavigationTiming;
		return {
			load: navigation.loadEventEnd,
			verdict: ( window as { proxyHealthBenchMarks?: Marks } )
				.proxyHealthBenchMarks?.[ name ],
		};
	}, which );
	if ( clock.verdict === undefined ) {
		throw new Error( `No ${ which } verdict was marked on the page.` );
	}
	return { load: clock.load, verdict: clock.verdict };
}

export interface PanelTimeToVerdictOptions {
	/** Lab options on top of the bench's own (another plugin folder to compare builds). */
	lab?: Partial< Omit< LabOptions, 'stateDir' > >;
	/** Rounds measured after one warm-up round. */
	rounds?: number;
}

export function benchPanelTimeToVerdict(
	options: PanelTimeToVerdictOptions = {}
): Promise< BenchRow[] > {
	const rounds = options.rounds ?? ROUNDS;
	return withLab(
		{
			runtime: 'php',
			proxyEngine: 'squid',
			scenario: 'wrong-credentials',
			...options.lab,
		},
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
				await page.addInitScript( markVerdicts, VERDICT );
				const url = `${ lab.server.url }/wp-admin/tools.php?page=proxy-health`;
				const loads: number[] = [];
				const never: number[] = [];
				const firsts: number[] = [];
				const verdicts: number[] = [];
				const driven: number[] = [];
				const drivenLoads: number[] = [];
				const perRoute = new Map< string, number[] >();
				const waits: number[] = [];
				const serial: number[] = [];
				const renders: number[] = [];
				const fresh = page.locator( VERDICT.fresh );
				// One warm-up round: the first PHP requests compile code.
				for ( let round = 0; round <= rounds; round++ ) {
					// A site never checked: no stored report, so the panel runs the checks
					// as it opens (the history goes first, outside the measured time).
					await forgetChecks( lab );
					await page.goto( url, { waitUntil: 'load' } );
					await fresh.waitFor( { timeout: 60_000 } );
					const neverChecked = await pageClock( page, 'fresh' );

					// The same site opened again: the verdict just stored shows from the page.
					await page.goto( url, { waitUntil: 'load' } );
					await page
						.locator( VERDICT.stored )
						.waitFor( { timeout: 60_000 } );
					const checkedBefore = await pageClock( page, 'stored' );

					// A fresh verdict: Run checks as soon as the page has loaded.
					const started = performance.now();
					await page.goto( url, { waitUntil: 'load' } );
					const loaded = performance.now();
					await page
						.locator( '#proxy-health-root' )
						.getByRole( 'button', { name: 'Run checks' } )
						.click();
					await fresh.waitFor( { timeout: 60_000 } );
					const shown = performance.now();
					const clicked = await pageClock( page, 'fresh' );
					const timings = ( await restTimings( page ) ).filter(
						( timing ) => timing.end <= clicked.verdict
					);
					if ( round === 0 ) {
						continue;
					}
					loads.push(
						neverChecked.load,
						checkedBefore.load,
						clicked.load
					);
					never.push( neverChecked.verdict );
					firsts.push( checkedBefore.verdict );
					verdicts.push( clicked.verdict );
					drivenLoads.push( loaded - started );
					driven.push( shown - started );
					for ( const timing of timings ) {
						const samples = perRoute.get( timing.route ) ?? [];
						samples.push( timing.end - timing.start );
						perRoute.set( timing.route, samples );
					}
					const wait = covered( timings );
					waits.push( wait );
					const sum = timings.reduce(
						( total, timing ) => total + timing.end - timing.start,
						0
					);
					// Time a request spent waiting for another one to finish first: the sum of
					// the requests minus the time they covered together would be 0 if all ran
					// at once; it is what running them one after another costs.
					serial.push(
						Math.min( sum, wait ) -
							Math.max(
								0,
								...timings.map(
									( timing ) => timing.end - timing.start
								)
							)
					);
					const lastAnswer = Math.max(
						0,
						...timings.map( ( timing ) => timing.end )
					);
					renders.push( Math.max( 0, clicked.verdict - lastAnswer ) );
				}
				// The server's share: each request the first verdict needs, alone and one at a
				// time, and a core REST request that does next to nothing (what any REST call
				// costs this WordPress before the plugin's own work).
				const caller = applicationPasswordCaller( lab.site );
				const server = {
					core: [] as number[],
					status: [] as number[],
					probes: [] as number[],
				};
				for ( let round = 0; round <= rounds; round++ ) {
					const core = await timedCall(
						lab.server.url,
						caller,
						'/wp/v2/users/me'
					);
					const status = await timedCall(
						lab.server.url,
						caller,
						'/proxy-health/v1/status'
					);
					const probes = await timedCall(
						lab.server.url,
						caller,
						'/proxy-health/v1/probes',
						'POST'
					);
					if ( round > 0 ) {
						server.core.push( core );
						server.status.push( status );
						server.probes.push( probes );
					}
				}
				const load = median( loads );
				const first = median( firsts );
				const verdict = median( verdicts );
				const against = (
					name: string,
					ms: number,
					baseline = load
				): BenchRow => ( {
					name,
					measured: `${ ms.toFixed( 0 ) } ms`,
					baseline: `${ baseline.toFixed( 0 ) } ms`,
					ratio: ms / baseline,
				} );
				return [
					against(
						`panel: open a site never checked → first verdict (checks run as the page opens) vs page load, on the page's clock (median of ${ rounds }, Chromium, squid 407)`,
						median( never )
					),
					against(
						"panel: open a site checked before → its stored verdict, vs page load, on the page's clock",
						first
					),
					against(
						"panel: open → Run checks → fresh verdict, vs page load, on the page's clock",
						verdict
					),
					against(
						'panel: open → Run checks → fresh verdict, vs page load, as the test driver sees them (each step waits for a round trip to the browser)',
						median( driven ),
						median( drivenLoads )
					),
					...[ ...perRoute ].map( ( [ route, samples ] ) =>
						against(
							`panel: ${ route } in the browser before the fresh verdict, vs page load`,
							median( samples )
						)
					),
					against(
						'panel: time the REST requests before the fresh verdict cover, vs page load',
						median( waits )
					),
					against(
						'panel: of it, requests waiting for one another (one after another), vs page load',
						median( serial )
					),
					against(
						'panel: last REST answer → verdict on screen (rendering), vs page load',
						median( renders )
					),
					against(
						'site alone: GET /wp/v2/users/me (any REST request), vs page load',
						median( server.core )
					),
					against(
						'site alone: GET /status, vs page load',
						median( server.status )
					),
					against(
						'site alone: POST /probes (probe work through squid), vs page load',
						median( server.probes )
					),
				];
			} finally {
				await browser.close();
			}
		}
	);
}
