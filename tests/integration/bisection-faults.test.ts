/**
 * Bisection guarantees under faults, against a real lab (php -S, squid with the right
 * credentials, real fixture plugins):
 * - the PHP server serving a client-driven run dies mid-run (its php -S and workers stopped
 *   while a step is in flight) and a new server comes up on the same site: visitors get the
 *   live plugin set, the reaper keeps the run while its lock is fresh, and once the lock and the
 *   clone are past their bounds an admin page load removes the clone and the sandbox loader,
 *   frees the lock and marks the run failed (abandoned); every live row is unchanged;
 * - two administrators start a bisection at the same moment: exactly one 201, one 409.
 */

/**
 * External dependencies
 */

/**
 * Internal dependencies
 */
import type { Bisection } from '../../src/api/types';
import {
	startPhpServer,
	type RunningSite,
} from '../../src/lab/runtimes/php-server';
import type { Lab } from '../../src/lab/scenario';
import {
	expectCleanAfter,
	startBisectionLab,
	visit,
	type Slug,
} from '../support/bisection-lab';
import { rest } from '../support/rest';
import {
	applicationPasswordCaller,
	call,
	cookieCaller,
	createUser,
	logIn,
	runSitePhp,
	type CookieSession,
} from '../support/wp-session';

jest.setTimeout( 300_000 );

const ROUTE = '/proxy-health/v1/bisections';
const ACTIVE: Slug[] = [
	'bisect-live-marker',
	'bisect-quiet-a',
	'bisect-noisy',
	'bisect-bad-proxy-auth',
	'bisect-quiet-b',
];

const harness = startBisectionLab( 'sqlite' );
let lab: Lab;
let url: string;
let replacement: RunningSite | undefined;
let secondAdmin: CookieSession;

beforeAll( async () => {
	lab = await harness.start();
	url = lab.server.url;
	await rest( url, lab.site, '/proxy-health/v1/status' );
	harness.activate( lab, ACTIVE );
	// A second administrator, logged in before any snapshot: sessions live in usermeta.
	const admin = await createUser( url, lab.site, 'administrator' );
	secondAdmin = await logIn( url, admin.username, admin.password );
	await visit( url );
} );
afterAll( async () => {
	await replacement?.stop();
	await lab?.stop();
	harness.cleanup();
} );

/**
 * An admin page load (fires admin_init, where the reaper runs) with a logged-in session.
 *
 * @param session Logged-in administrator.
 */
async function adminPageLoad( session: CookieSession ): Promise< void > {
	const page = await fetch( `${ url }/wp-admin/tools.php`, {
		headers: { Cookie: session.cookie },
		redirect: 'manual',
	} );
	await page.text();
	expect( page.status ).toBe( 200 );
}

test( 'a server killed mid-run: visitors keep the live set, the reaper cleans up after the bounds, nothing live changes', async () => {
	const liveSet = ( await visit( url ) ).loaded;
	const before = harness.snapshot( lab );

	const started = await rest< Bisection >( url, lab.site, ROUTE, {
		method: 'POST',
		body: { driver: 'client', mode: 'one-by-one' },
	} );
	expect( started.status ).toBe( 201 );
	const run = started.body;
	const first = await rest< Bisection >(
		url,
		lab.site,
		`${ ROUTE }/${ run.id }/step`,
		{ method: 'POST' }
	);
	expect( first.body.probesUsed ).toBe( 1 );

	// A second step in flight when the server and its workers die.
	const inFlight = rest( url, lab.site, `${ ROUTE }/${ run.id }/step`, {
		method: 'POST',
	} ).catch( ( error: Error ) => error );
	await new Promise( ( resolve ) => setTimeout( resolve, 150 ) );
	await lab.server.stop();
	await inFlight;

	// A new server on the same address, as a restarted PHP-FPM: the site URL (and with it the
	// auth cookie names) stays the same.
	replacement = await startPhpServer( lab.site, {
		port: Number( new URL( url ).port ),
		ini: { 'opcache.enable': '0' },
	} );
	expect( replacement.url ).toBe( url );

	// What the dead run left: its clone, the loader and the lock. Visitors still get the live set.
	const left = harness.snapshot( lab );
	expect( left.cloneTables.length ).toBeGreaterThan( 0 );
	expect( left.muPlugin ).toBe( true );
	expect( left.lock ).toBe( true );
	const page = await visit( url );
	expect( page.status ).toBe( 200 );
	expect( page.loaded ).toBe( liveSet );

	// While the lock is fresh the run may still be driven: an admin load keeps everything.
	await adminPageLoad( secondAdmin );
	expect( harness.snapshot( lab ) ).toMatchObject( {
		cloneTables: left.cloneTables,
		muPlugin: true,
		lock: true,
	} );

	// Past the bounds (lab-only: the lock's expiry and the clone's creation time moved back).
	await runSitePhp(
		lab.site,
		`$lock = json_decode( (string) get_option( ProxyHealth\\Bisection\\Lock::OPTION ), true );
		$lock['expires'] = time() - 1;
		update_option( ProxyHealth\\Bisection\\Lock::OPTION, wp_json_encode( $lock ), false );
		$clones = get_option( ProxyHealth\\Bisection\\Staging\\Clone_Registry::OPTION, array() );
		foreach ( $clones as $prefix => $created ) {
			$clones[ $prefix ] = $created - ProxyHealth\\Bisection\\Lock::TTL - 1;
		}
		update_option( ProxyHealth\\Bisection\\Staging\\Clone_Registry::OPTION, $clones, false );
		return true;`
	);
	await adminPageLoad( secondAdmin );

	expectCleanAfter( before, harness.snapshot( lab ) );
	const reaped = await rest< Bisection >(
		url,
		lab.site,
		`${ ROUTE }/${ run.id }`
	);
	expect( reaped.body ).toMatchObject( {
		status: 'failed',
		conclusion: 'inconclusive',
		clone: { state: 'dropped' },
		error: { code: 'proxy_health_bisection_abandoned' },
	} );
	// A new run can start: the lock is free.
	const next = await rest< Bisection >( url, lab.site, ROUTE, {
		method: 'POST',
		body: { driver: 'client' },
	} );
	expect( next.status ).toBe( 201 );
	await rest( url, lab.site, `${ ROUTE }/${ next.body.id }`, {
		method: 'DELETE',
	} );
	expectCleanAfter( before, harness.snapshot( lab ) );
} );

test( 'two administrators start at once: exactly one 201 and one 409 proxy_health_bisection_running', async () => {
	const before = harness.snapshot( lab );
	const callers = [
		applicationPasswordCaller( lab.site ),
		cookieCaller( 'second administrator', secondAdmin, true ),
	];
	const answers = await Promise.all(
		callers.map( ( caller ) =>
			call( url, caller, ROUTE, {
				method: 'POST',
				body: { driver: 'client' },
			} )
		)
	);
	expect( answers.map( ( a ) => a.status ).sort() ).toEqual( [ 201, 409 ] );
	const winner = answers.find( ( a ) => a.status === 201 );
	const loser = answers.find( ( a ) => a.status === 409 );
	const run = winner?.body as Bisection;
	expect( run.status ).toBe( 'running' );
	expect( loser?.body ).toMatchObject( {
		code: 'proxy_health_bisection_running',
		data: { status: 409, bisectionId: run.id },
	} );
	const cancelled = await rest< Bisection >(
		url,
		lab.site,
		`${ ROUTE }/${ run.id }`,
		{ method: 'DELETE' }
	);
	expect( cancelled.body.status ).toBe( 'cancelled' );
	expectCleanAfter( before, harness.snapshot( lab ) );
} );
