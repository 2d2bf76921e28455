/**
 * `proxy-health batch` over a fleet of 50 real lab sites: wall time at concurrency 1, 8 and 16
 * (bound by the lab's CPU, not the CLI's: every site's PHP shares this machine's cores; the
 * CLI itself is measured against the stub fleet in fleet-batch.ts)
 * (the real `runBatch` library function and its Node transport), and the peak RSS of the real
 * CLI binary, run as a child process, for fleets of 10, 25 and 50 sites.
 *
 * Every site is a real WordPress (SQLite) with Proxy Health active behind the lab's squid with
 * the right credentials, served by its own `php -S` (one worker, OPcache on); the sites share
 * one WordPress code tree (wp-admin and wp-includes are hard links into the core cache). Each
 * check is `GET /status` plus `POST /probes` through squid to the lab targets.
 */

/**
 * External dependencies
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { runBatch } from '../src/cli/lib/batch';
import type { SiteTarget } from '../src/cli/lib/check-site';
import { Secret } from '../src/cli/lib/secret';
import { withLab } from '../src/lab/scenario';
import { startFleet, type FleetSite } from './support/fleet';
import type { BenchRow } from './types';

const SITES = 50;
const CONCURRENCY = [ 1, 8, 16 ] as const;
const RUNS = 3;
const FLEETS = [ 10, 25, 50 ] as const;
const REPO = path.resolve( __dirname, '..' );

const median = ( values: number[] ): number => {
	const sorted = [ ...values ].sort( ( a, b ) => a - b );
	return sorted[ Math.floor( sorted.length / 2 ) ] as number;
};

async function timedBatch(
	targets: SiteTarget[],
	concurrency: number
): Promise< number > {
	const started = performance.now();
	const report = await runBatch( targets, {
		concurrency,
		timeoutMs: 60_000,
		retries: 0,
		env: {},
	} );
	if ( report.summary.passed !== targets.length ) {
		const failed = report.sites.find( ( site ) => ! site.ok );
		throw new Error(
			`bench batch: ${ report.summary.passed }/${
				targets.length
			} sites passed; first failure: ${ JSON.stringify(
				failed?.error ?? failed?.verdict
			) }`
		);
	}
	return performance.now() - started;
}

/**
 * Runs the real `proxy-health` binary over the first `count` sites and returns its peak RSS.
 *
 * @param sites Fleet.
 * @param count Sites in the sites file.
 * @param dir   Scratch folder.
 */
function cliPeakRssKb(
	sites: FleetSite[],
	count: number,
	dir: string
): Promise< number > {
	const fleet = sites.slice( 0, count );
	const sitesFile = path.join( dir, `sites-${ count }.json` );
	const output = path.join( dir, `report-${ count }.json` );
	const passwords: Record< string, string > = {};
	writeFileSync(
		sitesFile,
		JSON.stringify(
			fleet.map( ( { site, server }, k ) => {
				passwords[ `PROXY_HEALTH_BENCH_PASSWORD_${ k }` ] =
					site.admin.applicationPassword;
				return {
					url: server.url,
					user: site.admin.username,
					passwordEnv: `PROXY_HEALTH_BENCH_PASSWORD_${ k }`,
				};
			} )
		)
	);
	return new Promise( ( resolve, reject ) => {
		const child = spawn(
			process.execPath,
			[
				'--require',
				path.join( __dirname, 'support', 'max-rss.cjs' ),
				path.join( REPO, 'bin', 'proxy-health.mjs' ),
				'batch',
				sitesFile,
				'--concurrency',
				'8',
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
				// No proxy variables: the sites are on loopback and the CLI must reach them directly.
				env: {
					PATH: process.env.PATH,
					HOME: process.env.HOME,
					...passwords,
				},
				stdio: [ 'ignore', 'ignore', 'pipe' ],
			}
		);
		let stderr = '';
		child.stderr?.on( 'data', ( chunk: Buffer ) => {
			stderr += chunk.toString();
		} );
		const timer = setTimeout( () => child.kill( 'SIGKILL' ), 120_000 );
		child.on( 'error', reject );
		child.on( 'close', ( code ) => {
			clearTimeout( timer );
			const rss = /PROXY_HEALTH_BENCH_MAX_RSS_KB=(\d+)/.exec( stderr );
			const summary = code === 0 ? readSummary( output ) : null;
			if ( code !== 0 || ! rss || summary?.passed !== count ) {
				reject(
					new Error(
						`proxy-health batch over ${ count } sites: exit ${ code }, ${ JSON.stringify(
							summary
						) }\n${ stderr.slice( -2000 ) }`
					)
				);
				return;
			}
			resolve( Number( rss[ 1 ] ) );
		} );
	} );
}

function readSummary( file: string ): { passed: number } | null {
	try {
		return (
			JSON.parse( readFileSync( file, 'utf8' ) ) as {
				summary: { passed: number };
			}
		 ).summary;
	} catch {
		return null;
	}
}

export async function benchBatch(): Promise< BenchRow[] > {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-batch-' ) );
	try {
		return await withLab(
			{
				runtime: 'php',
				proxyEngine: 'squid',
				scenario: 'right-credentials',
			},
			async ( lab ) => {
				const fleet = await startFleet(
					lab,
					SITES,
					path.join( dir, 'fleet' )
				);
				try {
					const targets: SiteTarget[] = fleet.sites.map(
						( { site, server } ) => ( {
							url: server.url,
							user: site.admin.username,
							password: new Secret(
								site.admin.applicationPassword
							),
						} )
					);
					// Each site's first requests compile WordPress into its OPcache and run its
					// first cron; the fleet is measured warm, as a fleet in service would be.
					await timedBatch( targets, 2 );
					const wall = new Map< number, number[] >();
					for ( let run = 0; run < RUNS; run++ ) {
						for ( const concurrency of CONCURRENCY ) {
							wall.set( concurrency, [
								...( wall.get( concurrency ) ?? [] ),
								await timedBatch( targets, concurrency ),
							] );
						}
					}
					const one = median( wall.get( 1 ) ?? [] );
					const rows: BenchRow[] = [ 8, 16 ].map( ( concurrency ) => {
						const ms = median( wall.get( concurrency ) ?? [] );
						return {
							name: `batch ${ SITES } lab sites (php -S each, squid), concurrency ${ concurrency } vs 1 (wall time, median of ${ RUNS }; bound by the lab's CPU: every site runs on this machine's cores, see the stub fleet rows for the CLI)`,
							measured: `${ ( ms / 1000 ).toFixed( 2 ) } s`,
							baseline: `${ ( one / 1000 ).toFixed( 2 ) } s`,
							ratio: ms / one,
						};
					} );

					const rss = new Map< number, number >();
					for ( const count of FLEETS ) {
						rss.set(
							count,
							await cliPeakRssKb( fleet.sites, count, dir )
						);
					}
					const smallest = FLEETS[ 0 ];
					const base = rss.get( smallest ) ?? 1;
					const mib = ( kb: number ) =>
						`${ ( kb / 1024 ).toFixed( 0 ) } MiB`;
					for ( const count of FLEETS.slice( 1 ) ) {
						const kb = rss.get( count ) ?? 0;
						rows.push( {
							name: `proxy-health batch peak RSS (CLI process, concurrency 8), ${ count } vs ${ smallest } sites`,
							measured: mib( kb ),
							baseline: mib( base ),
							ratio: kb / base,
						} );
					}
					return rows;
				} finally {
					await fleet.stop();
				}
			}
		);
	} finally {
		rmSync( dir, { recursive: true, force: true } );
	}
}
