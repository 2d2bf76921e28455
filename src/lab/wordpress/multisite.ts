/**
 * Turns an installed, served lab site into a subdirectory multisite network with a second site,
 * without WP-CLI: multisite.php runs install_network() and populate_network() on real PHP, the
 * MULTISITE constants go into wp-config.php, then wp_insert_site() adds the second site.
 *
 * It runs once the server knows its port, because a network keeps its domain (127.0.0.1:<port>)
 * in the database and in DOMAIN_CURRENT_SITE, and ignores WP_HOME.
 */

/**
 * External dependencies
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { runPhp } from '../runtimes/php-runner';
import type { LabSite } from './site';
import { phpDefine } from './wp-config';

/** The only network shape the lab builds. */
export type LabMultisite = 'subdirectory';

export interface LabNetworkSite {
	blogId: number;
	/** Home URL without a trailing slash. */
	url: string;
}

export interface LabNetwork {
	kind: LabMultisite;
	/** DOMAIN_CURRENT_SITE, e.g. 127.0.0.1:8123. */
	domain: string;
	/** The main site (blog 1) first, then the second site. */
	sites: readonly LabNetworkSite[];
}

const SCRIPT = path.join( __dirname, 'multisite.php' );
const RESULT_PREFIX = 'PROXY_HEALTH_LAB_RESULT ';
export const MULTISITE_BLOCK_BEGIN =
	'/* BEGIN Proxy Health lab: multisite network. */';
const MULTISITE_BLOCK_END = '/* END Proxy Health lab: multisite network. */';
/** wp-config.php line the block goes before (see renderWpConfig). */
const ANCHOR = "if ( ! defined( 'ABSPATH' ) ) {";

/**
 * Renders the constants wp-admin/network.php tells administrators to add.
 *
 * @param domain Network domain with the port.
 */
export function renderMultisiteBlock( domain: string ): string {
	return [
		MULTISITE_BLOCK_BEGIN,
		phpDefine( 'WP_ALLOW_MULTISITE', true ),
		phpDefine( 'MULTISITE', true ),
		phpDefine( 'SUBDOMAIN_INSTALL', false ),
		phpDefine( 'DOMAIN_CURRENT_SITE', domain ),
		phpDefine( 'PATH_CURRENT_SITE', '/' ),
		phpDefine( 'SITE_ID_CURRENT_SITE', 1 ),
		phpDefine( 'BLOG_ID_CURRENT_SITE', 1 ),
		MULTISITE_BLOCK_END,
		'',
		'',
	].join( '\n' );
}

/**
 * Inserts the multisite block into wp-config.php source, before ABSPATH is defined.
 *
 * @param source wp-config.php as written by `renderWpConfig`.
 * @param domain Network domain with the port.
 */
export function withMultisiteBlock( source: string, domain: string ): string {
	if ( source.includes( MULTISITE_BLOCK_BEGIN ) ) {
		throw new Error( 'This wp-config.php is a network already.' );
	}
	const at = source.indexOf( ANCHOR );
	if ( at < 0 ) {
		throw new Error( 'This wp-config.php was not written by the lab.' );
	}
	return (
		source.slice( 0, at ) +
		renderMultisiteBlock( domain ) +
		source.slice( at )
	);
}

/**
 * Makes the site a subdirectory network served at `url`, with a second site at /site2/.
 *
 * @param site An installed lab site (real PHP is needed).
 * @param url  The URL its server answers on, e.g. http://127.0.0.1:8123.
 */
export async function makeSubdirectoryNetwork(
	site: LabSite,
	url: string
): Promise< LabNetwork > {
	const base = url.replace( /\/+$/, '' );
	const network = await step< { domain: string } >( site, 'network', base );
	const config = path.join( site.root, 'wp-config.php' );
	const temporary = `${ config }.${ randomBytes( 4 ).toString( 'hex' ) }.tmp`;
	await writeFile(
		temporary,
		withMultisiteBlock( await readFile( config, 'utf8' ), network.domain )
	);
	await rename( temporary, config );
	const second = await step< { blogId: number; url: string } >(
		site,
		'site',
		base,
		'/site2/'
	);
	return {
		kind: 'subdirectory',
		domain: network.domain,
		sites: [
			{ blogId: 1, url: base },
			{ blogId: second.blogId, url: second.url.replace( /\/+$/, '' ) },
		],
	};
}

async function step< T >(
	site: LabSite,
	name: 'network' | 'site',
	url: string,
	sitePath = ''
): Promise< T > {
	const run = await runPhp( SCRIPT, {
		cwd: site.root,
		// php-wasm's database access differs; the network is built on the PHP the server uses.
		runtime: 'native',
		mounts: Object.values( site.plugins ),
		env: {
			PROXY_HEALTH_LAB_ROOT: site.root,
			PROXY_HEALTH_LAB_STEP: name,
			PROXY_HEALTH_LAB_URL: url,
			PROXY_HEALTH_LAB_SITE_PATH: sitePath,
		},
	} );
	const line = run.stdout
		.split( '\n' )
		.find( ( candidate ) => candidate.startsWith( RESULT_PREFIX ) );
	const result = line
		? ( JSON.parse( line.slice( RESULT_PREFIX.length ) ) as T & {
				error?: string;
			} )
		: undefined;
	if ( run.exitCode !== 0 || ! result || result.error ) {
		throw new Error(
			`Making ${ site.root } a network failed at step "${ name }" (exit ${
				run.exitCode
			}): ${ result?.error ?? 'no result' }\n${ run.stdout.slice(
				-2000
			) }\n${ run.stderr.slice( -2000 ) }`.trim()
		);
	}
	return result;
}
