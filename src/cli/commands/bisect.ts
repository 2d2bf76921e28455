/**
 * `proxy-health bisect --site <url> --user <login>`: finds the plugin that breaks outbound
 * proxy auth. With `--driver auto` (the default) the site runs every step itself when a short
 * loopback check passes; otherwise this command sends each step's signed sandbox request to
 * the site and posts the signed answer back, so it works where the site cannot call itself.
 * The site does every probe in a staging clone; this command shows progress and cancels the
 * run on Ctrl-C.
 */

/**
 * External dependencies
 */
import path from 'node:path';

/**
 * Internal dependencies
 */
import { NotWordPressError, scanWordPress } from '../../analysis/scan';
import type { ScanReport } from '../../analysis/scan';
import { createClient, ProxyHealthApiError } from '../../api/client';
import type { Transport } from '../../api/client';
import { runClientStep, type SandboxSender } from '../../api/client-step';
import type {
	Bisection,
	BisectionDriverRequest,
	BisectionMode,
} from '../../api/types';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIo } from '../lib/io';
import {
	createNodeSandboxSender,
	createNodeTransport,
} from '../lib/node-transport';
import { clearLine } from '../lib/progress';
import { proxyForUrl, ProxyEnvError } from '../lib/proxy-env';
import { redactText, Secret } from '../lib/secret';
import {
	cleartextWarning,
	parseSiteUrl,
	type InputError,
} from '../lib/sites-file';
import { PASSWORD_VARIABLE } from './check';

/** Exit code after Ctrl-C, as shells report a SIGINT death (128 + 2). */
export const EXIT_INTERRUPTED = 130;

/** Proxy Health's own plugin folder (the distributable zip's). */
const PROXY_HEALTH_SLUG = 'proxy-health';

/** A client-driven run never needs more steps than this (the server bounds it too). */
const MAX_STEPS = 500;

export interface BisectCommandOptions {
	site: string;
	user: string;
	mode: BisectionMode;
	/** Who sends each step: `auto` (default) lets the site's loopback check decide. */
	driver?: BisectionDriverRequest;
	clone: 'light' | 'full';
	format: 'table' | 'json';
	timeoutMs: number;
	/** WordPress root to scan statically; its ranked, active plugins are tried first. */
	suspectsFrom?: string;
	/** Test the active theme too (`theme:<stylesheet>` among the candidates). */
	includeTheme?: boolean;
	/** For tests: the transport (default: Node's http with the Application Password). */
	transport?: Transport;
	/** For tests: sends sandbox requests (default: Node's http, no credentials). */
	sandbox?: SandboxSender;
	/**
	 * Subscribes to Ctrl-C; returns the unsubscribe. Default: process SIGINT. Tests pass their
	 * own to interrupt a run in-process.
	 */
	onInterrupt?: ( handler: () => void ) => () => void;
}

function processInterrupts( handler: () => void ): () => void {
	process.once( 'SIGINT', handler );
	return () => {
		process.removeListener( 'SIGINT', handler );
	};
}

/**
 * The plugin folder (or single-file name) of a plugin file: how the scan names plugins.
 *
 * @param file Plugin file such as `akismet/akismet.php`.
 */
export function pluginSlug( file: string ): string {
	const slash = file.indexOf( '/' );
	return slash === -1 ? file.replace( /\.php$/, '' ) : file.slice( 0, slash );
}

/**
 * Plugin files to try first: the scan's plugin suspects (most likely first) that are active
 * on the site, Proxy Health itself left out. Must-use plugins and themes are left out too: a
 * bisection only toggles plugins.
 *
 * @param report Static scan of the site's files.
 * @param active Active plugin files (`dir/file.php`).
 */
export function suspectsFromScan(
	report: Pick< ScanReport, 'suspects' >,
	active: readonly string[]
): string[] {
	const bySlug = new Map(
		active.map( ( file ) => [ pluginSlug( file ), file ] )
	);
	const files: string[] = [];
	for ( const suspect of report.suspects ) {
		// Proxy Health runs the bisection and is never under test.
		const file =
			suspect.type === 'plugin' && suspect.slug !== PROXY_HEALTH_SLUG
				? bySlug.get( suspect.slug )
				: undefined;
		if ( file && ! files.includes( file ) ) {
			files.push( file );
		}
	}
	return files;
}

/**
 * Active plugin files from WordPress's own `GET /wp/v2/plugins` (its `plugin` field has no
 * `.php`).
 *
 * @param transport Transport to the site.
 */
async function activePlugins( transport: Transport ): Promise< string[] > {
	const body = await transport( { path: '/wp/v2/plugins', method: 'GET' } );
	if ( ! Array.isArray( body ) ) {
		throw new Error(
			'GET /wp/v2/plugins did not answer a list of plugins.'
		);
	}
	return body
		.filter(
			( item ): item is { plugin: string; status: string } =>
				typeof item?.plugin === 'string' &&
				( item.status === 'active' || item.status === 'network-active' )
		)
		.map( ( item ) => `${ item.plugin }.php` );
}

function describeStep( run: Bisection ): string {
	const step = run.steps[ run.steps.length - 1 ];
	if ( ! step ) {
		return '';
	}
	const subset =
		step.subset.length === 0
			? 'no plugin'
			: `${ step.subset.length } plugin${ step.subset.length === 1 ? '' : 's' }`;
	return `${ subset } → ${ step.outcome }`;
}

/**
 * The run as a table for people.
 *
 * @param run Finished (or stopped) run.
 */
export function renderBisectionTable( run: Bisection ): string {
	const lines = [
		`Bisection ${ run.id } (${ run.mode }, ${ run.driver } driver)`,
		...( run.driverReason
			? [
					`Driver:     ${ run.driver } (${ run.driverReason.code }): ${ run.driverReason.message }`,
				]
			: [] ),
		`Status:     ${ run.status }${ run.conclusion ? ` — ${ run.conclusion }` : '' }`,
		`Probes:     ${ run.probesUsed } (estimated ${ run.probesEstimated })`,
		`Clone:      ${ run.clone.prefix || '-' } ${ run.clone.state }`,
	];
	if ( run.theme ) {
		lines.push(
			`Theme:      theme:${ run.theme.stylesheet } is a candidate; steps without it run ${ run.theme.fallback }`
		);
	}
	if ( run.failsOn ) {
		lines.push(
			`Fails on:   ${ run.failsOn === 'any' ? 'a 407 on any transport' : `a 407 on ${ run.failsOn }, the transport WordPress uses` }`
		);
	}
	if ( run.error ) {
		lines.push( `Error:      ${ run.error.code }: ${ run.error.message }` );
	}
	const suspects = ( run.order ?? [] ).filter( ( e ) => e.reason !== 'none' );
	if ( suspects.length > 0 ) {
		lines.push(
			`Tried first: ${ suspects
				.map( ( e ) => `${ e.plugin } (${ e.reason })` )
				.join( ', ' ) }`
		);
	}
	lines.push( '', 'Steps:' );
	run.steps.forEach( ( step, index ) => {
		lines.push(
			`  ${ String( index + 1 ).padStart( 3 ) }. ${ step.outcome.padEnd(
				5
			) } ${ step.subset.length === 0 ? '(no plugin)' : step.subset.join( ', ' ) }`
		);
	} );
	lines.push( '' );
	if ( run.culprits.length > 0 ) {
		lines.push( 'Culprits:' );
		for ( const set of run.culprits ) {
			lines.push(
				`  ${ set.join( ' + ' ) }${ set.length > 1 ? ' (only together)' : '' }`
			);
		}
	} else if ( run.conclusion === 'not_a_plugin' ) {
		lines.push(
			'Not a plugin: the probe fails with no plugin active. Check the proxy configuration (proxy-health check).'
		);
	} else if ( run.conclusion === 'nothing_to_bisect' ) {
		lines.push(
			'Nothing to bisect: the probe passes with every plugin active.'
		);
	}
	return `${ lines.join( '\n' ) }\n`;
}

/**
 * Runs the command.
 *
 * @param options Parsed options.
 * @param io      Streams and environment.
 * @return 0 when the run reached a conclusion, 1 when it failed, 130 after Ctrl-C.
 */
export async function runBisectCommand(
	options: BisectCommandOptions,
	io: CliIo
): Promise< number > {
	let site: string;
	try {
		site = parseSiteUrl( options.site );
	} catch ( error ) {
		throw new UsageError(
			`--site: ${ ( error as InputError ).message }`,
			'bisect'
		);
	}
	const warning = options.transport
		? undefined
		: cleartextWarning( [ site ] );
	if ( warning ) {
		io.stderr.write( warning );
	}
	const password = io.env[ PASSWORD_VARIABLE ];
	if ( ! password && ! options.transport ) {
		throw new UsageError(
			`set the Application Password in the ${ PASSWORD_VARIABLE } environment variable (it is never taken from a flag).`,
			'bisect'
		);
	}
	try {
		proxyForUrl( new URL( site ), io.env );
	} catch ( error ) {
		if ( error instanceof ProxyEnvError ) {
			throw new UsageError( error.message, 'bisect' );
		}
		throw error;
	}
	let scan: ScanReport | undefined;
	if ( options.suspectsFrom !== undefined ) {
		try {
			scan = scanWordPress(
				path.resolve( io.cwd, options.suspectsFrom )
			);
		} catch ( error ) {
			if ( error instanceof NotWordPressError ) {
				throw new UsageError(
					`--suspects-from: ${ error.message }`,
					'bisect'
				);
			}
			throw error;
		}
	}
	const secret = new Secret( password ?? '' );
	const transport =
		options.transport ??
		createNodeTransport( {
			siteUrl: site,
			user: options.user,
			password: secret,
			timeoutMs: options.timeoutMs,
			env: io.env,
		} );
	const client = createClient( transport );
	const sandbox =
		options.sandbox ??
		createNodeSandboxSender( {
			timeoutMs: options.timeoutMs,
			env: io.env,
		} );
	const tty = io.stderr.isTTY === true;
	const say = ( text: string ) => {
		if ( tty ) {
			clearLine( io.stderr );
			io.stderr.write( text );
		} else {
			io.stderr.write( `${ text }\n` );
		}
	};

	const interrupted = new AbortController();
	// Used in `finally`, which runs after every return below.
	// eslint-disable-next-line @wordpress/no-unused-vars-before-return
	const unsubscribe = ( options.onInterrupt ?? processInterrupts )( () =>
		interrupted.abort()
	);
	let run: Bisection | undefined;
	try {
		const suspects = scan
			? suspectsFromScan( scan, await activePlugins( transport ) )
			: undefined;
		if ( suspects ) {
			say(
				`suspects from the scan: ${ suspects.join( ', ' ) || 'none' }`
			);
		}
		run = await client.startBisection( {
			mode: options.mode,
			driver: options.driver ?? 'auto',
			cloneMode: options.clone,
			...( suspects && suspects.length > 0 ? { suspects } : {} ),
			...( options.includeTheme ? { includeTheme: true } : {} ),
		} );
		// Not aborted mid-start: without the run's id the lock could only be freed by the reaper.
		say(
			`bisection ${ run.id }: ${
				run.plugins.filter( ( c ) => ! c.startsWith( 'theme:' ) ).length
			} plugins${
				run.theme ? ` and the theme ${ run.theme.stylesheet }` : ''
			}, about ${ run.probesEstimated } probes`
		);
		if ( run.driverReason ) {
			say(
				`driver: ${ run.driver } (${ run.driverReason.code }): ${ run.driverReason.message }`
			);
		}
		for (
			let i = 0;
			i < MAX_STEPS &&
			run.status === 'running' &&
			! interrupted.signal.aborted;
			i++
		) {
			try {
				run = await runClientStep( client, run.id, sandbox, {
					signal: interrupted.signal,
				} );
			} catch ( thrown ) {
				// Ended elsewhere (another client, a cancel): show it as it ended.
				if (
					thrown instanceof ProxyHealthApiError &&
					thrown.code === 'proxy_health_bisection_finished'
				) {
					run = await client.getBisection( run.id );
					break;
				}
				throw thrown;
			}
			say(
				`step ${ run.probesUsed }/${ run.probesEstimated } ${ describeStep( run ) }`
			);
		}
	} catch ( thrown ) {
		if ( interrupted.signal.aborted ) {
			return cancel( run, client, io, tty );
		}
		if ( tty ) {
			io.stderr.write( '\n' );
		}
		const message =
			thrown instanceof ProxyHealthApiError
				? `${ thrown.code }${ thrown.status ? ` (${ thrown.status })` : '' }: ${ thrown.message }`
				: ( thrown as Error ).message;
		io.stderr.write(
			`proxy-health bisect: ${ redactText( message, [ secret.reveal() ] ) }\n`
		);
		// A run that started and then failed here is cancelled, so the clone and lock go now.
		if ( run?.status === 'running' ) {
			await client.cancelBisection( run.id ).catch( () => undefined );
		}
		return EXIT_FAILURE;
	} finally {
		unsubscribe();
	}
	if ( interrupted.signal.aborted && run.status === 'running' ) {
		return cancel( run, client, io, tty );
	}
	if ( tty ) {
		io.stderr.write( '\n' );
	}
	io.stdout.write(
		options.format === 'json'
			? `${ JSON.stringify( run, null, 2 ) }\n`
			: renderBisectionTable( run )
	);
	return run.status === 'done' ? EXIT_OK : EXIT_FAILURE;
}

async function cancel(
	run: Bisection | undefined,
	client: ReturnType< typeof createClient >,
	io: CliIo,
	tty: boolean
): Promise< number > {
	if ( tty ) {
		io.stderr.write( '\n' );
	}
	if ( run ) {
		const cancelled = await client
			.cancelBisection( run.id )
			.catch( () => undefined );
		io.stderr.write(
			cancelled
				? `proxy-health bisect: interrupted; bisection ${ run.id } ${ cancelled.status }, clone ${ cancelled.clone.state }.\n`
				: `proxy-health bisect: interrupted; cancelling bisection ${ run.id } failed, the site's reaper will clean up.\n`
		);
	} else {
		io.stderr.write( 'proxy-health bisect: interrupted.\n' );
	}
	return EXIT_INTERRUPTED;
}
