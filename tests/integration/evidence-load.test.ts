/**
 * The evidence store loses no call under load: a lab site served by 4 PHP workers (php -S),
 * behind a real squid that accepts the site's credentials, gets 8 and then 32 concurrent
 * front-end requests that each make outbound calls during one evidence session; GET /evidence
 * lists every call they made and says that none was dropped. (One option read, changed and
 * written back per request kept about two thirds of them.) The fixture makes every query about
 * the store 100 ms slower, as on a busy database, and holds the requests at shutdown in pairs until
 * both are there, so that they write what was recorded at the same time.
 */

/**
 * External dependencies
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import type { EvidenceCall, EvidenceSession } from '../../src/api/types';
import { sharedLab } from '../support/lab';
import { rest } from '../support/rest';

jest.setTimeout( 600_000 );

const lab = sharedLab( {
	runtime: 'php',
	proxyEngine: 'squid',
	scenario: 'right-credentials',
	plugins: {
		'evidence-load': path.resolve(
			__dirname,
			'../fixtures/plugins/evidence-load'
		),
	},
	activate: [
		'proxy-health/proxy-health.php',
		'evidence-load/evidence-load.php',
	],
} );

/** GET /evidence as this test reads it (the calls and the dropped count). */
interface EvidenceCalls {
	calls: EvidenceCall[];
	droppedCalls: number;
}

/** Requests wait for each other in pairs before writing (the lab's `php -S` has four workers). */
const GROUP = 2;

/**
 * One front-end request that makes `calls` outbound calls; answers how many got a 200.
 *
 * @param calls   How many calls the fixture makes.
 * @param tag     Query value that tells the requests apart.
 * @param barrier Token of the fixture's barrier: requests of one group write their calls together.
 */
async function frontEnd(
	calls: number,
	tag: string,
	barrier: string
): Promise< number > {
	const response = await fetch(
		`${ lab().server.url }/?evidence-load=${ calls }&ph-request=${ tag }&evidence-load-barrier=${ barrier }&evidence-load-group=${ GROUP }`
	);
	const text = await response.text();
	expect( response.status ).toBe( 200 );
	return Number( text );
}

beforeAll( () => {
	writeFileSync(
		path.join(
			lab().site.root,
			'wp-content',
			'mu-plugins',
			'evidence-load-target.php'
		),
		`<?php\ndefine( 'PROXY_HEALTH_EVIDENCE_LOAD_TARGET', ${ JSON.stringify(
			`${ lab().httpTarget.url }/`
		) } );\n` +
			// A busy database: each query about the evidence store takes 100 ms longer.
			"define( 'PROXY_HEALTH_EVIDENCE_LOAD_STORE_DELAY_MS', 100 );\n" +
			// No WP-Cron loopbacks: they would hold workers that the requests' pairs wait for.
			"if ( ! defined( 'DISABLE_WP_CRON' ) ) {\n\tdefine( 'DISABLE_WP_CRON', true );\n}\n"
	);
} );

describe( 'evidence store under concurrent front-end requests', () => {
	it.each( [
		[ 8, 20 ],
		[ 32, 2 ],
	] )(
		'%i concurrent requests making %i calls each: every call is recorded',
		async ( concurrency, calls ) => {
			const started = await rest< EvidenceSession >(
				lab().server.url,
				lab().site,
				'/proxy-health/v1/evidence-sessions',
				{
					method: 'POST',
					body: { minutes: 10, debugConstants: false },
				}
			);
			expect( started.status ).toBe( 201 );
			try {
				const barrier = randomBytes( 8 ).toString( 'hex' );
				const answers = await Promise.all(
					Array.from( { length: concurrency }, ( _, i ) =>
						frontEnd( calls, `r${ i }`, barrier )
					)
				);
				// Every call went out and came back through squid.
				expect( answers ).toEqual(
					Array.from( { length: concurrency }, () => calls )
				);

				const evidence = await rest< EvidenceCalls >(
					lab().server.url,
					lab().site,
					'/proxy-health/v1/evidence&chains=0'
				);
				expect( evidence.status ).toBe( 200 );
				const made = evidence.body.calls.filter(
					( call ) =>
						call.context === 'front' &&
						call.url.startsWith( lab().httpTarget.url )
				);
				expect( {
					recorded: made.length,
					dropped: evidence.body.droppedCalls,
				} ).toEqual( { recorded: concurrency * calls, dropped: 0 } );
				expect(
					made.every(
						( call ) =>
							call.source.type === 'plugin' &&
							call.source.slug === 'evidence-load'
					)
				).toBe( true );
			} finally {
				const stopped = await rest(
					lab().server.url,
					lab().site,
					'/proxy-health/v1/evidence-sessions/current',
					{ method: 'DELETE' }
				);
				expect( stopped.status ).toBe( 200 );
			}
		}
	);
} );
