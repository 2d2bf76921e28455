/**
 * `proxy-health batch` at fleet scale, measuring the CLI rather than the sites: the real binary
 * (child process, peak RSS from the kernel) against the stub fleet (bench/support/stub-fleet.ts,
 * one local server answering for every site with answers recorded from a lab site: 90 % pass,
 * 4 % the site's 407, 2 % each of timeouts, 5xx and bad JSON).
 *
 * - Concurrency 8 and 32 vs 1 over 128 sites (20 ms /status, 80 ms /probes, --timeout 1):
 *   wall time of the whole command, start-up included.
 * - 1,000 and 10,000 sites at concurrency 128 with 100 ms /status and 500 ms /probes (a site's
 *   ideal is 0.6 s, so the ideal rate is 213 sites/s): sites per second, and peak RSS against
 *   the 120 MB target, with the JSON report (the format that used to hold every site).
 * - 50,000 sites with 10/40 ms answers, to keep the run short: peak RSS.
 *
 * `npx tsx bench/fleet-batch.ts rss 1000,50000 before=<old index.cjs> after=dist/cli/index.cjs`
 * compares the peak RSS of builds side by side (kept next to the repository, e.g. in dist/, so
 * they find the runtime dependencies). `SITES_FORMAT=csv` gives the fleet a CSV sites file.
 */

/**
 * External dependencies
 */
import { spawn } from 'node:child_process';
import {
	closeSync,
	mkdtempSync,
	openSync,
	readSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { startStubFleet } from './support/stub-fleet';
import type { BenchRow } from './types';

const REPO = path.resolve( __dirname, '..' );
const PASSWORD = 'bench-stub-app-password';
const TARGET_MIB = 120;

interface CliRun {
	wallMs: number;
	maxRssKb: number;
	total: number;
}

/**
 * Runs the real binary over a sites file; resolves with wall time and peak RSS.
 *
 * @param sitesFile   Sites.
 * @param concurrency --concurrency.
 * @param timeout     --timeout in seconds.
 * @param dir         Scratch folder.
 * @param bundle      Another build of the CLI (a dist/cli/index.cjs) instead of the bin's.
 */
function runCli(
	sitesFile: string,
	concurrency: number,
	timeout: number,
	dir: string,
	bundle?: string
): Promise< CliRun > {
	const output = path.join( dir, 'report.json' );
	return new Promise( ( resolve, reject ) => {
		const started = performance.now();
		const child = spawn(
			process.execPath,
			[
				'--require',
				path.join( __dirname, 'support', 'max-rss.cjs' ),
				...( bundle
					? [
							path.join( __dirname, 'support', 'run-bundle.cjs' ),
							bundle,
						]
					: [ path.join( REPO, 'bin', 'proxy-health.mjs' ) ] ),
				'batch',
				sitesFile,
				'--concurrency',
				String( concurrency ),
				'--timeout',
				String( timeout ),
				'--retries',
				'0',
				'--format',
				'json',
				'--output',
				output,
				'--quiet',
			],
			{
				cwd: REPO,
				env: {
					PATH: process.env.PATH,
					HOME: process.env.HOME,
					STUB_PASSWORD: PASSWORD,
				},
				stdio: [ 'ignore', 'ignore', 'pipe' ],
			}
		);
		let stderr = '';
		child.stderr?.on( 'data', ( chunk: Buffer ) => {
			stderr += chunk.toString();
		} );
		child.on( 'error', reject );
		child.on( 'close', ( code ) => {
			const wallMs = performance.now() - started;
			const rss = /PROXY_HEALTH_BENCH_MAX_RSS_KB=(\d+)/.exec( stderr );
			// Exit 1: the mix has failing sites by design.
			if ( code !== 1 || ! rss ) {
				reject(
					new Error(
						`proxy-health batch (stub fleet): exit ${ code }\n${ stderr.slice( -2000 ) }`
					)
				);
				return;
			}
			// The summary comes before the sites; the whole report can be larger than a string
			// may be (50,000 sites: over 512 MB), so read only its head.
			const head = Buffer.alloc( 64 * 1024 );
			const fd = openSync( output, 'r' );
			const read = readSync( fd, head, 0, head.length, 0 );
			closeSync( fd );
			const total = /"summary": \{\s*"total": (\d+)/.exec(
				head.subarray( 0, read ).toString( 'utf8' )
			);
			if ( ! total ) {
				reject( new Error( 'The JSON report has no summary.' ) );
				return;
			}
			resolve( {
				wallMs,
				maxRssKb: Number( rss[ 1 ] ),
				total: Number( total[ 1 ] ),
			} );
		} );
	} );
}

/** The stub fleet's sites file: a JSON array, or CSV with `SITES_FORMAT=csv`. */
const SITES_FORMAT = process.env.SITES_FORMAT === 'csv' ? 'csv' : 'json';

async function withFleet< T >(
	count: number,
	statusMs: number,
	probesMs: number,
	dir: string,
	work: ( sitesFile: string ) => Promise< T >
): Promise< T > {
	const fleet = await startStubFleet( {
		password: PASSWORD,
		statusMs,
		probesMs,
	} );
	try {
		const sitesFile = path.join(
			dir,
			`sites-${ count }.${ SITES_FORMAT }`
		);
		const urls = Array.from( { length: count }, ( _v, n ) =>
			fleet.siteUrl( n )
		);
		writeFileSync(
			sitesFile,
			SITES_FORMAT === 'csv'
				? [
						'url,user,passwordEnv',
						...urls.map(
							( url ) => `${ url },admin,STUB_PASSWORD`
						),
						'',
					].join( '\n' )
				: JSON.stringify(
						urls.map( ( url ) => ( {
							url,
							user: 'admin',
							passwordEnv: 'STUB_PASSWORD',
						} ) )
					)
		);
		return await work( sitesFile );
	} finally {
		await fleet.stop();
	}
}

const mib = ( kb: number ) => `${ ( kb / 1024 ).toFixed( 0 ) } MiB`;
const sites = ( count: number ) => count.toLocaleString( 'en-US' );

export async function benchFleetBatch(): Promise< BenchRow[] > {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-fleet-' ) );
	const rows: BenchRow[] = [];
	try {
		// Concurrency: 128 sites, 20 + 80 ms per site.
		await withFleet( 128, 20, 80, dir, async ( file ) => {
			const one = await runCli( file, 1, 1, dir );
			for ( const concurrency of [ 8, 32 ] ) {
				const run = await runCli( file, concurrency, 1, dir );
				rows.push( {
					name: `batch, stub fleet of 128 sites (20 + 80 ms, 2 % timeouts at --timeout 1), concurrency ${ concurrency } vs 1 (wall time of the CLI, start-up included)`,
					measured: `${ ( run.wallMs / 1000 ).toFixed( 2 ) } s`,
					baseline: `${ ( one.wallMs / 1000 ).toFixed( 2 ) } s`,
					ratio: run.wallMs / one.wallMs,
				} );
			}
		} );

		// Scale: the setup (100 + 500 ms per site), concurrency 128.
		const rss = new Map< number, number >();
		for ( const count of [ 1_000, 10_000 ] ) {
			await withFleet( count, 100, 500, dir, async ( file ) => {
				const run = await runCli( file, 128, 2, dir );
				rss.set( count, run.maxRssKb );
				if ( count === 10_000 ) {
					const rate = ( run.total / run.wallMs ) * 1000;
					const ideal = 128 / 0.6;
					rows.push( {
						name: `batch, stub fleet of ${ sites(
							count
						) } sites (100 + 500 ms), concurrency 128: sites per second vs the ideal 128 / 0.6 s`,
						measured: `${ rate.toFixed( 0 ) } sites/s (${ (
							run.wallMs / 1000
						).toFixed( 0 ) } s)`,
						baseline: `${ ideal.toFixed( 0 ) } sites/s`,
						ratio: rate / ideal,
					} );
				}
			} );
		}
		// 50,000 sites with short answers, so the run stays short.
		await withFleet( 50_000, 10, 40, dir, async ( file ) => {
			const run = await runCli( file, 128, 2, dir );
			rss.set( 50_000, run.maxRssKb );
		} );
		for ( const count of [ 1_000, 10_000, 50_000 ] ) {
			const kb = rss.get( count ) ?? 0;
			rows.push( {
				name: `proxy-health batch peak RSS (CLI process, concurrency 128, --format json), ${ sites(
					count
				) } stub sites vs the ${ TARGET_MIB } MB target`,
				measured: mib( kb ),
				baseline: `${ TARGET_MIB } MiB`,
				ratio: kb / 1024 / TARGET_MIB,
			} );
		}
		const base = rss.get( 1_000 ) ?? 1;
		rows.push( {
			name: 'proxy-health batch peak RSS, 50,000 vs 1,000 stub sites (flat in the fleet size)',
			measured: mib( rss.get( 50_000 ) ?? 0 ),
			baseline: mib( base ),
			ratio: ( rss.get( 50_000 ) ?? 0 ) / base,
		} );
		return rows;
	} finally {
		rmSync( dir, { recursive: true, force: true } );
	}
}

/**
 * Peak RSS of several builds of the CLI side by side (`npx tsx bench/fleet-batch.ts rss
 * <counts> <name=bundle.cjs>…`): for each fleet size, each build in turn on the same stub fleet,
 * `rounds` times, alternating; prints the median per build and size.
 *
 * @param counts  Fleet sizes.
 * @param bundles Name → bundle file (dist/cli/index.cjs or a copy of an older build).
 * @param rounds  Runs per build and size.
 */
export async function compareFleetPeakRss(
	counts: number[],
	bundles: Record< string, string >,
	rounds = 3
): Promise< Map< string, Map< number, number[] > > > {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-fleet-' ) );
	const all = new Map< string, Map< number, number[] > >();
	try {
		for ( const count of counts ) {
			// The latency for 1k and 10k; 50k with short answers.
			const [ statusMs, probesMs ] =
				count > 10_000 ? [ 10, 40 ] : [ 100, 500 ];
			await withFleet( count, statusMs, probesMs, dir, async ( file ) => {
				for ( let round = 0; round < rounds; round++ ) {
					for ( const [ name, bundle ] of Object.entries(
						bundles
					) ) {
						const run = await runCli( file, 128, 2, dir, bundle );
						const byCount = all.get( name ) ?? new Map();
						all.set( name, byCount );
						const samples = byCount.get( count ) ?? [];
						byCount.set( count, samples );
						samples.push( run.maxRssKb );
						process.stderr.write(
							`${ name } ${ sites( count ) }: ${ mib( run.maxRssKb ) } (${ (
								run.wallMs / 1000
							).toFixed( 0 ) } s, ${ run.total } sites)\n`
						);
					}
				}
			} );
		}
		return all;
	} finally {
		rmSync( dir, { recursive: true, force: true } );
	}
}

if ( require.main === module && process.argv[ 2 ] === 'rss' ) {
	const counts = ( process.argv[ 3 ] ?? '1000,10000,50000' )
		.split( ',' )
		.map( Number );
	const bundles = Object.fromEntries(
		process.argv.slice( 4 ).map( ( pair ) => {
			const [ name, file ] = pair.split( '=' );
			return [ name as string, path.resolve( file as string ) ];
		} )
	);
	const rounds = Number( process.env.ROUNDS ?? 3 );
	compareFleetPeakRss( counts, bundles, rounds ).then( ( all ) => {
		for ( const [ name, byCount ] of all ) {
			for ( const [ count, samples ] of byCount ) {
				const sorted = [ ...samples ].sort( ( a, b ) => a - b );
				const median = sorted[ Math.floor( sorted.length / 2 ) ] ?? 0;
				console.log(
					`${ name }\t${ sites( count ) }\tmedian ${ mib( median ) }\t(${ sorted
						.map( mib )
						.join( ', ' ) })`
				);
			}
		}
	} );
}
