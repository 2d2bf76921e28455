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
 * @param targets   Sites (already sharded): an array, or any iterable, taken one at a time; if it
 *                  throws, no further site starts and the error is rethrown once the sites in
 *                  flight are done.
 * @param options   Concurrency, timeout, retries, signal.
 * @param callbacks Where each result goes.
 */
export async function streamBatch(
	targets: Iterable< SiteTarget >,
	options: BatchOptions,
	callbacks: StreamCallbacks
): Promise< StreamOutcome > {
	const started = performance.now();
	const signal = options.signal;
	// Taken one at a time as workers free up: a generator (a sites file read as the run goes)
	// is never held whole.
	const iterator = targets[ Symbol.iterator ]();
	let exhausted = false;
	let failure: { error: unknown } | null = null;
	let next = 0;
	let done = 0;
	const take = (): SiteTarget | undefined => {
		if ( exhausted ) {
			return undefined;
		}
		try {
			const step = iterator.next();
			if ( ! step.done ) {
				return step.value;
			}
		} catch ( error ) {
			failure ??= { error };
		}
		exhausted = true;
		return undefined;
	};
	const run = async () => {
		while ( ! signal?.aborted ) {
			const target = take();
			if ( ! target ) {
				return;
			}
			const index = next++;
			const result = await checkSite( target, options );
			if ( signal?.aborted ) {
				return;
			}
			done++;
			await callbacks.onSiteDone( result, index );
		}
	};
	const workers = Math.max(
		1,
		Math.min(
			options.concurrency,
			Array.isArray( targets ) ? targets.length : options.concurrency
		)
	);
	await Promise.all( Array.from( { length: workers }, run ) );
	if ( failure ) {
		throw ( failure as { error: unknown } ).error;
	}
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
