/**
 * What a command may touch: output streams and the environment. Passed in, so tests can run
 * commands in-process and read what they printed.
 */

/**
 * Internal dependencies
 */
import { terminalSafe } from './terminal-safe';

export interface OutStream {
	write: ( chunk: string ) => unknown;
	/** Writes the CLI's own cursor control unfiltered (`write` neutralises control characters). */
	writeControl?: ( sequence: string ) => unknown;
	/** Backpressure: resolves when a stream that refused a write can take more. */
	once?: ( event: 'drain', listener: () => void ) => unknown;
	isTTY?: boolean;
	columns?: number;
}

export interface CliIo {
	stdout: OutStream;
	stderr: OutStream;
	env: Readonly< Record< string, string | undefined > >;
	cwd: string;
}

/** Exit codes: 0 all pass, 1 any failure, 2 usage or input error. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export type ExitCode = 0 | 1 | 2;

/** Bad command line or input file: exit 2, with a hint to the right help page. */
export class UsageError extends Error {
	override readonly name = 'UsageError';

	readonly command: string | undefined;

	constructor( message: string, command?: string ) {
		super( message );
		this.command = command;
	}
}

export function processIo(): CliIo {
	return {
		stdout: terminalSafe( process.stdout ),
		stderr: terminalSafe( process.stderr ),
		env: process.env,
		cwd: process.cwd(),
	};
}
