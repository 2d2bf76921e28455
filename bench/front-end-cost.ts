/**
 * What Proxy Health costs a request it has nothing to do with: the same WordPress with the
 * plugin active and inactive (two lab sites on real PHP, requests interleaved so load on the
 * machine hits both alike), on the front page as a visitor and on wp-admin/index.php as a
 * logged-in administrator. Ratio of medians; 1.00 means no measurable cost.
 */

/**
 * Internal dependencies
 */
import { withLab, type Lab } from '../src/lab/scenario';
import { logIn } from '../tests/support/wp-session';
import type { BenchRow } from './types';

const ROUNDS = 100;

function median( samples: number[] ): number {
	const sorted = [ ...samples ].sort( ( a, b ) => a - b );
	return sorted[ Math.floor( sorted.length / 2 ) ] ?? 0;
}

async function timed( url: string, cookie?: string ): Promise< number > {
	const started = performance.now();
	const response = await fetch( url, {
		headers: cookie ? { Cookie: cookie } : {},
		redirect: 'manual',
	} );
	await response.text();
	if ( response.status >= 300 ) {
		throw new Error( `${ url } answered ${ response.status }.` );
	}
	return performance.now() - started;
}

async function compare(
	active: Lab,
	inactive: Lab,
	page: string,
	admin: boolean
): Promise< { active: number; inactive: number } > {
	const cookies = admin
		? await Promise.all(
				[ active, inactive ].map(
					async ( lab ) =>
						(
							await logIn(
								lab.server.url,
								lab.site.admin.username,
								lab.site.admin.password
							)
						).cookie
				)
			)
		: [ undefined, undefined ];
	const samples = { active: [] as number[], inactive: [] as number[] };
	// Warm both (OPcache is off in the lab, but the file cache and SQLite pages are not).
	await timed( `${ active.server.url }${ page }`, cookies[ 0 ] );
	await timed( `${ inactive.server.url }${ page }`, cookies[ 1 ] );
	for ( let i = 0; i < ROUNDS; i++ ) {
		// Alternate which goes first so neither always meets a warmer machine.
		const order =
			i % 2 === 0
				? ( [ 'active', 'inactive' ] as const )
				: ( [ 'inactive', 'active' ] as const );
		for ( const which of order ) {
			const lab = which === 'active' ? active : inactive;
			samples[ which ].push(
				await timed(
					`${ lab.server.url }${ page }`,
					cookies[ which === 'active' ? 0 : 1 ]
				)
			);
		}
	}
	return {
		active: median( samples.active ),
		inactive: median( samples.inactive ),
	};
}

export function benchFrontEndCost(): Promise< BenchRow[] > {
	return withLab(
		{ runtime: 'php', scenario: 'right-credentials' },
		( active ) =>
			withLab(
				{ runtime: 'php', scenario: 'right-credentials', activate: [] },
				async ( inactive ) => {
					const rows: BenchRow[] = [];
					for ( const [ name, page, admin ] of [
						[ 'front page', '/', false ],
						[
							'wp-admin/index.php (administrator)',
							'/wp-admin/index.php',
							true,
						],
					] as const ) {
						const result = await compare(
							active,
							inactive,
							page,
							admin
						);
						rows.push( {
							name: `${ name }: plugin active vs inactive (median of ${ ROUNDS }, php -S)`,
							measured: `${ result.active.toFixed( 1 ) } ms`,
							baseline: `${ result.inactive.toFixed( 1 ) } ms`,
							ratio: result.active / result.inactive,
						} );
					}
					return rows;
				}
			)
	);
}
