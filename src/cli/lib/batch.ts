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
import { mapWithConcurrency } from './queue';
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
	sites: SiteResult[];
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
 * Checks every target with at most `concurrency` in flight. Never rejects for a site's sake.
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
	const started = performance.now();
	const generatedAt = new Date().toISOString();
	let done = 0;
	const sites = await mapWithConcurrency(
		targets,
		options.concurrency,
		async ( target ) => {
			const result = await checkSite( target, options );
			done++;
			callbacks.onSiteDone?.( result, done, targets.length );
			return result;
		}
	);
	return {
		tool: 'proxy-health',
		version,
		generatedAt,
		durationMs: Math.round( performance.now() - started ),
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
