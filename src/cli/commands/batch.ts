/**
 * `proxy-health batch <sites-file>`: many sites, a report for people or CI.
 *
 * Results are streamed (src/cli/lib/report-stream.ts): `--format ndjson` writes each site's
 * line as it finishes, the other formats are assembled from a spool at the end, so memory stays
 * flat in the number of sites. Ctrl-C (SIGINT) or SIGTERM stops starting sites, aborts those in
 * flight, writes the report of the sites checked so far and exits 130. `--resume <ndjson>`
 * skips the sites an earlier run's NDJSON already holds and appends the rest to it.
 */

/**
 * External dependencies
 */
import { truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { emptySummary, countSite, streamBatch } from '../lib/batch';
import type { CheckOptions, SiteResult, SiteTarget } from '../lib/check-site';
import { fullCollector } from '../lib/collect-garbage';
import { UsageError, type CliIo } from '../lib/io';
import { NdjsonError, readResumeState, resumeKey } from '../lib/ndjson';
import { createProgress, wantsProgress } from '../lib/progress';
import { proxyForUrl, ProxyEnvError } from '../lib/proxy-env';
import {
	createReportSink,
	type ReportDestination,
	type StreamFormat,
} from '../lib/report-stream';
import type { Shard } from '../lib/shard';
import {
	cleartextWarningFor,
	InputError,
	readCredentialsFile,
	resolveTarget,
	sendsPasswordInClear,
} from '../lib/sites-file';
import { openSitesFile, type SitesFile } from '../lib/sites-stream';

/** Sites between two full garbage collections (see collect-garbage.ts). */
const COLLECT_EVERY = 200;

/** Exit code after Ctrl-C or SIGTERM, as shells report a SIGINT death (128 + 2). */
export const EXIT_BATCH_INTERRUPTED = 130;

export interface BatchCommandOptions {
	sitesFile: string;
	credentialsFile?: string;
	concurrency: number;
	timeoutMs: number;
	retries: number;
	shard: Shard | null;
	format: StreamFormat;
	output?: string;
	/** An earlier run's NDJSON: its sites are skipped and new lines appended to it. */
	resume?: string;
	quiet: boolean;
	version: string;
	/** For tests and benchmarks: backoff and transport overrides. */
	check?: Partial< CheckOptions >;
	/**
	 * Subscribes to Ctrl-C; returns the unsubscribe. Default: SIGINT and SIGTERM of this
	 * process. Tests pass their own to interrupt a run in-process.
	 */
	onInterrupt?: ( handler: () => void ) => () => void;
}

function processInterrupts( handler: () => void ): () => void {
	process.once( 'SIGINT', handler );
	process.once( 'SIGTERM', handler );
	return () => {
		process.removeListener( 'SIGINT', handler );
		process.removeListener( 'SIGTERM', handler );
	};
}

/**
 * @param options Parsed options.
 * @param io      Streams and environment.
 * @return 0 every site passes, 1 any fails or cannot be checked, 2 usage or input error, 130
 *         interrupted.
 */
export async function runBatchCommand(
	options: BatchCommandOptions,
	io: CliIo
): Promise< number > {
	const resolve = ( file: string ) => path.resolve( io.cwd, file );
	const resumeFile = options.resume ? resolve( options.resume ) : undefined;
	if ( resumeFile ) {
		if ( options.format !== 'ndjson' ) {
			throw new UsageError(
				'--resume appends to an NDJSON report: use it with --format ndjson (or without --format).',
				'batch'
			);
		}
		if ( options.output && resolve( options.output ) !== resumeFile ) {
			throw new UsageError(
				'--resume writes to the file it resumes: leave out --output or give the same file.',
				'batch'
			);
		}
	}
	// The sites file is read twice, never held (sites-stream.ts): here every entry is checked
	// (credentials, proxy variables) before any request, during the run each is handed over as
	// a worker frees up. `problems` lists what is missing for every site, as before.
	let sitesFile: SitesFile;
	let mine = 0;
	const credentials = ( () => {
		try {
			return options.credentialsFile
				? readCredentialsFile( resolve( options.credentialsFile ) )
				: undefined;
		} catch ( error ) {
			if ( error instanceof InputError ) {
				throw new UsageError( error.message, 'batch' );
			}
			throw error;
		}
	} )();
	const isMine = ( position: number ) =>
		! options.shard ||
		position % options.shard.count === options.shard.index - 1;
	try {
		const problems: string[] = [];
		let proxyError: ProxyEnvError | null = null;
		let clear = 0;
		let firstClear = '';
		sitesFile = openSitesFile(
			resolve( options.sitesFile ),
			( entry, position ) => {
				if ( ! isMine( position ) ) {
					return;
				}
				mine++;
				const target = resolveTarget( entry, io.env, credentials );
				if ( typeof target === 'string' ) {
					problems.push( target );
					return;
				}
				try {
					proxyForUrl( new URL( target.url ), io.env );
				} catch ( error ) {
					if ( ! ( error instanceof ProxyEnvError ) ) {
						throw error;
					}
					proxyError ??= error;
				}
				if ( sendsPasswordInClear( target.url ) ) {
					firstClear ||= target.url;
					clear++;
				}
			}
		);
		if ( problems.length > 0 ) {
			sitesFile.close();
			throw new InputError(
				`missing credentials:\n  ${ problems.join( '\n  ' ) }`
			);
		}
		if ( proxyError ) {
			sitesFile.close();
			throw proxyError;
		}
		const warning = cleartextWarningFor( clear, firstClear );
		if ( warning ) {
			io.stderr.write( warning );
		}
	} catch ( error ) {
		if ( error instanceof InputError || error instanceof ProxyEnvError ) {
			throw new UsageError( error.message, 'batch' );
		}
		throw error;
	}

	// --resume: count what the earlier run checked; those sites are skipped.
	const previous = emptySummary();
	let allPassedBefore = true;
	const done = new Map< string, number >();
	if ( resumeFile ) {
		let state;
		try {
			state = readResumeState( resumeFile, options.resume as string );
		} catch ( error ) {
			sitesFile.close();
			if ( error instanceof NdjsonError ) {
				throw new UsageError( error.message, 'batch' );
			}
			throw error;
		}
		if ( state.tornTail ) {
			truncateSync( resumeFile, state.validBytes );
			io.stderr.write(
				`${ options.resume }: the last line was cut short (the run was stopped while writing it); dropped, that site is checked again.\n`
			);
		}
		if ( state.needsNewline ) {
			writeFileSync( resumeFile, '\n', { flag: 'a' } );
		}
		for ( const site of state.sites ) {
			const key = resumeKey( site );
			done.set( key, ( done.get( key ) ?? 0 ) + 1 );
			countSite( previous, site as SiteResult );
			allPassedBefore &&= site.ok;
		}
	}
	const source = sitesFile;
	/**
	 * This run's sites, one at a time: this shard's, less those an earlier run checked (each
	 * occurrence of a URL and user once).
	 *
	 * @param skip Checked sites by resume key; consumed.
	 */
	function* sitesToCheck(
		skip: Map< string, number >
	): Generator< SiteTarget > {
		let position = 0;
		for ( const entry of source.entries() ) {
			if ( ! isMine( position++ ) ) {
				continue;
			}
			const target = resolveTarget( entry, io.env, credentials );
			if ( typeof target === 'string' ) {
				throw new InputError( target );
			}
			const key = resumeKey( { site: target.url, user: target.user } );
			const left = skip.get( key ) ?? 0;
			if ( left > 0 ) {
				skip.set( key, left - 1 );
				continue;
			}
			yield target;
		}
	}
	let toCheck = mine;
	if ( done.size > 0 ) {
		toCheck = 0;
		const counting = sitesToCheck( new Map( done ) );
		while ( ! counting.next().done ) {
			toCheck++;
		}
	}
	if ( resumeFile && previous.total > 0 ) {
		io.stderr.write(
			`Resuming ${ options.resume }: ${ previous.total } sites already checked, ${ toCheck } to go.\n`
		);
	}

	const output =
		resumeFile ?? ( options.output && resolve( options.output ) );
	const destination: ReportDestination = output
		? { file: output, append: resumeFile !== undefined }
		: { stream: io.stdout };
	const sink = createReportSink( {
		format: options.format,
		destination,
		version: options.version,
		generatedAt: new Date().toISOString(),
		shard: options.shard,
		direct: true,
		summary: previous,
	} );

	const controller = new AbortController();
	const unsubscribe = ( options.onInterrupt ?? processInterrupts )( () =>
		controller.abort()
	);
	const progress = createProgress(
		io.stderr,
		! options.quiet && wantsProgress( io.stderr, io.env )
	);
	const collect = toCheck > COLLECT_EVERY ? fullCollector() : null;
	let checked = 0;
	let outcome;
	try {
		progress.update( 0, toCheck, '' );
		outcome = await streamBatch(
			sitesToCheck( done ),
			{
				concurrency: options.concurrency,
				timeoutMs: options.timeoutMs,
				retries: options.retries,
				shard: options.shard,
				env: io.env,
				...options.check,
				signal: controller.signal,
			},
			{
				onSiteDone: async ( result, index ) => {
					await sink.add( result, index );
					checked++;
					progress.update( checked, toCheck, result.site );
					if ( collect && checked % COLLECT_EVERY === 0 ) {
						collect();
					}
				},
			}
		);
		progress.finish();
	} catch ( error ) {
		progress.finish();
		sink.discard();
		throw error;
	} finally {
		unsubscribe();
		sitesFile.close();
	}

	const summary = await sink.finish( outcome );
	const { total, passed } = summary;
	if ( outcome.interrupted ) {
		io.stderr.write(
			`Interrupted: ${ outcome.done } of ${ toCheck } sites checked in this run${
				output
					? `; ${ options.format } report of the sites checked written to ${
							options.resume ?? options.output
						}`
					: ''
			}.${
				options.format === 'ndjson' && output
					? ` Run again with --resume ${ options.resume ?? options.output } to check the rest.`
					: ''
			}\n`
		);
		return EXIT_BATCH_INTERRUPTED;
	}
	if ( output ) {
		io.stderr.write(
			`${ passed }/${ total } sites passed; ${ options.format } report written to ${
				options.resume ?? options.output
			}\n`
		);
	}
	return allPassedBefore && passed === total ? 0 : 1;
}
