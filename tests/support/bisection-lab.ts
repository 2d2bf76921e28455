/**
 * A bisection lab shared by the bisection suites and the benchmark: WordPress on php -S with a
 * real squid and the RIGHT credentials, the bisect-* fixture plugins linked in, and a lab-only
 * PHP helper that snapshots every live table (checksums of every row outside Proxy Health's own
 * options), activates plugins and issues sandbox tokens.
 */

/**
 * External dependencies
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { startLab, type Lab, type LabOptions } from '../../src/lab/scenario';

const FIXTURES = path.resolve( __dirname, '..', 'fixtures', 'plugins' );
export const SLUGS = [
	'bisect-bad-proxy-auth',
	'bisect-pair-arm',
	'bisect-pair-trigger',
	'bisect-sandbox-fatal',
	'bisect-live-marker',
	'bisect-noisy',
	'bisect-quiet-a',
	'bisect-quiet-b',
] as const;
export type Slug = ( typeof SLUGS )[ number ];
export const file = ( slug: Slug ) => `${ slug }/${ slug }.php`;

/**
 * Lab-only helper run with the PHP CLI against the site's database: snapshots the live tables,
 * sets the active plugins, issues sandbox tokens. Never part of the plugin.
 */
const HELPER = `<?php
declare(strict_types = 1);
define( 'WP_USE_THEMES', false );
// A network finds its site by host and port (DOMAIN_CURRENT_SITE); a single site ignores it.
$_SERVER['HTTP_HOST'] = getenv( 'PROXY_HEALTH_LAB_HOST' ) ?: '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require $argv[1] . '/wp-load.php';
global $wpdb;
$command = $argv[2];
if ( 'activate' === $command ) {
	$files = json_decode( $argv[3], true );
	update_option( 'active_plugins', array_merge( array( 'proxy-health/proxy-health.php' ), $files ) );
	echo wp_json_encode( get_option( 'active_plugins' ) );
	exit;
}
if ( 'activate-network' === $command ) {
	// Network-activated plugins, as wp-admin/network/plugins.php stores them (file => time).
	update_site_option( 'active_sitewide_plugins', array_fill_keys( json_decode( $argv[3], true ), time() ) );
	echo wp_json_encode( get_site_option( 'active_sitewide_plugins' ) );
	exit;
}
if ( 'age' === $command ) {
	// As after a run that died: its lock expired, its clones past every bound (on a network
	// both live in the main site's options, where this runs).
	$lock = json_decode( (string) get_option( 'proxy_health_bisection_lock' ), true );
	if ( is_array( $lock ) ) {
		$lock['expires'] = time() - 1;
		update_option( 'proxy_health_bisection_lock', wp_json_encode( $lock ), false );
	}
	$clones = (array) get_option( 'proxy_health_bisection_clones', array() );
	foreach ( $clones as $clone => $created ) {
		$clones[ $clone ] = (int) $created - 2 * HOUR_IN_SECONDS;
	}
	update_option( 'proxy_health_bisection_clones', $clones, false );
	echo wp_json_encode( array( 'lock' => $lock, 'clones' => $clones ) );
	exit;
}
if ( 'uninstall' === $command ) {
	// What deleting the plugin runs; Proxy Health's option rows and cron events per site before and after.
	$own = static function () use ( $wpdb ): array {
		$sites = is_multisite() ? get_sites( array( 'fields' => 'ids', 'number' => 0 ) ) : array( 1 );
		$found = array();
		foreach ( $sites as $site ) {
			is_multisite() && switch_to_blog( (int) $site );
			$hooks = array();
			foreach ( (array) _get_cron_array() as $events ) {
				$hooks = array_merge( $hooks, array_filter( array_keys( (array) $events ), static fn( $hook ) => 0 === strpos( (string) $hook, 'proxy_health_' ) ) );
			}
			$found[ $wpdb->options ] = array(
				'options' => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name LIKE 'proxy\\\\_health\\\\_%'" ),
				'cron'    => array_values( array_unique( $hooks ) ),
			);
			is_multisite() && restore_current_blog();
		}
		return $found;
	};
	$before = $own();
	define( 'WP_UNINSTALL_PLUGIN', 'proxy-health/proxy-health.php' );
	require WP_PLUGIN_DIR . '/proxy-health/uninstall.php';
	echo wp_json_encode( array( 'before' => $before, 'after' => $own() ) );
	exit;
}
if ( 'activate-blog' === $command ) {
	// args: blog id, plugin files activated on that site only.
	switch_to_blog( (int) $argv[3] );
	update_option( 'active_plugins', json_decode( $argv[4], true ) );
	echo wp_json_encode( get_option( 'active_plugins' ) );
	exit;
}
if ( 'theme' === $command ) {
	switch_theme( $argv[3] );
	// Refreshes core's theme_roots transient for the theme just linked in, as the Themes screen
	// would: otherwise the first theme listing during a run would, and the snapshot would see it.
	wp_get_themes();
	echo wp_json_encode( array( get_option( 'template' ), get_option( 'stylesheet' ) ) );
	exit;
}
if ( 'token' === $command ) {
	// args: bisection id, clone prefix, subset JSON, lifetime
	echo ProxyHealth\\Bisection\\Sandbox_Token::issue( $argv[3], 1, $argv[4], json_decode( $argv[5], true ), (int) $argv[6] );
	exit;
}
// snapshot: a checksum of every live table, Proxy Health's own options and WordPress's cron
// bookkeeping (changed by visitors' requests, not by a bisection) left out.
$prefix = $wpdb->base_prefix;
$all    = $wpdb->get_col( 'SHOW TABLES' );
$live    = array();
$options = array();
foreach ( $all as $table ) {
	if ( 0 !== strpos( $table, $prefix ) || 0 === strpos( $table, $prefix . 'phbx' ) ) {
		continue;
	}
	$where = '';
	// wp_options, and on a network every site's wp_<id>_options too.
	if ( $table === $wpdb->options || 1 === preg_match( '/^' . preg_quote( $prefix, '/' ) . '[0-9]+_options$/', $table ) ) {
		$where = " WHERE option_name NOT LIKE 'proxy\\\\_health\\\\_%' AND option_name NOT IN ( 'cron', '_transient_doing_cron' )";
	}
	// A network's site transients: core's update checks, run by visitors' cron requests that may
	// finish after a snapshot, rewrite them; a bisection never writes one.
	if ( is_multisite() && $table === $wpdb->sitemeta ) {
		$where = " WHERE meta_key NOT LIKE '\\\\_site\\\\_transient\\\\_%'";
	}
	$rows = $wpdb->get_results( "SELECT * FROM \`$table\`$where", ARRAY_A );
	if ( $table === $wpdb->options ) {
		// Per option too, so a failing comparison names the option that changed.
		foreach ( $rows as $row ) {
			$options[ $row['option_name'] ] = md5( (string) $row['option_value'] . '|' . $row['autoload'] );
		}
	}
	$lines = array_map( static fn( array $row ): string => wp_json_encode( $row ), $rows );
	sort( $lines );
	$live[ $table ] = md5( implode( "\\n", $lines ) ) . ':' . count( $lines );
}
$types = 0;
if ( in_array( '_mysql_data_types_cache', $all, true ) ) {
	$types = (int) $wpdb->get_var( "SELECT COUNT(*) FROM _mysql_data_types_cache WHERE \`table\` LIKE '%phbx%'" );
}
echo wp_json_encode( array(
	'live'          => $live,
	'options'       => $options,
	'cloneTables'   => array_values( array_filter( $all, static fn( $t ) => false !== strpos( $t, 'phbx' ) ) ),
	'typeCacheRows' => $types,
	'activePlugins' => get_option( 'active_plugins' ),
	'sitewidePlugins' => is_multisite() ? get_site_option( 'active_sitewide_plugins' ) : null,
	'template'      => get_option( 'template' ),
	'stylesheet'    => get_option( 'stylesheet' ),
	'muPlugin'      => is_file( WPMU_PLUGIN_DIR . '/proxy-health-sandbox.php' ),
	'lock'          => (bool) $wpdb->get_var( "SELECT option_value FROM {$wpdb->options} WHERE option_name = 'proxy_health_bisection_lock'" ),
) );
`;

export interface Snapshot {
	live: Record< string, string >;
	/** Live options (outside Proxy Health's own) by name: a hash of value and autoload. */
	options: Record< string, string >;
	cloneTables: string[];
	typeCacheRows: number;
	activePlugins: string[];
	/** The active_sitewide_plugins network option (file => time); null on a single site. */
	sitewidePlugins: Record< string, number > | null;
	template: string;
	stylesheet: string;
	muPlugin: boolean;
	lock: boolean;
}

export function startBisectionLab(
	database: LabOptions[ 'database' ],
	extraPlugins: Readonly< Record< string, string > > = {},
	overrides: Pick< LabOptions, 'multisite' | 'runtime' | 'proxyEngine' > = {}
) {
	const stateDir = mkdtempSync(
		path.join( os.tmpdir(), 'proxy-health-bisection-' )
	);
	const helper = path.join( stateDir, 'lab-helper.php' );
	writeFileSync( helper, HELPER );
	const start = () =>
		startLab( {
			stateDir: path.join( stateDir, 'lab' ),
			runtime: 'php',
			proxyEngine: 'squid',
			scenario: 'right-credentials',
			database,
			plugins: {
				...Object.fromEntries(
					SLUGS.map( ( slug ) => [
						slug,
						path.join( FIXTURES, slug ),
					] )
				),
				...extraPlugins,
			},
			...overrides,
		} );
	const php = ( lab: Lab, ...args: string[] ): string => {
		const run = spawnSync( 'php', [ helper, lab.site.root, ...args ], {
			encoding: 'utf8',
			timeout: 60_000,
			env: {
				...process.env,
				PROXY_HEALTH_LAB_HOST: new URL( lab.server.url ).host,
			},
		} );
		if ( run.status !== 0 ) {
			throw new Error(
				`lab helper failed: ${ run.stderr }${ run.stdout }`
			);
		}
		return run.stdout;
	};
	return {
		start,
		snapshot: ( lab: Lab ) =>
			JSON.parse( php( lab, 'snapshot' ) ) as Snapshot,
		activate: ( lab: Lab, slugs: Slug[] ) =>
			php( lab, 'activate', JSON.stringify( slugs.map( file ) ) ),
		/**
		 * Activates plugin files (Proxy Health stays first), fixtures or extra plugins alike.
		 * @param lab
		 * @param files
		 */
		activateFiles: ( lab: Lab, files: string[] ) =>
			php( lab, 'activate', JSON.stringify( files ) ),
		/**
		 * On a network: the network-activated plugin files (all of them, replacing the list).
		 * @param lab
		 * @param files
		 */
		activateNetwork: ( lab: Lab, files: string[] ) =>
			php( lab, 'activate-network', JSON.stringify( files ) ),
		/**
		 * On a network: the plugin files activated on one site only (Proxy Health not added).
		 * @param lab
		 * @param blogId
		 * @param files
		 */
		activateOnBlog: ( lab: Lab, blogId: number, files: string[] ) =>
			php(
				lab,
				'activate-blog',
				String( blogId ),
				JSON.stringify( files )
			),
		/**
		 * Activates a theme on the live site (set-up before a snapshot, never during a run).
		 * @param lab
		 * @param stylesheet
		 */
		switchTheme: ( lab: Lab, stylesheet: string ) =>
			php( lab, 'theme', stylesheet ),
		/**
		 * Lab-only: moves the lock's expiry and every registered clone past their bounds.
		 * @param lab
		 */
		age: ( lab: Lab ) => php( lab, 'age' ),
		/**
		 * Runs uninstall.php as deleting the plugin does; Proxy Health's option rows and cron
		 * hooks per options table, before and after.
		 * @param lab
		 */
		uninstall: ( lab: Lab ) =>
			JSON.parse( php( lab, 'uninstall' ) ) as Record<
				'before' | 'after',
				Record< string, { options: number; cron: string[] } >
			>,
		token: (
			lab: Lab,
			id: string,
			prefix: string,
			subset: string[],
			lifetime: number
		) =>
			php(
				lab,
				'token',
				id,
				prefix,
				JSON.stringify( subset ),
				String( lifetime )
			).trim(),
		cleanup: () => rmSync( stateDir, { recursive: true, force: true } ),
	};
}

/**
 * Requests the front page as a visitor; returns the fixtures that loaded (X-Bisect-Loaded).
 *
 * @param url Site URL.
 */
export async function visit(
	url: string
): Promise< { status: number; loaded: string; body: string } > {
	const response = await fetch( `${ url }/` );
	return {
		status: response.status,
		loaded: response.headers.get( 'x-bisect-loaded' ) ?? '<none>',
		body: await response.text(),
	};
}

/**
 * Runs `during` while visitors request each site's front page in a loop (at least once each),
 * and returns its result with what each site's visitors got: `"<status> <fixtures loaded>"`
 * answers, one set per URL in the order given.
 *
 * @param urls   Site URLs.
 * @param during The work the visitors overlap, already started.
 */
export async function whileVisiting< T, const U extends readonly string[] >(
	urls: U,
	during: Promise< T >
): Promise< { result: T; seen: { [ K in keyof U ]: Set< string > } } > {
	let running = true;
	const sets = urls.map( () => new Set< string >() );
	const visitors = ( async () => {
		while ( running ) {
			const pages = await Promise.all(
				urls.map( ( url ) => visit( url ) )
			);
			pages.forEach( ( page, index ) =>
				sets[ index ]?.add( `${ page.status } ${ page.loaded }` )
			);
		}
	} )();
	const [ result ] = await Promise.all( [
		during.finally( () => {
			running = false;
		} ),
		visitors,
	] );
	return { result, seen: sets as { [ K in keyof U ]: Set< string > } };
}

export function expectCleanAfter( before: Snapshot, after: Snapshot ): void {
	expect( after.options ).toEqual( before.options );
	expect( after.live ).toEqual( before.live );
	expect( after.activePlugins ).toEqual( before.activePlugins );
	expect( after.template ).toBe( before.template );
	expect( after.stylesheet ).toBe( before.stylesheet );
	expect( after.cloneTables ).toEqual( [] );
	expect( after.typeCacheRows ).toBe( 0 );
	expect( after.muPlugin ).toBe( false );
	expect( after.lock ).toBe( false );
}
