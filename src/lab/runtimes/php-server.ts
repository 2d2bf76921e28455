/**
 * Serves a lab site with the real PHP CLI's built-in web server.
 */

/**
 * External dependencies
 */
import path from 'node:path';

/**
 * Internal dependencies
 */
import { getFreePort, waitForPort } from '../ports';
import { startProcess } from '../processes';
import type { LabSite } from '../wordpress/site';

/** A lab site being served. */
export interface RunningSite {
	/** Base URL without a trailing slash, e.g. http://127.0.0.1:8123. */
	url: string;
	runtime: 'php' | 'playground';
	/** Server log file. */
	logFile: string;
	/** Stops the server and its workers. */
	stop: () => Promise< void >;
}

export interface PhpServerOptions {
	/** Loopback address; keep it 127.0.0.1 so proxy targets on 127.0.0.2+ are not the site host. */
	host?: string;
	/** Port; a free one by default. */
	port?: number;
	/**
	 * Worker processes (default 4). The plugin requests its own site (loopback probes, bisection
	 * steps) while serving a request, which deadlocks a single-worker server.
	 */
	workers?: number;
	/** Extra `php -d` settings. */
	ini?: Record< string, string >;
}

const ROUTER = path.join( __dirname, 'router.php' );

/**
 * Starts `php -S` on the site and points the site's URL at it.
 *
 * @param site    An installed lab site.
 * @param options Address, port and workers.
 */
export async function startPhpServer(
	site: LabSite,
	options: PhpServerOptions = {}
): Promise< RunningSite > {
	const host = options.host ?? '127.0.0.1';
	const port = options.port ?? ( await getFreePort( host ) );
	const url = `http://${ host }:${ port }`;
	const logFile = path.join( site.logDir, `php-server-${ port }.log` );
	await site.setUrl( url );

	const ini = Object.entries( {
		display_errors: 'stderr',
		log_errors: '1',
		// The lab rewrites wp-config.php between requests; OPcache must look at it every time.
		'opcache.revalidate_freq': '0',
		...options.ini,
	} ).flatMap( ( [ name, value ] ) => [ '-d', `${ name }=${ value }` ] );
	const server = startProcess(
		`php -S ${ host }:${ port }`,
		'php',
		[ ...ini, '-S', `${ host }:${ port }`, '-t', site.root, ROUTER ],
		{
			cwd: site.root,
			logFile,
			env: {
				...process.env,
				PHP_CLI_SERVER_WORKERS: String( options.workers ?? 4 ),
			},
		}
	);
	try {
		await waitForPort( host, port, 30_000, server.isAlive );
	} catch ( error ) {
		await server.stop();
		throw new Error( `${ ( error as Error ).message } See ${ logFile }.` );
	}
	return {
		url,
		runtime: 'php',
		logFile,
		stop: () => server.stop(),
	};
}
