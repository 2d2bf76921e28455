/**
 * Records the answers the stub fleet (bench/support/stub-fleet.ts) replays: `GET /status` and
 * `POST /probes` from a real lab site behind squid, once with the right proxy credentials (a
 * passing verdict) and once with wrong ones (the site's own 407, a failing verdict).
 * Usage: npx tsx bench/support/record-lab-answers.ts (writes bench/fixtures/lab-answers.json).
 *
 * The answers hold no secret: the status document says whether a proxy password is set,
 * never the password, and the Application Password only travels in the request.
 */

/**
 * External dependencies
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { createClient } from '../../src/api/client';
import { createNodeTransport } from '../../src/cli/lib/node-transport';
import { Secret } from '../../src/cli/lib/secret';
import { withLab } from '../../src/lab/scenario';

async function main(): Promise< void > {
	const answers = await withLab(
		{ runtime: 'php', proxyEngine: 'squid', scenario: 'right-credentials' },
		async ( lab ) => {
			const client = createClient(
				createNodeTransport( {
					siteUrl: lab.server.url,
					user: lab.site.admin.username,
					password: new Secret( lab.site.admin.applicationPassword ),
					timeoutMs: 120_000,
					env: {},
				} )
			);
			const status = await client.getStatus();
			const pass = await client.runProbes();
			await lab.setScenario( 'wrong-credentials' );
			const statusWrong = await client.getStatus();
			const fail = await client.runProbes();
			const secrets = [
				lab.site.admin.applicationPassword,
				lab.proxy.credentials?.password ?? '',
			].filter( ( secret ) => secret.length > 3 );
			const text = JSON.stringify(
				{ status, pass, statusWrong, fail },
				null,
				'\t'
			);
			for ( const secret of secrets ) {
				if ( text.includes( secret ) ) {
					throw new Error( 'A recorded answer holds a secret.' );
				}
			}
			return { text, lab: lab.server.url };
		}
	);
	const file = path.join( __dirname, '..', 'fixtures', 'lab-answers.json' );
	writeFileSync( file, `${ answers.text }\n` );
	console.log( `Recorded ${ answers.lab } into ${ file }` );
}

main().catch( ( error: Error ) => {
	console.error( error.stack ?? error.message );
	process.exitCode = 1;
} );
