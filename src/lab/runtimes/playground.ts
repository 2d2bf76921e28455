/**
 * Serves a lab site with WordPress Playground (php-wasm), offline, from the site's own folder.
 */

/**
 * External dependencies
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { getFreePort, waitForPort } from '../ports';
import type { PlaygroundPhpVersion } from './php-versions';
import { startProcess } from '../processes';
import type { LabSite } from '../wordpress/site';
import type { RunningSite } from './php-server';

export {
	isPlaygroundPhpVersion,
	PLAYGROUND_PHP_VERSIONS,
	type PlaygroundPhpVersion,
} from './php-versions';

export interface PlaygroundOptions {
	/** Port on 127.0.0.1; a free one by default. */
	port?: number;
	/**
	 * Request workers (default 2). Playground picks 1 on a 2-core machine, and one worker
	 * deadlocks when the plugin requests its own site while serving a request.
	 */
	workers?: number;
	/** How long to wait for WordPress to boot (default two minutes). */
	timeoutMs?: number;
	/** PHP version (`--php` of wp-playground-cli); Playground's own default when unset. */
	php?: PlaygroundPhpVersion;
}

/**
 * The CLI entry script, found through the package manifest rather than node_modules/.bin.
 */
function playgroundCliScript(): string {
	const manifestPath = require.resolve( '@wp-playground/cli/package.json' );
	const manifest = JSON.parse( readFileSync( manifestPath, 'utf8' ) ) as {
		bin: Record< string, string >;
	};
	const bin = manifest.bin[ 'wp-playground-cli' ];
	if ( ! bin ) {
		throw new Error(
			'@wp-playground/cli has no wp-playground-cli binary.'
		);
	}
	return path.join( path.dirname( manifestPath ), bin );
}

/**
 * Starts `wp-playground-cli server` on an installed lab site.
 *
 * The site folder is mounted at /wordpress before boot and Playground is told not to install
 * or set up SQLite: the site brings its own wp-config.php, database and db.php drop-in.
 * php-wasm does not follow the site's plugin symlinks out of the mount, so each linked plugin
 * is mounted at its place as well.
 *
 * @param site    An installed lab site.
 * @param options Port, workers, boot timeout, PHP version.
 */
export async function startPlayground(
	site: LabSite,
	options: PlaygroundOptions = {}
): Promise< RunningSite > {
	const host = '127.0.0.1';
	const port = options.port ?? ( await getFreePort( host ) );
	const url = `http://${ host }:${ port }`;
	const logFile = path.join(
		site.logDir,
		`playground-${ options.php ? `php${ options.php }-` : '' }${ port }.log`
	);
	await site.setUrl( url );

	const pluginMounts = Object.entries( site.plugins ).map(
		( [ slug, source ] ) =>
			`--mount=${ path.resolve( source ) }:/wordpress/wp-content/plugins/${ slug }`
	);
	const server = startProcess(
		`playground :${ port }`,
		process.execPath,
		[
			playgroundCliScript(),
			'server',
			`--mount-before-install=${ site.root }:/wordpress`,
			...pluginMounts,
			'--wordpress-install-mode=do-not-attempt-installing',
			'--skip-sqlite-setup',
			`--port=${ port }`,
			`--site-url=${ url }`,
			`--workers=${ options.workers ?? 2 }`,
			...( options.php ? [ `--php=${ options.php }` ] : [] ),
		],
		{ cwd: site.stateDir, logFile, env: process.env }
	);
	const stop = () => server.stop();
	try {
		await waitForPort( host, port, 60_000, server.isAlive );
		// The port opens before WordPress boots; until then every answer is a 502.
		await waitForWordPress(
			url,
			options.timeoutMs ?? 120_000,
			server.isAlive
		);
	} catch ( error ) {
		await stop();
		throw new Error(
			`Playground did not start: ${ ( error as Error ).message } See ${ logFile }.`
		);
	}
	return { url, runtime: 'playground', logFile, stop };
}

async function waitForWordPress(
	url: string,
	timeoutMs: number,
	isAlive: () => boolean
): Promise< void > {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const response = await fetch( `${ url }/?rest_route=/`, {
				signal: AbortSignal.timeout( 10_000 ),
			} );
			await response.arrayBuffer();
			if ( response.status !== 502 ) {
				return;
			}
		} catch {
			// Not answering yet.
		}
		if ( ! isAlive() ) {
			throw new Error( 'the Playground process exited.' );
		}
		if ( Date.now() > deadline ) {
			throw new Error(
				`WordPress did not answer within ${ timeoutMs } ms.`
			);
		}
		await new Promise( ( resolve ) => setTimeout( resolve, 250 ) );
	}
}
