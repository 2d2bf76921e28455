/**
 * `proxy-health lab [scenario]`: a reproduction environment for support work, until Ctrl-C.
 */

/**
 * External dependencies
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { startLab, type Lab, type LabOptions } from '../../lab/scenario';
import { wpCliCommandLine } from '../../lab/wp-cli';
import { EXIT_FAILURE, EXIT_OK, type CliIo, type ExitCode } from '../lib/io';
import { LAB_SCENARIOS, type LabScenarioName } from '../lib/lab-scenarios';

export { LAB_SCENARIOS, type LabScenarioName };

export interface LabCommandOptions {
	scenario: LabScenarioName;
	runtime: NonNullable< LabOptions[ 'runtime' ] >;
	proxy: NonNullable< LabOptions[ 'proxyScheme' ] >;
	engine: NonNullable< LabOptions[ 'proxyEngine' ] >;
	/** WordPress version; the lab's default (PROXY_HEALTH_WP, else 7.1) when unset. */
	wp?: NonNullable< LabOptions[ 'version' ] >;
	db: NonNullable< LabOptions[ 'database' ] >;
	/** PHP version on the Playground runtime. */
	php?: NonNullable< LabOptions[ 'phpVersion' ] >;
	stateDir?: string;
}

const SCENARIO_WORDS: Record< LabScenarioName, string > = {
	'right-credentials':
		'wp-config.php has the RIGHT proxy credentials: checks should pass.',
	'wrong-credentials':
		'wp-config.php has a WRONG proxy password, so checks show a 407.',
	'missing-credentials':
		'wp-config.php has no proxy credentials, so checks show a 407.',
	'host-with-scheme':
		'WP_PROXY_HOST starts with http:// (a classic mistake).',
	'non-numeric-port':
		'WP_PROXY_PORT is ":port" (a copy-and-paste from host:port).',
	'bypass-list':
		'WP_PROXY_BYPASS_HOSTS sends the HTTPS target around the proxy.',
	'no-proxy': 'wp-config.php defines no proxy: requests go direct.',
};

/**
 * What the person who started the lab needs, credentials included on purpose: a throwaway
 * lab on loopback. Shaped like `describeDemo` (src/lab/demo.ts), plus the CLI line to use.
 *
 * @param lab      Running lab.
 * @param scenario Scenario name.
 */
export function describeLab( lab: Lab, scenario: LabScenarioName ): string {
	const proxy = lab.proxy.credentials;
	return [
		'',
		`Proxy Health lab is running (${ scenario }, WordPress ${ lab.site.wordpress }).`,
		'',
		`  Open:      ${ lab.server.url }/wp-admin/tools.php?page=proxy-health`,
		`  Log in:    ${ lab.site.admin.username } / ${ lab.site.admin.password }`,
		'',
		`  Proxy:     ${ lab.proxy.url } (${ lab.proxy.engine }, ${ lab.proxy.scheme } auth)`,
		`             ${ SCENARIO_WORDS[ scenario ] }`,
		...( proxy
			? [
					`  Right credentials: ${ proxy.username } / ${ proxy.password }`,
				]
			: [] ),
		`  Targets:   ${ lab.httpTarget.url } and ${ lab.httpsTarget.url } (lab CA)`,
		`  Site files: ${ lab.site.root }`,
		'',
		'  From another terminal:',
		`    PROXY_HEALTH_APP_PASSWORD='${ lab.site.admin.applicationPassword }' proxy-health check ${ lab.server.url } --user ${ lab.site.admin.username }`,
		`    ${ wpCommandLine( lab ) }`,
		'',
		'Press Ctrl-C to stop everything.',
		'',
	].join( '\n' );
}

/**
 * The WP-CLI command line for the lab site (`wp proxy-health status` as the example), or what
 * is missing when WP-CLI is not found.
 *
 * @param lab Running lab.
 */
export function wpCommandLine( lab: Lab ): string {
	try {
		return wpCliCommandLine( { path: lab.site.root, url: lab.server.url }, [
			'proxy-health',
			'status',
		] );
	} catch ( error ) {
		return `WP-CLI: ${ ( error as Error ).message.split( '\n' )[ 0 ] } (see https://wp-cli.org/)`;
	}
}

/**
 * Starts the lab, prints how to use it, and resolves with the exit code once stopped by
 * SIGINT/SIGTERM (or `stopSignal`, for tests).
 *
 * @param options    Parsed options.
 * @param io         Streams.
 * @param stopSignal Aborting it stops the lab.
 */
export async function runLabCommand(
	options: LabCommandOptions,
	io: CliIo,
	stopSignal?: AbortSignal
): Promise< ExitCode > {
	const ownStateDir = ! options.stateDir;
	const stateDir =
		options.stateDir ??
		mkdtempSync( path.join( os.tmpdir(), 'proxy-health-lab-' ) );
	io.stderr.write( 'Starting WordPress, a proxy and targets…\n' );
	let lab: Lab;
	try {
		lab = await startLab( {
			stateDir,
			runtime: options.runtime,
			proxyScheme: options.proxy,
			proxyEngine: options.engine,
			version: options.wp,
			database: options.db,
			phpVersion: options.php,
			scenario: options.scenario,
		} );
	} catch ( error ) {
		io.stderr.write(
			`proxy-health lab: could not start: ${ ( error as Error ).message }\n`
		);
		if ( ownStateDir ) {
			rmSync( stateDir, { recursive: true, force: true } );
		}
		return EXIT_FAILURE;
	}
	io.stdout.write( describeLab( lab, options.scenario ) );
	// The lab's last-resort handlers kill everything and exit at once (src/lab/processes.ts);
	// replace them, as the demo does, so Ctrl-C stops gracefully and removes the state folder.
	// Their 'exit' hook stays as the safety net.
	process.removeAllListeners( 'SIGINT' );
	process.removeAllListeners( 'SIGTERM' );
	await new Promise< void >( ( resolve ) => {
		const stop = () => {
			process.off( 'SIGINT', stop );
			process.off( 'SIGTERM', stop );
			resolve();
		};
		process.on( 'SIGINT', stop );
		process.on( 'SIGTERM', stop );
		stopSignal?.addEventListener( 'abort', stop, { once: true } );
	} );
	io.stderr.write( '\nStopping…\n' );
	await lab.stop();
	if ( ownStateDir ) {
		rmSync( stateDir, { recursive: true, force: true } );
	}
	return EXIT_OK;
}
