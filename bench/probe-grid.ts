/**
 * The probe grid side by side versus one request at a time: POST /probes with eight requests to
 * a lab target that answers after 300 ms, against eight POST /probes of one request each (the
 * same requests, the same proxy, sequential). Both include WordPress's boot per POST, so the
 * sequential figure is an upper bound of what a one-at-a-time engine would take.
 */

/**
 * Internal dependencies
 */
import { withLab, type Lab } from '../src/lab/scenario';
import type { BenchRow } from './types';

const DELAY_MS = 300;
const REQUESTS = 8;

async function post( lab: Lab, body: unknown ): Promise< void > {
	const auth = `Basic ${ Buffer.from(
		`${ lab.site.admin.username }:${ lab.site.admin.applicationPassword }`
	).toString( 'base64' ) }`;
	const response = await fetch(
		`${ lab.server.url }/?rest_route=/proxy-health/v1/probes`,
		{
			method: 'POST',
			headers: {
				Authorization: auth,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify( body ),
		}
	);
	const report = ( await response.json() ) as {
		results?: Array< { outcome: string } >;
	};
	if ( ! report.results?.every( ( r ) => r.outcome === 'ok' ) ) {
		throw new Error(
			`A benchmark probe did not pass: ${ JSON.stringify( report ) }`
		);
	}
}

async function time( work: () => Promise< void > ): Promise< number > {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

export function benchProbeGrid(): Promise< BenchRow[] > {
	return withLab(
		{ runtime: 'php', scenario: 'right-credentials' },
		async ( lab ) => {
			const slow = ( i: number ) =>
				`${ lab.httpTarget.url }/slow?ms=${ DELAY_MS }&i=${ i }`;
			const rows: BenchRow[] = [];
			const grids: Array< [ string, string[], string[] ] > = [
				[
					`${ REQUESTS } × cURL`,
					Array.from( { length: REQUESTS }, ( _, i ) => slow( i ) ),
					[ 'curl' ],
				],
				[
					`${ REQUESTS / 2 } targets × cURL + fsockopen`,
					Array.from( { length: REQUESTS / 2 }, ( _, i ) =>
						slow( i )
					),
					[ 'curl', 'fsockopen' ],
				],
			];
			// Warm-up: the first POST pays for PHP's and squid's first connections.
			await post( lab, {
				targets: [ slow( 0 ) ],
				transports: [ 'curl' ],
			} );
			for ( const [ name, targets, transports ] of grids ) {
				const parallel = await time( () =>
					post( lab, { targets, transports } )
				);
				const sequential = await time( async () => {
					for ( const target of targets ) {
						for ( const transport of transports ) {
							await post( lab, {
								targets: [ target ],
								transports: [ transport ],
							} );
						}
					}
				} );
				rows.push( {
					name: `POST /probes, ${ name } to a ${ DELAY_MS } ms target: side by side vs one at a time`,
					measured: `${ parallel.toFixed( 0 ) } ms`,
					baseline: `${ sequential.toFixed( 0 ) } ms`,
					ratio: parallel / sequential,
				} );
			}
			return rows;
		}
	);
}
