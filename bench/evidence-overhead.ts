/**
 * What the evidence recorder costs per outbound call: a front-end request that makes 20
 * `wp_remote_get` calls to the lab HTTP target through squid (right credentials), with an
 * evidence session on and off (toggled round by round over REST so load on the machine hits
 * both alike). Ratio of median request times; the per-call difference is printed as well.
 */

/**
 * External dependencies
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { withLab, type Lab } from '../src/lab/scenario';
import { rest } from '../tests/support/rest';
import type { BenchRow } from './types';

const CALLS = 20;
const ROUNDS = 20;
const PER_ROUND = 2;

function median( samples: number[] ): number {
	const sorted = [ ...samples ].sort( ( a, b ) => a - b );
	return sorted[ Math.floor( sorted.length / 2 ) ] ?? 0;
}

async function timedRequest( lab: Lab ): Promise< number > {
	const started = performance.now();
	const response = await fetch(
		`${ lab.server.url }/?evidence-load=${ CALLS }`
	);
	const body = await response.text();
	if ( response.status !== 200 || body.trim() !== String( CALLS ) ) {
		throw new Error(
			`evidence-load answered ${ response.status }: ${ body.slice(
				0,
				200
			) }`
		);
	}
	return performance.now() - started;
}

async function session( lab: Lab, on: boolean ): Promise< void > {
	const answer = await rest(
		lab.server.url,
		lab.site,
		'/proxy-health/v1/evidence-sessions' + ( on ? '' : '/current' ),
		on
			? { method: 'POST', body: { minutes: 60, debugConstants: false } }
			: { method: 'DELETE' }
	);
	if ( answer.status >= 300 ) {
		throw new Error(
			`evidence session ${ on ? 'start' : 'stop' }: ${ answer.text }`
		);
	}
}

export async function benchEvidenceOverhead(): Promise< BenchRow[] > {
	return withLab(
		{
			runtime: 'php',
			scenario: 'right-credentials',
			plugins: {
				'evidence-load': path.resolve(
					__dirname,
					'../tests/fixtures/plugins/evidence-load'
				),
			},
			activate: [
				'proxy-health/proxy-health.php',
				'evidence-load/evidence-load.php',
			],
		},
		async ( lab ) => {
			writeFileSync(
				path.join(
					lab.site.root,
					'wp-content',
					'mu-plugins',
					'evidence-load-target.php'
				),
				`<?php\ndefine( 'PROXY_HEALTH_EVIDENCE_LOAD_TARGET', ${ JSON.stringify(
					`${ lab.httpTarget.url }/`
				) } );\n`
			);
			const samples = { on: [] as number[], off: [] as number[] };
			// Warm up: file cache, SQLite pages, squid's connection to the target.
			await timedRequest( lab );
			for ( let round = 0; round < ROUNDS; round++ ) {
				// Alternate which state goes first so neither always meets a warmer machine.
				for ( const on of round % 2
					? [ true, false ]
					: [ false, true ] ) {
					if ( on ) {
						await session( lab, true );
					}
					for ( let i = 0; i < PER_ROUND; i++ ) {
						samples[ on ? 'on' : 'off' ].push(
							await timedRequest( lab )
						);
					}
					if ( on ) {
						await session( lab, false );
					}
				}
			}
			// The recorder really ran: the last session kept every call of its round.
			const evidence = await rest< { calls: unknown[] } >(
				lab.server.url,
				lab.site,
				'/proxy-health/v1/evidence&chains=0'
			);
			if ( ( evidence.body?.calls.length ?? 0 ) < CALLS * PER_ROUND ) {
				throw new Error(
					`The session recorded ${
						evidence.body?.calls.length ?? 0
					} calls, expected ${ CALLS * PER_ROUND }.`
				);
			}
			const on = median( samples.on );
			const off = median( samples.off );
			const perCall = ( on - off ) / CALLS;
			return [
				{
					name: `Evidence recorder: front-end request making ${ CALLS } wp_remote_get calls through squid, session on vs off (median of ${ samples.on.length }; ${ perCall.toFixed(
						2
					) } ms per call)`,
					measured: `${ on.toFixed( 1 ) } ms`,
					baseline: `${ off.toFixed( 1 ) } ms`,
					ratio: on / off,
				},
			];
		}
	);
}

if ( require.main === module ) {
	benchEvidenceOverhead().then(
		( rows ) => console.table( rows ),
		( error: Error ) => {
			console.error( error.stack ?? error.message );
			process.exitCode = 1;
		}
	);
}
