/**
 * The PHP suite: PHPUnit (Debian) inside a real lab WordPress, with a real squid in front of
 * real targets. wp-config.php carries a canary password that the proxy rejects, so the probe
 * tests meet a real 407 and the secret tests have a value to look for.
 */

/**
 * External dependencies
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { withLab } from '../src/lab/scenario';

const ROOT = path.resolve( __dirname, '..' );
const RESULTS = path.join( ROOT, 'artifacts', 'results' );

async function main(): Promise< number > {
	return withLab(
		{ proxyEngine: 'squid', scenario: 'wrong-credentials' },
		async ( lab ) => {
			if ( ! lab.proxy.credentials ) {
				throw new Error( 'The lab proxy has no credentials.' );
			}
			mkdirSync( RESULTS, { recursive: true } );
			// Asynchronous: the lab's targets answer from this process's event loop, which a
			// synchronous spawn would block (a test that gets through the proxy would time out).
			const child = spawn(
				'phpunit',
				[
					'-c',
					path.join( ROOT, 'phpunit.xml.dist' ),
					'--log-junit',
					path.join( RESULTS, 'php.xml' ),
					...process.argv.slice( 2 ),
				],
				{
					cwd: ROOT,
					stdio: 'inherit',
					env: {
						...process.env,
						PROXY_HEALTH_WP_ROOT: lab.site.root,
						// The value the 'wrong-credentials' scenario wrote as WP_PROXY_PASSWORD.
						PROXY_HEALTH_CANARY: `${ lab.proxy.credentials.password }-wrong`,
						// The password squid accepts (Proxy_Config_Route_Test applies it, then reverts).
						PROXY_HEALTH_LAB_RIGHT_PASSWORD:
							lab.proxy.credentials.password,
						PROXY_HEALTH_LAB_HTTP_TARGET: `${ lab.httpTarget.url }/`,
						PROXY_HEALTH_LAB_HTTPS_TARGET: `${ lab.httpsTarget.url }/`,
						PROXY_HEALTH_LAB_REALM: lab.proxy.realm ?? '',
					},
				}
			);
			return new Promise< number >( ( resolve ) => {
				child.on( 'error', () => resolve( 1 ) );
				child.on( 'close', ( code ) => resolve( code ?? 1 ) );
			} );
		}
	);
}

main().then(
	( code ) => {
		process.exitCode = code;
	},
	( error: Error ) => {
		console.error( error.stack ?? error.message );
		process.exitCode = 1;
	}
);
