/**
 * Evidence sessions on a live lab site behind a real squid that rejects the site's (canary)
 * password: a cron-run update check and a plugin's calls are recorded and attributed, the
 * canary never leaves the site, the debug switch takes effect and is reverted byte for byte —
 * by DELETE, and by the expiry cron event with no admin around.
 */

/**
 * External dependencies
 */
import {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import type {
	Evidence,
	EvidenceCall,
	EvidenceSession,
	EvidenceSessionStopped,
	RestErrorBody,
	StatusResponse,
} from '../../src/api/types';
import { sharedLab } from '../support/lab';
import { rest } from '../support/rest';

jest.setTimeout( 240_000 );

const FIXTURE = path.resolve(
	__dirname,
	'../fixtures/plugins/evidence-caller'
);
const SESSIONS = '/proxy-health/v1/evidence-sessions';
const EVIDENCE = '/proxy-health/v1/evidence';

const lab = sharedLab( {
	runtime: 'php',
	proxyEngine: 'squid',
	scenario: 'wrong-credentials',
	plugins: { 'evidence-caller': FIXTURE },
	activate: [
		'proxy-health/proxy-health.php',
		'evidence-caller/evidence-caller.php',
	],
} );

/** The password the 'wrong-credentials' scenario wrote into wp-config.php. */
function canary(): string {
	return `${ lab().proxy.credentials?.password ?? '' }-wrong`;
}

function wpConfig(): Buffer {
	return readFileSync( path.join( lab().site.root, 'wp-config.php' ) );
}

/**
 * Every file under a folder, recursively.
 *
 * @param dir Folder.
 */
function filesUnder( dir: string ): string[] {
	return readdirSync( dir, { withFileTypes: true } ).flatMap( ( entry ) => {
		const full = path.join( dir, entry.name );
		return entry.isDirectory() ? filesUnder( full ) : [ full ];
	} );
}

/** Files Proxy Health wrote: its private folder, and any temporary file next to wp-config.php. */
function pluginFiles(): string[] {
	const uploads = path.join( lab().site.root, 'wp-content', 'uploads' );
	const privateDirs = readdirSync( uploads ).filter( ( name ) =>
		/^proxy-health-[a-f0-9]{32}$/.test( name )
	);
	// A session's debug log sits outside the WordPress folder, in a private folder above it.
	const above = path.dirname( lab().site.root );
	const outside = readdirSync( above )
		.filter( ( name ) => /^proxy-health-[a-f0-9]{32}$/.test( name ) )
		.flatMap( ( name ) => filesUnder( path.join( above, name ) ) );
	const temps = readdirSync( lab().site.root )
		.filter( ( name ) => name.includes( '.proxy-health-' ) )
		.map( ( name ) => path.join( lab().site.root, name ) );
	return [
		...privateDirs.flatMap( ( name ) =>
			filesUnder( path.join( uploads, name ) )
		),
		...outside,
		...temps,
	];
}

/**
 * A front-end request to the fixture plugin.
 *
 * @param action Query flag value.
 */
async function fixture< T = unknown >( action: string ): Promise< T > {
	const response = await fetch(
		`${ lab().server.url }/?evidence_caller=${ action }`
	);
	expect( response.status ).toBe( 200 );
	return ( await response.json() ) as T;
}

/** Runs due cron events the way a system cron job does: a direct request to wp-cron.php. */
async function runCron(): Promise< void > {
	const response = await fetch( `${ lab().server.url }/wp-cron.php` );
	await response.text();
}

/**
 * Polls GET /evidence until `ready` holds (wp-cron.php may return before a loopback run ends).
 *
 * @param ready Condition on the calls.
 */
async function evidenceUntil(
	ready: ( calls: EvidenceCall[] ) => boolean
): Promise< Evidence > {
	let last: Evidence | null = null;
	for ( let attempt = 0; attempt < 20; attempt++ ) {
		const answer = await rest< Evidence >(
			lab().server.url,
			lab().site,
			EVIDENCE
		);
		expect( answer.status ).toBe( 200 );
		last = answer.body;
		if ( ready( last.calls ) ) {
			return last;
		}
		await new Promise( ( wait ) => setTimeout( wait, 500 ) );
	}
	return last as Evidence;
}

describe( 'evidence session', () => {
	it( 'records a cron-run update check and a plugin’s calls through the 407 proxy, attributed and redacted', async () => {
		const started = await rest< EvidenceSession >(
			lab().server.url,
			lab().site,
			SESSIONS,
			{ method: 'POST', body: { minutes: 10, debugConstants: false } }
		);
		expect( started.status ).toBe( 201 );
		expect( started.body.debugConstants ).toBe( false );

		await fixture( 'call' );
		await fixture( 'due' );
		await runCron();

		const isVersionCheck = ( call: EvidenceCall ) =>
			call.source.type === 'core' &&
			call.source.slug === 'wp_version_check';
		const evidence = await evidenceUntil(
			( calls ) =>
				calls.some( isVersionCheck ) &&
				calls.some( ( call ) =>
					call.url.includes( 'from-plugin-cron' )
				)
		);
		const { calls } = evidence;

		// Core's update check, run by cron, through the proxy that wants other credentials.
		const versionChecks = calls.filter( isVersionCheck );
		expect( versionChecks.length ).toBeGreaterThan( 0 );
		for ( const call of versionChecks ) {
			expect( call ).toMatchObject( {
				context: 'cron',
				viaProxy: true,
				outcome: 'proxy_auth_required',
			} );
			expect( call.url ).toMatch( /^https?:\/\/api\.wordpress\.org\// );
		}
		const tunnel = versionChecks.find( ( call ) =>
			call.url.startsWith( 'https:' )
		);
		expect( tunnel?.connectStatus ).toBe( 407 );
		expect( tunnel?.error?.code ).toBe( 'http_request_failed' );

		// The fixture plugin's calls: one from a page view, one from its own cron job.
		const front = calls.find( ( call ) =>
			call.url.includes( '/from-plugin?' )
		);
		expect( front ).toMatchObject( {
			source: { type: 'plugin', slug: 'evidence-caller' },
			context: 'front',
			method: 'GET',
			viaProxy: true,
			outcome: 'proxy_auth_required',
			httpStatus: 407,
			proxyAuthOffered: [ 'Basic' ],
		} );
		expect( front?.url ).toContain( 'token=[redacted]&page=1' );
		expect( front?.timingsMs.total ).toBeGreaterThan( 0 );
		expect(
			calls.find( ( call ) => call.url.includes( 'from-plugin-cron' ) )
		).toMatchObject( {
			source: { type: 'plugin', slug: 'evidence-caller' },
			context: 'cron',
			httpStatus: 407,
		} );

		const text = JSON.stringify( evidence );
		expect( text ).not.toContain( canary() );
		expect( text ).not.toContain( 'fixture-token-value' );

		const stopped = await rest< EvidenceSessionStopped >(
			lab().server.url,
			lab().site,
			`${ SESSIONS }/current`,
			{ method: 'DELETE' }
		);
		expect( stopped.status ).toBe( 200 );
		expect( stopped.body.stopped.id ).toBe( started.body.id );
		expect( stopped.body.config ).toBeNull();
	} );

	it( 'switches debug logging on in wp-config.php and DELETE restores the file byte for byte', async () => {
		const before = wpConfig();
		const mode = statSync(
			path.join( lab().site.root, 'wp-config.php' )
		).mode;

		const started = await rest< EvidenceSession >(
			lab().server.url,
			lab().site,
			SESSIONS,
			{ method: 'POST', body: { minutes: 5, debugConstants: true } }
		);
		expect( started.status ).toBe( 201 );
		expect( wpConfig().equals( before ) ).toBe( false );

		const debug = await fixture< Record< string, unknown > >( 'debug' );
		expect( debug ).toMatchObject( {
			WP_DEBUG: true,
			WP_DEBUG_DISPLAY: false,
			errorLogIsPrivate: true,
			errorLogOutsideWordPress: true,
		} );
		expect( [ '', '0', 'Off', 'off' ] ).toContain( debug.displayErrors );

		await fixture( 'notice' );
		const evidence = await rest< Evidence >(
			lab().server.url,
			lab().site,
			EVIDENCE
		);
		const log = evidence.body.logs.find( ( entry ) =>
			/proxy-health-\[private\]\/debug-[a-f0-9]{16}\.log$/.test(
				entry.file
			)
		);
		expect( log?.lines.join( '\n' ) ).toContain(
			'retrying http://svc:[redacted]@proxy.test:3128/ with password=[redacted]'
		);
		expect( evidence.text ).not.toContain( canary() );
		expect( evidence.text ).not.toContain( 'hunter22' );
		expect( evidence.text ).not.toMatch( /proxy-health-[a-f0-9]{32}/ );

		// Files Proxy Health wrote (its backup, guards, lock): no canary. The debug log is PHP's own
		// record of what the careless fixture logged, which is why it lives in the private folder.
		const written = pluginFiles().filter(
			( file ) => ! /\/debug-[a-f0-9]{16}\.log$/.test( file )
		);
		expect( written.length ).toBeGreaterThan( 0 );
		for ( const file of written ) {
			expect( readFileSync( file, 'latin1' ) ).not.toContain( canary() );
		}

		const logs = pluginFiles().filter( ( file ) =>
			/\/debug-[a-f0-9]{16}\.log$/.test( file )
		);
		expect( logs ).toHaveLength( 1 );
		// Served from the WordPress folder: the log is above it, not in uploads.
		expect( logs[ 0 ]?.startsWith( lab().site.root + path.sep ) ).toBe(
			false
		);

		const stopped = await rest< EvidenceSessionStopped >(
			lab().server.url,
			lab().site,
			`${ SESSIONS }/current`,
			{ method: 'DELETE' }
		);
		expect( stopped.status ).toBe( 200 );
		expect( stopped.body.config?.status ).toBe( 'restored' );
		// The log goes with the session, and its folder above WordPress with it.
		expect( existsSync( logs[ 0 ] ?? '' ) ).toBe( false );
		expect( existsSync( path.dirname( logs[ 0 ] ?? '' ) ) ).toBe( false );
		expect( wpConfig().equals( before ) ).toBe( true );
		expect(
			statSync( path.join( lab().site.root, 'wp-config.php' ) ).mode
		).toBe( mode );
		expect( await fixture( 'debug' ) ).toMatchObject( {
			WP_DEBUG: false,
		} );
	} );

	it( 'reverts wp-config.php at expiry from wp-cron.php alone, with no admin page load', async () => {
		const before = wpConfig();
		const started = await rest< EvidenceSession >(
			lab().server.url,
			lab().site,
			SESSIONS,
			{ method: 'POST', body: { minutes: 1, debugConstants: true } }
		);
		expect( started.status ).toBe( 201 );
		expect( wpConfig().equals( before ) ).toBe( false );

		// Fast-forward to the expiry (session and its one cron event), then let cron run.
		expect( await fixture( 'expire' ) ).toEqual( { expired: true } );
		await runCron();

		expect( wpConfig().equals( before ) ).toBe( true );
		const current = await rest< RestErrorBody >(
			lab().server.url,
			lab().site,
			`${ SESSIONS }/current`
		);
		expect( current.status ).toBe( 404 );
		expect( current.body.code ).toBe( 'proxy_health_no_evidence_session' );
		expect(
			readdirSync( lab().site.root ).filter( ( name ) =>
				name.includes( '.proxy-health-' )
			)
		).toEqual( [] );
	} );

	it( 'with DISALLOW_FILE_MODS, refuses the debug switch and bisection with a stable code, and says so in /status', async () => {
		const muDir = path.join( lab().site.root, 'wp-content', 'mu-plugins' );
		const mu = path.join( muDir, 'lab-disallow-file-mods.php' );
		mkdirSync( muDir, { recursive: true } );
		writeFileSync( mu, "<?php\ndefine( 'DISALLOW_FILE_MODS', true );\n" );
		const before = wpConfig();
		try {
			const status = await rest< StatusResponse >(
				lab().server.url,
				lab().site,
				'/proxy-health/v1/status'
			);
			expect( status.status ).toBe( 200 );
			expect( status.body.writeFeatures ).toEqual( {
				debugSwitch: {
					available: false,
					reason: 'file_mods_disallowed',
				},
				applyCredentials: {
					available: false,
					reason: 'file_mods_disallowed',
				},
				bisection: { available: false, reason: 'file_mods_disallowed' },
			} );
			for ( const [ route, body ] of [
				[ SESSIONS, { minutes: 5, debugConstants: true } ],
				[ '/proxy-health/v1/bisections', {} ],
			] as const ) {
				const refused = await rest< RestErrorBody >(
					lab().server.url,
					lab().site,
					route,
					{ method: 'POST', body }
				);
				expect( refused.status ).toBe( 409 );
				expect( refused.body.code ).toBe(
					'proxy_health_file_mods_disallowed'
				);
			}
			expect( wpConfig().equals( before ) ).toBe( true );
			expect(
				existsSync( path.join( muDir, 'proxy-health-sandbox.php' ) )
			).toBe( false );
			// Read-only diagnosis keeps working.
			const probes = await rest< { verdict: string } >(
				lab().server.url,
				lab().site,
				'/proxy-health/v1/probes',
				{
					method: 'POST',
					body: { targets: [ `${ lab().httpTarget.url }/` ] },
				}
			);
			expect( probes.status ).toBe( 200 );
			expect( probes.body.verdict ).toBe( 'fail' );
		} finally {
			rmSync( mu, { force: true } );
		}
	} );

	it( 'refuses invalid arguments with a stable code', async () => {
		for ( const body of [
			{ minutes: 0 },
			{ minutes: 1441 },
			{ debugConstants: 'yes please' },
		] ) {
			const answer = await rest< RestErrorBody >(
				lab().server.url,
				lab().site,
				SESSIONS,
				{ method: 'POST', body }
			);
			expect( answer.status ).toBe( 400 );
			expect( answer.body.code ).toBe( 'rest_invalid_param' );
		}
	} );
} );
