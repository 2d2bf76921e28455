/**
 * A real persistent object cache for a running lab site: copies the test fixture drop-in
 * (tests/fixtures/dropins/object-cache.php) to wp-content/object-cache.php, and reads its
 * SQLite store, which sits outside the web root (next to the site's `wordpress/` folder) and is
 * shared by every request and process of the site.
 */

/**
 * External dependencies
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import type { LabSite } from '../../src/lab/wordpress/site';

const DROPINS = path.resolve( __dirname, '..', 'fixtures', 'dropins' );

/** One write that reached the store, as the drop-in logged it. */
export interface StoreWrite {
	id: number;
	/** Random per request (or CLI process). */
	request: string;
	op: 'set' | 'add' | 'replace' | 'delete' | 'incr' | 'flush' | 'flush_group';
	group: string;
	key: string;
	/** `$wpdb->prefix` at the moment of the write: a clone prefix means the sandbox wrote. */
	dbPrefix: string;
	/** `$table_prefix` from wp-config.php: the live prefix. */
	tablePrefix: string;
	/** Whether the request carried the X-Proxy-Health-Sandbox header. */
	sandboxHeader: boolean;
	/** Request URI, or `cli`. */
	uri: string;
}

/** A request (or CLI process) that started with this cache. */
export interface StoreRequest {
	id: string;
	sandboxHeader: boolean;
	uri: string;
}

export interface ObjectCacheStore {
	exists: boolean;
	/** `group:key` => md5 of the stored bytes (unexpired entries only). */
	entries: Record< string, string >;
	/** Times the whole store was flushed (wp_cache_flush) since it was created. */
	flushes: number;
	/** Times a group was flushed (wp_cache_flush_group). */
	groupFlushes: number;
	/** Every request that started with the drop-in, oldest first. */
	requests: StoreRequest[];
	writes: StoreWrite[];
	/** Values of the entries asked for by name. */
	values: Record< string, unknown >;
}

export interface LabObjectCache {
	/** The store file. */
	readonly store: string;
	/**
	 * Reads the whole store.
	 * @param decode `group:key` names whose values to return as well.
	 */
	read: ( ...decode: string[] ) => ObjectCacheStore;
	/** Removes the drop-in and its store: the site is back to WordPress's runtime cache. */
	remove: () => void;
}

/**
 * Installs the persistent object cache drop-in into a lab site (takes effect on the next request;
 * no server restart needed: the lab runs PHP without opcache).
 *
 * @param site Lab site.
 */
export function installObjectCache( site: LabSite ): LabObjectCache {
	const dropIn = path.join( site.root, 'wp-content', 'object-cache.php' );
	// The drop-in's default store: dirname( ABSPATH ) . '/object-cache.sqlite'.
	const store = path.join( path.dirname( site.root ), 'object-cache.sqlite' );
	copyFileSync( path.join( DROPINS, 'object-cache.php' ), dropIn );
	return {
		store,
		read: ( ...decode ) => readObjectCacheStore( store, ...decode ),
		remove: () => {
			rmSync( dropIn, { force: true } );
			for ( const suffix of [ '', '-wal', '-shm' ] ) {
				rmSync( store + suffix, { force: true } );
			}
		},
	};
}

/**
 * Reads a drop-in store file (with the PHP CLI, as the drop-in wrote it).
 *
 * @param store  The SQLite file.
 * @param decode `group:key` names whose values to return as well.
 */
export function readObjectCacheStore(
	store: string,
	...decode: string[]
): ObjectCacheStore {
	const run = spawnSync(
		'php',
		[
			path.join( DROPINS, 'read-object-cache-store.php' ),
			store,
			...decode,
		],
		{ encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }
	);
	if ( run.status !== 0 ) {
		throw new Error(
			`object cache store read failed: ${ run.stderr }${ run.stdout }`
		);
	}
	return JSON.parse( run.stdout ) as ObjectCacheStore;
}
