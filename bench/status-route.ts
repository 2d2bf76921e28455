/**
 * Cost of GET /proxy-health/v1/status relative to WordPress's own REST index, on real PHP:
 * both requests boot WordPress, so the ratio shows what the route itself adds.
 */

/**
 * Internal dependencies
 */
import { withLab } from '../src/lab/scenario';
import type { BenchRow } from './types';

const ROUNDS = 40;

export function benchStatusRoute(): Promise< BenchRow[] > {
	return withLab(
		{ runtime: 'php', scenario: 'right-credentials' },
		async ( lab ) => {
			const auth = `Basic ${ Buffer.from(
				`${ lab.site.admin.username }:${ lab.site.admin.applicationPassword }`
			).toString( 'base64' ) }`;
			const timeRoute = async ( route: string ) => {
				const samples: number[] = [];
				for ( let i = 0; i < ROUNDS; i++ ) {
					const started = performance.now();
					const response = await fetch(
						`${ lab.server.url }/?rest_route=${ route }`,
						{ headers: { Authorization: auth } }
					);
					await response.text();
					samples.push( performance.now() - started );
				}
				samples.sort( ( a, b ) => a - b );
				return samples[ Math.floor( samples.length / 2 ) ] ?? 0;
			};
			// Warm up once, then medians over many rounds.
			await timeRoute( '/' );
			const index = await timeRoute( '/' );
			const status = await timeRoute( '/proxy-health/v1/status' );
			return [
				{
					name: `GET /status vs REST index (median of ${ ROUNDS }, php -S)`,
					measured: `${ status.toFixed( 1 ) } ms`,
					baseline: `${ index.toFixed( 1 ) } ms`,
					ratio: status / index,
				},
			];
		}
	);
}
