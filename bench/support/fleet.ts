/**
 * A fleet of cheap lab sites for the batch benchmark: each a real WordPress (SQLite) with Proxy
 * Health active, its own database file, URL and `php -S`, all behind one lab's squid, targets
 * and CA. One site is installed with `createSite`; every other site is that folder hard-linked
 * (`cp -al`, one WordPress code tree on disk) with its own copy of the database, so a site
 * costs a few hundred milliseconds instead of a full install. They share the template's admin
 * and Application Password, which the batch does not mind.
 */

/**
 * External dependencies
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Internal dependencies
 */
import { mapWithConcurrency } from '../../src/cli/lib/queue';
import {
	startPhpServer,
	type RunningSite,
} from '../../src/lab/runtimes/php-server';
import type { Lab } from '../../src/lab/scenario';
import { createSite, type LabSite } from '../../src/lab/wordpress/site';
import {
	LAB_URL_FILE,
	proxyScenario,
	renderLabUrlFile,
} from '../../src/lab/wordpress/wp-config';

export interface FleetSite {
	site: LabSite;
	server: RunningSite;
}

export interface Fleet {
	sites: FleetSite[];
	/** Milliseconds spent installing the sites and starting their servers. */
	setupMs: number;
	/** Stops every server started; safe to call twice. */
	stop: () => Promise< void >;
}

/**
 * Same must-use plugin the lab writes for its own site: probe the lab targets (no internet).
 *
 * @param site Lab site.
 * @param lab  Lab whose targets to probe.
 */
async function writeTargets( site: LabSite, lab: Lab ): Promise< void > {
	const dir = path.join( site.root, 'wp-content', 'mu-plugins' );
	await mkdir( dir, { recursive: true } );
	const list = [ lab.httpTarget.url, lab.httpsTarget.url ]
		.map( ( url ) => `'${ url }/'` )
		.join( ', ' );
	await writeFile(
		path.join( dir, 'proxy-health-lab-targets.php' ),
		[
			'<?php',
			'declare(strict_types = 1);',
			`add_filter( 'proxy_health_probe_targets', static fn(): array => array( ${ list } ) );`,
			// WP-Cron would spawn a loopback request that holds the single worker for seconds.
			"if ( ! defined( 'DISABLE_WP_CRON' ) ) {",
			"\tdefine( 'DISABLE_WP_CRON', true );",
			'}',
			'',
		].join( '\n' )
	);
}

const exec = promisify( execFile );

/**
 * Another site from the template's folder: every file hard-linked, the database copied, and
 * its own URL file (replaced by rename, so the link to the template's file is broken).
 *
 * @param template Installed template site (never served).
 * @param stateDir Missing folder for the copy.
 */
async function copySite(
	template: LabSite,
	stateDir: string
): Promise< LabSite > {
	const root = path.join( stateDir, 'wordpress' );
	const logDir = path.join( stateDir, 'logs' );
	await mkdir( logDir, { recursive: true } );
	await exec( 'cp', [ '-al', template.root, root ] );
	const database = path.join( root, 'wp-content', 'database', '.ht.sqlite' );
	await rm( database );
	await copyFile(
		path.join( template.root, 'wp-content', 'database', '.ht.sqlite' ),
		database
	);
	let url: string | null = null;
	return {
		...template,
		root,
		stateDir,
		logDir,
		get url() {
			return url;
		},
		async setProxy() {
			throw new Error(
				'Fleet sites keep the proxy they were made with.'
			);
		},
		async setUrl( next: string ) {
			const file = path.join( root, LAB_URL_FILE );
			const temporary = `${ file }.${ randomBytes( 4 ).toString(
				'hex'
			) }.tmp`;
			await writeFile( temporary, renderLabUrlFile( next ) );
			await rename( temporary, file );
			url = next.replace( /\/+$/, '' );
		},
		async close() {},
	};
}

/**
 * Installs one site configured for the lab's proxy with the right credentials, copies it
 * `count` times and serves every copy. On failure every server already started is stopped.
 *
 * @param lab      Running lab (proxy, targets, CA).
 * @param count    Sites.
 * @param stateDir Empty folder for the sites.
 */
export async function startFleet(
	lab: Lab,
	count: number,
	stateDir: string
): Promise< Fleet > {
	const started = performance.now();
	const servers: RunningSite[] = [];
	const stop = async () => {
		// Bounded: a few stops at a time, each waits for its process group to exit.
		await mapWithConcurrency( servers.splice( 0 ), 10, ( server ) =>
			server.stop().catch( () => undefined )
		);
	};
	const credentials = lab.proxy.credentials;
	if ( ! credentials ) {
		throw new Error( 'The fleet needs an authenticating lab proxy.' );
	}
	try {
		const template = await createSite( {
			stateDir: path.join( stateDir, 'template' ),
			caFile: lab.ca.certFile,
			php: 'native',
			proxy: proxyScenario( 'right-credentials', {
				host: lab.proxy.host,
				port: lab.proxy.port,
				username: credentials.username,
				password: credentials.password,
			} ),
		} );
		await writeTargets( template, lab );
		const sites = await mapWithConcurrency(
			Array.from( { length: count }, ( _v, k ) => k ),
			4,
			async ( k ) => {
				const site = await copySite(
					template,
					path.join( stateDir, `site-${ k }` )
				);
				// One worker is enough: the batch only polls /status and /probes, and the
				// probe targets are the lab's, never the site itself. OPcache on, as on a host.
				const server = await startPhpServer( site, {
					workers: 1,
					ini: { 'opcache.enable_cli': '1' },
				} );
				servers.push( server );
				return { site, server };
			}
		);
		return { sites, setupMs: performance.now() - started, stop };
	} catch ( error ) {
		await stop();
		throw error;
	}
}
