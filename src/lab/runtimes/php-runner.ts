/**
 * Runs a PHP script to completion: on the real `php` CLI when the machine has one, otherwise on
 * php-wasm, so the lab (and `npm start`) works with Node alone.
 */

/**
 * External dependencies
 */
import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Which PHP executes a script. */
export type PhpRuntimeKind = 'native' | 'wasm';

export interface PhpRunOptions {
	/** Working directory of the script. */
	cwd: string;
	/** Environment variables the script sees (added to PATH and HOME only; nothing else leaks in). */
	env?: Record< string, string >;
	/** Arguments after the script name. */
	args?: readonly string[];
	/** `auto` (default) prefers the real CLI; `wasm` forces php-wasm, e.g. to test that path. */
	runtime?: 'auto' | PhpRuntimeKind;
	/**
	 * Host folders the script reads besides `cwd` and its own folder, such as the targets of
	 * symlinked plugins. php-wasm sees only mounted folders; each is mounted at its host path.
	 */
	mounts?: readonly string[];
	/** Gives up after this long (default two minutes). */
	timeoutMs?: number;
}

export interface PhpRunResult {
	exitCode: number;
	stdout: string;
	stderr: string;
	runtime: PhpRuntimeKind;
}

/** What the php-wasm worker process runs; passed in its environment. */
export interface PhpWasmJob {
	script: string;
	cwd: string;
	args: string[];
	env: Record< string, string >;
	mounts: string[];
}

export const JOB_VARIABLE = 'PROXY_HEALTH_LAB_PHP_WASM_JOB';

const WASM_WORKER = path.join( __dirname, 'php-wasm-worker.ts' );

let nativePhp: boolean | undefined;

/**
 * Whether a usable `php` CLI is on the PATH.
 */
export function hasNativePhp(): boolean {
	if ( nativePhp === undefined ) {
		const probe = spawnSync( 'php', [ '-r', 'echo PHP_VERSION;' ], {
			encoding: 'utf8',
		} );
		nativePhp = probe.status === 0;
	}
	return nativePhp;
}

/**
 * Runs a PHP file and collects its output.
 *
 * @param scriptFile Absolute path of the PHP file.
 * @param options    Working directory, environment, runtime choice.
 */
export async function runPhp(
	scriptFile: string,
	options: PhpRunOptions
): Promise< PhpRunResult > {
	const runtime = options.runtime ?? 'auto';
	if ( runtime === 'native' || ( runtime === 'auto' && hasNativePhp() ) ) {
		return runNative( scriptFile, options );
	}
	return runWasm( scriptFile, options );
}

function baseEnv(
	extra: Record< string, string > = {}
): Record< string, string > {
	return {
		PATH: process.env.PATH ?? '/usr/bin:/bin',
		HOME: process.env.HOME ?? '/tmp',
		...extra,
	};
}

/**
 * Runs the script with the PHP CLI.
 *
 * @param scriptFile PHP file.
 * @param options    Run options.
 */
function runNative(
	scriptFile: string,
	options: PhpRunOptions
): Promise< PhpRunResult > {
	return execPhp(
		'native',
		`php ${ path.basename( scriptFile ) }`,
		'php',
		[ scriptFile, ...( options.args ?? [] ) ],
		{ cwd: options.cwd, env: baseEnv( options.env ) },
		options.timeoutMs
	);
}

/**
 * Runs the script on php-wasm in a child Node process (see php-wasm-worker.ts for why).
 *
 * @param scriptFile PHP file.
 * @param options    Run options.
 */
function runWasm(
	scriptFile: string,
	options: PhpRunOptions
): Promise< PhpRunResult > {
	const job: PhpWasmJob = {
		script: path.resolve( scriptFile ),
		cwd: path.resolve( options.cwd ),
		args: [ ...( options.args ?? [] ) ],
		env: baseEnv( options.env ),
		mounts: [ ...( options.mounts ?? [] ) ],
	};
	return execPhp(
		'wasm',
		`php-wasm ${ path.basename( scriptFile ) }`,
		process.execPath,
		[
			'--import',
			pathToFileURL( require.resolve( 'tsx' ) ).href,
			WASM_WORKER,
		],
		{
			cwd: job.cwd,
			env: { ...baseEnv(), [ JOB_VARIABLE ]: JSON.stringify( job ) },
		},
		options.timeoutMs
	);
}

/**
 * Runs a PHP process to completion. A non-zero exit is a result, not an error; a missing
 * binary or a timeout is an error.
 *
 * @param runtime   Which PHP ran.
 * @param label     Name used in errors.
 * @param command   Executable.
 * @param args      Arguments.
 * @param where     Working folder and environment.
 * @param where.cwd Working folder.
 * @param where.env Environment.
 * @param timeoutMs Kill after this long (default two minutes).
 */
function execPhp(
	runtime: PhpRuntimeKind,
	label: string,
	command: string,
	args: string[],
	where: { cwd: string; env: Record< string, string > },
	timeoutMs = 120_000
): Promise< PhpRunResult > {
	return new Promise( ( resolve, reject ) => {
		execFile(
			command,
			args,
			{
				...where,
				timeout: timeoutMs,
				maxBuffer: 64 * 1024 * 1024,
				encoding: 'utf8',
			},
			( error, stdout, stderr ) => {
				if ( error && typeof error.code !== 'number' ) {
					// Not an exit status: the binary is missing, or the timeout killed it.
					reject(
						new Error( `${ label } failed: ${ error.message }` )
					);
					return;
				}
				resolve( {
					exitCode: typeof error?.code === 'number' ? error.code : 0,
					stdout,
					stderr,
					runtime,
				} );
			}
		);
	} );
}
