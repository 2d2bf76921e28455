/**
 * Bisection: probes (and wall time) delta debugging needs against one plugin at a time, for a
 * culprit among 8 harmless plugins (N = 9) on a real lab (php -S, squid, right credentials).
 * Every harmless plugin adds a pass-through `http_request_args` filter, so the Hooks inspector
 * cannot single the culprit out and the search order stays the activation order; the culprit
 * (the bisect-bad-proxy-auth fixture) sits in the middle and at the end. Server-driven runs.
 */

/**
 * External dependencies
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { withLab, type Lab } from '../src/lab/scenario';
import type { BenchRow } from './types';

const HARMLESS = 8;
const CULPRIT = 'bisect-bad-proxy-auth/bisect-bad-proxy-auth.php';
const FIXTURE = path.resolve(
	__dirname,
	'..',
	'tests',
	'fixtures',
	'plugins',
	'bisect-bad-proxy-auth'
);

interface Run {
	status: string;
	conclusion?: string;
	culprits: string[][];
	probesUsed: number;
}

function harmlessPlugins( dir: string ): Record< string, string > {
	const plugins: Record< string, string > = {};
	for ( let i = 1; i <= HARMLESS; i++ ) {
		const slug = `bench-harmless-${ i }`;
		const folder = path.join( dir, slug );
		mkdirSync( folder, { recursive: true } );
		writeFileSync(
			path.join( folder, `${ slug }.php` ),
			`<?php\n/**\n * Plugin Name: Bench harmless ${ i }\n */\ndeclare(strict_types = 1);\nadd_filter( 'http_request_args', static fn( array $args ): array => $args );\n`
		);
		plugins[ slug ] = folder;
	}
	return plugins;
}

function activate( lab: Lab, dir: string, files: string[] ): void {
	const script = path.join( dir, 'activate.php' );
	writeFileSync(
		script,
		`<?php\n$_SERVER['HTTP_HOST'] = '127.0.0.1';\nrequire $argv[1] . '/wp-load.php';\nupdate_option( 'active_plugins', array_merge( array( 'proxy-health/proxy-health.php' ), json_decode( $argv[2], true ) ) );\n`
	);
	const run = spawnSync(
		'php',
		[ script, lab.site.root, JSON.stringify( files ) ],
		{ encoding: 'utf8', timeout: 60_000 }
	);
	if ( run.status !== 0 ) {
		throw new Error( `activating failed: ${ run.stderr }${ run.stdout }` );
	}
}

async function bisect(
	lab: Lab,
	mode: string
): Promise< { run: Run; ms: number } > {
	const started = performance.now();
	const response = await fetch(
		`${ lab.server.url }/?rest_route=/proxy-health/v1/bisections`,
		{
			method: 'POST',
			headers: {
				Authorization: `Basic ${ Buffer.from(
					`${ lab.site.admin.username }:${ lab.site.admin.applicationPassword }`
				).toString( 'base64' ) }`,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify( { mode, driver: 'server' } ),
		}
	);
	const run = ( await response.json() ) as Run;
	const ms = performance.now() - started;
	if (
		run.conclusion !== 'culprit_found' ||
		JSON.stringify( run.culprits ) !== JSON.stringify( [ [ CULPRIT ] ] )
	) {
		throw new Error(
			`A benchmark bisection missed the culprit: ${ JSON.stringify( run ) }`
		);
	}
	return { run, ms };
}

export async function benchBisection(): Promise< BenchRow[] > {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-bench-' ) );
	try {
		const plugins = {
			...harmlessPlugins( dir ),
			'bisect-bad-proxy-auth': FIXTURE,
		};
		return await withLab(
			{
				runtime: 'php',
				proxyEngine: 'squid',
				scenario: 'right-credentials',
				plugins,
			},
			async ( lab ) => {
				const harmless = Array.from(
					{ length: HARMLESS },
					( _, i ) =>
						`bench-harmless-${ i + 1 }/bench-harmless-${ i + 1 }.php`
				);
				const rows: BenchRow[] = [];
				for ( const [ label, at ] of [
					[ 'middle', HARMLESS / 2 ],
					[ 'last', HARMLESS ],
				] as const ) {
					const files = [ ...harmless ];
					files.splice( at, 0, CULPRIT );
					activate( lab, dir, files );
					const ddmin = await bisect( lab, 'ddmin' );
					const oneByOne = await bisect( lab, 'one-by-one' );
					const n = files.length;
					rows.push(
						{
							name: `bisection probes, N=${ n }, culprit ${ label } (ddmin vs one at a time)`,
							measured: `${ ddmin.run.probesUsed } probes`,
							baseline: `${ oneByOne.run.probesUsed } probes`,
							ratio:
								ddmin.run.probesUsed / oneByOne.run.probesUsed,
						},
						{
							name: `bisection wall time, N=${ n }, culprit ${ label } (ddmin vs one at a time)`,
							measured: `${ Math.round( ddmin.ms ) } ms`,
							baseline: `${ Math.round( oneByOne.ms ) } ms`,
							ratio: ddmin.ms / oneByOne.ms,
						}
					);
				}
				return rows;
			}
		);
	} finally {
		rmSync( dir, { recursive: true, force: true } );
	}
}
