/**
 * The real WP-CLI, for lab sites, the tests and `npm run i18n`.
 *
 * Looked for in this order:
 * 1. the environment variable PROXY_HEALTH_WP_CLI: a `wp-cli.phar` (run with `php`) or a `wp`
 *    executable;
 * 2. `../tools/wp-cli/wp-cli-2.10.0.phar` beside this repository's folder (`../shared/…` from
 *    the project root), whose SHA-256 must match the `SHA256SUMS` file next to it;
 * 3. `wp` on PATH.
 * When none is there, locateWpCli() throws an error that says what is missing and where to get
 * it (https://wp-cli.org/).
 */

/**
 * External dependencies
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { REPO_ROOT } from './wordpress/paths';

/** The environment variable that names a WP-CLI phar or `wp` executable. */
export const WP_CLI_ENV = 'PROXY_HEALTH_WP_CLI';

/** The WP-CLI build the project is tested with. */
export const WP_CLI_VERSION = '2.10.0';

/** Where the shared copy of WP-CLI is looked for, relative to the project root. */
export const SHARED_WP_CLI_PHAR = path.resolve(
	REPO_ROOT,
	'..',
	'shared',
	'tools',
	'wp-cli',
	`wp-cli-${ WP_CLI_VERSION }.phar`
);

export interface WpCliLocation {
	/** Where it was found. */
	readonly source: 'env' | 'shared' | 'path';
	/** The phar or executable. */
	readonly file: string;
	/** The program to spawn and the arguments that come before WP-CLI's own. */
	readonly command: string;
	readonly prefix: readonly string[];
}

export interface WpCliSite {
	/** The WordPress folder (ABSPATH), passed as --path. */
	readonly path: string;
	/** The site URL, passed as --url (needed on networks; harmless elsewhere). */
	readonly url?: string;
}

export interface WpCliResult {
	readonly stdout: string;
	readonly stderr: string;
	/** Exit code; null when the process was killed (timeout). */
	readonly status: number | null;
}

export interface WpCliRunOptions {
	/** Extra environment variables (on top of this process's). */
	env?: NodeJS.ProcessEnv;
	/** Working directory; the project root by default. */
	cwd?: string;
	/** Written to WP-CLI's standard input, which is closed afterwards. */
	input?: string;
	/** Kill the process group after this many milliseconds (default 10 minutes). */
	timeoutMs?: number;
	/** Where WP-CLI is; located with locateWpCli() when left out. */
	location?: WpCliLocation;
}

/**
 * Finds WP-CLI (see the file comment for the order).
 *
 * @param env  Environment to read PROXY_HEALTH_WP_CLI and PATH from.
 * @param root Project root (the shared copy is looked for at `<root>/../shared/tools/wp-cli/`).
 * @return Where it is and how to run it.
 * @throws Error naming what is missing and where to get it.
 */
export function locateWpCli(
	env: NodeJS.ProcessEnv = process.env,
	root: string = REPO_ROOT
): WpCliLocation {
	const named = env[ WP_CLI_ENV ];
	if ( named !== undefined && named !== '' ) {
		const file = path.resolve( named );
		if ( ! isFile( file ) ) {
			throw new Error(
				`${ WP_CLI_ENV }=${ named } does not name a file. Set it to a wp-cli.phar or a \`wp\` executable (https://wp-cli.org/), or unset it.`
			);
		}
		return fromFile( 'env', file );
	}

	const shared = path.resolve(
		root,
		'..',
		'shared',
		'tools',
		'wp-cli',
		`wp-cli-${ WP_CLI_VERSION }.phar`
	);
	if ( isFile( shared ) ) {
		verifyChecksum( shared );
		return fromFile( 'shared', shared );
	}

	const onPath = findOnPath( 'wp', env.PATH ?? '' );
	if ( onPath ) {
		return fromFile( 'path', onPath );
	}

	throw new Error(
		[
			'WP-CLI was not found. Looked for:',
			`  - the environment variable ${ WP_CLI_ENV } (a wp-cli.phar or a \`wp\` executable): not set;`,
			`  - ${ shared } (with SHA256SUMS next to it): no such file;`,
			'  - `wp` on PATH: not there.',
			`Get WP-CLI ${ WP_CLI_VERSION } or later from https://wp-cli.org/ (the wp-cli.phar download), then set ${ WP_CLI_ENV }=/path/to/wp-cli.phar or install it as \`wp\` on PATH. PHP must be on PATH to run a phar.`,
		].join( '\n' )
	);
}

/**
 * The argv for a WP-CLI command against a lab site:
 * `php <phar> --path=<wp> --url=<site url> --allow-root <args…>` (or `wp …` for an executable).
 *
 * @param site     The site (its folder and URL); null for commands that need no WordPress
 *                 (`i18n make-pot`, `i18n make-mo`, …).
 * @param args     WP-CLI arguments, e.g. [ 'proxy-health', 'status', '--format=json' ].
 * @param location Where WP-CLI is; located when left out.
 * @return The program first, then its arguments.
 */
export function wpCliArgv(
	site: WpCliSite | null,
	args: readonly string[],
	location: WpCliLocation = locateWpCli()
): string[] {
	return [
		location.command,
		...location.prefix,
		...( site ? [ `--path=${ site.path }` ] : [] ),
		...( site?.url ? [ `--url=${ site.url }` ] : [] ),
		'--allow-root',
		...args,
	];
}

/**
 * The same argv as one line for a POSIX shell, for people to copy (`proxy-health lab` prints it).
 *
 * @param site     The site.
 * @param args     WP-CLI arguments.
 * @param location Where WP-CLI is; located when left out.
 */
export function wpCliCommandLine(
	site: WpCliSite | null,
	args: readonly string[] = [],
	location: WpCliLocation = locateWpCli()
): string {
	return wpCliArgv( site, args, location ).map( shellQuote ).join( ' ' );
}

/**
 * Environment for WP-CLI runs: no user or project config file (`~/.wp-cli/config.yml`,
 * `wp-cli.yml` up the tree), no update check, no colours; the caller's variables win.
 *
 * @param extra Variables to add.
 */
export function wpCliEnv( extra: NodeJS.ProcessEnv = {} ): NodeJS.ProcessEnv {
	return {
		...process.env,
		WP_CLI_CONFIG_PATH: '/dev/null',
		WP_CLI_DISABLE_AUTO_CHECK_UPDATE: '1',
		NO_COLOR: '1',
		TERM: 'dumb',
		...extra,
	};
}

/**
 * Runs WP-CLI in its own process group and collects its output. Never throws for a non-zero
 * exit: the status is in the result. Asynchronous, so servers running in this Node process
 * (the lab's targets) keep answering while WP-CLI probes them.
 *
 * @param site    The site, or null for commands that need no WordPress.
 * @param args    WP-CLI arguments.
 * @param options Environment, working directory, input, timeout.
 */
export function runWpCli(
	site: WpCliSite | null,
	args: readonly string[],
	options: WpCliRunOptions = {}
): Promise< WpCliResult > {
	const [ command = 'wp', ...argv ] = wpCliArgv(
		site,
		args,
		options.location ?? locateWpCli()
	);
	return new Promise( ( resolve, reject ) => {
		const child = spawn( command, argv, {
			cwd: options.cwd ?? REPO_ROOT,
			env: wpCliEnv( options.env ),
			detached: true,
			stdio: 'pipe',
		} );
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout.on( 'data', ( chunk: Buffer ) => stdout.push( chunk ) );
		child.stderr.on( 'data', ( chunk: Buffer ) => stderr.push( chunk ) );
		child.stdin.on( 'error', () => undefined );
		child.stdin.end( options.input ?? '' );
		const timer = setTimeout(
			() => {
				if ( child.pid !== undefined ) {
					try {
						process.kill( -child.pid, 'SIGKILL' );
					} catch {
						// Already gone.
					}
				}
			},
			options.timeoutMs ?? 10 * 60 * 1000
		);
		child.once( 'error', ( error ) => {
			clearTimeout( timer );
			reject( error );
		} );
		child.once( 'close', ( status ) => {
			clearTimeout( timer );
			resolve( {
				stdout: Buffer.concat( stdout ).toString( 'utf8' ),
				stderr: Buffer.concat( stderr ).toString( 'utf8' ),
				status,
			} );
		} );
	} );
}

function fromFile(
	source: WpCliLocation[ 'source' ],
	file: string
): WpCliLocation {
	// A phar, or a file that cannot be executed, runs through PHP; an executable runs as is.
	if ( file.endsWith( '.phar' ) || ! isExecutable( file ) ) {
		return { source, file, command: 'php', prefix: [ file ] };
	}
	return { source, file, command: file, prefix: [] };
}

/**
 * Compares the phar's SHA-256 with its line in SHA256SUMS (same folder).
 *
 * @param phar The phar.
 * @throws Error when SHA256SUMS is missing, has no line for it, or the hash differs.
 */
function verifyChecksum( phar: string ): void {
	const sums = path.join( path.dirname( phar ), 'SHA256SUMS' );
	if ( ! isFile( sums ) ) {
		throw new Error(
			`${ phar } has no SHA256SUMS next to it, so it cannot be verified. Put the checksum file from https://wp-cli.org/ there, or set ${ WP_CLI_ENV } to a WP-CLI you trust.`
		);
	}
	const name = path.basename( phar );
	const expected = readFileSync( sums, 'utf8' )
		.split( '\n' )
		.map( ( line ) => line.trim().split( /\s+\*?/ ) )
		.find( ( [ , file ] ) => file === name )?.[ 0 ]
		?.toLowerCase();
	if ( ! expected ) {
		throw new Error( `${ sums } lists no checksum for ${ name }.` );
	}
	const actual = createHash( 'sha256' )
		.update( readFileSync( phar ) )
		.digest( 'hex' );
	if ( actual !== expected ) {
		throw new Error(
			`${ phar } does not match its SHA-256 in ${ sums } (expected ${ expected }, got ${ actual }). Replace it with the official build from https://wp-cli.org/.`
		);
	}
}

function findOnPath( name: string, searchPath: string ): string | null {
	for ( const dir of searchPath.split( path.delimiter ) ) {
		if ( dir === '' ) {
			continue;
		}
		const candidate = path.join( dir, name );
		if ( isFile( candidate ) && isExecutable( candidate ) ) {
			return candidate;
		}
	}
	return null;
}

function isFile( file: string ): boolean {
	try {
		return statSync( file ).isFile();
	} catch {
		return false;
	}
}

function isExecutable( file: string ): boolean {
	try {
		accessSync( file, constants.X_OK );
		return true;
	} catch {
		return false;
	}
}

function shellQuote( word: string ): string {
	return /^[\w@%+=:,./-]+$/.test( word )
		? word
		: `'${ word.replace( /'/g, `'\\''` ) }'`;
}
