/**
 * Bisection: probes used by the default search (mode `ddmin`: halving first, ddmin when halving
 * cannot tell), classic ddmin (from the whole set, the default before 0.2.0) and one plugin at a
 * time, and clone time against database size.
 *
 * - Probe counts for N = 8, 16, 32, 64: the plugin's real search (`Search` over `Binary_Split`,
 *   `Ddmin` and `One_By_One`, PHP CLI, no WordPress) replayed against a synthetic probe, as
 *   `Bisector` does on a site (probesUsed is the number of recorded steps, baselines and
 *   confirmations included): a single culprit at seeded random positions, and a pair that fails
 *   only together. Target: at most ⌈log2 N⌉ + 3 probes for a single culprit, reported as max
 *   probes / bound.
 * - Wall time for N = 8 and 16 on a real lab (php -S, squid, right credentials), every step sent
 *   by the site to itself, driven by a PHP CLI helper (the REST route does not offer classic
 *   ddmin) in activation order (a run's suspect order would move the culprit fixture first),
 *   single culprit at the first three seeds' positions, pair at the first seed's:
 *   harmless plugins generated into the lab's state folder, each with a pass-through
 *   `http_request_args` filter so the Hooks inspector cannot single the culprit out and the
 *   search order stays the activation order; the culprit is the bisect-bad-proxy-auth fixture,
 *   the pair is generated the same way (one arms, the other switches the proxy to NTLM).
 * - Clone time: the options table grown to about 1k, 10k and 50k rows by a lab-only script,
 *   the real Table_Cloner making a light and a full clone (median of 5).
 */

/**
 * External dependencies
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { startLab, type Lab } from '../src/lab/scenario';
import type { BenchRow } from './types';

const SIZES = [ 8, 16, 32, 64 ] as const;
const WALL_SIZES = [ 8, 16 ] as const;
const SEEDS = [ 1, 2, 3, 4, 5 ] as const;
const OPTION_ROWS = [ 1_000, 10_000, 50_000 ] as const;
const CLONE_REPEATS = 5;
const CULPRIT = 'bisect-bad-proxy-auth/bisect-bad-proxy-auth.php';
const PAIR = [
	'bench-pair-arm/bench-pair-arm.php',
	'bench-pair-trigger/bench-pair-trigger.php',
] as const;
const FIXTURE = path.resolve(
	__dirname,
	'..',
	'tests',
	'fixtures',
	'plugins',
	'bisect-bad-proxy-auth'
);
const SUPPORT = path.join( __dirname, 'support' );

interface SearchResult {
	probes: number;
	conclusion: string;
	culprits: string[][];
}

interface CountResult {
	n: number;
	culprit: number[];
	ddmin: SearchResult;
	classic: SearchResult;
	oneByOne: SearchResult;
}

/** Search modes timed on the lab: the default, classic ddmin, one at a time. */
const MODES = [ 'ddmin', 'ddmin-classic', 'one-by-one' ] as const;
type Mode = ( typeof MODES )[ number ];

interface Run {
	status: string;
	conclusion?: string;
	culprits: string[][];
	probesUsed: number;
}

/**
 * Seeded uniform numbers in [0, 1) from a hash: the same positions on every run.
 *
 * @param seed Seed text.
 */
function random( seed: string ): () => number {
	const bytes = createHash( 'sha256' ).update( seed ).digest();
	let k = 0;
	return () => bytes.readUInt32BE( 4 * ( k++ % 8 ) ) / 2 ** 32;
}

/**
 * Culprit positions for one seed: a single index, and two distinct indexes in order.
 *
 * @param n    Plugins.
 * @param seed Seed.
 */
function positions(
	n: number,
	seed: number
): { single: number; pair: [ number, number ] } {
	const next = random( `proxy-health-bench:${ n }:${ seed }` );
	const single = Math.floor( next() * n );
	const first = Math.floor( next() * n );
	let second = Math.floor( next() * ( n - 1 ) );
	if ( second >= first ) {
		second++;
	}
	return {
		single,
		pair: [ Math.min( first, second ), Math.max( first, second ) ],
	};
}

const run = ( command: string, args: string[], what: string ): string => {
	const result = spawnSync( command, args, {
		encoding: 'utf8',
		timeout: 300_000,
		maxBuffer: 64 * 1024 * 1024,
	} );
	if ( result.status !== 0 ) {
		throw new Error(
			`${ what } failed: ${ result.error?.message ?? '' }${
				result.stderr
			}${ result.stdout.slice( -2000 ) }`
		);
	}
	return result.stdout;
};

const bound = ( n: number ) => Math.ceil( Math.log2( n ) ) + 3;
const mean = ( values: number[] ) =>
	values.reduce( ( sum, value ) => sum + value, 0 ) / values.length;
const median = ( values: number[] ): number => {
	const sorted = [ ...values ].sort( ( a, b ) => a - b );
	return sorted[ Math.floor( sorted.length / 2 ) ] as number;
};

/** Probe counts from the plugin's own search classes, for every size, seed and culprit shape. */
function probeCountRows(): BenchRow[] {
	const cases = SIZES.flatMap( ( n ) =>
		SEEDS.flatMap( ( seed ) => {
			const { single, pair } = positions( n, seed );
			return [
				{ n, culprit: [ single ] },
				{ n, culprit: pair },
			];
		} )
	);
	const results = JSON.parse(
		run(
			'php',
			[
				path.join( SUPPORT, 'probe-counts.php' ),
				JSON.stringify( cases ),
			],
			'probe counts'
		)
	) as CountResult[];
	for ( const result of results ) {
		const expected = result.culprit.map(
			( i ) =>
				`bench-${ String( i ).padStart( 2, '0' ) }/bench-${ String(
					i
				).padStart( 2, '0' ) }.php`
		);
		for ( const search of [
			result.ddmin,
			result.classic,
			result.oneByOne,
		] ) {
			if (
				search.conclusion !== 'culprit_found' ||
				JSON.stringify( search.culprits ) !==
					JSON.stringify( [ expected ] )
			) {
				throw new Error(
					`A synthetic bisection missed its culprit: ${ JSON.stringify(
						result
					) }`
				);
			}
		}
	}
	const rows: BenchRow[] = [];
	for ( const n of SIZES ) {
		const single = results.filter(
			( r ) => r.n === n && r.culprit.length === 1
		);
		const pair = results.filter(
			( r ) => r.n === n && r.culprit.length === 2
		);
		const probes = (
			of: CountResult[],
			search: 'ddmin' | 'classic' | 'oneByOne'
		) => of.map( ( r ) => r[ search ].probes );
		const maxSingle = Math.max( ...probes( single, 'ddmin' ) );
		const where = single.map( ( r ) => r.culprit[ 0 ] ).join( ',' );
		const pairs = pair.map( ( r ) => r.culprit.join( '+' ) ).join( ',' );
		const versus = (
			label: string,
			of: CountResult[],
			baseline: 'classic' | 'oneByOne'
		): BenchRow => {
			const measured = mean( probes( of, 'ddmin' ) );
			const base = mean( probes( of, baseline ) );
			return {
				name: `bisection probes, N=${ n }, ${ label }: ddmin vs ${
					baseline === 'classic' ? 'classic ddmin' : 'one at a time'
				} (mean)`,
				measured: `${ measured.toFixed( 1 ) } probes`,
				baseline: `${ base.toFixed( 1 ) } probes`,
				ratio: measured / base,
			};
		};
		rows.push(
			{
				name: `bisection probes, N=${ n }, single culprit at positions ${ where }: ddmin max vs target ⌈log2 N⌉+3`,
				measured: `${ maxSingle } probes`,
				baseline: `${ bound( n ) } probes`,
				ratio: maxSingle / bound( n ),
			},
			versus( 'single culprit (same positions)', single, 'classic' ),
			versus( 'single culprit (same positions)', single, 'oneByOne' ),
			versus( `interacting pair at ${ pairs }`, pair, 'classic' ),
			versus( `interacting pair (same)`, pair, 'oneByOne' )
		);
	}
	return rows;
}

/**
 * Writes a plugin into a folder of the lab's state and returns its folder.
 *
 * @param dir  Parent folder.
 * @param slug Plugin slug.
 * @param body PHP after the header.
 */
function writePlugin( dir: string, slug: string, body: string ): string {
	const folder = path.join( dir, slug );
	mkdirSync( folder, { recursive: true } );
	writeFileSync(
		path.join( folder, `${ slug }.php` ),
		`<?php\n/**\n * Plugin Name: ${ slug } (Proxy Health benchmark)\n */\ndeclare(strict_types = 1);\n${ body }`
	);
	return folder;
}

/**
 * The benchmark's generated plugins: harmless ones (enough for the largest lab size) and the pair.
 *
 * @param dir Folder inside the lab's state folder.
 */
function generatePlugins( dir: string ): Record< string, string > {
	const passThrough =
		"add_filter( 'http_request_args', static fn( array $args ): array => $args );\n";
	const plugins: Record< string, string > = {};
	for ( let i = 1; i < Math.max( ...WALL_SIZES ); i++ ) {
		const slug = `bench-harmless-${ i }`;
		plugins[ slug ] = writePlugin( dir, slug, passThrough );
	}
	plugins[ 'bench-pair-arm' ] = writePlugin(
		dir,
		'bench-pair-arm',
		`${ passThrough }add_filter( 'proxy_health_bench_pair_armed', '__return_true' );\n`
	);
	plugins[ 'bench-pair-trigger' ] = writePlugin(
		dir,
		'bench-pair-trigger',
		"add_action( 'http_api_curl', static function ( $handle ): void {\n\tif ( apply_filters( 'proxy_health_bench_pair_armed', false ) ) {\n\t\tcurl_setopt( $handle, CURLOPT_PROXYAUTH, CURLAUTH_NTLM );\n\t}\n}, 20 );\n"
	);
	return plugins;
}

function activate( lab: Lab, dir: string, files: string[] ): void {
	const script = path.join( dir, 'activate.php' );
	writeFileSync(
		script,
		`<?php\n$_SERVER['HTTP_HOST'] = '127.0.0.1';\nrequire $argv[1] . '/wp-load.php';\nupdate_option( 'active_plugins', array_merge( array( 'proxy-health/proxy-health.php' ), json_decode( $argv[2], true ) ) );\n`
	);
	run(
		'php',
		[ script, lab.site.root, JSON.stringify( files ) ],
		'activating'
	);
}

/**
 * One server-driven bisection in the given mode through bench/support/bisect-run.php, timed.
 * Asynchronous: the lab's targets answer from this process's event loop.
 *
 * @param lab      Running lab.
 * @param mode     Search mode.
 * @param culprits The culprit set it must find.
 */
async function bisect(
	lab: Lab,
	mode: Mode,
	culprits: string[]
): Promise< { run: Run; ms: number } > {
	const started = performance.now();
	const stdout = await new Promise< string >( ( resolve, reject ) => {
		const child = spawn(
			'php',
			[ path.join( SUPPORT, 'bisect-run.php' ), lab.site.root, mode ],
			{ stdio: [ 'ignore', 'pipe', 'pipe' ] }
		);
		let out = '';
		let err = '';
		child.stdout.on( 'data', ( chunk: Buffer ) => ( out += chunk ) );
		child.stderr.on( 'data', ( chunk: Buffer ) => ( err += chunk ) );
		child.once( 'error', reject );
		child.once( 'close', ( code ) =>
			code === 0
				? resolve( out )
				: reject(
						new Error(
							`bisect-run.php ${ mode }: ${ err }${ out }`
						)
					)
		);
	} );
	const ms = performance.now() - started;
	const result = JSON.parse( stdout ) as Run;
	if (
		result.conclusion !== 'culprit_found' ||
		JSON.stringify( result.culprits ) !== JSON.stringify( [ culprits ] )
	) {
		throw new Error(
			`A benchmark bisection (${ mode }) missed ${ culprits.join(
				' + '
			) }: ${ JSON.stringify( result ) }`
		);
	}
	return { run: result, ms };
}

/**
 * Activates N plugins with the culprits at the given positions, then times a bisection in each
 * mode.
 *
 * @param lab      Running lab.
 * @param dir      Scratch folder.
 * @param n        Plugins under test.
 * @param culprits Culprit plugin files.
 * @param at       Their positions, ascending.
 */
async function timeAll(
	lab: Lab,
	dir: string,
	n: number,
	culprits: string[],
	at: number[]
): Promise< Record< Mode, { run: Run; ms: number } > > {
	const files = Array.from(
		{ length: n - culprits.length },
		( _v, i ) => `bench-harmless-${ i + 1 }/bench-harmless-${ i + 1 }.php`
	);
	// Insert in ascending position order so each culprit lands where it is meant to.
	at.forEach( ( position, k ) =>
		files.splice( position, 0, culprits[ k ] as string )
	);
	activate( lab, dir, files );
	const timed = {} as Record< Mode, { run: Run; ms: number } >;
	for ( const mode of MODES ) {
		timed[ mode ] = await bisect( lab, mode, culprits );
	}
	return timed;
}

/**
 * Wall time of server-driven bisections on the lab, N = 8 and 16: a single culprit at the
 * positions of the first three seeds (summed), the pair at the first seed's positions; the
 * default search against classic ddmin and against one at a time.
 *
 * @param lab Running lab.
 * @param dir Scratch folder.
 */
async function wallTimeRows( lab: Lab, dir: string ): Promise< BenchRow[] > {
	const rows: BenchRow[] = [];
	const row = (
		label: string,
		runs: Array< Awaited< ReturnType< typeof timeAll > > >,
		baseline: Exclude< Mode, 'ddmin' >
	): BenchRow => {
		const sum = ( pick: ( r: ( typeof runs )[ number ] ) => number ) =>
			runs.reduce( ( total, r ) => total + pick( r ), 0 );
		const ddminMs = sum( ( r ) => r.ddmin.ms );
		const baseMs = sum( ( r ) => r[ baseline ].ms );
		return {
			name: `bisection wall time on the lab (activation order), ${ label }: ddmin vs ${
				baseline === 'ddmin-classic' ? 'classic ddmin' : 'one at a time'
			} (${ sum( ( r ) => r.ddmin.run.probesUsed ) } vs ${ sum(
				( r ) => r[ baseline ].run.probesUsed
			) } probes)`,
			measured: `${ ( ddminMs / 1000 ).toFixed( 2 ) } s`,
			baseline: `${ ( baseMs / 1000 ).toFixed( 2 ) } s`,
			ratio: ddminMs / baseMs,
		};
	};
	for ( const n of WALL_SIZES ) {
		const seeds = SEEDS.slice( 0, 3 );
		const singles = [];
		for ( const seed of seeds ) {
			singles.push(
				await timeAll(
					lab,
					dir,
					n,
					[ CULPRIT ],
					[ positions( n, seed ).single ]
				)
			);
		}
		const label = `N=${ n }, single culprit at ${ seeds
			.map( ( seed ) => positions( n, seed ).single )
			.join( ',' ) } (sum of 3 runs each)`;
		rows.push(
			row( label, singles, 'ddmin-classic' ),
			row( label, singles, 'one-by-one' )
		);
		const { pair } = positions( n, SEEDS[ 0 ] );
		const pairRuns = [ await timeAll( lab, dir, n, [ ...PAIR ], pair ) ];
		rows.push(
			row(
				`N=${ n }, interacting pair at ${ pair.join( '+' ) }`,
				pairRuns,
				'ddmin-classic'
			),
			row(
				`N=${ n }, interacting pair at ${ pair.join( '+' ) }`,
				pairRuns,
				'one-by-one'
			)
		);
	}
	return rows;
}

/**
 * Light and full clone times as the options table grows.
 *
 * @param lab Running lab.
 */
function cloneRows( lab: Lab ): BenchRow[] {
	const measured = OPTION_ROWS.map( ( rows ) => {
		const result = JSON.parse(
			run(
				'php',
				[
					path.join( SUPPORT, 'clone-timing.php' ),
					lab.site.root,
					String( rows ),
					String( CLONE_REPEATS ),
				],
				'clone timing'
			)
		) as { rows: number; tables: number; light: number[]; full: number[] };
		return {
			rows: result.rows,
			light: median( result.light ),
			full: median( result.full ),
		};
	} );
	const ms = ( value: number ) => `${ value.toFixed( 0 ) } ms`;
	const smallest = measured[ 0 ] as ( typeof measured )[ number ];
	const rows: BenchRow[] = [];
	for ( const size of measured.slice( 1 ) ) {
		for ( const mode of [ 'light', 'full' ] as const ) {
			rows.push( {
				name: `clone time (${ mode }), options table ${ size.rows } vs ${ smallest.rows } rows (median of ${ CLONE_REPEATS })`,
				measured: ms( size[ mode ] ),
				baseline: ms( smallest[ mode ] ),
				ratio: size[ mode ] / smallest[ mode ],
			} );
		}
	}
	for ( const size of measured ) {
		rows.push( {
			name: `clone time, light vs full, options table ${ size.rows } rows (light copies options, users, usermeta)`,
			measured: ms( size.light ),
			baseline: ms( size.full ),
			ratio: size.light / size.full,
		} );
	}
	return rows;
}

export async function benchBisection(): Promise< BenchRow[] > {
	const rows = probeCountRows();
	const stateDir = mkdtempSync(
		path.join( os.tmpdir(), 'proxy-health-bench-bisection-' )
	);
	try {
		const pluginsDir = path.join( stateDir, 'plugins' );
		const lab = await startLab( {
			stateDir: path.join( stateDir, 'lab' ),
			runtime: 'php',
			proxyEngine: 'squid',
			scenario: 'right-credentials',
			plugins: {
				...generatePlugins( pluginsDir ),
				'bisect-bad-proxy-auth': FIXTURE,
			},
		} );
		try {
			rows.push( ...( await wallTimeRows( lab, stateDir ) ) );
			rows.push( ...cloneRows( lab ) );
		} finally {
			await lab.stop();
		}
		return rows;
	} finally {
		rmSync( stateDir, { recursive: true, force: true } );
	}
}
