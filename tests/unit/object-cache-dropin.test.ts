/**
 * @jest-environment node
 */

/**
 * The object-cache.php test fixture behaves as a WordPress object cache drop-in must: each PHP
 * process below is one "request" (real PHP, the real drop-in, the few WordPress functions it
 * calls stubbed), so values set in one are read in the next from the SQLite store. The bisection
 * test relies on it (tests/integration/bisection-object-cache.test.ts); a lax fixture would hide
 * a leak.
 */

/**
 * External dependencies
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import {
	readObjectCacheStore,
	type ObjectCacheStore,
} from '../support/object-cache';

const DROPIN = path.resolve(
	__dirname,
	'..',
	'fixtures',
	'dropins',
	'object-cache.php'
);

/** One request: the stubs WordPress would provide, the drop-in, then the calls asked for. */
const REQUEST = `<?php
declare(strict_types = 1);
[ , $root, $multisite, $calls ] = $argv;
define( 'ABSPATH', $root . '/wordpress/' );
$table_prefix = 'wp_';
$wpdb         = (object) array( 'prefix' => getenv( 'DB_PREFIX' ) ?: 'wp_' );
function is_multisite() { return '1' === $GLOBALS['multisite']; }
function get_current_blog_id() { return 1; }
function wp_suspend_cache_addition() { return false; }
require ${ JSON.stringify( DROPIN ) };
wp_cache_init();
wp_cache_add_global_groups( array( 'users' ) );
wp_cache_add_non_persistent_groups( array( 'counts' ) );
$results = array();
foreach ( json_decode( $calls, true ) as $call ) {
	$name = array_shift( $call );
	if ( 'sleep' === $name ) {
		usleep( $call[0] * 1000 );
		$results[] = null;
		continue;
	}
	if ( 'get_found' === $name ) {
		$value     = wp_cache_get( $call[0], $call[1], false, $found );
		$results[] = array( $value, $found );
		continue;
	}
	$results[] = ( 'wp_cache_' . $name )( ...$call );
}
echo json_encode( $results );
`;

let root: string;
let script: string;

beforeEach( () => {
	root = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-cache-' ) );
	mkdirSync( path.join( root, 'wordpress' ) );
	script = path.join( root, 'request.php' );
	writeFileSync( script, REQUEST );
} );
afterEach( () => rmSync( root, { recursive: true, force: true } ) );

/**
 * Runs one request with the given wp_cache_*() calls; returns what each answered.
 *
 * @param calls             [ function name without wp_cache_, ...arguments ] (or [ 'sleep', ms ]).
 * @param options           How the request looks.
 * @param options.multisite A network (site groups keyed by blog id).
 * @param options.dbPrefix  The $wpdb->prefix it reports ($table_prefix stays wp_).
 * @param options.sandbox   Whether it carries the sandbox header.
 */
function request(
	calls: unknown[][],
	options: { multisite?: boolean; dbPrefix?: string; sandbox?: boolean } = {}
): unknown[] {
	const run = spawnSync(
		'php',
		[
			script,
			root,
			options.multisite ? '1' : '0',
			JSON.stringify( calls ),
		],
		{
			encoding: 'utf8',
			env: {
				...process.env,
				// PHP's CLI puts the environment in $_SERVER, where the drop-in looks for the header.
				...( options.sandbox
					? { HTTP_X_PROXY_HEALTH_SANDBOX: 'token' }
					: {} ),
				DB_PREFIX: options.dbPrefix ?? 'wp_',
			},
		}
	);
	if ( run.status !== 0 || run.stderr ) {
		throw new Error( `request failed: ${ run.stderr }${ run.stdout }` );
	}
	return JSON.parse( run.stdout ) as unknown[];
}

const store = (): ObjectCacheStore =>
	readObjectCacheStore( path.join( root, 'object-cache.sqlite' ) );

test( 'values outlive the request; add, replace, incr and delete follow the store, not the request', () => {
	expect(
		request( [
			[ 'set', 'k', { a: [ 1, 2 ] }, 'g' ],
			[ 'set', 'n', 5, 'g' ],
			[ 'add', 'k', 'other', 'g' ],
			[ 'replace', 'missing', 1, 'g' ],
		] )
	).toEqual( [ true, true, false, false ] );
	expect(
		request( [
			[ 'get_found', 'k', 'g' ],
			[ 'get_found', 'missing', 'g' ],
			[ 'add', 'k', 'other', 'g' ],
			[ 'add', 'fresh', 1, 'g' ],
			[ 'replace', 'n', 7, 'g' ],
			[ 'incr', 'n', 3, 'g' ],
			[ 'decr', 'n', 100, 'g' ],
			[ 'incr', 'missing', 1, 'g' ],
			[ 'get_multiple', [ 'k', 'missing' ], 'g' ],
			[ 'delete', 'k', 'g' ],
			[ 'delete', 'k', 'g' ],
		] )
	).toEqual( [
		[ { a: [ 1, 2 ] }, true ],
		[ false, false ],
		false,
		true,
		true,
		10,
		0,
		false,
		{ k: { a: [ 1, 2 ] }, missing: false },
		true,
		false,
	] );
	expect(
		request( [
			[ 'get_found', 'k', 'g' ],
			[ 'get', 'n', 'g' ],
			[ 'get', 'fresh', 'g' ],
		] )
	).toEqual( [ [ false, false ], 0, 1 ] );
	expect( store().entries ).toEqual( {
		'g:fresh': expect.any( String ),
		'g:n': expect.any( String ),
	} );
} );

test( '*_multiple, groups that never persist, flush_runtime, flush_group and flush (counted)', () => {
	expect(
		request( [
			[ 'set_multiple', { a: 1, b: 2 }, 'g' ],
			[ 'add_multiple', { b: 3, c: 4 }, 'g' ],
			[ 'set', 'x', 1, 'other' ],
			[ 'set', 'hits', 9, 'counts' ],
			[ 'flush_runtime' ],
			[ 'get', 'hits', 'counts' ],
			[ 'get', 'a', 'g' ],
			[ 'delete_multiple', [ 'a', 'zz' ], 'g' ],
			[ 'supports', 'flush_group' ],
			[ 'supports', 'teleport' ],
		] )
	).toEqual( [
		{ a: true, b: true },
		{ b: false, c: true },
		true,
		true,
		true,
		false,
		1,
		{ a: true, zz: false },
		true,
		false,
	] );
	expect( Object.keys( store().entries ).sort() ).toEqual( [
		'g:b',
		'g:c',
		'other:x',
	] );
	request( [ [ 'flush_group', 'g' ] ] );
	expect( Object.keys( store().entries ) ).toEqual( [ 'other:x' ] );
	expect( store() ).toMatchObject( { flushes: 0, groupFlushes: 1 } );
	request( [ [ 'flush' ] ] );
	expect( store() ).toMatchObject( {
		entries: {},
		flushes: 1,
		groupFlushes: 1,
	} );
} );

test( 'on a network, keys of site groups carry the blog id and global groups are shared', () => {
	request(
		[
			[ 'set', 'k', 'site one', 'options' ],
			[ 'set', 'u', 'everyone', 'users' ],
			[ 'switch_to_blog', 2 ],
			[ 'get', 'k', 'options' ],
			[ 'get', 'u', 'users' ],
			[ 'set', 'k', 'site two', 'options' ],
		],
		{ multisite: true }
	);
	expect( Object.keys( store().entries ).sort() ).toEqual( [
		'options:1:k',
		'options:2:k',
		'users:u',
	] );
	expect(
		request( [ [ 'get', 'k', 'options' ] ], { multisite: true } )
	).toEqual( [ 'site one' ] );
} );

test( 'every write is logged with the request: its $wpdb prefix and whether it carried the sandbox header', () => {
	request( [
		[ 'set', 'a', 1, 'g' ],
		[ 'get', 'a', 'g' ],
	] );
	request( [ [ 'delete', 'a', 'g' ] ], {
		dbPrefix: 'wp_phbx0a1b_',
		sandbox: true,
	} );
	const { writes, requests } = store();
	expect( requests.map( ( r ) => [ r.sandboxHeader, r.uri ] ) ).toEqual( [
		[ false, 'cli' ],
		[ true, 'cli' ],
	] );
	expect(
		writes.map( ( w ) => [
			w.request === requests[ 1 ]?.id,
			w.op,
			w.group,
			w.key,
			w.dbPrefix,
			w.tablePrefix,
			w.sandboxHeader,
		] )
	).toEqual( [
		[ false, 'set', 'g', 'a', 'wp_', 'wp_', false ],
		[ true, 'delete', 'g', 'a', 'wp_phbx0a1b_', 'wp_', true ],
	] );
} );

test( 'an expired entry is gone for get, and add may take its place', () => {
	request( [
		[ 'set', 'short', 'old', 'g', 1 ],
		[ 'set', 'long', 'kept', 'g', 3600 ],
	] );
	expect(
		request( [
			[ 'sleep', 2100 ],
			[ 'get_found', 'short', 'g' ],
			[ 'get', 'long', 'g' ],
			[ 'add', 'short', 'new', 'g' ],
			[ 'add', 'long', 'other', 'g' ],
		] )
	).toEqual( [ null, [ false, false ], 'kept', true, false ] );
	expect( request( [ [ 'get', 'short', 'g' ] ] ) ).toEqual( [ 'new' ] );
} );
