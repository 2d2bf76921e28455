/**
 * @jest-environment node
 */

/**
 * `proxy-health bisect`: arguments, help, suspects from a scan, the table, and the step loop
 * with its exit codes and Ctrl-C. The loop runs here over an in-memory transport that plays a
 * site (no site can be made to fail on cue in a unit test); tests/integration/cli-bisect.test.ts
 * runs it against a real lab.
 */

/**
 * External dependencies
 */
import path from 'node:path';

/**
 * Internal dependencies
 */
import type { Transport, TransportRequest } from '../../src/api/client';
import type { Bisection } from '../../src/api/types';
import {
	runBisectCommand,
	suspectsFromScan,
	type BisectCommandOptions,
} from '../../src/cli/commands/bisect';
import { main } from '../../src/cli/index';
import type { CliIo } from '../../src/cli/lib/io';

const ROOT = path.join( __dirname, '..', '..' );
const ID = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';

function capture( env: Record< string, string > = {}, isTTY = false ) {
	const out = { stdout: '', stderr: '' };
	const io: CliIo = {
		stdout: { write: ( chunk: string ) => ( out.stdout += chunk ) },
		stderr: { write: ( chunk: string ) => ( out.stderr += chunk ), isTTY },
		env,
		cwd: ROOT,
	};
	return { io, out };
}

async function inProcess( args: string[], env: Record< string, string > = {} ) {
	const { io, out } = capture( env );
	const code = await main( args, io );
	return { code, ...out };
}

function running( probesUsed: number ): Bisection {
	return {
		id: ID,
		status: 'running',
		mode: 'ddmin',
		driver: 'client',
		plugins: [ 'a/a.php', 'bad/bad.php' ],
		order: [
			{ plugin: 'bad/bad.php', reason: 'hooks' },
			{ plugin: 'a/a.php', reason: 'none' },
		],
		probesUsed,
		probesEstimated: 5,
		steps: Array.from( { length: probesUsed }, ( _, i ) => ( {
			subset: i === 1 ? [] : [ 'bad/bad.php' ],
			outcome: i === 1 ? 'pass' : 'fail',
		} ) ),
		culprits: [],
		clone: { prefix: 'wp_phbx1a2b_', state: 'ready' },
	};
}

/**
 * A site in memory: the run ends after `steps` steps with `end`.
 *
 * @param steps Steps until the end.
 * @param end   Final fields.
 */
function fakeSite( steps: number, end: Partial< Bisection > ) {
	const calls: TransportRequest[] = [];
	let used = 0;
	let cancelled = false;
	const transport: Transport = async ( request ) => {
		calls.push( request );
		if ( request.method === 'DELETE' ) {
			cancelled = true;
			return {
				...running( used ),
				status: 'cancelled',
				clone: { prefix: 'wp_phbx1a2b_', state: 'dropped' },
			};
		}
		if (
			request.path.endsWith( '/step' ) &&
			( request.data as { prepare?: boolean } )?.prepare
		) {
			// The signed sandbox request of the next step; nothing recorded yet.
			return {
				step: used + 1,
				expiresAt: '2026-01-01T00:01:00+00:00',
				request: {
					url: 'http://site.test/',
					method: 'POST',
					headers: { 'X-Proxy-Health-Sandbox': 'token' },
					body: '{}',
				},
			};
		}
		if ( request.path.endsWith( '/step' ) ) {
			used++;
			return used >= steps
				? {
						...running( used ),
						...end,
						clone: { prefix: 'wp_phbx1a2b_', state: 'dropped' },
					}
				: running( used );
		}
		return running( 0 );
	};
	return { transport, calls, isCancelled: () => cancelled };
}

function options(
	extra: Partial< BisectCommandOptions >
): BisectCommandOptions {
	return {
		site: 'http://site.test',
		user: 'admin',
		mode: 'ddmin',
		clone: 'light',
		format: 'json',
		timeoutMs: 10_000,
		onInterrupt: () => () => undefined,
		// The sandbox's signed answer (the in-memory site records any).
		sandbox: async () => ( {
			status: 200,
			text: JSON.stringify( {
				proxyHealthSandbox: true,
				bisection: ID,
				step: 1,
				outcome: 'fail',
				signature: 'f'.repeat( 64 ),
			} ),
		} ),
		...extra,
	};
}

describe( 'bisect arguments and help', () => {
	it( 'is listed in the tool help and has its own', async () => {
		const tool = await inProcess( [ '--help' ] );
		expect( tool.stdout ).toContain( 'bisect --site <url> --user <login>' );
		const help = await inProcess( [ 'bisect', '--help' ] );
		expect( help.code ).toBe( 0 );
		expect( help.stdout ).toContain( 'Usage: proxy-health bisect' );
		for ( const flag of [
			'--mode',
			'--driver auto|server|client',
			'--clone',
			'--format',
			'--suspects-from',
			'PROXY_HEALTH_APP_PASSWORD',
			'130',
		] ) {
			expect( help.stdout ).toContain( flag );
		}
	} );

	it.each( [
		[ [ 'bisect' ], '--site is required' ],
		[ [ 'bisect', '--site', 'http://a.test' ], '--user is required' ],
		[
			[ 'bisect', '--site', 'ftp://a.test', '--user', 'u' ],
			'--site: "url" must be http:// or https://',
		],
		[
			[
				'bisect',
				'--site',
				'http://a.test',
				'--user',
				'u',
				'--mode',
				'random',
			],
			'--mode must be one of ddmin, one-by-one',
		],
		[
			[
				'bisect',
				'--site',
				'http://a.test',
				'--user',
				'u',
				'--clone',
				'half',
			],
			'--clone must be one of light, full',
		],
		[
			[
				'bisect',
				'--site',
				'http://a.test',
				'--user',
				'u',
				'--driver',
				'loopback',
			],
			'--driver must be one of auto, server, client',
		],
		[
			[
				'bisect',
				'--site',
				'http://a.test',
				'--user',
				'u',
				'--format',
				'xml',
			],
			'--format must be one of table, json',
		],
		[
			[
				'bisect',
				'--site',
				'http://a.test',
				'--user',
				'u',
				'--timeout',
				'0',
			],
			'--timeout must be a number of seconds',
		],
		[
			[ 'bisect', 'http://a.test' ],
			'unexpected argument "http://a.test"',
		],
		[
			[
				'bisect',
				'--site',
				'http://a.test',
				'--user',
				'u',
				'--password',
				'x',
			],
			"Unknown option '--password'",
		],
		[
			[ 'bisect', '--site', 'http://a.test', '--user', 'u' ],
			'PROXY_HEALTH_APP_PASSWORD',
		],
	] )( '%j exits 2: %s', async ( args, message ) => {
		const run = await inProcess( args );
		expect( run.code ).toBe( 2 );
		expect( run.stderr ).toContain( message );
		expect( run.stderr ).toContain( 'proxy-health bisect --help' );
	} );

	it( '--suspects-from a folder that is not WordPress exits 2', async () => {
		const run = await inProcess(
			[
				'bisect',
				'--site',
				'http://a.test',
				'--user',
				'u',
				'--suspects-from',
				__dirname,
			],
			{ PROXY_HEALTH_APP_PASSWORD: 'abcd efgh' }
		);
		expect( run.code ).toBe( 2 );
		expect( run.stderr ).toContain( '--suspects-from:' );
	} );
} );

describe( 'suspects from a scan', () => {
	it( 'keeps the scan rank, only active plugins, by folder or single-file name', () => {
		const suspects = suspectsFromScan(
			{
				suspects: [
					{ type: 'mu-plugin', slug: 'lab-ca', score: 9, hits: [] },
					{ type: 'plugin', slug: 'bad', score: 8, hits: [] },
					{
						type: 'plugin',
						slug: 'proxy-health',
						score: 8,
						hits: [],
					},
					{ type: 'plugin', slug: 'inactive', score: 7, hits: [] },
					{ type: 'theme', slug: 'a', score: 6, hits: [] },
					{ type: 'plugin', slug: 'hello', score: 5, hits: [] },
				],
			},
			[
				'a/a.php',
				'hello.php',
				'bad/bad-main.php',
				'proxy-health/proxy-health.php',
			]
		);
		expect( suspects ).toEqual( [ 'bad/bad-main.php', 'hello.php' ] );
	} );
} );

describe( 'the step loop (in-memory site)', () => {
	it( 'steps until done, prints JSON, reports progress as lines off a terminal, exits 0', async () => {
		const site = fakeSite( 4, {
			status: 'done',
			conclusion: 'culprit_found',
			culprits: [ [ 'bad/bad.php' ] ],
		} );
		const { io, out } = capture();
		const code = await runBisectCommand(
			options( {
				transport: site.transport,
				mode: 'one-by-one',
				clone: 'full',
			} ),
			io
		);
		expect( code ).toBe( 0 );
		expect( JSON.parse( out.stdout ) ).toMatchObject( {
			status: 'done',
			culprits: [ [ 'bad/bad.php' ] ],
		} );
		expect( site.calls[ 0 ] ).toMatchObject( {
			method: 'POST',
			path: '/proxy-health/v1/bisections',
			data: { mode: 'one-by-one', driver: 'auto', cloneMode: 'full' },
		} );
		// Each step: its signed request asked for, then the sandbox's signed answer posted back.
		const steps = site.calls.filter( ( c ) => c.path.endsWith( '/step' ) );
		expect( steps.map( ( c ) => Object.keys( c.data as object ) ) ).toEqual(
			[ 1, 2, 3, 4 ].flatMap( () => [ [ 'prepare' ], [ 'result' ] ] )
		);
		expect(
			out.stderr.split( '\n' ).filter( ( l ) => l.startsWith( 'step ' ) )
		).toEqual( [
			'step 1/5 1 plugin → fail',
			'step 2/5 no plugin → pass',
			'step 3/5 1 plugin → fail',
			'step 4/5 1 plugin → fail',
		] );
		expect( out.stderr ).not.toContain( '\r' );
	} );

	it( 'redraws one line on a terminal; the table names the culprit and what was tried first', async () => {
		const site = fakeSite( 2, {
			status: 'done',
			conclusion: 'culprit_found',
			culprits: [ [ 'bad/bad.php' ] ],
		} );
		const { io, out } = capture( {}, true );
		const code = await runBisectCommand(
			options( { transport: site.transport, format: 'table' } ),
			io
		);
		expect( code ).toBe( 0 );
		expect( out.stderr ).toContain( '\r\x1b[2Kstep 2/5' );
		expect( out.stdout ).toContain( 'Culprits:\n  bad/bad.php' );
		expect( out.stdout ).toContain( 'Tried first: bad/bad.php (hooks)' );
	} );

	it( '--include-theme asks the site to test the theme; the table names the theme and which 407 counted', async () => {
		const site = fakeSite( 2, {
			status: 'done',
			conclusion: 'culprit_found',
			culprits: [ [ 'theme:shiny' ] ],
			theme: { stylesheet: 'shiny', fallback: 'twentytwentyfour' },
			failsOn: 'curl',
		} );
		const { io, out } = capture();
		const code = await runBisectCommand(
			options( {
				transport: site.transport,
				format: 'table',
				includeTheme: true,
			} ),
			io
		);
		expect( code ).toBe( 0 );
		expect( site.calls[ 0 ] ).toMatchObject( {
			path: '/proxy-health/v1/bisections',
			data: { driver: 'auto', includeTheme: true },
		} );
		expect( out.stdout ).toContain(
			'Theme:      theme:shiny is a candidate; steps without it run twentytwentyfour'
		);
		expect( out.stdout ).toContain(
			'Fails on:   a 407 on curl, the transport WordPress uses'
		);
		expect( out.stdout ).toContain( 'Culprits:\n  theme:shiny' );
	} );

	it( 'without --include-theme the request leaves the theme out', async () => {
		const site = fakeSite( 1, {
			status: 'done',
			conclusion: 'nothing_to_bisect',
		} );
		const { io } = capture();
		await runBisectCommand( options( { transport: site.transport } ), io );
		expect( site.calls[ 0 ]?.data ).not.toHaveProperty( 'includeTheme' );
	} );

	it( 'a failed run exits 1 and prints its error', async () => {
		const site = fakeSite( 1, {
			status: 'failed',
			conclusion: 'inconclusive',
			error: { code: 'proxy_health_sandbox_unreachable', message: 'x' },
		} );
		const { io, out } = capture();
		expect(
			await runBisectCommand(
				options( { transport: site.transport, format: 'table' } ),
				io
			)
		).toBe( 1 );
		expect( out.stdout ).toContain(
			'Error:      proxy_health_sandbox_unreachable'
		);
	} );

	it( 'a 409 (another run) exits 1 with its code', async () => {
		const { io, out } = capture();
		const code = await runBisectCommand(
			options( {
				transport: async () => {
					throw {
						code: 'proxy_health_bisection_running',
						message: 'A bisection is already running on this site.',
						data: { status: 409 },
					};
				},
			} ),
			io
		);
		expect( code ).toBe( 1 );
		expect( out.stderr ).toContain(
			'proxy_health_bisection_running (409)'
		);
	} );

	it( 'Ctrl-C cancels the run on the site and exits 130', async () => {
		const site = fakeSite( 99, {} );
		let interrupt = () => undefined as void;
		let unsubscribed = false;
		const wrapped: Transport = async ( request ) => {
			const answer = await site.transport( request );
			if ( request.path.endsWith( '/step' ) && site.calls.length === 3 ) {
				interrupt();
			}
			return answer;
		};
		const { io, out } = capture();
		const code = await runBisectCommand(
			options( {
				transport: wrapped,
				onInterrupt: ( handler ) => {
					interrupt = handler;
					return () => {
						unsubscribed = true;
					};
				},
			} ),
			io
		);
		expect( code ).toBe( 130 );
		expect( site.isCancelled() ).toBe( true );
		expect( site.calls.at( -1 ) ).toMatchObject( {
			method: 'DELETE',
			path: `/proxy-health/v1/bisections/${ ID }`,
		} );
		expect( out.stderr ).toContain(
			`bisection ${ ID } cancelled, clone dropped`
		);
		expect( out.stdout ).toBe( '' );
		expect( unsubscribed ).toBe( true );
	} );
} );
