/**
 * Child processes of the lab: started in their own process group, always stopped.
 */

/**
 * External dependencies
 */
import {
	spawn,
	type ChildProcess,
	type SpawnOptions,
} from 'node:child_process';
import { createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';

export interface LabProcess {
	/** Short name used in messages, e.g. "squid (basic)". */
	readonly name: string;
	readonly child: ChildProcess;
	/** True until the process exits. */
	isAlive: () => boolean;
	/** Resolves when the process has exited (after a stop or on its own). */
	readonly exited: Promise< number | null >;
	/** Sends SIGTERM to the whole process group, then SIGKILL after the grace period. */
	stop: ( graceMs?: number ) => Promise< void >;
}

export interface StartOptions extends SpawnOptions {
	/** File that receives stdout and stderr; without it the output is discarded. */
	logFile?: string;
}

const running = new Set< LabProcess >();
let exitHooksInstalled = false;
let watchdog: ChildProcess | null = null;

const WATCHDOG = path.join( __dirname, 'watchdog.mjs' );

/**
 * Tells the watchdog about a process group (see watchdog.mjs): started on first use, it stops
 * every registered group if this Node process dies without cleaning up.
 *
 * @param verb Register or forget.
 * @param pgid Process group id.
 */
function tellWatchdog( verb: 'add' | 'remove', pgid: number ): void {
	if ( ! watchdog ) {
		watchdog = spawn( process.execPath, [ WATCHDOG ], {
			detached: true,
			stdio: [ 'pipe', 'ignore', 'ignore' ],
		} );
		// Neither the child nor its pipe may keep this process alive.
		watchdog.unref();
		(
			watchdog.stdin as ( Writable & { unref?: () => void } ) | null
		 )?.unref?.();
		watchdog.stdin?.on( 'error', () => undefined );
	}
	watchdog.stdin?.write( `${ verb } ${ pgid }\n` );
}

/**
 * Starts a process in its own process group so that stopping it also stops its children
 * (squid's helpers, PHP's server workers), and registers it for clean-up when Node exits.
 *
 * @param name    Name used in messages.
 * @param command Executable.
 * @param args    Arguments.
 * @param options Spawn options plus an optional log file.
 */
export function startProcess(
	name: string,
	command: string,
	args: readonly string[],
	options: StartOptions = {}
): LabProcess {
	installExitHooks();
	const { logFile, ...spawnOptions } = options;
	const child = spawn( command, args, {
		...spawnOptions,
		detached: true,
		stdio: [
			'ignore',
			logFile ? 'pipe' : 'ignore',
			logFile ? 'pipe' : 'ignore',
		],
	} );
	if ( logFile ) {
		const log = createWriteStream( logFile, { flags: 'a' } );
		child.stdout?.pipe( log );
		child.stderr?.pipe( log );
	}
	let alive = true;
	if ( child.pid !== undefined ) {
		tellWatchdog( 'add', child.pid );
	}
	const exited = new Promise< number | null >( ( resolve ) => {
		child.once( 'exit', ( code ) => {
			alive = false;
			if ( child.pid !== undefined ) {
				tellWatchdog( 'remove', child.pid );
			}
			running.delete( labProcess );
			resolve( code );
		} );
		child.once( 'error', () => {
			alive = false;
			running.delete( labProcess );
			resolve( null );
		} );
	} );
	const labProcess: LabProcess = {
		name,
		child,
		exited,
		isAlive: () => alive,
		async stop( graceMs = 5000 ) {
			if ( ! alive ) {
				return;
			}
			signalGroup( child, 'SIGTERM' );
			const timer = setTimeout(
				() => signalGroup( child, 'SIGKILL' ),
				graceMs
			);
			await exited;
			clearTimeout( timer );
			// Helpers that ignored SIGTERM may outlive their parent; the group id still reaches them.
			signalGroup( child, 'SIGKILL' );
		},
	};
	running.add( labProcess );
	return labProcess;
}

/**
 * Stops every process the lab started in this Node process.
 */
export async function stopAllProcesses(): Promise< void > {
	await Promise.all( [ ...running ].map( ( p ) => p.stop() ) );
}

function signalGroup( child: ChildProcess, signal: NodeJS.Signals ): void {
	if ( child.pid === undefined ) {
		return;
	}
	try {
		process.kill( -child.pid, signal );
	} catch {
		// The group is already gone.
	}
}

/**
 * Synchronous last resort: on exit Node cannot await, so kill the groups outright.
 */
function killAllNow(): void {
	for ( const p of running ) {
		signalGroup( p.child, 'SIGKILL' );
	}
}

function installExitHooks(): void {
	if ( exitHooksInstalled ) {
		return;
	}
	exitHooksInstalled = true;
	process.once( 'exit', killAllNow );
	for ( const signal of [ 'SIGINT', 'SIGTERM', 'SIGHUP' ] as const ) {
		process.once( signal, () => {
			killAllNow();
			// The shell convention: 128 + the signal number.
			process.exit( 128 + os.constants.signals[ signal ] );
		} );
	}
}
