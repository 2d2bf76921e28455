/**
 * Translation files for Proxy Health, made by the real WP-CLI (src/lab/wp-cli.ts finds it).
 *
 *   npm run i18n             build the panel, then:
 *                            wp i18n make-pot  → plugin/languages/proxy-health.pot
 *                            wp i18n update-po → every plugin/languages/proxy-health-<locale>.po
 *                            wp i18n make-mo   → proxy-health-<locale>.mo
 *                            wp i18n make-json → proxy-health-<locale>-<md5>.json per built script
 *   npm run i18n -- --check  change nothing; exit 1 when any of those files differs from what
 *                            the commands would write now (the .pot's POT-Creation-Date aside)
 *                            or a .po lacks a translation
 *
 * make-pot reads plugin/ as WordPress.org's tools do: the PHP files, the plugin header and the
 * built panel in plugin/build (the JavaScript WordPress loads; `npm run build:panel` first).
 * Its options are fixed so that the same sources give the same file: the slug, the domain and
 * the file comment (whose year would otherwise be this year). A .pot whose only change is
 * POT-Creation-Date is not rewritten, so update-po leaves the .po files alone too.
 *
 * The .po files are translated by hand: update-po adds new strings (untranslated), drops
 * strings no longer in the sources and keeps every translation. WordPress loads the JSON of
 * enqueued scripts only, and the panel's lazy chunks are fetched by webpack, not enqueued, so
 * make-json gets a map that sends each chunk's strings both to the chunk's own file and to
 * build/index.js's (the one Admin_Page passes to wp_set_script_translations()).
 *
 * Options: --languages=<dir> works on another folder (a copy, for tests) instead of
 * plugin/languages; the sources are always plugin/.
 */

/**
 * External dependencies
 */
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	unlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { runWpCli, type WpCliResult } from '../src/lab/wp-cli';

const ROOT = path.resolve( __dirname, '..' );
const PLUGIN = path.join( ROOT, 'plugin' );
const BUILD = path.join( PLUGIN, 'build' );
const DOMAIN = 'proxy-health';

/** make-pot's options, fixed so that the output depends on the sources only. */
export const MAKE_POT_OPTIONS = [
	`--domain=${ DOMAIN }`,
	`--slug=${ DOMAIN }`,
	'--file-comment=Copyright (C) 2025 Proxy Health contributors\nThis file is distributed under the GPL-2.0-or-later.',
];

/**
 * A file's text without its POT-Creation-Date header line (the one part make-pot writes from
 * the clock).
 *
 * @param text .pot or .po text.
 */
export function withoutCreationDate( text: string ): string {
	return text.replace( /^"POT-Creation-Date: [^"\n]*\\n"\n/m, '' );
}

/**
 * The make-json map: each built chunk's strings go to its own JSON and to build/index.js's.
 */
export function scriptMap(): Record< string, string[] > {
	if ( ! existsSync( path.join( BUILD, 'index.js' ) ) ) {
		throw new Error(
			'plugin/build/index.js is missing: run `npm run build:panel` first (make-pot reads the built panel).'
		);
	}
	const map: Record< string, string[] > = {};
	for ( const name of readdirSync( BUILD )
		.filter( ( file ) => file.endsWith( '.js' ) )
		.sort() ) {
		const script = `build/${ name }`;
		map[ script ] =
			script === 'build/index.js'
				? [ script ]
				: [ script, 'build/index.js' ];
	}
	return map;
}

async function wp( args: string[] ): Promise< WpCliResult > {
	const result = await runWpCli( null, args );
	// Audit warnings (two translator comments for one string, …) are for people to read.
	process.stderr.write( result.stderr );
	if ( result.status !== 0 ) {
		throw new Error(
			`wp ${ args.join( ' ' ) } failed (exit code ${ result.status }):\n${ result.stdout }${ result.stderr }`
		);
	}
	return result;
}

/** Reads a .po with WP-CLI's own gettext library: how many strings, which are untranslated. */
const PO_STATS = `
$po = Gettext\\Translations::fromPoFile( getenv( 'PROXY_HEALTH_PO' ) );
$out = array( 'total' => 0, 'untranslated' => array() );
foreach ( $po as $t ) {
	if ( '' === $t->getOriginal() ) { continue; }
	$out['total']++;
	if ( ! $t->hasTranslation() ) { $out['untranslated'][] = $t->getOriginal(); }
}
echo json_encode( $out );
`;

async function poStats(
	file: string
): Promise< { total: number; untranslated: string[] } > {
	const result = await runWpCli(
		null,
		[ 'eval', PO_STATS, '--skip-wordpress' ],
		{ env: { PROXY_HEALTH_PO: file } }
	);
	if ( result.status !== 0 ) {
		throw new Error( `Could not read ${ file }: ${ result.stderr }` );
	}
	return JSON.parse( result.stdout ) as {
		total: number;
		untranslated: string[];
	};
}

/**
 * A path for messages: relative to the project when inside it.
 *
 * @param file File or folder.
 */
const shown = ( file: string ): string =>
	file.startsWith( ROOT + path.sep ) ? path.relative( ROOT, file ) : file;

const read = ( file: string ): string =>
	existsSync( file ) ? readFileSync( file, 'utf8' ) : '';

/**
 * Writes (or, with check, compares) every translation file of `languages`.
 *
 * @param languages Folder with proxy-health.pot and the .po files.
 * @param check     Change nothing; report what differs.
 * @return Problems found (check mode) or untranslated strings; empty when all is well.
 */
export async function i18n(
	languages: string,
	check: boolean
): Promise< string[] > {
	const problems: string[] = [];
	const map = scriptMap();
	const work = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-i18n-' ) );
	try {
		// 1. make-pot.
		const pot = path.join( languages, `${ DOMAIN }.pot` );
		const freshPot = path.join( work, `${ DOMAIN }.pot` );
		await wp( [
			'i18n',
			'make-pot',
			PLUGIN,
			freshPot,
			...MAKE_POT_OPTIONS,
		] );
		const potChanged =
			withoutCreationDate( read( pot ) ) !==
			withoutCreationDate( read( freshPot ) );
		if ( potChanged ) {
			if ( check ) {
				problems.push(
					`${ shown( pot ) } differs from what wp i18n make-pot writes now: run npm run i18n.`
				);
			} else {
				copyFileSync( freshPot, pot );
			}
		}
		// With --check and a stale .pot, the .po files are compared with what update-po makes
		// from the fresh one.
		const potForUpdate = check && potChanged ? freshPot : pot;

		// 2. update-po, make-mo, make-json per locale, in `out`: the folder itself, or a copy.
		const poFiles = readdirSync( languages ).filter(
			( name ) =>
				name.startsWith( `${ DOMAIN }-` ) && name.endsWith( '.po' )
		);
		const out = check ? path.join( work, 'out' ) : languages;
		if ( check ) {
			mkdirSync( out );
		}
		for ( const name of poFiles ) {
			const po = path.join( out, name );
			if ( check ) {
				copyFileSync( path.join( languages, name ), po );
			}
			await wp( [ 'i18n', 'update-po', potForUpdate, po ] );
			const stats = await poStats( po );
			const translated = stats.total - stats.untranslated.length;
			console.log(
				`${ name }: ${ translated }/${ stats.total } translated`
			);
			for ( const msgid of stats.untranslated ) {
				problems.push(
					`${ name }: untranslated: ${ JSON.stringify( msgid ) }`
				);
			}
		}
		// Script JSON files of strings or chunks that are gone must not linger.
		for ( const name of readdirSync( out ) ) {
			if ( /^proxy-health-.+-[0-9a-f]{32}\.json$/.test( name ) ) {
				unlinkSync( path.join( out, name ) );
			}
		}
		if ( poFiles.length > 0 ) {
			await wp( [ 'i18n', 'make-mo', out ] );
			await wp( [
				'i18n',
				'make-json',
				out,
				'--no-purge',
				`--use-map=${ JSON.stringify( map ) }`,
			] );
		}

		if ( check ) {
			const generated = readdirSync( out ).filter( ( name ) =>
				/\.(po|mo|json)$/.test( name )
			);
			const committed = readdirSync( languages ).filter( ( name ) =>
				/\.(po|mo|json)$/.test( name )
			);
			for ( const name of new Set( [ ...generated, ...committed ] ) ) {
				const a = path.join( languages, name );
				const b = path.join( out, name );
				if ( ! existsSync( a ) ) {
					problems.push(
						`${ shown( a ) } is missing: run npm run i18n.`
					);
				} else if ( ! existsSync( b ) ) {
					problems.push(
						`${ shown( a ) } is left over: run npm run i18n.`
					);
				} else if (
					name.endsWith( '.po' )
						? withoutCreationDate( read( a ) ) !==
							withoutCreationDate( read( b ) )
						: ! readFileSync( a ).equals( readFileSync( b ) )
				) {
					problems.push(
						`${ shown( a ) } is out of date: run npm run i18n.`
					);
				}
			}
		}
	} finally {
		rmSync( work, { recursive: true, force: true } );
	}
	return problems;
}

async function main(): Promise< number > {
	const check = process.argv.includes( '--check' );
	const option = process.argv.find( ( arg ) =>
		arg.startsWith( '--languages=' )
	);
	const languages = option
		? path.resolve( option.slice( '--languages='.length ) )
		: path.join( PLUGIN, 'languages' );
	const problems = await i18n( languages, check );
	for ( const problem of problems ) {
		console.log( problem );
	}
	return problems.length > 0 ? 1 : 0;
}

if ( require.main === module ) {
	main().then(
		( code ) => {
			process.exitCode = code;
		},
		( error: Error ) => {
			console.error( error.message );
			process.exitCode = 2;
		}
	);
}
