/**
 * `proxy-health batch` wall time at concurrency 1, 8 and 16, as ratios, over N fake sites with
 * latency: one real local HTTP server answering `/status` and `/probes` for every site path
 * after a delay (the probes take longer, as on a real site). Requests go through the CLI's
 * real Node transport, so sockets, JSON parsing and the queue are all measured.
 */

/**
 * External dependencies
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Internal dependencies
 */
import { STATUS } from '../src/api/test-utils/fake-fetch';
import { REPORT_PASS } from '../src/api/test-utils/probe-reports';
import { runBatch } from '../src/cli/lib/batch';
import type { SiteTarget } from '../src/cli/lib/check-site';
import { Secret } from '../src/cli/lib/secret';
import type { BenchRow } from './types';

const SITES = 40;
const STATUS_DELAY_MS = 40;
const PROBES_DELAY_MS = 160;

async function timed(
	targets: SiteTarget[],
	concurrency: number
): Promise< number > {
	const started = performance.now();
	const report = await runBatch( targets, {
		concurrency,
		timeoutMs: 10_000,
		retries: 0,
		env: {},
	} );
	if ( report.summary.passed !== targets.length ) {
		throw new Error(
			`bench batch: ${ report.summary.passed }/${ targets.length } sites passed`
		);
	}
	return performance.now() - started;
}

export async function benchBatch(): Promise< BenchRow[] > {
	const server = http.createServer( ( req, res ) => {
		const isProbes = String( req.url ).includes( 'probes' );
		setTimeout(
			() => {
				res.writeHead( 200, { 'Content-Type': 'application/json' } );
				res.end( JSON.stringify( isProbes ? REPORT_PASS : STATUS ) );
			},
			isProbes ? PROBES_DELAY_MS : STATUS_DELAY_MS
		);
	} );
	await new Promise< void >( ( resolve ) =>
		server.listen( 0, '127.0.0.1', resolve )
	);
	const base = `http://127.0.0.1:${ ( server.address() as AddressInfo ).port }`;
	const targets: SiteTarget[] = Array.from(
		{ length: SITES },
		( _v, k ) => ( {
			url: `${ base }/site-${ k }`,
			user: 'admin',
			password: new Secret( 'bench-password' ),
		} )
	);
	try {
		await timed( targets.slice( 0, 4 ), 4 ); // warm-up
		const one = await timed( targets, 1 );
		const eight = await timed( targets, 8 );
		const sixteen = await timed( targets, 16 );
		const row = ( concurrency: number, ms: number ): BenchRow => ( {
			name: `batch ${ SITES } fake sites (${ STATUS_DELAY_MS }+${ PROBES_DELAY_MS } ms each), concurrency ${ concurrency } vs 1 (wall time)`,
			measured: `${ ( ms / 1000 ).toFixed( 2 ) } s`,
			baseline: `${ ( one / 1000 ).toFixed( 2 ) } s`,
			ratio: ms / one,
		} );
		return [ row( 8, eight ), row( 16, sixteen ) ];
	} finally {
		await new Promise( ( resolve ) => server.close( resolve ) );
	}
}
