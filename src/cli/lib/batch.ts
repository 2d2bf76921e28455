/**
 * `batch`: many sites, a bounded number at a time, each with its own timeout and retries.
 * One site's failure is recorded and the batch goes on.
 */

/**
 * Internal dependencies
 */
import {
	checkSite,
	type CheckOptions,
	type SiteResult,
	type SiteTarget,
} from './check-site';
import type { Shard } from './shard';

export interface BatchOptions extends CheckOptions {
	/** Sites in flight at once. */
	concurrency: number;
	shard?: Shard | null;
}

export interface BatchCallbacks {
	/** After each site, in completion order. */
	onSiteDone?: ( result: SiteResult, done: number, total: number ) => void;
}

export interface StreamCallbacks {
	/**
	 * After each site, in completion order, with the site's position in `targets`. The next
	 * site of this worker waits for the returned promise (backpressure from the report).
	 */
	onSiteDone: ( result: SiteResult, index: number ) => void | Promise< void >;
}

export interface StreamOutcome {
	durationMs: number;
	/** Sites reported through `onSiteDone`. */
	done: number;
	/** The signal aborted: sites not started and sites in flight were left out. */
	interrupted: boolean;
}

export interface BatchSummary {
	total: number;
	/** Probes ran and the verdict is pass or warn. */
	passed: number;
	/** Probes ran and the verdict is fail. */
	failed: number;
	/** The site could not be checked (DNS, TLS, 401, plugin missing, timeout, …). */
	errors: number;
}

/** The batch's JSON document (`--format json`). */
export interface BatchReport {
	tool: 'proxy-health';
	version: string;
	generatedAt: string;
	durationMs: number;
	shard: Shard | null;
	summary: BatchSummary;
	/** Present (true) only when Ctrl-C stopped the run: `sites` holds the sites checked. */
	interrupted?: boolean;
	sites: SiteResult[];
}

/** Everything in a batch report but the sites: what the streaming reporters write around them. */
export type BatchMeta = Omit< BatchReport, 'sites' >;

/** A summary with nothing counted. */
export function emptySummary(): BatchSummary {
	return { total: 0, passed: 0, failed: 0, errors: 0 };
}

/**
 * Counts one more site into a summary (in place).
 *
 * @param summary Running counts.
 * @param site    Result.
 */
export function countSite( summary: BatchSummary, site: SiteResult ): void {
	summary.total++;
	if ( site.ok ) {
		summary.passed++;
	} else if ( site.error ) {
		summary.errors++;
	} else {
		summary.failed++;
	}
}

/**
 * Summary counts.
 *
 * @param sites Results.
 */
export function summarise( sites: readonly SiteResult[] ): BatchSummary {
	return {
		total: sites.length,
		passed: sites.filter( ( site ) => site.ok ).length,
		failed: sites.filter( ( site ) => ! site.ok && ! site.error ).length,
		errors: sites.filter( ( site ) => site.error ).length,
	};
}

/**
 * Checks every target with at most `concurrency` in flight and hands each result over as it
 * finishes; nothing is kept here, so memory does not grow with the fleet. Never rejects for a
 * site's sake. When `options.signal` aborts, no further site starts, requests in flight are
 * aborted and their sites are not reported (they were not checked).
 *
 * @param targets   Sites (already sharded).
 * @param options   Concurrency, timeout, retries, signal.
 * @param callbacks Where each result goes.
 */
export async function streamBatch(
	targets: readonly SiteTarget[],
	options: BatchOptions,
	callbacks: StreamCallbacks
): Promise< StreamOutcome > {
	const started = performance.now();
	const signal = options.signal;
	let next = 0;
	let done = 0;
	const run = async () => {
		while ( next < targets.length && ! signal?.aborted ) {
			const index = next++;
			const result = await checkSite(
				targets[ index ] as SiteTarget,
				options
			);
			if ( signal?.aborted ) {
				return;
			}
			done++;
			await callbacks.onSiteDone( result, index );
		}
	};
	const workers = Math.max(
		1,
		Math.min( options.concurrency, targets.length )
	);
	await Promise.all( Array.from( { length: workers }, run ) );
	return {
		durationMs: Math.round( performance.now() - started ),
		done,
		interrupted: signal?.aborted === true,
	};
}

/**
 * Checks every target with at most `concurrency` in flight and returns the whole report,
 * sites in input order. Holds every result: for large fleets use `streamBatch`.
 *
 * @param targets   Sites (already sharded).
 * @param options   Concurrency, timeout, retries.
 * @param callbacks Progress.
 * @param version   CLI version for the report.
 */
export async function runBatch(
	targets: readonly SiteTarget[],
	options: BatchOptions,
	callbacks: BatchCallbacks = {},
	version = '0.0.0'
): Promise< BatchReport > {
	const generatedAt = new Date().toISOString();
	const results = new Array< SiteResult >( targets.length );
	let done = 0;
	const outcome = await streamBatch( targets, options, {
		onSiteDone: ( result, index ) => {
			results[ index ] = result;
			done++;
			callbacks.onSiteDone?.( result, done, targets.length );
		},
	} );
	const sites = results.filter( ( site ) => site !== undefined );
	return {
		tool: 'proxy-health',
		version,
		generatedAt,
		durationMs: outcome.durationMs,
		shard: options.shard ?? null,
		summary: summarise( sites ),
		sites,
	};
}

/**
 * 0 when every site passes, 1 otherwise (an empty shard passes).
 *
 * @param report Batch report.
 */
export function batchExitCode( report: BatchReport ): 0 | 1 {
	return report.sites.every( ( site ) => site.ok ) ? 0 : 1;
}
