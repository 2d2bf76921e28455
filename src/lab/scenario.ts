/**
 * A whole reproduction in one call: a WordPress site, a runtime serving it, an authenticating
 * proxy, HTTP and HTTPS targets behind it, and wp-config.php written for a proxy scenario.
 *
 * Used by `npm start`, the integration and browser tests, the benchmarks, and `proxy-health lab`.
 */

/**
 * External dependencies
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { createLabCa, type LabCa } from './ca';
import { startProxy } from './proxies';
import type { LabProxy, ProxyEngine, ProxyScheme } from './proxies/types';
import { startPhpServer, type RunningSite } from './runtimes/php-server';
import {
	startPlayground,
	type PlaygroundPhpVersion,
} from './runtimes/playground';
import { startTarget, type LabTarget } from './targets';
import type { WordPressVersion } from './wordpress/versions';
import {
	makeSubdirectoryNetwork,
	type LabMultisite,
	type LabNetwork,
} from './wordpress/multisite';
import { createSite, type LabDatabase, type LabSite } from './wordpress/site';
import { PLUGIN_DIR } from './wordpress/paths';
import { proxyScenario, type ProxyScenario } from './wordpress/wp-config';

export type LabRuntime = 'php' | 'playground';

export interface LabOptions {
	/** Folder for everything this lab writes; created if missing. */
	stateDir: string;
	runtime?: LabRuntime;
	/**
	 * WordPress: `7.1` (the current release), `6.6` (6.6.2, the plugin's minimum), `6.5` or
	 * `nightly`. Default: `PROXY_HEALTH_WP` when set, else 7.1.
	 */
	version?: WordPressVersion;
	database?: LabDatabase;
	/** The proxy's authentication; `basic` by default. */
	proxyScheme?: ProxyScheme;
	proxyEngine?: ProxyEngine | 'auto';
	/** What wp-config.php says about the proxy; `wrong-credentials` by default. */
	scenario?: ProxyScenario | 'no-proxy';
	/** Plugin files to activate (default: Proxy Health). */
	activate?: readonly string[];
	/** Extra plugin folders to link into wp-content/plugins, by slug (Proxy Health is always linked). */
	plugins?: Readonly< Record< string, string > >;
	/** Who runs the installer: real PHP when present, else php-wasm. */
	php?: 'auto' | 'native' | 'wasm';
	/** PHP version the Playground runtime serves the site with (7.4 … 8.5); Playground runtime only. */
	phpVersion?: PlaygroundPhpVersion;
	/** Make the site a network with a second site at /site2/ (real PHP runtime only). */
	multisite?: LabMultisite;
}

export interface Lab {
	readonly site: LabSite;
	readonly server: RunningSite;
	readonly proxy: LabProxy;
	readonly ca: LabCa;
	readonly httpTarget: LabTarget;
	readonly httpsTarget: LabTarget;
	/** The network's sites, when started with `multisite`. */
	readonly network?: LabNetwork;
	/** Rewrites wp-config.php for another scenario against the same proxy. */
	setScenario: ( scenario: ProxyScenario | 'no-proxy' ) => Promise< void >;
	/** Stops every server and the database; safe to call twice. */
	stop: () => Promise< void >;
}

/** Must-use plugin that makes the lab targets the default probe targets (no internet here). */
const TARGETS_MU_PLUGIN = 'proxy-health-lab-targets.php';

/**
 * Starts a lab. On failure everything already started is stopped before the error propagates.
 *
 * @param options What to start.
 */
export async function startLab( options: LabOptions ): Promise< Lab > {
	if ( options.phpVersion && options.runtime !== 'playground' ) {
		throw new Error(
			'A PHP version is chosen on the Playground runtime only; the php runtime uses the php on the PATH.'
		);
	}
	await mkdir( options.stateDir, { recursive: true } );
	const stoppers: Array< () => Promise< unknown > > = [];
	const stop = async () => {
		const pending = stoppers.splice( 0 ).reverse();
		for ( const stopOne of pending ) {
			await stopOne().catch( () => undefined );
		}
	};
	try {
		const ca = createLabCa( path.join( options.stateDir, 'ca' ) );
		const httpTarget = await startTarget( {
			scheme: 'http',
			host: '127.0.0.2',
		} );
		stoppers.push( httpTarget.stop );
		const httpsTarget = await startTarget( {
			scheme: 'https',
			host: '127.0.0.3',
			ca,
		} );
		stoppers.push( httpsTarget.stop );
		const proxy = await startProxy( {
			scheme: options.proxyScheme ?? 'basic',
			engine: options.proxyEngine ?? 'auto',
			stateDir: path.join( options.stateDir, 'proxy' ),
		} );
		stoppers.push( proxy.stop );

		const constantsFor = ( scenario: ProxyScenario | 'no-proxy' ) =>
			scenario === 'no-proxy'
				? null
				: proxyScenario( scenario, {
						host: proxy.host,
						port: proxy.port,
						username: proxy.credentials?.username ?? 'lab-user',
						password: proxy.credentials?.password ?? 'lab-password',
					} );

		const site = await createSite( {
			stateDir: path.join( options.stateDir, 'site' ),
			version: options.version,
			database: options.database,
			activate: options.activate,
			plugins: options.plugins
				? { 'proxy-health': PLUGIN_DIR, ...options.plugins }
				: undefined,
			caFile: ca.certFile,
			php: options.php,
			proxy: constantsFor( options.scenario ?? 'wrong-credentials' ),
		} );
		stoppers.push( site.close );
		await writeLabTargets( site, [ httpTarget.url, httpsTarget.url ] );

		const server =
			options.runtime === 'playground'
				? await startPlayground( site, {
						php: options.phpVersion,
						// WordPress 7.1 boots in php-wasm in over two minutes on a busy 2-core machine.
						timeoutMs: 300_000,
					} )
				: await startPhpServer( site, {
						// The lab rewrites wp-config.php between requests; a cached copy would hide that.
						ini: { 'opcache.enable': '0' },
					} );
		stoppers.push( server.stop );
		if ( options.multisite && options.runtime === 'playground' ) {
			throw new Error(
				'The lab builds networks on the real PHP runtime only.'
			);
		}
		const network = options.multisite
			? await makeSubdirectoryNetwork( site, server.url )
			: undefined;

		return {
			site,
			server,
			proxy,
			ca,
			httpTarget,
			httpsTarget,
			network,
			setScenario: ( scenario ) =>
				site.setProxy( constantsFor( scenario ) ),
			stop,
		};
	} catch ( error ) {
		await stop();
		throw error;
	}
}

/**
 * Points Proxy Health's default probe targets at the lab targets through its public filter.
 *
 * @param site    Lab site.
 * @param targets Target URLs.
 */
async function writeLabTargets(
	site: LabSite,
	targets: readonly string[]
): Promise< void > {
	const dir = path.join( site.root, 'wp-content', 'mu-plugins' );
	await mkdir( dir, { recursive: true } );
	const list = targets.map( ( url ) => `'${ url }/'` ).join( ', ' );
	await writeFile(
		path.join( dir, TARGETS_MU_PLUGIN ),
		[
			'<?php',
			'/**',
			' * Proxy Health lab only: probe the lab targets instead of wordpress.org.',
			' *',
			' * @package ProxyHealth\\Lab',
			' */',
			'',
			'declare(strict_types = 1);',
			'',
			`add_filter( 'proxy_health_probe_targets', static fn(): array => array( ${ list } ) );`,
			'',
		].join( '\n' )
	);
}

/**
 * Runs `work` against a lab in a fresh temporary folder, then stops the lab and removes the
 * folder, whatever `work` did.
 *
 * @param options Lab options (the state folder is made here).
 * @param work    What to do with the running lab.
 */
export async function withLab< T >(
	options: Omit< LabOptions, 'stateDir' >,
	work: ( lab: Lab ) => Promise< T >
): Promise< T > {
	const stateDir = mkdtempSync(
		path.join( os.tmpdir(), 'proxy-health-lab-' )
	);
	try {
		const lab = await startLab( { ...options, stateDir } );
		try {
			return await work( lab );
		} finally {
			await lab.stop();
		}
	} finally {
		rmSync( stateDir, { recursive: true, force: true } );
	}
}
