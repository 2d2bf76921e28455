/**
 * Translation files for Proxy Health, without WP-CLI (not obtainable here).
 *
 *   npm run i18n            extract → plugin/languages/proxy-health.pot, merge into every
 *                           proxy-health-<locale>.po, compile .mo and the script JSON files
 *   npm run i18n -- --check exit 1 when a .po lacks translations for current strings
 *
 * What `wp i18n make-pot`, `msgmerge`, `msgfmt` and `wp i18n make-json` would do, for this
 * plugin only:
 * - PHP strings come from plugin/**\/*.php through php-parser (the gettext functions with the
 *   `proxy-health` domain), translator comments from the comment closest above the call.
 * - Script strings come from the TypeScript sources in src/admin (TypeScript's own parser;
 *   translator comments as written); which built file carries each string is read from the
 *   built chunks in plugin/build (run `npm run build` first), because WordPress looks up
 *   script translations by built file: `proxy-health-<locale>-<md5 of "build/x.js">.json`
 *   (`load_script_textdomain()`, WordPress 6.6).
 * - WordPress only loads the JSON of enqueued scripts; lazy chunks are fetched by webpack, not
 *   enqueued. So the JSON of build/index.js carries every panel string (chunks share the
 *   `proxy-health` domain through wp.i18n), and each chunk also gets its own JSON, as
 *   make-json would write it.
 */

/**
 * External dependencies
 */
import { createHash } from 'node:crypto';
import {
	existsSync,
	readFileSync,
	readdirSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { Engine } from 'php-parser';
import ts from 'typescript';

const ROOT = path.resolve( __dirname, '..' );
const PLUGIN = path.join( ROOT, 'plugin' );
const LANGUAGES = path.join( PLUGIN, 'languages' );
const BUILD = path.join( PLUGIN, 'build' );
const ADMIN_SRC = path.join( ROOT, 'src', 'admin' );
const DOMAIN = 'proxy-health';

/** Plural rules of the locales shipped. */
const PLURAL_FORMS: Record< string, string > = {
	ja: 'nplurals=1; plural=0;',
};

/** Argument positions of each gettext function: text, plural, context, domain. */
interface Keyword {
	text: number;
	plural?: number;
	context?: number;
	domain: number;
}

const KEYWORDS: Record< string, Keyword > = {
	__: { text: 0, domain: 1 },
	_e: { text: 0, domain: 1 },
	esc_html__: { text: 0, domain: 1 },
	esc_html_e: { text: 0, domain: 1 },
	esc_attr__: { text: 0, domain: 1 },
	esc_attr_e: { text: 0, domain: 1 },
	_x: { text: 0, context: 1, domain: 2 },
	_ex: { text: 0, context: 1, domain: 2 },
	esc_html_x: { text: 0, context: 1, domain: 2 },
	esc_attr_x: { text: 0, context: 1, domain: 2 },
	_n: { text: 0, plural: 1, domain: 3 },
	_nx: { text: 0, plural: 1, context: 3, domain: 4 },
	_n_noop: { text: 0, plural: 1, domain: 2 },
	_nx_noop: { text: 0, plural: 1, context: 2, domain: 3 },
};

/** The gettext functions @wordpress/i18n has. */
const JS_KEYWORDS = [ '__', '_x', '_n', '_nx' ];

export interface Message {
	context?: string;
	msgid: string;
	plural?: string;
	/** `#.` lines. */
	comments: string[];
	/** `#:` references, relative to the plugin folder. */
	references: string[];
}

export interface PoEntry {
	context?: string;
	msgid: string;
	plural?: string;
	msgstr: string[];
	comments: string[];
	references: string[];
}

/**
 * The key gettext uses: context, EOT, msgid.
 *
 * @param entry         Message.
 * @param entry.context
 * @param entry.msgid
 */
export function messageKey( entry: {
	context?: string;
	msgid: string;
} ): string {
	return entry.context === undefined
		? entry.msgid
		: `${ entry.context }\u0004${ entry.msgid }`;
}

function walkFiles(
	dir: string,
	accept: ( file: string ) => boolean
): string[] {
	const found: string[] = [];
	for ( const name of readdirSync( dir ).sort() ) {
		const full = path.join( dir, name );
		if ( statSync( full ).isDirectory() ) {
			if (
				[
					'node_modules',
					'vendor',
					'build',
					'test',
					'test-utils',
				].includes( name )
			) {
				continue;
			}
			found.push( ...walkFiles( full, accept ) );
		} else if ( accept( full ) ) {
			found.push( full );
		}
	}
	return found;
}

/** Collects messages under their key, merging references and comments of repeats. */
class Catalog {
	readonly messages = new Map< string, Message >();

	add( message: Message ): void {
		const key = messageKey( message );
		const known = this.messages.get( key );
		if ( ! known ) {
			this.messages.set( key, message );
			return;
		}
		for ( const comment of message.comments ) {
			if ( ! known.comments.includes( comment ) ) {
				known.comments.push( comment );
			}
		}
		for ( const reference of message.references ) {
			if ( ! known.references.includes( reference ) ) {
				known.references.push( reference );
			}
		}
		known.plural ??= message.plural;
	}
}

/**
 * A translator comment's text without its comment markers, or null when it is none.
 * @param raw
 */
function translatorComment( raw: string ): string | null {
	const text = raw
		.replace( /^\/\*+|\*\/$/g, '' )
		.replace( /^\/\/\s?/, '' )
		.split( '\n' )
		.map( ( line ) => line.replace( /^\s*\*?\s?/, '' ).trim() )
		.join( ' ' )
		.trim();
	return /^translators:/i.test( text ) ? text : null;
}

/* --------------------------------------------------------------------------------------------
 * PHP
 * ------------------------------------------------------------------------------------------ */

interface PhpNode {
	kind?: string;
	loc?: { start: { line: number; offset: number }; end: { line: number } };
	[ key: string ]: unknown;
}

function phpString( node: unknown ): string | undefined {
	const value = node as PhpNode | undefined;
	if ( value?.kind === 'string' && typeof value.value === 'string' ) {
		return value.value;
	}
	// 'a' . 'b' concatenations, as make-pot accepts them.
	if ( value?.kind === 'bin' && value.type === '.' ) {
		const left = phpString( value.left );
		const right = phpString( value.right );
		return left === undefined || right === undefined
			? undefined
			: left + right;
	}
	return undefined;
}

/**
 * Every `proxy-health` message in the plugin's PHP files.
 *
 * @param catalog Where to add them.
 */
export function extractPhp( catalog: Catalog ): number {
	const parser = new Engine( {
		parser: { php8: true, extractDoc: true, suppressErrors: false },
		ast: { withPositions: true },
	} );
	let count = 0;
	for ( const file of walkFiles( PLUGIN, ( name ) =>
		name.endsWith( '.php' )
	) ) {
		const relative = path
			.relative( PLUGIN, file )
			.split( path.sep )
			.join( '/' );
		const source = readFileSync( file, 'utf8' );
		const program = parser.parseCode(
			source,
			relative
		) as unknown as PhpNode;
		const comments = ( ( program.comments as PhpNode[] | undefined ) ?? [] )
			.map( ( comment ) => ( {
				endLine: comment.loc?.end.line ?? 0,
				endOffset:
					( comment.loc as { end: { offset: number } } | undefined )
						?.end.offset ?? 0,
				text: translatorComment( String( comment.value ) ),
			} ) )
			.filter( ( comment ) => comment.text !== null );

		const visit = ( node: unknown ): void => {
			if ( Array.isArray( node ) ) {
				node.forEach( visit );
				return;
			}
			if ( ! node || typeof node !== 'object' ) {
				return;
			}
			const current = node as PhpNode;
			if ( current.kind === 'call' ) {
				const what = current.what as PhpNode | undefined;
				const name =
					what?.kind === 'name'
						? String( what.name ).replace( /^\\/, '' )
						: '';
				const keyword = KEYWORDS[ name ];
				const args =
					( current.arguments as unknown[] | undefined ) ?? [];
				if (
					keyword &&
					phpString( args[ keyword.domain ] ) === DOMAIN
				) {
					const msgid = phpString( args[ keyword.text ] );
					if ( msgid !== undefined && current.loc ) {
						const line = current.loc.start.line;
						const offset = current.loc.start.offset;
						// The closest translator comment that ends before the call, at most a line above.
						const comment = comments
							.filter(
								( c ) =>
									c.endOffset <= offset &&
									c.endLine >= line - 1
							)
							.pop();
						catalog.add( {
							msgid,
							context:
								keyword.context === undefined
									? undefined
									: phpString( args[ keyword.context ] ),
							plural:
								keyword.plural === undefined
									? undefined
									: phpString( args[ keyword.plural ] ),
							comments: comment?.text ? [ comment.text ] : [],
							references: [ `${ relative }:${ line }` ],
						} );
						count++;
					}
				}
			}
			for ( const [ key, value ] of Object.entries( current ) ) {
				if (
					key !== 'loc' &&
					key !== 'comments' &&
					key !== 'leadingComments'
				) {
					visit( value );
				}
			}
		};
		visit( program );
	}
	return count;
}

/* --------------------------------------------------------------------------------------------
 * Scripts
 * ------------------------------------------------------------------------------------------ */

/**
 * The called function's name: `__( … )`, `i18n.__( … )`, `( 0, r.__ )( … )`.
 * @param expression
 */
function calleeName( expression: ts.Expression ): string | undefined {
	let callee = expression;
	while ( ts.isParenthesizedExpression( callee ) ) {
		callee = callee.expression;
	}
	if (
		ts.isBinaryExpression( callee ) &&
		callee.operatorToken.kind === ts.SyntaxKind.CommaToken
	) {
		return calleeName( callee.right );
	}
	if ( ts.isIdentifier( callee ) ) {
		return callee.text;
	}
	if ( ts.isPropertyAccessExpression( callee ) ) {
		return callee.name.text;
	}
	return undefined;
}

function literal( node: ts.Node | undefined ): string | undefined {
	if (
		node &&
		( ts.isStringLiteral( node ) ||
			ts.isNoSubstitutionTemplateLiteral( node ) )
	) {
		return node.text;
	}
	return undefined;
}

/**
 * Calls of the @wordpress/i18n functions with the `proxy-health` domain in one script.
 *
 * @param fileName Path, for the parser's language choice.
 * @param source   The script.
 * @param onCall   Gets each message, its line and its translator comment.
 */
function scanScript(
	fileName: string,
	source: string,
	onCall: (
		message: Omit< Message, 'references' | 'comments' >,
		line: number,
		comment: string | null
	) => void
): void {
	let kind = ts.ScriptKind.JS;
	if ( fileName.endsWith( '.tsx' ) ) {
		kind = ts.ScriptKind.TSX;
	} else if ( fileName.endsWith( '.ts' ) ) {
		kind = ts.ScriptKind.TS;
	}
	const file = ts.createSourceFile(
		fileName,
		source,
		ts.ScriptTarget.Latest,
		true,
		kind
	);
	const visit = ( node: ts.Node ): void => {
		if ( ts.isCallExpression( node ) ) {
			const name = calleeName( node.expression );
			const keyword =
				name && JS_KEYWORDS.includes( name )
					? KEYWORDS[ name ]
					: undefined;
			if (
				keyword &&
				literal( node.arguments[ keyword.domain ] ) === DOMAIN
			) {
				const msgid = literal( node.arguments[ keyword.text ] );
				if ( msgid !== undefined ) {
					const ranges =
						ts.getLeadingCommentRanges(
							source,
							node.getFullStart()
						) ?? [];
					const comment = ranges
						.map( ( range ) =>
							translatorComment(
								source.slice( range.pos, range.end )
							)
						)
						.filter( ( text ): text is string => text !== null )
						.pop();
					onCall(
						{
							msgid,
							context:
								keyword.context === undefined
									? undefined
									: literal(
											node.arguments[ keyword.context ]
										),
							plural:
								keyword.plural === undefined
									? undefined
									: literal(
											node.arguments[ keyword.plural ]
										),
						},
						file.getLineAndCharacterOfPosition( node.getStart() )
							.line + 1,
						comment ?? null
					);
				}
			}
		}
		ts.forEachChild( node, visit );
	};
	visit( file );
}

/**
 * Panel messages from the sources (with translator comments), referenced by the built files
 * that carry them.
 *
 * @param catalog Where to add them.
 * @return Built file (relative to the plugin) → message keys it uses.
 */
export function extractScripts(
	catalog: Catalog
): Map< string, Set< string > > {
	const fromSource = new Map< string, Message >();
	for ( const file of walkFiles( ADMIN_SRC, ( name ) =>
		/\.tsx?$/.test( name )
	) ) {
		const relative = path
			.relative( ROOT, file )
			.split( path.sep )
			.join( '/' );
		scanScript(
			file,
			readFileSync( file, 'utf8' ),
			( message, line, comment ) => {
				const key = messageKey( message );
				const known = fromSource.get( key );
				if ( known ) {
					if ( comment && ! known.comments.includes( comment ) ) {
						known.comments.push( comment );
					}
					return;
				}
				fromSource.set( key, {
					...message,
					comments: comment ? [ comment ] : [],
					references: [],
				} );
				void relative;
				void line;
			}
		);
	}

	const byBuiltFile = new Map< string, Set< string > >();
	if ( ! existsSync( path.join( BUILD, 'index.js' ) ) ) {
		throw new Error(
			'plugin/build/index.js is missing: run `npm run build` first.'
		);
	}
	for ( const name of readdirSync( BUILD )
		.filter( ( file ) => file.endsWith( '.js' ) )
		.sort() ) {
		const relative = `build/${ name }`;
		const keys = new Set< string >();
		scanScript(
			name,
			readFileSync( path.join( BUILD, name ), 'utf8' ),
			( message, line ) => {
				const key = messageKey( message );
				keys.add( key );
				const source = fromSource.get( key );
				catalog.add( {
					...message,
					comments: source ? [ ...source.comments ] : [],
					references: [ `${ relative }:${ line }` ],
				} );
			}
		);
		byBuiltFile.set( relative, keys );
	}
	const built = new Set(
		[ ...byBuiltFile.values() ].flatMap( ( keys ) => [ ...keys ] )
	);
	const unbuilt = [ ...fromSource.keys() ].filter(
		( key ) => ! built.has( key )
	);
	if ( unbuilt.length > 0 ) {
		throw new Error(
			`These panel strings are in src/admin but not in plugin/build (rebuild first):\n${ unbuilt.join( '\n' ) }`
		);
	}
	return byBuiltFile;
}

/* --------------------------------------------------------------------------------------------
 * PO files
 * ------------------------------------------------------------------------------------------ */

function poQuote( value: string ): string {
	const escaped = value
		.replace( /\\/g, '\\\\' )
		.replace( /"/g, '\\"' )
		.replace( /\t/g, '\\t' )
		.replace( /\r/g, '\\r' );
	// Split after each \n the way gettext writes multi-line values: "" then one line per part.
	const parts = escaped.match( /[^\n]*\n|[^\n]+$/g ) ?? [ '' ];
	const quoted = parts.map(
		( part ) => `"${ part.replace( /\n$/, '\\n' ) }"`
	);
	return quoted.length === 1
		? ( quoted[ 0 ] ?? '""' )
		: [ '""', ...quoted ].join( '\n' );
}

function poUnquote( value: string ): string {
	return value.slice( 1, -1 ).replace( /\\(.)/g, ( _all, char: string ) => {
		switch ( char ) {
			case 'n':
				return '\n';
			case 't':
				return '\t';
			case 'r':
				return '\r';
			default:
				return char;
		}
	} );
}

/**
 * Reads a PO (or POT) file: header entry included (msgid "").
 *
 * @param text File contents.
 */
export function parsePo( text: string ): PoEntry[] {
	const entries: PoEntry[] = [];
	let entry: PoEntry | null = null;
	let field: { name: string; index: number } | null = null;
	const start = (): PoEntry => {
		entry ??= { msgid: '', msgstr: [], comments: [], references: [] };
		return entry;
	};
	const flush = () => {
		if ( entry && ( entry.msgid !== '' || entry.msgstr.length > 0 ) ) {
			entries.push( entry );
		}
		entry = null;
		field = null;
	};
	const append = ( value: string ) => {
		if ( ! field ) {
			return;
		}
		const current = start();
		if ( field.name === 'msgid' ) {
			current.msgid += value;
		} else if ( field.name === 'msgid_plural' ) {
			current.plural = ( current.plural ?? '' ) + value;
		} else if ( field.name === 'msgctxt' ) {
			current.context = ( current.context ?? '' ) + value;
		} else {
			current.msgstr[ field.index ] =
				( current.msgstr[ field.index ] ?? '' ) + value;
		}
	};
	for ( const raw of text.split( /\r?\n/ ) ) {
		const line = raw.trim();
		if ( line === '' ) {
			flush();
			continue;
		}
		if ( line.startsWith( '#' ) ) {
			if ( entry && field ) {
				flush();
			}
			const current = start();
			if ( line.startsWith( '#.' ) ) {
				current.comments.push( line.slice( 2 ).trim() );
			} else if ( line.startsWith( '#:' ) ) {
				current.references.push(
					...line.slice( 2 ).trim().split( /\s+/ )
				);
			}
			continue;
		}
		const match =
			/^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$/.exec(
				line
			);
		if ( match ) {
			const name = match[ 1 ] ?? '';
			if (
				( name === 'msgid' || name === 'msgctxt' ) &&
				entry &&
				field &&
				field.name.startsWith( 'msgstr' )
			) {
				flush();
			}
			start();
			field = {
				name: name.startsWith( 'msgstr' ) ? 'msgstr' : name,
				index: match[ 2 ] === undefined ? 0 : Number( match[ 2 ] ),
			};
			append( poUnquote( match[ 3 ] ?? '""' ) );
			continue;
		}
		if ( line.startsWith( '"' ) ) {
			append( poUnquote( line ) );
		}
	}
	flush();
	return entries;
}

/**
 * Writes a PO or POT file.
 *
 * @param header  Header fields, in order.
 * @param entries Messages.
 */
export function formatPo(
	header: Array< [ string, string ] >,
	entries: PoEntry[]
): string {
	const out: string[] = [
		'# Copyright (C) 2025 Proxy Health contributors',
		'# This file is distributed under the GPL-2.0-or-later.',
		'msgid ""',
		'msgstr ""',
		...header.map( ( [ name, value ] ) => `"${ name }: ${ value }\\n"` ),
		'',
	];
	for ( const entry of entries ) {
		for ( const comment of entry.comments ) {
			out.push( `#. ${ comment }` );
		}
		if ( entry.references.length > 0 ) {
			out.push( `#: ${ entry.references.join( ' ' ) }` );
		}
		if ( /%(\d+\$)?[sdf]/.test( entry.msgid ) ) {
			out.push( '#, php-format' );
		}
		if ( entry.context !== undefined ) {
			out.push( `msgctxt ${ poQuote( entry.context ) }` );
		}
		out.push( `msgid ${ poQuote( entry.msgid ) }` );
		if ( entry.plural !== undefined ) {
			out.push( `msgid_plural ${ poQuote( entry.plural ) }` );
			const forms = entry.msgstr.length > 0 ? entry.msgstr : [ '', '' ];
			forms.forEach( ( form, index ) =>
				out.push( `msgstr[${ index }] ${ poQuote( form ) }` )
			);
		} else {
			out.push( `msgstr ${ poQuote( entry.msgstr[ 0 ] ?? '' ) }` );
		}
		out.push( '' );
	}
	return out.join( '\n' );
}

/* --------------------------------------------------------------------------------------------
 * MO and JSON
 * ------------------------------------------------------------------------------------------ */

/**
 * Compiles translated entries into a GNU MO file (little-endian, no hash table, which
 * WordPress's MO reader and the 6.5+ translation controller do not need).
 *
 * @param headerText The PO header (msgstr of msgid "").
 * @param entries    Entries; untranslated ones are left out.
 */
export function compileMo( headerText: string, entries: PoEntry[] ): Buffer {
	const pairs: Array< [ Buffer, Buffer ] > = [
		[ Buffer.from( '' ), Buffer.from( headerText, 'utf8' ) ],
	];
	for ( const entry of entries ) {
		if ( ! entry.msgstr.some( ( form ) => form !== '' ) ) {
			continue;
		}
		const original =
			( entry.context === undefined ? '' : `${ entry.context }\u0004` ) +
			entry.msgid +
			( entry.plural === undefined ? '' : `\u0000${ entry.plural }` );
		pairs.push( [
			Buffer.from( original, 'utf8' ),
			Buffer.from( entry.msgstr.join( '\u0000' ), 'utf8' ),
		] );
	}
	pairs.sort( ( a, b ) => Buffer.compare( a[ 0 ], b[ 0 ] ) );

	const count = pairs.length;
	const originalsAt = 28;
	const translationsAt = originalsAt + count * 8;
	let dataAt = translationsAt + count * 8;
	const header = Buffer.alloc( 28 );
	header.writeUInt32LE( 0x950412de, 0 );
	header.writeUInt32LE( 0, 4 );
	header.writeUInt32LE( count, 8 );
	header.writeUInt32LE( originalsAt, 12 );
	header.writeUInt32LE( translationsAt, 16 );
	header.writeUInt32LE( 0, 20 );
	header.writeUInt32LE( dataAt, 24 );

	const tables = Buffer.alloc( count * 16 );
	const data: Buffer[] = [];
	const place = ( buffer: Buffer, slot: number ) => {
		tables.writeUInt32LE( buffer.length, slot );
		tables.writeUInt32LE( dataAt, slot + 4 );
		data.push( buffer, Buffer.alloc( 1 ) );
		dataAt += buffer.length + 1;
	};
	pairs.forEach( ( [ original ], index ) => place( original, index * 8 ) );
	pairs.forEach( ( [ , translation ], index ) =>
		place( translation, count * 8 + index * 8 )
	);
	return Buffer.concat( [ header, tables, ...data ] );
}

/**
 * The Jed 1.x document `wp i18n make-json` writes for one script.
 *
 * @param locale       Locale, e.g. ja.
 * @param source       Script path relative to the plugin, e.g. build/index.js.
 * @param entries      Translated entries the script uses.
 * @param revisionDate PO-Revision-Date.
 */
export function jedJson(
	locale: string,
	source: string,
	entries: PoEntry[],
	revisionDate: string
): string {
	const messages: Record< string, unknown > = {
		'': {
			domain: 'messages',
			lang: locale,
			'plural-forms':
				PLURAL_FORMS[ locale ] ?? 'nplurals=2; plural=(n != 1);',
		},
	};
	for ( const entry of entries ) {
		if ( entry.msgstr.some( ( form ) => form !== '' ) ) {
			messages[ messageKey( entry ) ] = entry.msgstr;
		}
	}
	return JSON.stringify( {
		'translation-revision-date': revisionDate,
		generator: 'Proxy Health scripts/i18n.ts',
		source,
		domain: 'messages',
		locale_data: { messages },
	} );
}

/**
 * The md5 WordPress puts in a script translation file name (`load_script_textdomain()`).
 *
 * @param relative Script path relative to the plugin folder, e.g. build/index.js.
 */
export function scriptHash( relative: string ): string {
	return createHash( 'md5' ).update( relative ).digest( 'hex' );
}

/* --------------------------------------------------------------------------------------------
 * Main
 * ------------------------------------------------------------------------------------------ */

function main(): number {
	const check = process.argv.includes( '--check' );
	const catalog = new Catalog();
	const phpCount = extractPhp( catalog );
	const scripts = extractScripts( catalog );
	const messages = [ ...catalog.messages.values() ].sort(
		( a, b ) =>
			( a.references[ 0 ] ?? '' ).localeCompare(
				b.references[ 0 ] ?? ''
			) || a.msgid.localeCompare( b.msgid )
	);
	const pot: PoEntry[] = messages.map( ( message ) => ( {
		...message,
		msgstr: [],
	} ) );
	const potHeader: Array< [ string, string ] > = [
		[ 'Project-Id-Version', 'Proxy Health 0.1.0' ],
		[
			'Report-Msgid-Bugs-To',
			'https://wordpress.org/support/plugin/proxy-health',
		],
		[ 'MIME-Version', '1.0' ],
		[ 'Content-Type', 'text/plain; charset=UTF-8' ],
		[ 'Content-Transfer-Encoding', '8bit' ],
		[ 'X-Generator', 'Proxy Health scripts/i18n.ts' ],
		[ 'X-Domain', DOMAIN ],
	];
	if ( ! check ) {
		writeFileSync(
			path.join( LANGUAGES, `${ DOMAIN }.pot` ),
			formatPo( potHeader, pot )
		);
	}
	console.log(
		`${ pot.length } strings (${ phpCount } PHP calls, ${ scripts.size } scripts)`
	);

	let missingTotal = 0;
	for ( const name of readdirSync( LANGUAGES ).filter(
		( file ) => file.startsWith( `${ DOMAIN }-` ) && file.endsWith( '.po' )
	) ) {
		const locale = name.slice( DOMAIN.length + 1, -3 );
		const existing = new Map(
			parsePo( readFileSync( path.join( LANGUAGES, name ), 'utf8' ) ).map(
				( entry ) => [ messageKey( entry ), entry ]
			)
		);
		const merged: PoEntry[] = pot.map( ( entry ) => ( {
			...entry,
			msgstr: existing.get( messageKey( entry ) )?.msgstr ?? [],
		} ) );
		const missing = merged.filter(
			( entry ) => ! entry.msgstr.some( ( form ) => form !== '' )
		);
		missingTotal += missing.length;
		console.log(
			`${ name }: ${ merged.length - missing.length }/${ merged.length } translated`
		);
		for ( const entry of missing ) {
			console.log( `  untranslated: ${ JSON.stringify( entry.msgid ) }` );
		}
		if ( check ) {
			continue;
		}
		const revision =
			new Date().toISOString().replace( 'T', ' ' ).slice( 0, 16 ) +
			'+0000';
		const header: Array< [ string, string ] > = [
			...potHeader.slice( 0, 2 ),
			[ 'PO-Revision-Date', revision ],
			[ 'Language', locale ],
			[
				'Plural-Forms',
				PLURAL_FORMS[ locale ] ?? 'nplurals=2; plural=(n != 1);',
			],
			...potHeader.slice( 2 ),
		];
		writeFileSync(
			path.join( LANGUAGES, name ),
			formatPo( header, merged )
		);
		const headerText = header
			.map( ( [ key, value ] ) => `${ key }: ${ value }\n` )
			.join( '' );
		writeFileSync(
			path.join( LANGUAGES, `${ DOMAIN }-${ locale }.mo` ),
			compileMo( headerText, merged )
		);

		const byKey = new Map(
			merged.map( ( entry ) => [ messageKey( entry ), entry ] )
		);
		const allScriptKeys = new Set(
			[ ...scripts.values() ].flatMap( ( keys ) => [ ...keys ] )
		);
		for ( const [ script, keys ] of scripts ) {
			// The enqueued script's file carries the chunks' strings too (see the header comment).
			const used = script === 'build/index.js' ? allScriptKeys : keys;
			const entries = [ ...used ]
				.map( ( key ) => byKey.get( key ) )
				.filter( ( entry ): entry is PoEntry => entry !== undefined );
			writeFileSync(
				path.join(
					LANGUAGES,
					`${ DOMAIN }-${ locale }-${ scriptHash( script ) }.json`
				),
				jedJson( locale, script, entries, revision )
			);
		}
	}
	return check && missingTotal > 0 ? 1 : 0;
}

if ( require.main === module ) {
	process.exitCode = main();
}
