/**
 * The PHP matrix on WordPress Playground: which versions run (PROXY_HEALTH_PHP), a site reset
 * between versions (one installed WordPress folder serves them all), and plugin activation as an
 * administrator does it in wp-admin, so activation code runs on the PHP version under test.
 */

/**
 * External dependencies
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Internal dependencies
 */
import {
	isPlaygroundPhpVersion,
	PLAYGROUND_PHP_VERSIONS,
	type PlaygroundPhpVersion,
} from '../../src/lab/runtimes/playground';
import type { LabSite } from '../../src/lab/wordpress/site';
import { logIn, type CookieSession } from './wp-session';

/**
 * The versions to run: every version php-wasm carries, or the comma-separated subset in
 * `PROXY_HEALTH_PHP` (e.g. `7.4,8.5`). An unknown version is an error, never skipped.
 *
 * @param value The variable's value.
 */
export function matrixVersions(
	value: string | undefined = process.env.PROXY_HEALTH_PHP
): PlaygroundPhpVersion[] {
	const wanted = ( value ?? '' )
		.split( ',' )
		.map( ( entry ) => entry.trim() )
		.filter( ( entry ) => entry !== '' );
	if ( wanted.length === 0 ) {
		return [ ...PLAYGROUND_PHP_VERSIONS ];
	}
	const unknown = wanted.filter(
		( entry ) => ! isPlaygroundPhpVersion( entry )
	);
	if ( unknown.length > 0 ) {
		throw new Error(
			`PROXY_HEALTH_PHP names ${ unknown.join(
				', '
			) }; Playground runs ${ PLAYGROUND_PHP_VERSIONS.join( ', ' ) }.`
		);
	}
	return PLAYGROUND_PHP_VERSIONS.filter( ( version ) =>
		wanted.includes( version )
	);
}

/**
 * Makes PHP report everything (errors, warnings, notices, deprecations) to wp-content/debug.log,
 * never to the page: Playground points PHP's error log there but turns logging off unless
 * WP_DEBUG_LOG is set, and WordPress without WP_DEBUG reports errors only. While an evidence
 * session has WP_DEBUG_LOG on, PHP writes to the session's log as it would on a real site.
 *
 * @param site Lab site.
 * @return The log's path on this machine.
 */
export async function reportAllPhpErrors( site: LabSite ): Promise< string > {
	const dir = path.join( site.root, 'wp-content', 'mu-plugins' );
	await mkdir( dir, { recursive: true } );
	await writeFile(
		path.join( dir, 'proxy-health-lab-php-errors.php' ),
		[
			'<?php',
			'/**',
			' * Proxy Health lab only (PHP matrix): every PHP message to the error log, none to the page.',
			' *',
			' * @package ProxyHealth\\Lab',
			' */',
			'',
			'declare(strict_types = 1);',
			'',
			'$proxy_health_lab_report_all = static function (): void {',
			'\terror_reporting( E_ALL );',
			"\tini_set( 'display_errors', '0' );",
			"\tini_set( 'log_errors', '1' );",
			'};',
			'$proxy_health_lab_report_all();',
			"// Playground's own must-use plugins load later (muplugins_loaded, 0) and turn logging off.",
			"add_action( 'muplugins_loaded', $proxy_health_lab_report_all, 1 );",
			'',
		].join( '\n' )
	);
	return path.join( site.root, 'wp-content', 'debug.log' );
}

/** What a version starts from: the database and wp-config.php right after the install. */
export interface SiteBaseline {
	/** Restores the database files and wp-config.php, and removes what the plugin wrote. */
	restore: () => Promise< void >;
}

/**
 * Records the site's SQLite database folder and wp-config.php (call it while no request runs),
 * so each version starts from the same installed site with Proxy Health inactive.
 *
 * @param site     Lab site (SQLite).
 * @param stateDir Where the copy goes (outside the site).
 */
export async function recordBaseline(
	site: LabSite,
	stateDir: string
): Promise< SiteBaseline > {
	const database = path.join( site.root, 'wp-content', 'database' );
	const config = path.join( site.root, 'wp-config.php' );
	const copy = path.join( stateDir, 'baseline-database' );
	await cp( database, copy, { recursive: true } );
	const configBytes = await readFile( config );
	return {
		async restore() {
			await rm( database, { recursive: true, force: true } );
			await cp( copy, database, { recursive: true } );
			await writeFile( config, configBytes );
			// Proxy Health's private folder (evidence logs, backups) and a sandbox left behind.
			const uploads = path.join( site.root, 'wp-content', 'uploads' );
			for ( const name of await readdir( uploads ).catch(
				() => [] as string[]
			) ) {
				if ( name.startsWith( 'proxy-health-' ) ) {
					await rm( path.join( uploads, name ), {
						recursive: true,
						force: true,
					} );
				}
			}
			await rm(
				path.join(
					site.root,
					'wp-content',
					'mu-plugins',
					'proxy-health-sandbox.php'
				),
				{ force: true }
			);
		},
	};
}

/** What wp-admin answered to an activation. */
export interface Activation {
	status: number;
	/** Where wp-admin redirected: `activate=true` / `activate-multi=true`, or `error=true`. */
	location: string;
}

/**
 * Logs in as the lab's administrator through wp-login.php.
 *
 * @param siteUrl Site URL.
 * @param site    Lab site.
 */
export function adminSession(
	siteUrl: string,
	site: LabSite
): Promise< CookieSession > {
	return logIn( siteUrl, site.admin.username, site.admin.password );
}

async function pluginsScreen(
	siteUrl: string,
	session: CookieSession
): Promise< string > {
	const response = await fetch( `${ siteUrl }/wp-admin/plugins.php`, {
		headers: { Cookie: session.cookie },
		redirect: 'manual',
	} );
	const html = await response.text();
	if ( response.status !== 200 ) {
		throw new Error(
			`wp-admin/plugins.php answered ${ response.status }.`
		);
	}
	return html;
}

/**
 * Activates plugins as an administrator does on Plugins: one through its "Activate" link, several
 * through the "Activate" bulk action, each with the nonce the screen printed.
 *
 * @param siteUrl Site URL.
 * @param session Administrator's cookie session.
 * @param files   Plugin files, e.g. `proxy-health/proxy-health.php`.
 */
export async function activateInAdmin(
	siteUrl: string,
	session: CookieSession,
	files: readonly string[]
): Promise< Activation > {
	const html = await pluginsScreen( siteUrl, session );
	let request: RequestInit & { url: string };
	if ( files.length === 1 ) {
		const plugin = encodeURIComponent( files[ 0 ] as string );
		const link = new RegExp(
			`href="(plugins\\.php\\?action=activate(?:&|&amp;)plugin=${ plugin.replace(
				/[.]/g,
				'\\.'
			) }[^"]*)"`
		).exec( html );
		if ( ! link?.[ 1 ] ) {
			throw new Error(
				`Plugins shows no Activate link for ${ files[ 0 ] }.`
			);
		}
		request = {
			url: `${ siteUrl }/wp-admin/${ link[ 1 ].replace( /&amp;/g, '&' ) }`,
		};
	} else {
		const nonce = /name="_wpnonce" value="([0-9a-f]+)"/.exec( html )?.[ 1 ];
		if ( ! nonce ) {
			throw new Error( 'Plugins shows no bulk action nonce.' );
		}
		const body = new URLSearchParams( {
			action: 'activate-selected',
			_wpnonce: nonce,
		} );
		for ( const file of files ) {
			body.append( 'checked[]', file );
		}
		request = {
			url: `${ siteUrl }/wp-admin/plugins.php`,
			method: 'POST',
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded',
			},
			body: body.toString(),
		};
	}
	const { url, ...init } = request;
	const response = await fetch( url, {
		...init,
		headers: {
			...( init.headers as Record< string, string > | undefined ),
			Cookie: session.cookie,
		},
		redirect: 'manual',
	} );
	await response.arrayBuffer();
	return {
		status: response.status,
		location: response.headers.get( 'location' ) ?? '',
	};
}

/**
 * One row per version for the closing table: what passed and how long the version took.
 *
 * @param rows Version, checks passed of checks run, seconds.
 */
export function timingTable(
	rows: ReadonlyArray< {
		version: string;
		php: string;
		passed: number;
		total: number;
		seconds: number;
	} >
): string {
	return [
		'| PHP | runs as | checks passed | time |',
		'|---|---|---|---|',
		...rows.map(
			( row ) =>
				`| ${ row.version } | ${ row.php } | ${ row.passed }/${
					row.total
				} | ${ row.seconds.toFixed( 1 ) } s |`
		),
	].join( '\n' );
}
