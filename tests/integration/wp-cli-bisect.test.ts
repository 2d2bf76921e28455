/**
 * `wp proxy-health bisect` under the real WP-CLI (2.10, `../shared/tools/wp-cli/`) on a lab site
 * whose loopback is refused outright: the site's web server is stopped before the run, so no
 * request can reach the site at all (squid and the probe targets still run). Each step runs in a
 * child process of the same WP-CLI, so the run still names the culprit; the run records driver
 * `cli` (reason `wp_cli`); the live tables are checksummed unchanged; no clone, loader or lock is
 * left; a plugin that crashes the step, or kills its process before any answer, is named. Also: the sandbox loader stays inert for a WP-CLI process without a token or with a
 * forged one, and the step subcommand run by hand changes nothing.
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
import { runWpCli } from '../../src/lab/wp-cli';
import {
	expectCleanAfter,
	file,
	startBisectionLab,
	type Slug,
} from '../support/bisection-lab';

jest.setTimeout( 300_000 );

describe( 'wp proxy-health bisect with the loopback refused', () => {
	const harness = startBisectionLab( 'sqlite', {
		'bisect-cli-step-kill': path.resolve(
			__dirname,
			'..',
			'fixtures',
			'plugins',
			'bisect-cli-step-kill'
		),
	} );
	let lab: Lab;
	let site: { path: string; url: string };

	beforeAll( async () => {
		lab = await harness.start();
		site = { path: lab.site.root, url: lab.server.url };
		// Loopback refused outright: nothing listens on the site's address any more.
		await lab.server.stop();
		await expect( fetch( `${ site.url }/` ) ).rejects.toThrow();
	} );
	afterAll( async () => {
		await lab?.stop();
		harness.cleanup();
	} );

	test( 'names the culprit with every step in a child WP-CLI process; records driver cli; nothing live changes', async () => {
		const active: Slug[] = [
			'bisect-live-marker',
			'bisect-quiet-a',
			'bisect-noisy',
			'bisect-bad-proxy-auth',
			'bisect-quiet-b',
		];
		harness.activate( lab, active );
		const before = harness.snapshot( lab );

		const table = await runWpCli( site, [ 'proxy-health', 'bisect' ] );
		expect( table.stderr ).toBe( '' );
		expect( table.status ).toBe( 0 );
		expect( table.stdout ).toMatch(
			/: 5 plugins under test, staging clone wp_phbx[0-9a-f]{4}_ ready\./
		);
		expect( table.stdout ).toMatch( /\nMode\tddmin \(cli, light\)\n/ );
		expect( table.stdout ).toMatch(
			new RegExp(
				`\\nSuccess: Bisection ([0-9a-f-]{36}) concluded culprit_found: \\[${ file(
					'bisect-bad-proxy-auth'
				).replace( /[./]/g, '\\$&' ) }\\]\\.\\n$`
			)
		);
		const id = /Success: Bisection ([0-9a-f-]{36})/.exec(
			table.stdout
		)?.[ 1 ] as string;

		const status = await runWpCli( site, [
			'proxy-health',
			'bisect',
			'status',
			id,
			'--format=json',
		] );
		expect( status.status ).toBe( 0 );
		const run = JSON.parse( status.stdout ) as Bisection;
		expect( run ).toMatchObject( {
			status: 'done',
			mode: 'ddmin',
			driver: 'cli',
			conclusion: 'culprit_found',
			culprits: [ [ file( 'bisect-bad-proxy-auth' ) ] ],
			clone: { state: 'dropped' },
		} );
		expect( run.driverReason?.code ).toBe( 'wp_cli' );
		// All active, none active, one probe per halving (N = 5: 3), the culprit once more.
		expect( run.probesUsed ).toBe( run.steps.length );
		expect( run.probesUsed ).toBeLessThanOrEqual(
			Math.ceil( Math.log2( active.length ) ) + 3
		);
		for ( const step of run.steps ) {
			const hasCulprit = step.subset.includes(
				file( 'bisect-bad-proxy-auth' )
			);
			expect( step.outcome ).toBe( hasCulprit ? 'fail' : 'pass' );
			// The probe ran in the child, on the clone: its report id is there, the 407 in evidence.
			expect( step.reportId ).toMatch( /^[0-9a-f-]{36}$/ );
			if ( hasCulprit ) {
				expect( step.evidence?.join( '\n' ) ).toMatch(
					/proxy_auth_required \(407\)/
				);
			}
		}
		expectCleanAfter( before, harness.snapshot( lab ) );
	} );

	test( 'a subset that crashes the child process is a crash step, and the crashing plugin is named', async () => {
		const active: Slug[] = [
			'bisect-quiet-a',
			'bisect-sandbox-fatal',
			'bisect-quiet-b',
		];
		harness.activate( lab, active );
		const before = harness.snapshot( lab );
		const json = await runWpCli( site, [
			'proxy-health',
			'bisect',
			'--format=json',
		] );
		expect( json.status ).toBe( 0 );
		const run = JSON.parse( json.stdout ) as Bisection;
		expect( run ).toMatchObject( {
			status: 'done',
			driver: 'cli',
			conclusion: 'culprit_found',
			culprits: [ [ file( 'bisect-sandbox-fatal' ) ] ],
		} );
		const crashes = run.steps.filter(
			( step ) => step.outcome === 'crash'
		);
		expect( crashes.length ).toBeGreaterThan( 0 );
		for ( const step of crashes ) {
			expect( step.subset ).toContain( file( 'bisect-sandbox-fatal' ) );
			expect( step.evidence?.[ 0 ] ).toMatch(
				/undefined function bisect_sandbox_fatal_function_that_does_not_exist\(\)/
			);
		}
		expectCleanAfter( before, harness.snapshot( lab ) );
	} );

	test( 'a step process killed before it can answer is a crash step, signed by the parent, and its plugin is named', async () => {
		const killer = 'bisect-cli-step-kill/bisect-cli-step-kill.php';
		harness.activateFiles( lab, [
			file( 'bisect-quiet-a' ),
			killer,
			file( 'bisect-quiet-b' ),
		] );
		const before = harness.snapshot( lab );
		const json = await runWpCli( site, [
			'proxy-health',
			'bisect',
			'--format=json',
		] );
		expect( json.status ).toBe( 0 );
		const run = JSON.parse( json.stdout ) as Bisection;
		expect( run ).toMatchObject( {
			status: 'done',
			driver: 'cli',
			conclusion: 'culprit_found',
			culprits: [ [ killer ] ],
		} );
		for ( const step of run.steps ) {
			expect( step.outcome ).toBe(
				step.subset.includes( killer ) ? 'crash' : 'pass'
			);
			if ( step.outcome === 'crash' ) {
				expect( step.evidence ).toEqual( [
					expect.stringMatching(
						/^The step process ended with exit code -?\d+ and no answer\.$/
					),
				] );
			}
		}
		expectCleanAfter( before, harness.snapshot( lab ) );
	} );

	test( 'the loader is inert for WP-CLI without a valid token, and the step subcommand alone changes nothing', async () => {
		harness.activate( lab, [ 'bisect-quiet-a' ] );
		const before = harness.snapshot( lab );
		// No run: the step subcommand says it was not taken by the sandbox (exit code 3).
		const bare = await runWpCli( site, [ 'proxy-health', 'bisect-step' ] );
		expect( bare.status ).toBe( 3 );
		expect( bare.stdout ).toBe( '' );
		expect( bare.stderr ).toMatch(
			/^Error: bisect-step is run by wp proxy-health bisect/
		);
		// The loader in place (as during a run) and a forged token in the environment: the
		// loader leaves the process alone, so the subcommand itself answers.
		const installer = 'ProxyHealth\\Bisection\\Sandbox_Installer';
		expect(
			(
				await runWpCli( site, [
					'eval',
					`var_export( ${ installer }::install() );`,
				] )
			).stdout
		).toBe( 'true' );
		const forged = await runWpCli(
			site,
			[ 'proxy-health', 'bisect-step' ],
			{
				env: {
					PROXY_HEALTH_SANDBOX_TOKEN: 'eyJiIjoieCJ9.AAAA',
					PROXY_HEALTH_SANDBOX_BODY: JSON.stringify( {
						prefix: 'wp_phbx0000_',
						subset: [],
					} ),
				},
			}
		);
		expect(
			(
				await runWpCli( site, [
					'eval',
					`var_export( ${ installer }::remove() );`,
				] )
			).stdout
		).toBe( 'true' );
		expect( forged.status ).toBe( 3 );
		expect( forged.stdout ).not.toContain( 'proxyHealthSandbox' );
		expectCleanAfter( before, harness.snapshot( lab ) );
	} );
} );
