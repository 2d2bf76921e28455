/**
 * `npm run bench`: every benchmark, one table of ratios. Figures are reported, never asserted.
 */

/**
 * External dependencies
 */
import os from 'node:os';

/**
 * Internal dependencies
 */
import { benchBatch } from './batch';
import { benchBundleSize } from './bundle-size';
import { benchPanelTimeToVerdict } from './panel-time-to-verdict';
import { benchProbeGrid } from './probe-grid';
import { benchStatusRoute } from './status-route';
import type { BenchRow } from './types';

const BENCHMARKS: Array< () => Promise< BenchRow[] > > = [
	benchBundleSize,
	async () => ( await import( './cli-startup' ) ).benchCliStartup(),
	benchPanelTimeToVerdict,
	benchStatusRoute,
	benchProbeGrid,
	benchBatch,
	async () => ( await import( './fleet-batch' ) ).benchFleetBatch(),
	async () => ( await import( './bisection' ) ).benchBisection(),
	async () => ( await import( './front-end-cost' ) ).benchFrontEndCost(),
	async () =>
		( await import( './evidence-overhead' ) ).benchEvidenceOverhead(),
];

async function main(): Promise< void > {
	const rows: BenchRow[] = [];
	for ( const bench of BENCHMARKS ) {
		rows.push( ...( await bench() ) );
	}
	const cpu = os.cpus()[ 0 ]?.model ?? 'unknown CPU';
	console.log(
		`Machine: ${ os.cpus().length } × ${ cpu }, ${ Math.round(
			os.totalmem() / 2 ** 30
		) } GiB, Node ${ process.version }\n`
	);
	console.log( '| benchmark | measured | baseline | ratio |' );
	console.log( '|---|---|---|---|' );
	for ( const row of rows ) {
		console.log(
			`| ${ row.name } | ${ row.measured } | ${
				row.baseline
			} | ${ row.ratio.toFixed( 2 ) } |`
		);
	}
}

main().catch( ( error: Error ) => {
	console.error( error.stack ?? error.message );
	process.exitCode = 1;
} );
