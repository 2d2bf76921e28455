/**
 * A sites file read without holding it, so `batch` keeps memory flat in the number of sites.
 *
 * A JSON array (the usual fleet file) or a CSV file is read a block at a time: for JSON the
 * scanner finds where each top-level entry starts and ends and parses that entry alone, for CSV
 * each row is an entry. The file is read twice through
 * one descriptor: once to validate every entry (and let the caller check credentials, proxies
 * and shards) before any request, once more during the run to hand the sites over one by one.
 * YAML files, and any JSON or CSV the scanner does not follow to the end, are parsed whole as
 * before (`readSitesFile`), which also gives every error its usual message.
 */

/**
 * External dependencies
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * Internal dependencies
 */
import {
	CsvRows,
	csvColumns,
	csvEntry,
	formatOf,
	InputError,
	readSitesFile,
	toEntry,
	unreadableFile,
	type SiteEntry,
} from './sites-file';

/** Bytes read at a time. */
const BLOCK = 64 * 1024;

/** The scanner cannot follow the file: parse it whole (which names the problem). */
class NotStreamable extends Error {}

/**
 * The values of a top-level JSON array, in order, one block of the file at a time. Throws
 * `NotStreamable` when the file is not such an array, or not valid JSON.
 *
 * @param fd Descriptor of the file (read from offset 0, by position).
 */
function* jsonArrayValues( fd: number ): Generator< unknown, void, undefined > {
	const block = Buffer.alloc( BLOCK );
	let position = 0;
	let depth = 0;
	let opened = false;
	let closed = false;
	let inString = false;
	let escaped = false;
	let parts: Buffer[] = [];
	let count = 0;
	for (;;) {
		const read = readSync( fd, block, 0, BLOCK, position );
		if ( read === 0 ) {
			break;
		}
		position += read;
		// Where the current entry's bytes start in this block (-1: outside the array).
		let start = opened && ! closed ? 0 : -1;
		for ( let i = 0; i < read; i++ ) {
			const byte = block[ i ] as number;
			if ( inString ) {
				if ( escaped ) {
					escaped = false;
				} else if ( byte === 0x5c ) {
					escaped = true;
				} else if ( byte === 0x22 ) {
					inString = false;
				}
				continue;
			}
			if ( depth === 0 ) {
				if (
					byte === 0x20 ||
					byte === 0x0a ||
					byte === 0x0d ||
					byte === 0x09
				) {
					continue;
				}
				if ( ! opened && byte === 0x5b ) {
					opened = true;
					depth = 1;
					start = i + 1;
					continue;
				}
				throw new NotStreamable();
			}
			if ( byte === 0x22 ) {
				inString = true;
			} else if ( byte === 0x5b || byte === 0x7b ) {
				depth++;
			} else if ( depth > 1 && ( byte === 0x5d || byte === 0x7d ) ) {
				depth--;
			} else if ( depth === 1 && ( byte === 0x2c || byte === 0x5d ) ) {
				// The end of a top-level entry.
				const text = Buffer.concat( [
					...parts,
					block.subarray( start, i ),
				] ).toString( 'utf8' );
				parts = [];
				if ( text.trim() !== '' ) {
					let value: unknown;
					try {
						value = JSON.parse( text );
					} catch {
						throw new NotStreamable();
					}
					count++;
					yield value;
				} else if ( byte === 0x2c || count > 0 ) {
					throw new NotStreamable(); // [ , … ] or a trailing comma.
				}
				if ( byte === 0x5d ) {
					depth = 0;
					closed = true;
					start = -1;
				} else {
					start = i + 1;
				}
			} else if ( depth === 1 && byte === 0x7d ) {
				throw new NotStreamable();
			}
		}
		if ( start >= 0 && depth > 0 ) {
			parts.push( Buffer.from( block.subarray( start, read ) ) );
		}
	}
	if ( ! closed ) {
		throw new NotStreamable();
	}
}

/**
 * The rows of a CSV sites file as entries (not yet validated), one block of the file at a
 * time. Throws `NotStreamable` when the header or the quoting is wrong.
 *
 * @param fd Descriptor of the file (read from offset 0, by position).
 */
function* csvValues( fd: number ): Generator< unknown, void, undefined > {
	const block = Buffer.alloc( BLOCK );
	const decoder = new StringDecoder( 'utf8' );
	const rows = new CsvRows();
	let keys: ReturnType< typeof csvColumns > | null = null;
	let position = 0;
	function* entries( completed: string[][] ): Generator< unknown > {
		for ( const cells of completed ) {
			if ( keys === null ) {
				keys = csvColumns( cells );
			} else {
				yield csvEntry( keys, cells );
			}
		}
	}
	try {
		for (
			let read;
			( read = readSync( fd, block, 0, BLOCK, position ) );
		) {
			position += read;
			yield* entries(
				rows.push( decoder.write( block.subarray( 0, read ) ) )
			);
		}
		yield* entries( rows.push( decoder.end() ) );
		yield* entries( rows.end() );
	} catch ( error ) {
		throw error instanceof InputError ? new NotStreamable() : error;
	}
	if ( keys === null ) {
		throw new NotStreamable(); // No header at all.
	}
}

/** The formats read a block at a time, and how. */
const STREAMED = { json: jsonArrayValues, csv: csvValues } as const;

/**
 * A sites file's format, decided as `readSitesFile` decides (the extension, else how the text
 * starts: its first 4 KiB are read).
 *
 * @param file Path.
 * @param fd   Its descriptor.
 */
function formatOfFile(
	file: string,
	fd: number
): ReturnType< typeof formatOf > {
	const head = Buffer.alloc( 4096 );
	const read = readSync( fd, head, 0, head.length, 0 );
	return formatOf( file, head.subarray( 0, read ).toString( 'utf8' ) );
}

/** A sites file, validated, ready to be read again entry by entry. */
export interface SitesFile {
	/** Entries in the file. */
	readonly count: number;
	/** Each entry again, in file order (a JSON array is read again, a block at a time). */
	entries: () => Iterable< SiteEntry >;
	/** Closes the file. */
	close: () => void;
}

/**
 * Opens and validates a sites file, calling `onEntry` for each entry in order (nothing is kept).
 * The same errors as `readSitesFile`, in the same order: a file that is not valid JSON is named
 * before an invalid entry, and an invalid entry before anything `onEntry` threw.
 *
 * @param  file    Path.
 * @param  onEntry Each valid entry with its position (0-based), once; not called after an
 *                 invalid entry.
 * @throws {InputError} Unreadable or invalid (the message starts with the file name).
 */
export function openSitesFile(
	file: string,
	onEntry: ( entry: SiteEntry, position: number ) => void
): SitesFile {
	let fd: number;
	try {
		fd = openSync( file, 'r' );
	} catch ( error ) {
		throw unreadableFile( file, 'sites', error );
	}
	let open = true;
	const close = () => {
		if ( open ) {
			open = false;
			closeSync( fd );
		}
	};
	// Parsed whole and held, as YAML always is; `handed` entries already went to
	// `onEntry` (the scanner gave up part way, which only a file that is not valid JSON or CSV
	// makes it do).
	const whole = ( handed: number ): SitesFile => {
		close();
		const entries = readSitesFile( file );
		entries.forEach( ( entry, position ) => {
			if ( position >= handed ) {
				onEntry( entry, position );
			}
		} );
		return { count: entries.length, entries: () => entries, close };
	};
	try {
		const format = formatOfFile( file, fd );
		if ( format === 'yaml' ) {
			return whole( 0 );
		}
		const values = STREAMED[ format ];
		let count = 0;
		let handed = 0;
		let invalid: InputError | null = null;
		let failed: { error: unknown } | null = null;
		try {
			for ( const value of values( fd ) ) {
				const position = count++;
				if ( invalid ) {
					continue; // Read on: a JSON error further down is named first.
				}
				let entry: SiteEntry;
				try {
					entry = toEntry( value, position );
				} catch ( error ) {
					if ( ! ( error instanceof InputError ) ) {
						throw error;
					}
					invalid = error;
					continue;
				}
				handed++;
				try {
					onEntry( entry, position );
				} catch ( error ) {
					failed ??= { error };
				}
			}
		} catch ( error ) {
			if ( error instanceof NotStreamable ) {
				return whole( handed );
			}
			throw error;
		}
		if ( invalid ) {
			throw new InputError( `${ file }: ${ invalid.message }` );
		}
		if ( count === 0 ) {
			throw new InputError( `${ file }: the list of sites is empty.` );
		}
		if ( failed ) {
			throw failed.error;
		}
		return {
			count,
			*entries() {
				let position = 0;
				try {
					for ( const value of values( fd ) ) {
						yield toEntry( value, position++ );
					}
				} catch ( error ) {
					throw new InputError(
						`${ file }: the file changed while the batch ran (${
							error instanceof InputError
								? error.message
								: `not valid ${ format.toUpperCase() } any more`
						}).`
					);
				}
			},
			close,
		};
	} catch ( error ) {
		close();
		throw error;
	}
}
