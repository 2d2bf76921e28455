/**
 * `proxy-health scan`: a WordPress folder read from disk, nothing executed. wp-config.php's
 * proxy constants with their lint, and plugins, must-use plugins and themes ranked by how
 * much of their code touches HTTP or proxies (the bisection's suspects, most likely first).
 */

/**
 * External dependencies
 */
import {
	existsSync,
	readdirSync,
	readFileSync,
	realpathSync,
	statSync,
} from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import type {
	ScanComponentType,
	ScanHit,
	ScanProblem,
	ScanSuspect,
} from '../../api/types';
import patterns from '../../../plugin/scan-patterns.json';
import { lintProxyConstants, type ConfigFinding } from './config-lint';
import { parsePhp, PhpParseError } from './php-ast';
import { findPatterns, PATTERN_WEIGHTS, scoreHits } from './php-patterns';
import { readWpConfig, type WpConfigReading } from './wp-config';

export type ComponentType = 'plugin' | 'mu-plugin' | 'theme' | 'wp-config';

/** One hit, a ranked suspect and a skipped file: the shapes GET /scan answers with too. */
export type SuspectHit = ScanHit;
export type Suspect = ScanSuspect;
export type { ScanProblem };

export interface ScanReport {
	root: string;
	wpConfig: ( WpConfigReading & { lint: ConfigFinding[] } ) | null;
	/** Most likely first; components without hits are left out. */
	suspects: Suspect[];
	/** Files that could not be read or parsed; the scan went on without them. */
	problems: ScanProblem[];
	filesScanned: number;
	/** True when `maxFiles` stopped the walk early. */
	truncated: boolean;
}

export interface ScanOptions {
	/** Only this theme (the active one lives in the database); default all themes. */
	theme?: string;
	/** Larger files are skipped and reported (default 1 MiB). */
	maxFileBytes?: number;
	/** Stop after this many PHP files (default 20 000). */
	maxFiles?: number;
}

export class NotWordPressError extends Error {
	override readonly name = 'NotWordPressError';
}

const SKIP_DIRS = new Set( patterns.skipDirs );

/**
 * PHP files below a folder (following symlinked plugin folders, never the same folder twice).
 *
 * @param dir  Folder.
 * @param seen Real paths already walked.
 */
function* phpFiles( dir: string, seen: Set< string > ): Generator< string > {
	let real: string;
	try {
		real = realpathSync( dir );
	} catch {
		return;
	}
	if ( seen.has( real ) ) {
		return;
	}
	seen.add( real );
	let entries;
	try {
		entries = readdirSync( dir, { withFileTypes: true } );
	} catch {
		return;
	}
	entries.sort( ( a, b ) => a.name.localeCompare( b.name ) );
	for ( const entry of entries ) {
		const full = path.join( dir, entry.name );
		let isDir = entry.isDirectory();
		let isFile = entry.isFile();
		if ( entry.isSymbolicLink() ) {
			try {
				const target = statSync( full );
				isDir = target.isDirectory();
				isFile = target.isFile();
			} catch {
				continue;
			}
		}
		if ( isDir && ! SKIP_DIRS.has( entry.name ) ) {
			yield* phpFiles( full, seen );
		} else if ( isFile && entry.name.toLowerCase().endsWith( '.php' ) ) {
			yield full;
		}
	}
}

interface Component {
	type: ScanComponentType;
	slug: string;
	dir: string;
	/** Single-file plugins and mu-plugins: just this file. */
	file?: string;
}

function listComponents(
	contentDir: string,
	options: ScanOptions
): Component[] {
	const components: Component[] = [];
	const children = ( dir: string ) => {
		try {
			return readdirSync( dir, { withFileTypes: true } ).sort( ( a, b ) =>
				a.name.localeCompare( b.name )
			);
		} catch {
			return [];
		}
	};
	const isDirectory = ( full: string ) => {
		try {
			return statSync( full ).isDirectory();
		} catch {
			return false;
		}
	};
	for ( const [ folder, type ] of [
		[ 'plugins', 'plugin' ],
		[ 'mu-plugins', 'mu-plugin' ],
	] as const ) {
		const dir = path.join( contentDir, folder );
		for ( const entry of children( dir ) ) {
			const full = path.join( dir, entry.name );
			if ( isDirectory( full ) ) {
				// WordPress loads only top-level files from mu-plugins; subfolders hold their code.
				components.push( { type, slug: entry.name, dir: full } );
			} else if ( entry.name.endsWith( '.php' ) ) {
				components.push( {
					type,
					slug: entry.name.replace( /\.php$/, '' ),
					dir,
					file: full,
				} );
			}
		}
	}
	const themes = path.join( contentDir, 'themes' );
	for ( const entry of children( themes ) ) {
		const full = path.join( themes, entry.name );
		if (
			isDirectory( full ) &&
			( ! options.theme || options.theme === entry.name )
		) {
			components.push( { type: 'theme', slug: entry.name, dir: full } );
		}
	}
	return components;
}

/**
 * Scans a WordPress folder.
 *
 * @param  root    WordPress root (the folder with wp-config.php or wp-load.php).
 * @param  options Theme, bounds.
 * @throws {NotWordPressError} When `root` has neither wp-config.php (here or one level up,
 *                             as WordPress allows) nor wp-content.
 */
export function scanWordPress(
	root: string,
	options: ScanOptions = {}
): ScanReport {
	const maxFileBytes = options.maxFileBytes ?? patterns.maxFileBytes;
	const maxFiles = options.maxFiles ?? 20_000;
	const absolute = path.resolve( root );
	const configFile = [
		path.join( absolute, 'wp-config.php' ),
		path.join( path.dirname( absolute ), 'wp-config.php' ),
	].find( ( file ) => existsSync( file ) );
	const contentDir = path.join( absolute, 'wp-content' );
	if ( ! configFile && ! existsSync( contentDir ) ) {
		throw new NotWordPressError(
			`${ root } does not look like a WordPress folder (no wp-config.php, no wp-content).`
		);
	}
	const relative = ( file: string ) =>
		path.relative( absolute, file ) || file;
	const problems: ScanProblem[] = [];

	let wpConfig: ScanReport[ 'wpConfig' ] = null;
	if ( configFile ) {
		const reading = readWpConfig( configFile );
		const shown = { ...reading, file: relative( configFile ) };
		shown.definitions = reading.definitions.map( ( definition ) => ( {
			...definition,
			file: shown.file,
		} ) );
		wpConfig = { ...shown, lint: lintProxyConstants( shown ) };
		if ( reading.parseError ) {
			problems.push( {
				file: shown.file,
				line: reading.parseError.line,
				reason: 'parse_error',
				message: reading.parseError.message,
			} );
		}
	}

	const suspects: Suspect[] = [];
	const seen = new Set< string >();
	let filesScanned = 0;
	let truncated = false;
	for ( const component of listComponents( contentDir, options ) ) {
		const hits: SuspectHit[] = [];
		const files = component.file
			? [ component.file ]
			: phpFiles( component.dir, seen );
		for ( const file of files ) {
			if ( filesScanned >= maxFiles ) {
				truncated = true;
				break;
			}
			filesScanned++;
			let source: string;
			try {
				if ( statSync( file ).size > maxFileBytes ) {
					problems.push( {
						file: relative( file ),
						reason: 'too_large',
						message: `larger than ${ maxFileBytes } bytes; not scanned`,
					} );
					continue;
				}
				source = readFileSync( file, 'utf8' );
			} catch ( error ) {
				problems.push( {
					file: relative( file ),
					reason: 'unreadable',
					message:
						( error as NodeJS.ErrnoException ).code ??
						'cannot read',
				} );
				continue;
			}
			try {
				for ( const hit of findPatterns( parsePhp( source, file ) ) ) {
					hits.push( {
						...hit,
						weight: PATTERN_WEIGHTS[ hit.code ],
						file: relative( file ),
					} );
				}
			} catch ( error ) {
				problems.push( {
					file: relative( file ),
					line: error instanceof PhpParseError ? error.line : null,
					reason: 'parse_error',
					message: ( error as Error ).message,
				} );
			}
		}
		if ( hits.length > 0 ) {
			hits.sort(
				( a, b ) =>
					b.weight - a.weight ||
					a.file.localeCompare( b.file ) ||
					a.line - b.line
			);
			suspects.push( {
				type: component.type,
				slug: component.slug,
				score: scoreHits( hits ),
				hits,
			} );
		}
		if ( truncated ) {
			break;
		}
	}
	suspects.sort(
		( a, b ) => b.score - a.score || a.slug.localeCompare( b.slug )
	);
	return {
		root: absolute,
		wpConfig,
		suspects,
		problems,
		filesScanned,
		truncated,
	};
}
