/**
 * Batch reports built from a stream of site results, with memory flat in the number of sites.
 *
 * - `ndjson` in `direct` mode writes each site's line the moment it finishes (what `batch`
 *   does): a killed run leaves every finished site on disk.
 * - Every other format (and `ndjson` for `merge`) renders each site's piece as it arrives into
 *   a spool file in the temporary folder and remembers only where it is (offset, length) and
 *   the summary counts. `finish()` writes the report, sites in input order, exactly as the
 *   whole-report renderers would (same bytes), then deletes the spool. After Ctrl-C `finish()`
 *   writes the sites checked so far, so the partial report is valid JSON/XML/HTML.
 *
 * A file report is written beside its place and renamed, so a reader never sees half of one.
 */

/**
 * External dependencies
 */
import {
	closeSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readSync,
	renameSync,
	rmSync,
	writeFileSync,
	writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import {
	countSite,
	emptySummary,
	type BatchMeta,
	type BatchSummary,
} from './batch';
import type { SiteResult } from './check-site';
import type { OutStream } from './io';
import type { Shard } from './shard';
import { htmlFrame, renderHtmlRow } from '../reporters/html';
import { jsonFrame, renderJsonSite } from '../reporters/json';
import { junitFrame, renderJunitCase } from '../reporters/junit';
import {
	BATCH_TABLE_HEADER,
	batchTableCells,
	batchTableFooter,
	fitRow,
	formatRow,
} from '../reporters/table';

export const STREAM_FORMATS = [
	'table',
	'json',
	'junit',
	'html',
	'ndjson',
] as const;
export type StreamFormat = ( typeof STREAM_FORMATS )[ number ];

/** Where the report goes: a file (absolute path) or a stream (stdout). */
export type ReportDestination =
	{ file: string; append?: boolean } | { stream: OutStream };

export interface ReportSinkOptions {
	format: StreamFormat;
	destination: ReportDestination;
	version: string;
	generatedAt: string;
	shard: Shard | null;
	/** `ndjson` only: write each line as it comes instead of at `finish()`. */
	direct?: boolean;
	/** Counts of sites already in the report (`--resume`), for the summary. */
	summary?: BatchSummary;
}

export interface ReportSink {
	/**
	 * One site's result.
	 *
	 * @param site  Result.
	 * @param index Its place in the report (input order); each index once.
	 */
	add: ( site: SiteResult, index: number ) => Promise< void >;
	/** Counts so far (resumed sites included). */
	readonly summary: BatchSummary;
	/**
	 * Writes the report (spooled formats) or closes the file (direct ndjson), and deletes
	 * the spool.
	 */
	finish: ( run: {
		durationMs: number;
		interrupted: boolean;
	} ) => Promise< BatchSummary >;
	/** Deletes the spool and closes files without writing (after an error). */
	discard: () => void;
}

const FLUSH_BYTES = 1024 * 1024;

/**
 * Writes to a stream, waiting for 'drain' when it asks (a slow pipe never buffers the report).
 *
 * @param stream Output.
 * @param chunk  Text.
 */
function writeStream( stream: OutStream, chunk: string ): Promise< void > {
	const accepted = stream.write( chunk );
	if ( accepted === false && typeof stream.once === 'function' ) {
		return new Promise( ( resolve ) => stream.once?.( 'drain', resolve ) );
	}
	return Promise.resolve();
}

/** Synchronous writes to a file descriptor, or buffered writes to a stream. */
interface Writer {
	write: ( chunk: string | Buffer ) => Promise< void >;
	close: () => Promise< void >;
	abandon: () => void;
}

/**
 * Writes all of a chunk at the descriptor's position (or at `position`). Strings are written
 * as they are: no Buffer copy, which would be memory outside the heap until the next
 * collection.
 *
 * @param fd       File descriptor.
 * @param chunk    Text or bytes.
 * @param position Offset in the file, or null for the current position.
 */
function writeFully(
	fd: number,
	chunk: string | Buffer,
	position: number | null = null
): number {
	if ( typeof chunk === 'string' ) {
		const length = Buffer.byteLength( chunk );
		if ( writeSync( fd, chunk, position ) === length ) {
			return length;
		}
		// A short write (rare on a regular file): start over with the bytes.
		chunk = Buffer.from( chunk );
	}
	let written = 0;
	while ( written < chunk.length ) {
		written += writeSync(
			fd,
			chunk,
			written,
			chunk.length - written,
			position === null ? null : position + written
		);
	}
	return chunk.length;
}

function fileWriter( file: string, append: boolean ): Writer {
	mkdirSync( path.dirname( file ), { recursive: true } );
	const target = append ? file : `${ file }.${ process.pid }.tmp`;
	const fd = openSync( target, append ? 'a' : 'w' );
	let open = true;
	return {
		async write( chunk ) {
			writeFully( fd, chunk );
		},
		async close() {
			if ( open ) {
				open = false;
				closeSync( fd );
				if ( ! append ) {
					renameSync( target, file );
				}
			}
		},
		abandon() {
			if ( open ) {
				open = false;
				closeSync( fd );
				if ( ! append ) {
					rmSync( target, { force: true } );
				}
			}
		},
	};
}

function streamWriter( stream: OutStream ): Writer {
	let pending: string[] = [];
	let size = 0;
	const flush = async () => {
		if ( size > 0 ) {
			const text = pending.join( '' );
			pending = [];
			size = 0;
			await writeStream( stream, text );
		}
	};
	return {
		async write( chunk ) {
			const text = typeof chunk === 'string' ? chunk : chunk.toString();
			pending.push( text );
			size += text.length;
			if ( size >= FLUSH_BYTES ) {
				await flush();
			}
		},
		close: flush,
		abandon() {
			pending = [];
			size = 0;
		},
	};
}

function writerFor( destination: ReportDestination ): Writer {
	return 'file' in destination
		? fileWriter( destination.file, destination.append === true )
		: streamWriter( destination.stream );
}

/** Each site's piece of the report, and the text around the pieces. */
interface Renderer {
	piece: ( site: SiteResult ) => string;
	frame: (
		meta: BatchMeta,
		count: number
	) => { head: string; separator: string; foot: string };
}

function rendererFor( format: StreamFormat ): Renderer {
	switch ( format ) {
		case 'json':
			return { piece: renderJsonSite, frame: jsonFrame };
		case 'junit':
			return { piece: renderJunitCase, frame: junitFrame };
		case 'html':
			return { piece: renderHtmlRow, frame: htmlFrame };
		case 'ndjson':
			return {
				piece: ( site ) => `${ JSON.stringify( site ) }\n`,
				frame: () => ( { head: '', separator: '', foot: '' } ),
			};
		case 'table':
			// Cells are spooled; rows are padded at the end, when the widths are known.
			return {
				piece: ( site ) => JSON.stringify( batchTableCells( site ) ),
				frame: () => ( { head: '', separator: '\n', foot: '' } ),
			};
	}
}

/**
 * A report that takes sites one at a time.
 *
 * @param options Format, destination, metadata.
 */
export function createReportSink( options: ReportSinkOptions ): ReportSink {
	const summary: BatchSummary = options.summary
		? { ...options.summary }
		: emptySummary();
	if ( options.direct && options.format === 'ndjson' ) {
		return directNdjsonSink( options, summary );
	}
	const renderer = rendererFor( options.format );
	const dir = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-spool-' ) );
	const spool = openSync( path.join( dir, 'sites' ), 'w+' );
	let spoolSize = 0;
	const offsets: number[] = [];
	const lengths: number[] = [];
	const widths: number[] = [];
	fitRow( widths, BATCH_TABLE_HEADER );
	let closed = false;
	const cleanUp = () => {
		if ( ! closed ) {
			closed = true;
			closeSync( spool );
			rmSync( dir, { recursive: true, force: true } );
		}
	};

	const readPiece = ( index: number, buffer: Buffer ): Buffer => {
		const length = lengths[ index ] as number;
		const target =
			length <= buffer.length ? buffer : Buffer.alloc( length );
		readSync( spool, target, 0, length, offsets[ index ] as number );
		return target.subarray( 0, length );
	};

	return {
		summary,
		async add( site, index ) {
			countSite( summary, site );
			if ( options.format === 'table' ) {
				fitRow( widths, batchTableCells( site ) );
			}
			const length = writeFully(
				spool,
				renderer.piece( site ),
				spoolSize
			);
			offsets[ index ] = spoolSize;
			lengths[ index ] = length;
			spoolSize += length;
		},
		async finish( run ) {
			const meta: BatchMeta = {
				tool: 'proxy-health',
				version: options.version,
				generatedAt: options.generatedAt,
				durationMs: run.durationMs,
				shard: options.shard,
				summary: { ...summary },
				...( run.interrupted ? { interrupted: true } : {} ),
			};
			const count = offsets.reduce( ( n ) => n + 1, 0 );
			const writer = writerFor( options.destination );
			try {
				const frame = renderer.frame( meta, count );
				const isTable = options.format === 'table';
				await writer.write(
					isTable
						? formatRow( BATCH_TABLE_HEADER, widths )
						: frame.head
				);
				let first = true;
				const buffer = Buffer.alloc( 64 * 1024 );
				// forEach skips the holes an interrupted run leaves.
				const indexes: number[] = [];
				offsets.forEach( ( _offset, index ) => indexes.push( index ) );
				for ( const index of indexes ) {
					const piece = readPiece( index, buffer );
					if ( isTable ) {
						const cells = JSON.parse(
							piece.toString( 'utf8' )
						) as string[];
						await writer.write(
							`\n${ formatRow( cells, widths ) }`
						);
					} else {
						if ( ! first ) {
							await writer.write( frame.separator );
						}
						// Written (or copied into a string) before the buffer is reused.
						await writer.write( piece );
					}
					first = false;
				}
				await writer.write(
					isTable ? batchTableFooter( meta ) : frame.foot
				);
				await writer.close();
			} catch ( error ) {
				writer.abandon();
				throw error;
			} finally {
				cleanUp();
			}
			return { ...summary };
		},
		discard: cleanUp,
	};
}

function directNdjsonSink(
	options: ReportSinkOptions,
	summary: BatchSummary
): ReportSink {
	const destination = options.destination;
	if ( 'file' in destination && ! destination.append ) {
		mkdirSync( path.dirname( destination.file ), { recursive: true } );
		writeFileSync( destination.file, '' );
	}
	const writer =
		'file' in destination ? fileWriter( destination.file, true ) : null;
	const stream =
		'stream' in options.destination ? options.destination.stream : null;
	return {
		summary,
		async add( site ) {
			countSite( summary, site );
			const line = `${ JSON.stringify( site ) }\n`;
			if ( writer ) {
				await writer.write( line );
			} else if ( stream ) {
				await writeStream( stream, line );
			}
		},
		async finish() {
			await writer?.close();
			return { ...summary };
		},
		discard() {
			writer?.abandon();
		},
	};
}
