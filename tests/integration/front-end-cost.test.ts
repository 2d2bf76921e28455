/**
 * Front-end cost: a visitor's request must load no Proxy Health code beyond the bootstrap
 * (the autoloader and `Plugin`, which only adds hooks). A lab-only must-use plugin records, on
 * `shutdown`, which `ProxyHealth\` classes PHP declared during that request.
 *
 * The timing side (plugin active vs inactive) is a benchmark: bench/front-end-cost.ts.
 */

/**
 * External dependencies
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { sharedLab } from '../support/lab';

jest.setTimeout( 180_000 );

/** The bootstrap: what `proxy-health.php` and `Plugin::register()` strictly need. */
const BOOTSTRAP = [ 'ProxyHealth\\Autoloader', 'ProxyHealth\\Plugin' ];

let traceDir: string;

const lab = sharedLab( { runtime: 'php', proxyEngine: 'squid' } );

beforeAll( async () => {
	traceDir = path.join( lab().site.stateDir, 'class-traces' );
	await mkdir( traceDir, { recursive: true } );
	await writeFile(
		path.join(
			lab().site.root,
			'wp-content',
			'mu-plugins',
			'proxy-health-lab-class-trace.php'
		),
		[
			'<?php',
			'/**',
			' * Proxy Health lab only: for a request carrying X-Proxy-Health-Lab-Trace, writes the',
			' * ProxyHealth\\ classes PHP declared by shutdown to a file named by that header.',
			' *',
			' * @package ProxyHealth\\Lab',
			' */',
			'',
			'declare(strict_types = 1);',
			'',
			"$proxy_health_lab_trace = (string) ( $_SERVER['HTTP_X_PROXY_HEALTH_LAB_TRACE'] ?? '' );",
			"if ( 1 === preg_match( '/^[a-f0-9]{16}$/', $proxy_health_lab_trace ) ) {",
			'\tadd_action(',
			"\t\t'shutdown',",
			'\t\tstatic function () use ( $proxy_health_lab_trace ): void {',
			"\t\t\t$classes = array_values( array_filter( get_declared_classes(), static fn( string $name ): bool => str_starts_with( $name, 'ProxyHealth\\\\' ) ) );",
			`\t\t\tfile_put_contents( ${ JSON.stringify( traceDir ) } . '/' . $proxy_health_lab_trace . '.json', (string) json_encode( $classes ) );`,
			'\t\t},',
			'\t\tPHP_INT_MAX',
			'\t);',
			'}',
			'',
		].join( '\n' )
	);
} );

/**
 * Requests a page as a visitor and returns the ProxyHealth\ classes loaded for it.
 *
 * @param page Path and query, e.g. `/` or `/?p=1`.
 */
async function classesFor( page: string ): Promise< string[] > {
	const token = randomBytes( 8 ).toString( 'hex' );
	const response = await fetch( `${ lab().server.url }${ page }`, {
		headers: { 'X-Proxy-Health-Lab-Trace': token },
		redirect: 'manual',
	} );
	await response.text();
	expect( response.status ).toBeLessThan( 500 );
	const file = path.join( traceDir, `${ token }.json` );
	// shutdown runs after the body is sent; give the worker a moment to write.
	for ( let i = 0; i < 50 && ! existsSync( file ); i++ ) {
		await new Promise( ( resolve ) => setTimeout( resolve, 100 ) );
	}
	return ( JSON.parse( readFileSync( file, 'utf8' ) ) as string[] ).sort();
}

const PAGES = [ '/', '/?p=1', '/?s=proxy', '/?feed=rss2', '/no-such-page/' ];

test( 'the trace sees the plugin (it is active and the bootstrap ran)', async () => {
	expect( await classesFor( '/' ) ).toEqual(
		expect.arrayContaining( BOOTSTRAP )
	);
} );

// Site Health, the bisection reaper and the evidence session load only when their hooks
// fire (admin, REST, cron) or while a session is on; a page view needs the bootstrap alone.
test( 'front-end requests load only the bootstrap', async () => {
	for ( const page of PAGES ) {
		expect( {
			page,
			extra: ( await classesFor( page ) ).filter(
				( name ) => ! BOOTSTRAP.includes( name )
			),
		} ).toEqual( { page, extra: [] } );
	}
} );
