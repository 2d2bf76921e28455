/**
 * `proxy-health merge <ndjson…>`: the NDJSON reports of several runs (usually the shards of one
 * fleet, `batch --shard i/n --format ndjson`) as one report, with the exit code of one run.
 *
 * Files are read line by line and every line is checked before anything is written: a bad line
 * exits 2 naming its file and line. Sites keep the order of the files, then of their lines.
 */

/**
 * External dependencies
 */
import path from 'node:path';

/**
 * Internal dependencies
 */
import { fullCollector } from '../lib/collect-garbage';
import { UsageError, type CliIo, type ExitCode } from '../lib/io';
import { NdjsonError, readNdjson } from '../lib/ndjson';
import { createReportSink, type StreamFormat } from '../lib/report-stream';

export interface MergeCommandOptions {
	files: string[];
	format: StreamFormat;
	output?: string;
	version: string;
}

/**
 * @param options Parsed options.
 * @param io      Streams and environment.
 * @return 0 every site passes, 1 any fails or could not be checked, 2 usage or input error.
 */
export async function runMergeCommand(
	options: MergeCommandOptions,
	io: CliIo
): Promise< ExitCode > {
	const output = options.output
		? path.resolve( io.cwd, options.output )
		: undefined;
	const sink = createReportSink( {
		format: options.format,
		destination: output ? { file: output } : { stream: io.stdout },
		version: options.version,
		generatedAt: new Date().toISOString(),
		shard: null,
	} );
	// A merged report's time is the time spent checking its sites (what JUnit's suite time is).
	let durationMs = 0;
	let index = 0;
	const collect = fullCollector();
	try {
		for ( const file of options.files ) {
			await readNdjson(
				path.resolve( io.cwd, file ),
				file,
				async ( site ) => {
					durationMs += site.durationMs;
					await sink.add( site, index++ );
					if ( collect && index % 2000 === 0 ) {
						// Flat memory over large merges, as in batch.
						collect();
					}
				}
			);
		}
	} catch ( error ) {
		sink.discard();
		if ( error instanceof NdjsonError ) {
			throw new UsageError( error.message, 'merge' );
		}
		throw error;
	}
	const { total, passed } = await sink.finish( {
		durationMs,
		interrupted: false,
	} );
	if ( output ) {
		io.stderr.write(
			`${ passed }/${ total } sites passed (${ options.files.length } reports merged); ${ options.format } report written to ${ options.output }\n`
		);
	}
	return passed === total ? 0 : 1;
}
