/**
 * `proxy-health batch <sites-file>`: many sites, a report for people or CI.
 */

/**
 * External dependencies
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { batchExitCode, runBatch } from '../lib/batch';
import type { CheckOptions } from '../lib/check-site';
import { UsageError, type CliIo, type ExitCode } from '../lib/io';
import { createProgress, wantsProgress } from '../lib/progress';
import { proxyForUrl, ProxyEnvError } from '../lib/proxy-env';
import { selectShard, type Shard } from '../lib/shard';
import {
	InputError,
	readCredentialsFile,
	readSitesFile,
	resolveTargets,
} from '../lib/sites-file';
import { BATCH_REPORTERS, type BatchFormat } from '../reporters';

export interface BatchCommandOptions {
	sitesFile: string;
	credentialsFile?: string;
	concurrency: number;
	timeoutMs: number;
	retries: number;
	shard: Shard | null;
	format: BatchFormat;
	output?: string;
	quiet: boolean;
	version: string;
	/** For tests and benchmarks: backoff and transport overrides. */
	check?: Partial< CheckOptions >;
}

/**
 * @param options Parsed options.
 * @param io      Streams and environment.
 */
export async function runBatchCommand(
	options: BatchCommandOptions,
	io: CliIo
): Promise< ExitCode > {
	const resolve = ( file: string ) => path.resolve( io.cwd, file );
	let targets;
	try {
		const entries = readSitesFile( resolve( options.sitesFile ) );
		const mine = options.shard
			? selectShard( entries, options.shard )
			: entries;
		const credentials = options.credentialsFile
			? readCredentialsFile( resolve( options.credentialsFile ) )
			: undefined;
		targets = resolveTargets( mine, io.env, credentials );
		for ( const target of targets ) {
			proxyForUrl( new URL( target.url ), io.env );
		}
	} catch ( error ) {
		if ( error instanceof InputError || error instanceof ProxyEnvError ) {
			throw new UsageError( error.message, 'batch' );
		}
		throw error;
	}

	const progress = createProgress(
		io.stderr,
		! options.quiet && wantsProgress( io.stderr, io.env )
	);
	progress.update( 0, targets.length, '' );
	const report = await runBatch(
		targets,
		{
			concurrency: options.concurrency,
			timeoutMs: options.timeoutMs,
			retries: options.retries,
			shard: options.shard,
			env: io.env,
			...options.check,
		},
		{
			onSiteDone: ( result, done, total ) =>
				progress.update( done, total, result.site ),
		},
		options.version
	);
	progress.finish();

	const rendered = BATCH_REPORTERS[ options.format ]( report );
	if ( options.output ) {
		const file = resolve( options.output );
		mkdirSync( path.dirname( file ), { recursive: true } );
		writeFileSync( file, rendered );
		const { total, passed } = report.summary;
		io.stderr.write(
			`${ passed }/${ total } sites passed; ${ options.format } report written to ${ options.output }\n`
		);
	} else {
		io.stdout.write( rendered );
	}
	return batchExitCode( report );
}
