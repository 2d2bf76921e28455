/**
 * The wp-config.php editor on a subdirectory multisite network (real PHP, SQLite, squid): the
 * file is the network's, so its lock, edit records and encrypted backups are too. One private
 * folder, in the main site's uploads folder; a debug switch held by the second site's evidence
 * session cannot be taken over from the main site; while one edit holds the lock, another
 * site's edit is refused with proxy_health_config_busy; the file comes back byte for byte.
 */

/**
 * External dependencies
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import type {
	EvidenceSession,
	EvidenceSessionStopped,
	RestErrorBody,
} from '../../src/api/types';
import type { Lab } from '../../src/lab/scenario';
import { startBisectionLab } from '../support/bisection-lab';
import { rest } from '../support/rest';

jest.setTimeout( 240_000 );

const SESSIONS = '/proxy-health/v1/evidence-sessions';
const PRIVATE = /^proxy-health-[a-f0-9]{32}$/;

describe( 'wp-config.php editor on a network', () => {
	const harness = startBisectionLab(
		'sqlite',
		{},
		{ multisite: 'subdirectory' }
	);
	let lab: Lab;
	let main: string;
	let second: string;

	const wpConfig = () =>
		readFileSync( path.join( lab.site.root, 'wp-config.php' ) );
	const uploads = () => path.join( lab.site.root, 'wp-content', 'uploads' );
	/**
	 * Private folders anywhere under uploads (a site's own would be under sites/<id>/).
	 *
	 * @param dir Folder to search.
	 */
	const privateFolders = ( dir = uploads() ): string[] =>
		existsSync( dir )
			? readdirSync( dir, { withFileTypes: true } )
					.filter( ( entry ) => entry.isDirectory() )
					.flatMap( ( entry ) =>
						PRIVATE.test( entry.name )
							? [ path.join( dir, entry.name ) ]
							: privateFolders( path.join( dir, entry.name ) )
					)
			: [];

	beforeAll( async () => {
		lab = await harness.start();
		const sites = lab.network?.sites ?? [];
		expect( sites.map( ( s ) => s.blogId ) ).toEqual( [ 1, 2 ] );
		main = sites[ 0 ]!.url;
		second = sites[ 1 ]!.url;
		harness.activateNetwork( lab, [ 'proxy-health/proxy-health.php' ] );
	} );
	afterAll( async () => {
		await lab?.stop();
		harness.cleanup();
	} );

	test( "one site's debug switch is the network's: another site cannot take it over, and one lock serialises edits from every site", async () => {
		const before = wpConfig();

		const started = await rest< EvidenceSession >(
			second,
			lab.site,
			SESSIONS,
			{ method: 'POST', body: { minutes: 5, debugConstants: true } }
		);
		expect( started.status ).toBe( 201 );
		const edited = wpConfig();
		expect( edited.equals( before ) ).toBe( false );

		// One private folder for the network, in the main site's uploads folder.
		const folders = privateFolders();
		expect( folders ).toHaveLength( 1 );
		expect( path.dirname( folders[ 0 ]! ) ).toBe( uploads() );
		const backups = readdirSync( folders[ 0 ]! ).filter( ( name ) =>
			/^wp-config-debug-[a-f0-9]{16}\.php$/.test( name )
		);
		expect( backups ).toHaveLength( 1 );

		// The main site sees the second site's edit and leaves it alone.
		const refused = await rest< RestErrorBody >( main, lab.site, SESSIONS, {
			method: 'POST',
			body: { minutes: 5, debugConstants: true },
		} );
		expect( refused.status ).toBe( 409 );
		expect( refused.body.code ).toBe( 'proxy_health_debug_in_use' );
		expect( wpConfig().equals( edited ) ).toBe( true );

		// While an edit holds the network's lock, the other site's edit waits its turn.
		const holder = spawn(
			'php',
			[
				'-r',
				'$f = fopen( $argv[1], "c" ); flock( $f, LOCK_EX ); echo "locked\\n"; fgets( STDIN );',
				path.join( folders[ 0 ]!, 'config.lock' ),
			],
			{ stdio: [ 'pipe', 'pipe', 'inherit' ] }
		);
		const exited = new Promise( ( resolve ) =>
			holder.on( 'close', resolve )
		);
		try {
			await new Promise< void >( ( resolve, reject ) => {
				holder.stdout.on( 'data', ( chunk: Buffer ) =>
					chunk.toString().includes( 'locked' ) ? resolve() : null
				);
				holder.on( 'error', reject );
			} );
			const busy = await rest< RestErrorBody >(
				second,
				lab.site,
				`${ SESSIONS }/current`,
				{ method: 'DELETE' }
			);
			expect( busy.status ).toBe( 409 );
			expect( busy.body.code ).toBe( 'proxy_health_config_busy' );
			expect( wpConfig().equals( edited ) ).toBe( true );
		} finally {
			holder.stdin.end( '\n' );
			await exited;
		}

		const stopped = await rest< EvidenceSessionStopped >(
			second,
			lab.site,
			`${ SESSIONS }/current`,
			{ method: 'DELETE' }
		);
		expect( stopped.status ).toBe( 200 );
		expect( stopped.body.config?.status ).toBe( 'restored' );
		expect( wpConfig().equals( before ) ).toBe( true );
		expect(
			readdirSync( folders[ 0 ]! ).filter( ( name ) =>
				name.startsWith( 'wp-config-' )
			)
		).toEqual( [] );

		// Now free: the main site may switch debug logging on (and off) in turn.
		const mine = await rest< EvidenceSession >( main, lab.site, SESSIONS, {
			method: 'POST',
			body: { minutes: 5, debugConstants: true },
		} );
		expect( mine.status ).toBe( 201 );
		const off = await rest< EvidenceSessionStopped >(
			main,
			lab.site,
			`${ SESSIONS }/current`,
			{ method: 'DELETE' }
		);
		expect( off.body.config?.status ).toBe( 'restored' );
		expect( wpConfig().equals( before ) ).toBe( true );
		expect( privateFolders() ).toHaveLength( 1 );
	} );
} );
