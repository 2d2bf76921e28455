/**
 * `npm start`: Proxy Health on WordPress Playground behind a demo proxy that answers 407,
 * with Node only (no PHP, squid or database from the system).
 *
 * wp-config.php carries a wrong proxy password, so Tools → Proxy Health shows a real 407;
 * the right credentials are printed so the fix can be tried.
 */

/**
 * External dependencies
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { startLab, type Lab, type LabOptions } from './scenario';
import { REPO_ROOT } from './wordpress/paths';

export const DEMO_STATE_DIR = path.join( REPO_ROOT, '.lab', 'demo' );

/**
 * Builds the panel when plugin/build is missing (a fresh clone).
 */
export function ensurePanelBuilt(): void {
	if (
		existsSync(
			path.join( REPO_ROOT, 'plugin', 'build', 'index.asset.php' )
		)
	) {
		return;
	}
	console.log( 'Building the admin panel…' );
	const result = spawnSync( 'npm', [ 'run', 'build', '--silent' ], {
		cwd: REPO_ROOT,
		stdio: 'inherit',
	} );
	if ( result.status !== 0 ) {
		throw new Error( 'npm run build failed.' );
	}
}

/**
 * Starts the demo lab in a fresh state folder.
 *
 * @param overrides Options for tests (another state folder, the installer runtime).
 */
export async function startDemo(
	overrides: Partial< LabOptions > = {}
): Promise< Lab > {
	ensurePanelBuilt();
	const stateDir = overrides.stateDir ?? DEMO_STATE_DIR;
	rmSync( stateDir, { recursive: true, force: true } );
	return startLab( {
		runtime: 'playground',
		proxyEngine: 'node',
		proxyScheme: 'basic',
		scenario: 'wrong-credentials',
		...overrides,
		stateDir,
	} );
}

/**
 * What the person who ran `npm start` needs to know, credentials included on purpose:
 * this is their own throwaway lab on loopback.
 *
 * @param lab Running demo.
 */
export function describeDemo( lab: Lab ): string {
	const proxy = lab.proxy.credentials;
	return [
		'',
		'Proxy Health demo is running.',
		'',
		`  Open:      ${ lab.server.url }/wp-admin/tools.php?page=proxy-health`,
		`  Log in:    ${ lab.site.admin.username } / ${ lab.site.admin.password }`,
		'',
		`  Proxy:     ${ lab.proxy.url } (${ lab.proxy.engine }, ${ lab.proxy.scheme } auth)`,
		'             wp-config.php has a WRONG proxy password, so checks show a 407.',
		`  Right credentials: ${ proxy?.username ?? '' } / ${ proxy?.password ?? '' }`,
		`  Targets:   ${ lab.httpTarget.url } and ${ lab.httpsTarget.url } (lab CA)`,
		`  Site files: ${ lab.site.root }`,
		'',
		'Press Ctrl-C to stop everything.',
		'',
	].join( '\n' );
}

async function main(): Promise< void > {
	console.log( 'Starting WordPress Playground, a demo proxy and targets…' );
	const lab = await startDemo();
	console.log( describeDemo( lab ) );
	let stopping = false;
	const shutdown = () => {
		if ( stopping ) {
			return;
		}
		stopping = true;
		console.log( '\nStopping…' );
		lab.stop().then(
			() => process.exit( 0 ),
			() => process.exit( 1 )
		);
	};
	process.removeAllListeners( 'SIGINT' );
	process.removeAllListeners( 'SIGTERM' );
	process.on( 'SIGINT', shutdown );
	process.on( 'SIGTERM', shutdown );
}

if ( require.main === module ) {
	main().catch( ( error: Error ) => {
		console.error( error.message );
		process.exitCode = 1;
	} );
}
