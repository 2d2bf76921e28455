/**
 * Bisection on a site with a persistent object cache: "a persistent object cache is neither
 * flushed nor polluted". A real lab (WordPress on php -S, a real squid with the RIGHT credentials,
 * the bisect-* fixture plugins) with the test fixture drop-in tests/fixtures/dropins/object-cache.php
 * in wp-content: an SQLite store outside the web root shared by every request, with a flush
 * counter and a log of every write that reached it (the table prefix $wpdb had at that moment and
 * whether the request carried the sandbox header).
 */

/**
 * External dependencies
 */
import path from 'node:path';

/**
 * Internal dependencies
 */
import type { Bisection } from '../../src/api/types';
import type { Lab } from '../../src/lab/scenario';
import {
	expectCleanAfter,
	file,
	startBisectionLab,
	visit,
	whileVisiting,
	type Slug,
} from '../support/bisection-lab';
import {
	installObjectCache,
	type LabObjectCache,
	type ObjectCacheStore,
} from '../support/object-cache';
import { rest } from '../support/rest';

jest.setTimeout( 240_000 );

const ROUTE = '/proxy-health/v1/bisections';
const ALLOPTIONS = 'options:alloptions';
const NOTOPTIONS = 'options:notoptions';
/** Keys the live admin requests that drive a run may change: Proxy Health's own and negative caches. */
const OWN_KEY = /^(?:site-)?options:(?:\d+:)?(?:proxy_health_.*|notoptions)$/;

/**
 * Keys whose stored bytes differ between two reads of the store (added, changed or removed).
 *
 * @param before Earlier read.
 * @param after  Later read.
 */
function changedKeys( before: ObjectCacheStore, after: ObjectCacheStore ) {
	const keys = new Set( [
		...Object.keys( before.entries ),
		...Object.keys( after.entries ),
	] );
	return [ ...keys ]
		.filter( ( key ) => before.entries[ key ] !== after.entries[ key ] )
		.sort();
}

/**
 * Visits the sites until a round of visits (and the wp-cron runs they spawn) writes nothing to
 * the store: first visits warm query caches and run due cron events, which is visitors' doing,
 * not a bisection's. Throws when it never settles.
 *
 * @param cache The lab's object cache.
 * @param urls  Front pages to visit.
 */
async function settle( cache: LabObjectCache, urls: string[] ) {
	for ( let round = 0; round < 8; round++ ) {
		const last = cache.read().writes.at( -1 )?.id ?? 0;
		for ( const url of urls ) {
			await visit( url );
		}
		// A spawned wp-cron.php runs after the page has answered.
		await new Promise( ( resolve ) => setTimeout( resolve, 1500 ) );
		if ( ( cache.read().writes.at( -1 )?.id ?? 0 ) === last ) {
			return;
		}
	}
	throw new Error( 'Visits kept writing to the object cache store.' );
}

/**
 * The store must come out of a bisection exactly as the live site would leave it:
 *
 * - never flushed (whole store or a group);
 * - no write at all from a sandbox request (the drop-in logs each write with the request's
 *   headers), and none while $wpdb pointed at a clone table (the log keeps $wpdb->prefix);
 * - the only keys whose bytes changed are Proxy Health's own options (`proxy_health_*`, written
 *   by the live admin requests that drive the run) and the `notoptions` negative caches, which may
 *   only lose names or gain Proxy Health's own (a name a sandbox leaked there would hide a live
 *   option from visitors);
 * - `alloptions` (and so the live `active_plugins` visitors load), and on a network the
 *   `active_sitewide_plugins` network option, byte for byte the same;
 * - every probe really ran with the drop-in loaded (one cache start per sandbox request).
 *
 * @param before             Store read before the run (with `watched.notoptions` decoded).
 * @param after              Store read after the run (the same).
 * @param probes             Sandbox requests the run made.
 * @param watched            Keys by name.
 * @param watched.notoptions The negative caches (`options:notoptions`, on a network per site and network).
 * @param watched.unchanged  Keys that must be there and keep their bytes.
 */
function expectStoreUntouched(
	before: ObjectCacheStore,
	after: ObjectCacheStore,
	probes: number,
	watched: { notoptions: string[]; unchanged: string[] }
): void {
	expect( after.flushes ).toBe( before.flushes );
	expect( after.groupFlushes ).toBe( before.groupFlushes );

	const lastWrite = before.writes.at( -1 )?.id ?? 0;
	const writes = after.writes.filter( ( w ) => w.id > lastWrite );
	expect( writes.filter( ( w ) => w.dbPrefix !== w.tablePrefix ) ).toEqual(
		[]
	);
	// Not even before it enters the sandbox: the token and clone checks read past the cache.
	expect( writes.filter( ( w ) => w.sandboxHeader ) ).toEqual( [] );

	expect(
		changedKeys( before, after ).filter( ( key ) => ! OWN_KEY.test( key ) )
	).toEqual( [] );
	for ( const key of watched.notoptions ) {
		const names = ( store: ObjectCacheStore ) =>
			Object.keys(
				( store.values[ key ] ?? {} ) as Record< string, true >
			);
		const gained = names( after ).filter(
			( name ) => ! names( before ).includes( name )
		);
		expect( {
			key,
			gained: gained.filter(
				( name ) => ! name.startsWith( 'proxy_health_' )
			),
		} ).toEqual( { key, gained: [] } );
	}
	for ( const key of watched.unchanged ) {
		expect( { key, stored: before.entries[ key ] } ).toEqual( {
			key,
			stored: expect.any( String ),
		} );
		expect( { key, stored: after.entries[ key ] } ).toEqual( {
			key,
			stored: before.entries[ key ],
		} );
	}

	const sandboxRequests = after.requests
		.slice( before.requests.length )
		.filter( ( r ) => r.sandboxHeader );
	expect( sandboxRequests.length ).toBe( probes );
}

/**
 * The live `active_plugins` as the store holds it (inside `alloptions`, as WordPress stores it).
 *
 * @param store Store read with ALLOPTIONS decoded.
 * @param key
 */
function cachedActivePlugins(
	store: ObjectCacheStore,
	key = ALLOPTIONS
): string | undefined {
	return ( store.values[ key ] as Record< string, string > ).active_plugins;
}

/**
 * `active_plugins` as PHP serializes it, for comparing with what the store holds.
 *
 * @param files Plugin files in order.
 */
function serialized( files: readonly string[] ): string {
	const items = files.map(
		( name, i ) => `i:${ i };s:${ Buffer.byteLength( name ) }:"${ name }";`
	);
	return `a:${ files.length }:{${ items.join( '' ) }}`;
}

describe( 'a single site', () => {
	const harness = startBisectionLab( 'sqlite' );
	let lab: Lab;
	let url: string;
	let cache: LabObjectCache;
	const call = < T = Bisection >(
		route: string,
		init: { method?: string; body?: unknown } = {}
	) => rest< T >( url, lab.site, route, init );

	beforeAll( async () => {
		lab = await harness.start();
		url = lab.server.url;
		cache = installObjectCache( lab.site );
		// One authenticated call first: WordPress records an Application Password's first use of
		// the day in usermeta, which is the admin's doing, not the bisection's.
		await call( '/proxy-health/v1/status' );
	} );
	afterAll( async () => {
		cache?.remove();
		await lab?.stop();
		harness.cleanup();
	} );

	test( 'the drop-in is a real persistent cache: WordPress keeps its options there across requests', async () => {
		await visit( url );
		const first = cache.read( ALLOPTIONS );
		expect( first.exists ).toBe( true );
		expect( first.flushes ).toBe( 0 );
		expect( cachedActivePlugins( first ) ).toContain(
			'proxy-health/proxy-health.php'
		);
		// The next request finds alloptions in the store: it reads it and writes nothing back.
		await visit( url );
		const second = cache.read( ALLOPTIONS );
		const secondRequest = second.requests.at( -1 )?.id;
		expect( second.requests.length ).toBe( first.requests.length + 1 );
		expect(
			second.writes.filter(
				( w ) => w.request === secondRequest && w.key === 'alloptions'
			)
		).toEqual( [] );
	} );

	test( 'a server-driven bisection finds the culprit as without the cache; the store is neither flushed nor polluted; visitors keep the live plugin set', async () => {
		const active: Slug[] = [
			'bisect-live-marker',
			'bisect-quiet-a',
			'bisect-noisy',
			'bisect-pair-arm',
			'bisect-bad-proxy-auth',
			'bisect-quiet-b',
		];
		harness.activate( lab, active );
		const liveSet = ( await visit( url ) ).loaded;
		expect( liveSet ).toBe(
			'bad_proxy_auth,pair_arm,noisy,quiet_a,quiet_b'
		);
		await settle( cache, [ url ] );
		const before = harness.snapshot( lab );
		const storeBefore = cache.read( ALLOPTIONS, NOTOPTIONS );
		const liveFiles = [
			'proxy-health/proxy-health.php',
			...active.map( file ),
		];
		expect( before.activePlugins ).toEqual( liveFiles );
		expect( cachedActivePlugins( storeBefore ) ).toBe(
			serialized( liveFiles )
		);

		const {
			result: started,
			seen: [ seen ],
		} = await whileVisiting(
			[ url ],
			call( ROUTE, {
				method: 'POST',
				body: { mode: 'ddmin', driver: 'server', cloneMode: 'light' },
			} )
		);
		const storeAfter = cache.read( ALLOPTIONS, NOTOPTIONS );

		expect( started.status ).toBe( 201 );
		const run = started.body;
		expect( run ).toMatchObject( {
			status: 'done',
			conclusion: 'culprit_found',
			culprits: [ [ file( 'bisect-bad-proxy-auth' ) ] ],
			clone: { state: 'dropped' },
		} );
		expect( run.probesUsed ).toBeLessThanOrEqual(
			2 * Math.ceil( Math.log2( active.length ) ) + 3
		);
		for ( const step of run.steps ) {
			expect( step.outcome ).toBe(
				step.subset.includes( file( 'bisect-bad-proxy-auth' ) )
					? 'fail'
					: 'pass'
			);
		}

		expectStoreUntouched( storeBefore, storeAfter, run.probesUsed, {
			notoptions: [ NOTOPTIONS ],
			unchanged: [ ALLOPTIONS ],
		} );
		expect( cachedActivePlugins( storeAfter ) ).toBe(
			serialized( liveFiles )
		);
		expect( seen ).toEqual( new Set( [ `200 ${ liveSet }` ] ) );
		expectCleanAfter( before, harness.snapshot( lab ) );
	} );

	test( 'a client-driven run with a subset that fatals in the sandbox: a crash of that subset, and the store is left alone on the crash path too', async () => {
		const active: Slug[] = [
			'bisect-live-marker',
			'bisect-quiet-a',
			'bisect-sandbox-fatal',
			'bisect-noisy',
		];
		harness.activate( lab, active );
		const live = await visit( url );
		await settle( cache, [ url ] );
		const before = harness.snapshot( lab );
		const storeBefore = cache.read( ALLOPTIONS, NOTOPTIONS );

		const started = await call( ROUTE, {
			method: 'POST',
			body: { mode: 'one-by-one', driver: 'client', cloneMode: 'full' },
		} );
		expect( started.status ).toBe( 201 );
		let run = started.body;
		for ( let i = 0; i < 20 && run.status === 'running'; i++ ) {
			run = (
				await call( `${ ROUTE }/${ run.id }/step`, { method: 'POST' } )
			).body;
			// Between steps a visitor still gets the live set.
			expect( ( await visit( url ) ).loaded ).toBe( live.loaded );
		}
		const storeAfter = cache.read( ALLOPTIONS, NOTOPTIONS );

		expect( run ).toMatchObject( {
			status: 'done',
			conclusion: 'culprit_found',
			culprits: [ [ file( 'bisect-sandbox-fatal' ) ] ],
		} );
		const crashes = run.steps.filter( ( s ) => s.outcome === 'crash' );
		expect( crashes.length ).toBeGreaterThan( 0 );
		expect(
			crashes.every( ( s ) =>
				s.subset.includes( file( 'bisect-sandbox-fatal' ) )
			)
		).toBe( true );

		expectStoreUntouched( storeBefore, storeAfter, run.probesUsed, {
			notoptions: [ NOTOPTIONS ],
			unchanged: [ ALLOPTIONS ],
		} );
		expectCleanAfter( before, harness.snapshot( lab ) );
	} );
} );

describe( 'a subdirectory network', () => {
	/** Breaks proxy auth only while network-activated: it reads the network option in the sandbox. */
	const NETWORK_ONLY =
		'bisect-network-proxy-auth/bisect-network-proxy-auth.php';
	const harness = startBisectionLab(
		'sqlite',
		{
			'bisect-network-proxy-auth': path.resolve(
				__dirname,
				'..',
				'fixtures',
				'plugins',
				'bisect-network-proxy-auth'
			),
		},
		{ multisite: 'subdirectory' }
	);
	let lab: Lab;
	let main: string;
	let second: string;
	let cache: LabObjectCache;
	const call = < T = Bisection >(
		route: string,
		init: { method?: string; body?: unknown } = {}
	) => rest< T >( main, lab.site, route, init );

	beforeAll( async () => {
		lab = await harness.start();
		const sites = lab.network?.sites ?? [];
		expect( sites.map( ( site ) => site.blogId ) ).toEqual( [ 1, 2 ] );
		main = sites[ 0 ]!.url;
		second = sites[ 1 ]!.url;
		cache = installObjectCache( lab.site );
		await call( '/proxy-health/v1/status' );
	} );
	afterAll( async () => {
		cache?.remove();
		await lab?.stop();
		harness.cleanup();
	} );

	test( 'a server-driven run finds a network-only culprit; neither site’s options nor the network’s are flushed or polluted in the store; both sites’ visitors keep their live sets', async () => {
		harness.activateNetwork( lab, [
			file( 'bisect-live-marker' ),
			NETWORK_ONLY,
			file( 'bisect-quiet-a' ),
		] );
		harness.activateFiles( lab, [ file( 'bisect-noisy' ) ] );
		harness.activateOnBlog( lab, 2, [ file( 'bisect-quiet-b' ) ] );
		const liveMain = ( await visit( main ) ).loaded;
		const liveSecond = ( await visit( second ) ).loaded;
		expect( liveMain ).toBe( 'noisy,quiet_a' );
		expect( liveSecond ).toBe( 'quiet_a,quiet_b' );
		await settle( cache, [ main, second ] );
		const before = harness.snapshot( lab );
		// Site keys carry the blog id, network keys the network id (the drop-in keys them as core does).
		const watched = {
			notoptions: [
				'options:1:notoptions',
				'options:2:notoptions',
				'site-options:1:notoptions',
			],
			unchanged: [
				'options:1:alloptions',
				'options:2:alloptions',
				'site-options:1:active_sitewide_plugins',
			],
		};
		const storeBefore = cache.read( ...watched.notoptions );

		const {
			result: started,
			seen: [ seenMain, seenSecond ],
		} = await whileVisiting(
			[ main, second ],
			call( ROUTE, {
				method: 'POST',
				body: { mode: 'ddmin', driver: 'server', cloneMode: 'light' },
			} )
		);
		const storeAfter = cache.read( ...watched.notoptions );

		expect( started.status ).toBe( 201 );
		const run = started.body;
		expect( run ).toMatchObject( {
			status: 'done',
			conclusion: 'culprit_found',
			culprits: [ [ NETWORK_ONLY ] ],
			clone: { state: 'dropped' },
		} );
		expectStoreUntouched(
			storeBefore,
			storeAfter,
			run.probesUsed,
			watched
		);
		expect( seenMain ).toEqual( new Set( [ `200 ${ liveMain }` ] ) );
		expect( seenSecond ).toEqual( new Set( [ `200 ${ liveSecond }` ] ) );
		const after = harness.snapshot( lab );
		expectCleanAfter( before, after );
		expect( after.sitewidePlugins ).toEqual( before.sitewidePlugins );
	} );
} );
