/**
 * Reading a sites file (JSON array, YAML list or CSV with a header) and the optional
 * credentials file, and resolving each site's Application Password.
 *
 * Passwords never come from the command line: from the environment variable a site names
 * (`passwordEnv`), or from a credentials file only its owner can read.
 */

/**
 * External dependencies
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * Internal dependencies
 */
import type { SiteTarget } from './check-site';
import { Secret } from './secret';

/** One entry of a sites file. */
export interface SiteEntry {
	url: string;
	user?: string;
	/** Name of the environment variable holding this site's Application Password. */
	passwordEnv?: string;
}

/** A problem with an input file: exit code 2. */
export class InputError extends Error {
	override readonly name = 'InputError';
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * CSV rows (RFC 4180: quoted fields, doubled quotes, CRLF) from text given in pieces, so a file
 * can be read a block at a time: a piece may end anywhere, even inside a quoted field or
 * between a quote and its double. Rows of blank cells are left out.
 */
export class CsvRows {
	private row: string[] = [];
	private field = '';
	private quoted = false;
	/** A `"` inside a quoted field: its end, or the first of a doubled pair (the next char says). */
	private quoteSeen = false;
	/** A row ended at `\r`: a `\n` right after it belongs to the same line end. */
	private afterCr = false;

	/**
	 * The rows completed by the next piece of text.
	 *
	 * @param text The next piece.
	 */
	push( text: string ): string[][] {
		const rows: string[][] = [];
		for ( const char of text ) {
			if ( this.afterCr ) {
				this.afterCr = false;
				if ( char === '\n' ) {
					continue;
				}
			}
			if ( this.quoteSeen ) {
				this.quoteSeen = false;
				if ( char === '"' ) {
					this.field += '"';
					continue;
				}
				this.quoted = false;
			}
			if ( this.quoted ) {
				if ( char === '"' ) {
					this.quoteSeen = true;
				} else {
					this.field += char;
				}
			} else if ( char === '"' && this.field === '' ) {
				this.quoted = true;
			} else if ( char === ',' ) {
				this.row.push( this.field );
				this.field = '';
			} else if ( char === '\n' || char === '\r' ) {
				this.afterCr = char === '\r';
				this.endRow( rows );
			} else {
				this.field += char;
			}
		}
		return rows;
	}

	/**
	 * The last row, once the text has ended.
	 *
	 * @throws {InputError} A quoted field was never closed.
	 */
	end(): string[][] {
		if ( this.quoted && ! this.quoteSeen ) {
			throw new InputError( 'unterminated quoted field' );
		}
		this.quoted = false;
		this.quoteSeen = false;
		const rows: string[][] = [];
		if ( this.field !== '' || this.row.length > 0 ) {
			this.endRow( rows );
		}
		return rows;
	}

	private endRow( rows: string[][] ): void {
		this.row.push( this.field );
		if ( this.row.some( ( cell ) => cell.trim() !== '' ) ) {
			rows.push( this.row );
		}
		this.row = [];
		this.field = '';
	}
}

/**
 * Splits CSV text into rows (RFC 4180: quoted fields, doubled quotes, CRLF).
 *
 * @param text CSV.
 */
export function parseCsvRows( text: string ): string[][] {
	const rows = new CsvRows();
	return [ ...rows.push( text ), ...rows.end() ];
}

/**
 * What each column of a sites CSV holds, from its header row.
 *
 * @param  header The header's cells.
 * @throws {InputError} No "url" column, or a "password" column.
 */
export function csvColumns(
	header: string[]
): Array< keyof SiteEntry | undefined > {
	const names = header.map( ( name ) =>
		name.trim().replace( /^\uFEFF/, '' )
	);
	const canonical: Record< string, keyof SiteEntry > = {
		url: 'url',
		user: 'user',
		username: 'user',
		passwordenv: 'passwordEnv',
		password_env: 'passwordEnv',
	};
	const keys = names.map( ( name ) => canonical[ name.toLowerCase() ] );
	if ( ! keys.includes( 'url' ) ) {
		throw new InputError(
			'the CSV header must name the columns, with at least "url" (and "user", "passwordEnv").'
		);
	}
	if ( names.some( ( name ) => /^password$/i.test( name ) ) ) {
		throw new InputError(
			'a "password" column is not accepted: name an environment variable in "passwordEnv" instead.'
		);
	}
	return keys;
}

/**
 * One CSV row as a sites-file entry (before validation): the non-empty cells of known columns.
 *
 * @param keys  What each column holds (`csvColumns`).
 * @param cells The row.
 */
export function csvEntry(
	keys: Array< keyof SiteEntry | undefined >,
	cells: string[]
): Record< string, string > {
	const entry: Record< string, string > = {};
	keys.forEach( ( key, column ) => {
		const cell = cells[ column ]?.trim();
		if ( key && cell ) {
			entry[ key ] = cell;
		}
	} );
	return entry;
}

function fromCsv( text: string ): unknown[] {
	const rows = parseCsvRows( text );
	const keys = csvColumns( rows.shift() ?? [] );
	return rows.map( ( cells ) => csvEntry( keys, cells ) );
}

type Format = 'json' | 'yaml' | 'csv';

/**
 * A sites file's format: from its extension, else from how its text starts (the first few
 * kilobytes are enough).
 *
 * @param file Path.
 * @param text The text, or its start.
 */
export function formatOf( file: string, text: string ): Format {
	const ext = path.extname( file ).toLowerCase();
	if ( ext === '.json' ) {
		return 'json';
	}
	if ( ext === '.yaml' || ext === '.yml' ) {
		return 'yaml';
	}
	if ( ext === '.csv' ) {
		return 'csv';
	}
	const start = text.trimStart();
	if ( start.startsWith( '[' ) ) {
		return 'json';
	}
	return /^\s*"?url"?\s*,/i.test( start ) ? 'csv' : 'yaml';
}

/**
 * Validates the parsed entries.
 *
 * @param data Parsed file.
 */
function toEntries( data: unknown ): SiteEntry[] {
	if ( ! Array.isArray( data ) ) {
		throw new InputError( 'expected a list of sites.' );
	}
	if ( data.length === 0 ) {
		throw new InputError( 'the list of sites is empty.' );
	}
	return data.map( toEntry );
}

/**
 * Validates one parsed entry.
 *
 * @param  item  Parsed entry.
 * @param  index Its place in the list (0-based).
 * @throws {InputError} `site N: what is wrong`.
 */
export function toEntry( item: unknown, index: number ): SiteEntry {
	const where = `site ${ index + 1 }`;
	if ( typeof item !== 'object' || item === null || Array.isArray( item ) ) {
		throw new InputError(
			`${ where }: expected { url, user, passwordEnv }.`
		);
	}
	const record = item as Record< string, unknown >;
	if ( 'password' in record || 'applicationPassword' in record ) {
		throw new InputError(
			`${ where }: passwords are not accepted in a sites file; name an environment variable in "passwordEnv" or use --credentials.`
		);
	}
	const { url, user, passwordEnv } = record;
	let siteUrl: string;
	try {
		siteUrl = parseSiteUrl( url );
	} catch ( error ) {
		throw new InputError( `${ where }: ${ ( error as Error ).message }` );
	}
	if (
		user !== undefined &&
		( typeof user !== 'string' || user.trim() === '' )
	) {
		throw new InputError(
			`${ where }: "user" must be a non-empty string.`
		);
	}
	if (
		passwordEnv !== undefined &&
		( typeof passwordEnv !== 'string' || ! ENV_NAME.test( passwordEnv ) )
	) {
		throw new InputError(
			`${ where }: "passwordEnv" must be an environment variable name (letters, digits, _).`
		);
	}
	return {
		url: siteUrl,
		...( typeof user === 'string' ? { user: user.trim() } : {} ),
		...( typeof passwordEnv === 'string' ? { passwordEnv } : {} ),
	};
}

/**
 * Validates a site URL: http or https, no credentials inside.
 *
 * @param  url Candidate.
 * @return The normalised URL.
 * @throws {InputError} Saying what is wrong.
 */
export function parseSiteUrl( url: unknown ): string {
	if ( typeof url !== 'string' || url.trim() === '' ) {
		throw new InputError( '"url" is missing.' );
	}
	let parsed: URL;
	try {
		parsed = new URL( url.trim() );
	} catch {
		throw new InputError( '"url" is not a URL.' );
	}
	if ( parsed.protocol !== 'http:' && parsed.protocol !== 'https:' ) {
		throw new InputError( '"url" must be http:// or https://.' );
	}
	if ( parsed.username || parsed.password ) {
		throw new InputError(
			'credentials inside the URL are not accepted; use "user" and "passwordEnv".'
		);
	}
	return normaliseSiteUrl( parsed.href );
}

/**
 * Whether a site URL sends the Application Password across a network unencrypted: http:// to
 * a host other than this machine (loopback traffic never leaves it).
 *
 * @param url Valid site URL.
 */
export function sendsPasswordInClear( url: string ): boolean {
	const { protocol, hostname } = new URL( url );
	if ( protocol !== 'http:' ) {
		return false;
	}
	const loopback =
		hostname === 'localhost' ||
		hostname.endsWith( '.localhost' ) ||
		hostname === '[::1]' ||
		/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test( hostname );
	return ! loopback;
}

/**
 * The warning printed before the first request when any site is reached over plain http://;
 * undefined when none is.
 *
 * @param urls Site URLs about to be checked.
 */
export function cleartextWarning(
	urls: readonly string[]
): string | undefined {
	const clear = urls.filter( sendsPasswordInClear );
	return cleartextWarningFor( clear.length, clear[ 0 ] ?? '' );
}

/**
 * `cleartextWarning` from counts, for a list that is not held: how many sites are reached over
 * plain http:// (`sendsPasswordInClear`) and the first of them.
 *
 * @param count How many.
 * @param first The first one's URL.
 */
export function cleartextWarningFor(
	count: number,
	first: string
): string | undefined {
	if ( count === 0 ) {
		return undefined;
	}
	const which = count === 1 ? first : `${ count } sites, e.g. ${ first }`;
	return `Warning: ${ which } uses http://, so the Application Password crosses the network unencrypted; anyone on the path can read it and sign in. Use the https:// URL.\n`;
}

/**
 * A site URL as the CLI keys and prints it: no trailing slash, no fragment.
 *
 * @param url Valid URL.
 */
export function normaliseSiteUrl( url: string ): string {
	const parsed = new URL( url );
	parsed.hash = '';
	return parsed.href.replace( /\/+$/, '' );
}

/**
 * Parses sites-file text.
 *
 * @param text Contents.
 * @param file Name (its extension picks the format; else the content does).
 */
export function parseSitesText( text: string, file: string ): SiteEntry[] {
	const format = formatOf( file, text );
	let data: unknown;
	try {
		if ( format === 'json' ) {
			data = JSON.parse( text );
		} else if ( format === 'yaml' ) {
			data = parseYaml( text );
		} else {
			data = fromCsv( text );
		}
	} catch ( error ) {
		if ( error instanceof InputError ) {
			throw error;
		}
		throw new InputError(
			`not valid ${ format.toUpperCase() }: ${ ( error as Error ).message.split( '\n' )[ 0 ] }`
		);
	}
	return toEntries( data );
}

/**
 * The error for a sites or credentials file that cannot be opened: the file and the system's
 * code (ENOENT, EACCES, …), never its content.
 *
 * @param file  Path.
 * @param what  Which file it is.
 * @param error What opening it threw.
 */
export function unreadableFile(
	file: string,
	what: 'sites' | 'credentials',
	error: unknown
): InputError {
	return new InputError(
		`${ file }: cannot read the ${ what } file (${ ( error as NodeJS.ErrnoException ).code ?? 'error' }).`
	);
}

/**
 * Reads a sites file.
 *
 * @param  file Path.
 * @throws {InputError} Unreadable or invalid (the message starts with the file name).
 */
export function readSitesFile( file: string ): SiteEntry[] {
	let text: string;
	try {
		text = readFileSync( file, 'utf8' );
	} catch ( error ) {
		throw unreadableFile( file, 'sites', error );
	}
	try {
		return parseSitesText( text, file );
	} catch ( error ) {
		throw new InputError( `${ file }: ${ ( error as Error ).message }` );
	}
}

/** url → credentials, from a --credentials file. Passwords are `Secret`s from the start. */
export type CredentialsMap = Map< string, { user?: string; password: Secret } >;

/**
 * Reads a credentials file: a JSON object `{ "<url>": { "user": "…", "password": "…" } }`
 * that must be readable by its owner only (mode 0600 or stricter).
 *
 * @param  file Path.
 * @throws {InputError} Readable by others, not owned by this user, or invalid. Messages
 *                      never quote the file's content.
 */
export function readCredentialsFile( file: string ): CredentialsMap {
	// Opened once: the mode and owner are checked on the descriptor that is then read, so the
	// file cannot be swapped between the check and the read.
	let descriptor: number;
	try {
		descriptor = openSync( file, 'r' );
	} catch ( error ) {
		throw unreadableFile( file, 'credentials', error );
	}
	let text: string;
	try {
		const stat = fstatSync( descriptor );
		if ( ! stat.isFile() ) {
			throw new InputError(
				`${ file }: the credentials file is not a regular file.`
			);
		}
		if ( process.platform !== 'win32' ) {
			/* eslint-disable no-bitwise -- file modes are bit masks. */
			const mode = stat.mode & 0o777;
			const othersMayRead = ( mode & 0o077 ) !== 0;
			/* eslint-enable no-bitwise */
			if ( othersMayRead ) {
				throw new InputError(
					`${ file }: the credentials file is readable by others (mode ${ mode
						.toString( 8 )
						.padStart( 4, '0' ) }). Run: chmod 600 ${ file }`
				);
			}
			if (
				typeof process.getuid === 'function' &&
				stat.uid !== process.getuid()
			) {
				throw new InputError(
					`${ file }: the credentials file belongs to another user (uid ${ stat.uid }).`
				);
			}
		}
		text = readFileSync( descriptor, 'utf8' );
	} finally {
		closeSync( descriptor );
	}
	let data: unknown;
	try {
		data = JSON.parse( text );
	} catch {
		// Never echo the parser's message: it can quote the file, passwords included.
		throw new InputError(
			`${ file }: the credentials file is not valid JSON.`
		);
	}
	if ( typeof data !== 'object' || data === null || Array.isArray( data ) ) {
		throw new InputError(
			`${ file }: expected a JSON object { "<site url>": { "user": "…", "password": "…" } }.`
		);
	}
	const map: CredentialsMap = new Map();
	for ( const [ url, value ] of Object.entries( data ) ) {
		const entry = value as { user?: unknown; password?: unknown } | null;
		let key: string;
		try {
			key = normaliseSiteUrl( url );
		} catch {
			throw new InputError( `${ file }: "${ url }" is not a URL.` );
		}
		if ( typeof entry?.password !== 'string' || entry.password === '' ) {
			throw new InputError( `${ file }: "${ key }" has no "password".` );
		}
		if ( entry.user !== undefined && typeof entry.user !== 'string' ) {
			throw new InputError(
				`${ file }: "${ key }": "user" must be a string.`
			);
		}
		map.set( key, {
			...( typeof entry.user === 'string' ? { user: entry.user } : {} ),
			password: new Secret( entry.password ),
		} );
	}
	return map;
}

/**
 * Each entry with its user and password, from the credentials file first, then the
 * environment variable the entry names.
 *
 * @param  entries     Sites.
 * @param  env         Environment.
 * @param  credentials From --credentials, if given.
 * @throws {InputError} Listing every site without a user or a password (names, never values).
 */
export function resolveTargets(
	entries: readonly SiteEntry[],
	env: Readonly< Record< string, string | undefined > >,
	credentials?: CredentialsMap
): SiteTarget[] {
	const problems: string[] = [];
	const targets: SiteTarget[] = [];
	for ( const entry of entries ) {
		const target = resolveTarget( entry, env, credentials );
		if ( typeof target === 'string' ) {
			problems.push( target );
		} else {
			targets.push( target );
		}
	}
	if ( problems.length > 0 ) {
		throw new InputError(
			`missing credentials:\n  ${ problems.join( '\n  ' ) }`
		);
	}
	return targets;
}

/**
 * One entry with its user and password (see `resolveTargets`), or what is missing.
 *
 * @param entry       Site.
 * @param env         Environment.
 * @param credentials From --credentials, if given.
 * @return The target, or the problem (`<url>: what is missing`; names, never values).
 */
export function resolveTarget(
	entry: SiteEntry,
	env: Readonly< Record< string, string | undefined > >,
	credentials?: CredentialsMap
): SiteTarget | string {
	const fromFile = credentials?.get( entry.url );
	const user = entry.user ?? fromFile?.user;
	let password = fromFile?.password;
	if ( ! password && entry.passwordEnv ) {
		const value = env[ entry.passwordEnv ];
		if ( ! value ) {
			return `${ entry.url }: environment variable ${ entry.passwordEnv } is not set`;
		}
		password = new Secret( value );
	}
	if ( ! user ) {
		return `${ entry.url }: no "user"`;
	}
	if ( ! password ) {
		return `${ entry.url }: no password (set "passwordEnv" or add the site to --credentials)`;
	}
	return { url: entry.url, user, password };
}
