/**
 * NDJSON batch reports (`--format ndjson`): one site a line, each exactly an entry of the JSON
 * report's `sites[]`, in the order the sites finished. There is no summary line, so files can
 * be appended to (`--resume`), concatenated and counted with `wc -l`; `merge` computes the
 * summary. Reading validates every line and names the file and line of the first bad one,
 * never quoting its content.
 */

/**
 * External dependencies
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * Internal dependencies
 */
import {
	isProbeReportDocument as isProbeReport,
	isStatusDocument as isStatusResponse,
} from '../../api/contract/validators';
import type { SiteResult } from './check-site';

/** A bad line in an NDJSON report: exit code 2. */
export class NdjsonError extends Error {
	override readonly name = 'NdjsonError';
}

const VERDICTS = new Set( [ 'pass', 'warn', 'fail' ] );

const isRecord = ( value: unknown ): value is Record< string, unknown > =>
	typeof value === 'object' && value !== null && ! Array.isArray( value );

const isCount = ( value: unknown ): value is number =>
	typeof value === 'number' && Number.isFinite( value ) && value >= 0;

/**
 * What is wrong with a parsed line, or null when it is a site result.
 *
 * @param value Parsed JSON.
 */
export function siteResultProblem( value: unknown ): string | null {
	if ( ! isRecord( value ) ) {
		return 'not a JSON object';
	}
	if ( typeof value.site !== 'string' || value.site === '' ) {
		return '"site" is missing';
	}
	if ( typeof value.user !== 'string' ) {
		return '"user" is missing';
	}
	if ( typeof value.ok !== 'boolean' ) {
		return '"ok" must be true or false';
	}
	if ( ! isCount( value.attempts ) || ! isCount( value.durationMs ) ) {
		return '"attempts" and "durationMs" must be numbers';
	}
	if (
		value.verdict !== undefined &&
		! VERDICTS.has( value.verdict as string )
	) {
		return '"verdict" must be pass, warn or fail';
	}
	if ( value.error !== undefined ) {
		const error = value.error;
		if (
			! isRecord( error ) ||
			typeof error.code !== 'string' ||
			typeof error.message !== 'string' ||
			( error.status !== undefined && typeof error.status !== 'number' )
		) {
			return '"error" must have a "code" and a "message"';
		}
		if ( value.ok ) {
			return '"ok" is true but there is an "error"';
		}
	}
	if ( value.status !== undefined && ! isStatusResponse( value.status ) ) {
		return '"status" is not a Proxy Health status document';
	}
	if ( value.report !== undefined && ! isProbeReport( value.report ) ) {
		return '"report" is not a Proxy Health probe report';
	}
	if ( value.ok && value.report === undefined ) {
		return '"ok" is true but there is no "report"';
	}
	return null;
}

/**
 * Parses one line.
 *
 * @param  text     The line (without its newline).
 * @param  location `file:line`, for the error.
 * @throws {NdjsonError} `file:line: what is wrong`.
 */
export function parseNdjsonLine( text: string, location: string ): SiteResult {
	let value: unknown;
	try {
		value = JSON.parse( text );
	} catch {
		throw new NdjsonError( `${ location }: not valid JSON` );
	}
	const problem = siteResultProblem( value );
	if ( problem ) {
		throw new NdjsonError( `${ location }: ${ problem }` );
	}
	return value as SiteResult;
}

/**
 * Reads an NDJSON report line by line (blank lines are skipped), without holding the file.
 *
 * @param  file   Path.
 * @param  label  How the file is named in errors (default: the path).
 * @param  onSite Called for each site, in file order.
 * @throws {NdjsonError} Unreadable file or bad line.
 */
export async function readNdjson(
	file: string,
	label: string,
	onSite: ( site: SiteResult ) => void | Promise< void >
): Promise< number > {
	const stream = createReadStream( file, { encoding: 'utf8' } );
	const opened = new Promise< void >( ( resolve, reject ) => {
		stream.once( 'ready', () => resolve() );
		stream.once( 'error', reject );
	} );
	try {
		await opened;
	} catch ( error ) {
		throw new NdjsonError(
			`${ label }: cannot read the file (${ ( error as NodeJS.ErrnoException ).code ?? 'error' })`
		);
	}
	const lines = createInterface( { input: stream, crlfDelay: Infinity } );
	let number = 0;
	let count = 0;
	try {
		for await ( const line of lines ) {
			number++;
			if ( line.trim() === '' ) {
				continue;
			}
			await onSite( parseNdjsonLine( line, `${ label }:${ number }` ) );
			count++;
		}
	} finally {
		lines.close();
		stream.destroy();
	}
	return count;
}

/** What `--resume` found in an earlier run's NDJSON. */
export interface ResumeState {
	/** Sites already checked (small summaries only: site, user, ok, error). */
	sites: Array< Pick< SiteResult, 'site' | 'user' | 'ok' | 'error' > >;
	/**
	 * Byte length of the complete lines: a last line cut short (the run was killed while
	 * writing it) lies beyond and is dropped before appending.
	 */
	validBytes: number;
	/** Whether a cut-short last line was found. */
	tornTail: boolean;
	/** The last complete record has no newline yet: write one before appending. */
	needsNewline: boolean;
}

const BLOCK = 1024 * 1024;

/**
 * Reads an earlier run's NDJSON for `--resume`, a block at a time. A missing file is an empty
 * run.
 *
 * @param  file  Path.
 * @param  label How the file is named in errors.
 * @throws {NdjsonError} A bad line other than a cut-short last one.
 */
export function readResumeState( file: string, label: string ): ResumeState {
	let fd: number;
	try {
		fd = openSync( file, 'r' );
	} catch ( error ) {
		if ( ( error as NodeJS.ErrnoException ).code === 'ENOENT' ) {
			return {
				sites: [],
				validBytes: 0,
				tornTail: false,
				needsNewline: false,
			};
		}
		throw new NdjsonError(
			`${ label }: cannot read the file (${ ( error as NodeJS.ErrnoException ).code ?? 'error' })`
		);
	}
	const sites: ResumeState[ 'sites' ] = [];
	const take = ( text: string, number: number ) => {
		if ( text.trim() === '' ) {
			return;
		}
		const site = parseNdjsonLine( text, `${ label }:${ number }` );
		sites.push( {
			site: site.site,
			user: site.user,
			ok: site.ok,
			...( site.error ? { error: site.error } : {} ),
		} );
	};
	try {
		const block = Buffer.alloc( BLOCK );
		let pending: Buffer[] = [];
		let pendingStart = 0;
		let position = 0;
		let number = 0;
		for (;;) {
			const read = readSync( fd, block, 0, BLOCK, position );
			if ( read === 0 ) {
				break;
			}
			let start = 0;
			for (;;) {
				const end = block.indexOf( 0x0a, start );
				if ( end === -1 || end >= read ) {
					break;
				}
				number++;
				take(
					Buffer.concat( [
						...pending,
						block.subarray( start, end ),
					] ).toString( 'utf8' ),
					number
				);
				pending = [];
				pendingStart = position + end + 1;
				start = end + 1;
			}
			if ( start < read ) {
				pending.push( Buffer.from( block.subarray( start, read ) ) );
			}
			position += read;
		}
		const tail = Buffer.concat( pending ).toString( 'utf8' );
		if ( tail.trim() === '' ) {
			return {
				sites,
				validBytes: position,
				tornTail: false,
				needsNewline: false,
			};
		}
		try {
			take( tail, number + 1 );
		} catch {
			return {
				sites,
				validBytes: pendingStart,
				tornTail: true,
				needsNewline: false,
			};
		}
		return {
			sites,
			validBytes: position,
			tornTail: false,
			needsNewline: true,
		};
	} finally {
		closeSync( fd );
	}
}

/**
 * The key `--resume` matches sites by: URL and user (a sites file may list a URL twice with
 * different users; each occurrence counts once).
 *
 * @param site      URL and user.
 * @param site.site
 * @param site.user
 */
export function resumeKey( site: { site: string; user: string } ): string {
	return `${ site.user }\u0000${ site.site }`;
}
