/**
 * `proxy-health --help`, start to exit: the built bin (bin/proxy-health.mjs running the
 * esbuild bundle dist/cli/index.cjs) against the TypeScript sources through tsx, as the bin ran
 * before the bundle (bench/support/cli-from-sources.mjs). Wall time and peak RSS, each the
 * median of several alternating runs after one warm-up (tsx keeps a transform cache, so it is
 * warm too).
 */

/**
 * External dependencies
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * Internal dependencies
 */
import type { BenchRow } from './types';

const REPO = path.resolve( __dirname, '..' );
const RUNS = 9;
const MAX_RSS = path.join( __dirname, 'support', 'max-rss.cjs' );

const median = ( values: number[] ): number => {
	const sorted = [ ...values ].sort( ( a, b ) => a - b );
	return sorted[ Math.floor( sorted.length / 2 ) ] as number;
};

/**
 * Runs `script --help` once: milliseconds from spawn to exit, and the peak RSS in KiB.
 *
 * @param script Entry file.
 */
function once( script: string ): { ms: number; rssKb: number } {
	const started = performance.now();
	const result = spawnSync(
		process.execPath,
		[ '--require', MAX_RSS, script, '--help' ],
		{ cwd: REPO, encoding: 'utf8' }
	);
	const ms = performance.now() - started;
	const kb = /PROXY_HEALTH_BENCH_MAX_RSS_KB=(\d+)/.exec(
		result.stderr
	)?.[ 1 ];
	if ( result.status !== 0 || ! kb ) {
		throw new Error(
			`bench cli-startup: ${ script } --help failed:\n${ result.stderr }`
		);
	}
	return { ms, rssKb: Number( kb ) };
}

/**
 * Runs both entries RUNS times, alternating so a busy machine weighs on both alike, after one
 * warm-up each; returns their medians.
 *
 * @param scripts Entry files.
 */
function measure( scripts: string[] ): Array< { ms: number; rssKb: number } > {
	const runs = scripts.map(
		() => [] as Array< { ms: number; rssKb: number } >
	);
	for ( let run = 0; run <= RUNS; run++ ) {
		scripts.forEach( ( script, index ) => {
			const result = once( script );
			if ( run > 0 ) {
				runs[ index ]?.push( result );
			}
		} );
	}
	return runs.map( ( results ) => ( {
		ms: median( results.map( ( r ) => r.ms ) ),
		rssKb: median( results.map( ( r ) => r.rssKb ) ),
	} ) );
}

export async function benchCliStartup(): Promise< BenchRow[] > {
	const build = spawnSync( 'npm', [ 'run', 'build:cli', '--silent' ], {
		cwd: REPO,
		encoding: 'utf8',
	} );
	if ( build.status !== 0 ) {
		throw new Error(
			`bench cli-startup: build failed:\n${ build.stderr }`
		);
	}
	const [ bundle, sources ] = measure( [
		path.join( REPO, 'bin', 'proxy-health.mjs' ),
		path.join( __dirname, 'support', 'cli-from-sources.mjs' ),
	] ) as [ { ms: number; rssKb: number }, { ms: number; rssKb: number } ];
	return [
		{
			name: `proxy-health --help wall time: bundle / tsx sources (median of ${ RUNS })`,
			measured: `${ bundle.ms.toFixed( 0 ) } ms`,
			baseline: `${ sources.ms.toFixed( 0 ) } ms`,
			ratio: bundle.ms / sources.ms,
		},
		{
			name: `proxy-health --help peak RSS: bundle / tsx sources (median of ${ RUNS })`,
			measured: `${ ( bundle.rssKb / 1024 ).toFixed( 1 ) } MiB`,
			baseline: `${ ( sources.rssKb / 1024 ).toFixed( 1 ) } MiB`,
			ratio: bundle.rssKb / sources.rssKb,
		},
	];
}
