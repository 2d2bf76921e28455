/**
 * Plugin bisection on a subdirectory multisite network: the lab's real WordPress on php -S made
 * a network with a second site at /site2/ (install_network() + populate_network(), no WP-CLI),
 * a real squid with the RIGHT credentials, the bisect-* fixture plugins. The REST routes are
 * called as the super admin with an Application Password. A culprit is found whether it is
 * network-activated or activated on the main site only; the live plugin lists
 * (`active_plugins` and the `active_sitewide_plugins` network option) and every live row are
 * unchanged afterwards; no clone table is left, global (wp_blogs, wp_site, wp_sitemeta,
 * wp_users) or per-site (wp_2_*); visitors of both sites keep their live plugin sets meanwhile.
 * Also: a site administrator who is not a super admin is refused; a run from the second site;
 * one run at a time across the network; a dead run reaped from another site; uninstall cleans
 * every site. Both databases, about 45 s each.
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
	type Snapshot,
} from '../support/bisection-lab';
import { rest } from '../support/rest';
import { logIn } from '../support/wp-session';

jest.setTimeout( 300_000 );

const ROUTE = '/proxy-health/v1/bisections';
const CULPRIT: Slug = 'bisect-bad-proxy-auth';
/** Breaks proxy auth only while network-activated. */
const NETWORK_ONLY = 'bisect-network-proxy-auth/bisect-network-proxy-auth.php';
const PROXY_HEALTH = 'proxy-health/proxy-health.php';

describe.each( [ 'mariadb', 'sqlite' ] as const )(
	'bisection on a subdirectory network (%s)',
	( database ) => {
		const harness = startBisectionLab(
			database,
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
		// The super admin's browser session: clean-up on admin_init runs only for an
		// administrator's admin page loads (and cron), never for an anonymous admin-post.php.
		let superAdminCookie = '';
		const adminLoadAs = ( site: string ) =>
			fetch( `${ site }/wp-admin/admin-post.php`, {
				headers: { Cookie: superAdminCookie },
			} ).then( async ( r ) => {
				await r.text();
				return r;
			} );
		const call = < T = Bisection >(
			route: string,
			init: { method?: string; body?: unknown } = {}
		) => rest< T >( main, lab.site, route, init );

		/**
		 * Sets the live plugin lists of the network, then visits both sites once (their cron
		 * and first-visit bookkeeping belong to visitors, not to a bisection).
		 * @param network  Network-activated fixtures.
		 * @param site     Fixtures activated on the main site only (after Proxy Health).
		 * @param onSecond Fixtures activated on the second site only.
		 */
		const activate = async (
			network: Array< Slug | string >,
			site: Array< Slug | string >,
			onSecond: Array< Slug | string >
		) => {
			const files = ( list: Array< Slug | string > ) =>
				list.map( ( one ) =>
					one.endsWith( '.php' ) ? one : file( one as Slug )
				);
			harness.activateNetwork( lab, files( network ) );
			harness.activateFiles( lab, files( site ) );
			harness.activateOnBlog( lab, 2, files( onSecond ) );
			return [ await visit( main ), await visit( second ) ];
		};

		/**
		 * Requests both sites' front pages until `during` settles; returns every answer seen.
		 *
		 * @param during The work the visitors overlap.
		 */
		const visiting = async < T >( during: Promise< T > ) => {
			const {
				result,
				seen: [ mainSeen, secondSeen ],
			} = await whileVisiting( [ main, second ], during );
			return { result, seen: { main: mainSeen, second: secondSeen } };
		};

		/**
		 * Sends /step until the run ends (at most 40), as the panel and the CLI do.
		 * @param send  REST call on the site that started the run.
		 * @param first The run as started.
		 */
		const stepToEnd = async (
			send: typeof call,
			first: Bisection
		): Promise< Bisection > => {
			let current = first;
			for ( let i = 0; i < 40 && current.status === 'running'; i++ ) {
				const stepped = await send( `${ ROUTE }/${ current.id }/step`, {
					method: 'POST',
				} );
				expect( stepped.status ).toBe( 200 );
				current = stepped.body;
			}
			return current;
		};

		const expectNetworkCleanAfter = (
			before: Snapshot,
			after: Snapshot
		) => {
			expectCleanAfter( before, after );
			expect( after.sitewidePlugins ).toEqual( before.sitewidePlugins );
			expect( after.sitewidePlugins ).not.toBeNull();
		};

		beforeAll( async () => {
			lab = await harness.start();
			const sites = lab.network?.sites ?? [];
			expect( sites.map( ( s ) => s.blogId ) ).toEqual( [ 1, 2 ] );
			main = sites[ 0 ]!.url;
			second = sites[ 1 ]!.url;
			// WordPress records an Application Password's first use of the day: the admin's doing.
			await call( '/proxy-health/v1/status' );
			// Logged in before any snapshot: sessions live in usermeta.
			superAdminCookie = (
				await logIn(
					main,
					lab.site.admin.username,
					lab.site.admin.password
				)
			).cookie;
		} );
		afterAll( async () => {
			await lab?.stop();
			harness.cleanup();
		} );

		test( 'the lab is a subdirectory network; the super admin reaches the routes with an Application Password', async () => {
			expect( lab.network ).toMatchObject( {
				kind: 'subdirectory',
				domain: new URL( lab.server.url ).host,
			} );
			expect( second ).toBe( `${ lab.server.url }/site2` );
			const status = await call< { proxy: { enabled: boolean } } >(
				'/proxy-health/v1/status'
			);
			expect( status.status ).toBe( 200 );
			expect( status.body.proxy.enabled ).toBe( true );
			// Only a super admin may start one; anonymous callers are refused.
			const anonymous = await rest< { code: string } >(
				main,
				null,
				ROUTE,
				{ method: 'POST', body: {} }
			);
			expect( anonymous.status ).toBe( 401 );
			expect( anonymous.body.code ).toBe( 'rest_forbidden' );
			// The second site answers on its own path.
			expect( ( await visit( second ) ).status ).toBe( 200 );
		} );

		test( 'an administrator of the main site who is not a super admin is refused with 403', async () => {
			// Multisite user names: lowercase letters and digits only.
			const username = `siteadmin${ Date.now().toString( 36 ) }`;
			const created = await call< { id: number } >( '/wp/v2/users', {
				method: 'POST',
				body: {
					username,
					password: `${ username }-Passw0rd!`,
					email: `${ username }@example.test`,
					roles: [ 'administrator' ],
				},
			} );
			expect( created.status ).toBe( 201 );
			const app = await call< { password: string } >(
				`/wp/v2/users/${ created.body.id }/application-passwords`,
				{ method: 'POST', body: { name: 'site admin' } }
			);
			expect( app.status ).toBe( 201 );
			const asSiteAdmin = async ( route: string, method = 'GET' ) => {
				const response = await fetch(
					`${ main }/?rest_route=${ route }`,
					{
						method,
						headers: {
							Authorization: `Basic ${ Buffer.from(
								`${ username }:${ app.body.password }`
							).toString( 'base64' ) }`,
							'Content-Type': 'application/json',
						},
						body: method === 'POST' ? '{}' : undefined,
					}
				);
				return {
					status: response.status,
					body: ( await response.json() ) as { code: string },
				};
			};
			// Authenticated (WordPress knows the user), yet not allowed: 403, not 401.
			const me = await asSiteAdmin( '/wp/v2/users/me' );
			expect( me.status ).toBe( 200 );
			for ( const [ route, method ] of [
				[ '/proxy-health/v1/status', 'GET' ],
				[ ROUTE, 'POST' ],
			] as const ) {
				const refused = await asSiteAdmin( route, method );
				expect( refused.status ).toBe( 403 );
				expect( refused.body.code ).toBe( 'rest_forbidden' );
			}
			// Nor does Tools → Proxy Health show for them: its every request would be refused.
			const toolsPage = async ( login: string, password: string ) => {
				const session = await logIn( main, login, password );
				const page = await fetch(
					`${ main }/wp-admin/tools.php?page=proxy-health`,
					{ headers: { Cookie: session.cookie } }
				);
				return { status: page.status, html: await page.text() };
			};
			const forSiteAdmin = await toolsPage(
				username,
				`${ username }-Passw0rd!`
			);
			expect( forSiteAdmin.status ).toBe( 403 );
			expect( forSiteAdmin.html ).not.toContain( 'proxy-health-root' );
			const forSuperAdmin = await toolsPage(
				lab.site.admin.username,
				lab.site.admin.password
			);
			expect( forSuperAdmin.status ).toBe( 200 );
			expect( forSuperAdmin.html ).toContain( 'id="proxy-health-root"' );
			expect( harness.snapshot( lab ).cloneTables ).toEqual( [] );
		} );

		test( 'finds a NETWORK-activated culprit; both sites keep their live plugin sets; nothing live changes', async () => {
			const [ liveMain, liveSecond ] = await activate(
				[ 'bisect-live-marker', CULPRIT, 'bisect-quiet-a' ],
				[ 'bisect-noisy', 'bisect-quiet-b' ],
				[ 'bisect-quiet-b' ]
			);
			expect( liveMain!.loaded ).toBe(
				'bad_proxy_auth,noisy,quiet_a,quiet_b'
			);
			expect( liveSecond!.loaded ).toBe(
				'bad_proxy_auth,quiet_a,quiet_b'
			);
			const before = harness.snapshot( lab );
			expect( Object.keys( before.sitewidePlugins ?? {} ) ).toContain(
				file( CULPRIT )
			);

			const { result: started, seen } = await visiting(
				call( ROUTE, {
					method: 'POST',
					body: {
						mode: 'ddmin',
						driver: 'server',
						cloneMode: 'light',
					},
				} )
			);
			expect( started.status ).toBe( 201 );
			const run = started.body;
			expect( run ).toMatchObject( {
				status: 'done',
				conclusion: 'culprit_found',
				culprits: [ [ file( CULPRIT ) ] ],
				clone: { state: 'dropped' },
			} );
			// Site-activated and network-activated plugins are both under test; Proxy Health is not.
			expect( [ ...run.plugins ].sort() ).toEqual(
				(
					[
						'bisect-noisy',
						'bisect-quiet-b',
						'bisect-live-marker',
						CULPRIT,
						'bisect-quiet-a',
					] as Slug[]
				 )
					.map( file )
					.sort()
			);
			expect( run.steps[ 0 ] ).toMatchObject( { outcome: 'fail' } );
			expect( run.steps[ 1 ] ).toMatchObject( {
				subset: [],
				outcome: 'pass',
			} );
			for ( const step of run.steps ) {
				const hasCulprit = step.subset.includes( file( CULPRIT ) );
				expect( step.outcome ).toBe( hasCulprit ? 'fail' : 'pass' );
			}
			expect( [ ...seen.main ] ).toEqual( [
				`200 ${ liveMain!.loaded }`,
			] );
			expect( [ ...seen.second ] ).toEqual( [
				`200 ${ liveSecond!.loaded }`,
			] );
			expectNetworkCleanAfter( before, harness.snapshot( lab ) );
		} );

		test( 'finds a culprit activated on the main site only, client-driven on a full clone of every global and per-site table', async () => {
			const [ liveMain, liveSecond ] = await activate(
				[ 'bisect-live-marker', 'bisect-quiet-a' ],
				[ 'bisect-noisy', CULPRIT, 'bisect-quiet-b' ],
				[ 'bisect-quiet-b' ]
			);
			expect( liveMain!.loaded ).toBe(
				'bad_proxy_auth,noisy,quiet_a,quiet_b'
			);
			expect( liveSecond!.loaded ).toBe( 'quiet_a,quiet_b' );
			const before = harness.snapshot( lab );

			const started = await call( ROUTE, {
				method: 'POST',
				body: { mode: 'ddmin', driver: 'client', cloneMode: 'full' },
			} );
			expect( started.status ).toBe( 201 );
			const prefix = started.body.clone.prefix;
			expect( prefix ).toMatch( /^wp_phbx[0-9a-f]{4}_$/ );
			const during = harness.snapshot( lab );
			// Every live table has its clone: the network's global tables and the second site's.
			expect( [ ...during.cloneTables ].sort() ).toEqual(
				Object.keys( before.live )
					.map( ( table ) => prefix + table.slice( 'wp_'.length ) )
					.sort()
			);
			for ( const table of [
				'blogs',
				'site',
				'sitemeta',
				'users',
				'usermeta',
				'options',
				'2_options',
				'2_posts',
			] ) {
				expect( during.cloneTables ).toContain( prefix + table );
			}

			const { result: run, seen } = await visiting(
				stepToEnd( call, started.body )
			);
			expect( run ).toMatchObject( {
				status: 'done',
				conclusion: 'culprit_found',
				culprits: [ [ file( CULPRIT ) ] ],
				clone: { state: 'dropped' },
			} );
			for ( const step of run.steps ) {
				expect( step.outcome ).toBe(
					step.subset.includes( file( CULPRIT ) ) ? 'fail' : 'pass'
				);
			}
			expect( [ ...seen.main ] ).toEqual( [
				`200 ${ liveMain!.loaded }`,
			] );
			expect( [ ...seen.second ] ).toEqual( [
				`200 ${ liveSecond!.loaded }`,
			] );
			expectNetworkCleanAfter( before, harness.snapshot( lab ) );
		} );

		test( 'finds a plugin that breaks proxy auth only while NETWORK-activated: the sandbox keeps network plugins network-activated', async () => {
			await activate(
				[ 'bisect-live-marker', NETWORK_ONLY, 'bisect-quiet-a' ],
				[ 'bisect-noisy' ],
				[]
			);
			const before = harness.snapshot( lab );
			const started = await call( ROUTE, {
				method: 'POST',
				body: { mode: 'ddmin', driver: 'client', cloneMode: 'light' },
			} );
			expect( started.status ).toBe( 201 );
			const prefix = started.body.clone.prefix;
			// Light on a network: the global tables and the main site's, none of the second site's.
			const during = harness.snapshot( lab ).cloneTables;
			for ( const table of [
				'blogs',
				'site',
				'sitemeta',
				'users',
				'usermeta',
				'options',
				'posts',
			] ) {
				expect( during ).toContain( prefix + table );
			}
			expect(
				during.filter( ( table ) =>
					table.startsWith( `${ prefix }2_` )
				)
			).toEqual( [] );
			const run = await stepToEnd( call, started.body );
			expect( run ).toMatchObject( {
				status: 'done',
				conclusion: 'culprit_found',
				culprits: [ [ NETWORK_ONLY ] ],
			} );
			for ( const step of run.steps ) {
				expect( step.outcome ).toBe(
					step.subset.includes( NETWORK_ONLY ) ? 'fail' : 'pass'
				);
			}
			expectNetworkCleanAfter( before, harness.snapshot( lab ) );
		} );

		test( 'a bisection started from the second site finds its culprit; one run at a time across the network', async () => {
			const [ liveMain, liveSecond ] = await activate(
				[ 'bisect-live-marker', 'bisect-quiet-a' ],
				[ 'bisect-noisy' ],
				[ PROXY_HEALTH, CULPRIT, 'bisect-quiet-b' ]
			);
			expect( liveMain!.loaded ).toBe( 'noisy,quiet_a' );
			expect( liveSecond!.loaded ).toBe(
				'bad_proxy_auth,quiet_a,quiet_b'
			);
			// An admin load writes the network's update-check transients once: before the snapshot.
			const adminLoad = () =>
				fetch( `${ main }/wp-admin/admin-post.php` );
			await adminLoad();
			const before = harness.snapshot( lab );
			const onSecond = < T = Bisection >(
				route: string,
				init: { method?: string; body?: unknown } = {}
			) => rest< T >( second, lab.site, route, init );

			const started = await onSecond( ROUTE, {
				method: 'POST',
				body: { mode: 'ddmin', driver: 'client', cloneMode: 'light' },
			} );
			expect( started.status ).toBe( 201 );
			expect( started.body.status ).toBe( 'running' );
			// The loader and the database are the network's: a run on another site must wait.
			const elsewhere = await call< { code: string; message: string } >(
				ROUTE,
				{
					method: 'POST',
					body: { driver: 'server' },
				}
			);
			expect( elsewhere.status ).toBe( 409 );
			expect( elsewhere.body.code ).toBe(
				'proxy_health_bisection_running'
			);
			expect( elsewhere.body.message ).toContain( 'on this network' );
			// An anonymous admin-post.php request on another site runs no clean-up and leaves the
			// loader in place; that the reaper keeps a live run's loader, lock and clone is the
			// dead-run test's first check (an administrator's admin load).
			expect( ( await adminLoad() ).status ).toBeLessThan( 500 );
			expect( harness.snapshot( lab ).muPlugin ).toBe( true );

			const { result: run, seen } = await visiting(
				stepToEnd( onSecond, started.body )
			);
			expect( run ).toMatchObject( {
				status: 'done',
				conclusion: 'culprit_found',
				culprits: [ [ file( CULPRIT ) ] ],
				clone: { state: 'dropped' },
			} );
			expect( [ ...run.plugins ].sort() ).toEqual(
				(
					[
						CULPRIT,
						'bisect-quiet-b',
						'bisect-live-marker',
						'bisect-quiet-a',
					] as Slug[]
				 )
					.map( file )
					.sort()
			);
			expect( [ ...seen.main ] ).toEqual( [
				`200 ${ liveMain!.loaded }`,
			] );
			expect( [ ...seen.second ] ).toEqual( [
				`200 ${ liveSecond!.loaded }`,
			] );
			expectNetworkCleanAfter( before, harness.snapshot( lab ) );
		} );

		test( 'a run on the second site that died is reaped by an admin load on the main site: no clone table, loader or lock is left', async () => {
			await activate(
				[ 'bisect-live-marker', 'bisect-quiet-a' ],
				[ 'bisect-noisy' ],
				[ PROXY_HEALTH, CULPRIT ]
			);
			const adminLoad = adminLoadAs;
			await adminLoad( main );
			const before = harness.snapshot( lab );
			const onSecond = < T = Bisection >(
				route: string,
				init: { method?: string; body?: unknown } = {}
			) => rest< T >( second, lab.site, route, init );
			const started = await onSecond( ROUTE, {
				method: 'POST',
				body: { driver: 'client', cloneMode: 'light' },
			} );
			expect( started.status ).toBe( 201 );
			const stepped = await onSecond(
				`${ ROUTE }/${ started.body.id }/step`,
				{
					method: 'POST',
				}
			);
			expect( stepped.body.probesUsed ).toBe( 1 );

			// Its client went away. While the lock is fresh, the main site's reaper keeps it all.
			await adminLoad( main );
			const left = harness.snapshot( lab );
			expect( left.cloneTables.length ).toBeGreaterThan( 0 );
			expect( left.muPlugin ).toBe( true );
			expect( left.lock ).toBe( true );

			// Past the bounds, the main site's admin load drops the second site's clone.
			harness.age( lab );
			await adminLoad( main );
			expectNetworkCleanAfter( before, harness.snapshot( lab ) );
			// The second site's own reaper then marks its record abandoned.
			await adminLoad( second );
			const reaped = await onSecond( `${ ROUTE }/${ started.body.id }` );
			expect( reaped.body ).toMatchObject( {
				status: 'failed',
				clone: { state: 'dropped' },
				error: { code: 'proxy_health_bisection_abandoned' },
			} );
		} );

		test( "uninstall on the network removes Proxy Health's rows and cron events on every site, a running clone and the loader", async () => {
			await activate(
				[ 'bisect-live-marker' ],
				[ 'bisect-noisy' ],
				[ PROXY_HEALTH, CULPRIT ]
			);
			// A run left running on the second site, whose admin load scheduled the reaper there.
			const started = await rest< Bisection >( second, lab.site, ROUTE, {
				method: 'POST',
				body: { driver: 'client' },
			} );
			expect( started.status ).toBe( 201 );
			await adminLoadAs( second );
			expect(
				harness.snapshot( lab ).cloneTables.length
			).toBeGreaterThan( 0 );

			const { before, after } = harness.uninstall( lab );
			expect( before.wp_2_options?.options ).toBeGreaterThan( 0 );
			expect( before.wp_2_options?.cron ).toContain(
				'proxy_health_reap_clones'
			);
			expect( Object.keys( after ).sort() ).toEqual( [
				'wp_2_options',
				'wp_options',
			] );
			for ( const site of Object.values( after ) ) {
				expect( site ).toEqual( { options: 0, cron: [] } );
			}
			const left = harness.snapshot( lab );
			expect( left.cloneTables ).toEqual( [] );
			expect( left.muPlugin ).toBe( false );
			expect( left.lock ).toBe( false );
		} );
	}
);
