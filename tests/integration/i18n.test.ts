/**
 * `npm run i18n` runs the real WP-CLI (`wp i18n make-pot | update-po | make-mo | make-json`):
 * the shipped plugin/languages/proxy-health.pot is exactly what make-pot writes for plugin/
 * (POT-Creation-Date aside), the check mode fails when a file is stale, and regenerating keeps
 * the hand-made Japanese translations. Needs the built panel (plugin/build), as make-pot does.
 */

/**
 * External dependencies
 */
import { spawn } from 'node:child_process';
import {
	cpSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve( __dirname, '..', '..' );
const LANGUAGES = path.join( ROOT, 'plugin', 'languages' );

jest.setTimeout( 180_000 );

function i18n(
	...args: string[]
): Promise< { status: number | null; stdout: string; stderr: string } > {
	return new Promise( ( resolve, reject ) => {
		const child = spawn(
			process.execPath,
			[
				path.join( ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs' ),
				path.join( ROOT, 'scripts', 'i18n.ts' ),
				...args,
			],
			{ cwd: ROOT, stdio: [ 'ignore', 'pipe', 'pipe' ] }
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on( 'data', ( chunk ) => ( stdout += chunk ) );
		child.stderr.on( 'data', ( chunk ) => ( stderr += chunk ) );
		child.once( 'error', reject );
		child.once( 'close', ( status ) =>
			resolve( { status, stdout, stderr } )
		);
	} );
}

/**
 * The .pot entry (comments, references, msgid, msgstr) of one msgid.
 * @param pot
 * @param msgid
 */
function entryOf( pot: string, msgid: string ): string {
	const entry = pot
		.split( '\n\n' )
		.find( ( block ) =>
			block.includes( `\nmsgid ${ JSON.stringify( msgid ) }\n` )
		);
	if ( ! entry ) {
		throw new Error( `No entry for ${ msgid }` );
	}
	return entry;
}

describe( 'translation files made by WP-CLI', () => {
	let copy: string;
	beforeEach( () => {
		copy = mkdtempSync(
			path.join( os.tmpdir(), 'proxy-health-i18n-test-' )
		);
		cpSync( LANGUAGES, copy, { recursive: true } );
	} );
	afterEach( () => {
		rmSync( copy, { recursive: true, force: true } );
	} );

	it( 'the shipped files are what wp i18n make-pot, update-po, make-mo and make-json write', async () => {
		const pot = readFileSync(
			path.join( LANGUAGES, 'proxy-health.pot' ),
			'utf8'
		);
		expect( pot ).toContain( '"X-Generator: WP-CLI 2.10.0\\n"' );
		// The plugin header is extracted as make-pot does.
		expect( pot ).toContain( '#. Plugin Name of the plugin\n' );

		const result = await i18n( '--check' );
		expect( result.stdout ).toMatch(
			/^proxy-health-ja\.po: (\d+)\/\1 translated\n$/
		);
		expect( result.status ).toBe( 0 );
	} );

	it( '--check fails when the .pot misses a string, names the file and changes nothing', async () => {
		const file = path.join( copy, 'proxy-health.pot' );
		const pot = readFileSync( file, 'utf8' );
		const stale = pot.replace( `${ entryOf( pot, 'Result' ) }\n\n`, '' );
		expect( stale ).not.toBe( pot );
		writeFileSync( file, stale );
		const before = readdirSync( copy ).map( ( name ) =>
			readFileSync( path.join( copy, name ) )
		);

		const result = await i18n( '--check', `--languages=${ copy }` );
		expect( result.status ).toBe( 1 );
		expect( result.stdout ).toContain(
			`${ file } differs from what wp i18n make-pot writes now: run npm run i18n.`
		);
		expect(
			readdirSync( copy ).map( ( name ) =>
				readFileSync( path.join( copy, name ) )
			)
		).toEqual( before );
	} );

	it( 'regenerating keeps the Japanese translations and puts the chunks’ strings into build/index.js’s JSON', async () => {
		// A stale copy: the .pot and the .po lack "Result" (a bisection view string), the JSON
		// files are gone.
		for ( const name of [ 'proxy-health.pot', 'proxy-health-ja.po' ] ) {
			const text = readFileSync( path.join( copy, name ), 'utf8' );
			writeFileSync(
				path.join( copy, name ),
				text.replace( `${ entryOf( text, 'Result' ) }\n\n`, '' )
			);
		}
		for ( const name of readdirSync( copy ).filter( ( n ) =>
			n.endsWith( '.json' )
		) ) {
			rmSync( path.join( copy, name ) );
		}

		const result = await i18n( `--languages=${ copy }` );
		expect( result.status ).toBe( 1 ); // "Result" is untranslated now, and says so.
		expect( result.stdout ).toContain(
			'proxy-health-ja.po: untranslated: "Result"'
		);

		const po = readFileSync(
			path.join( copy, 'proxy-health-ja.po' ),
			'utf8'
		);
		expect( entryOf( po, 'Result' ) ).toMatch( /\nmsgstr ""\s*$/ );
		expect( entryOf( po, 'Steps' ) ).toMatch( /\nmsgstr "ステップ"$/ );
		expect(
			readFileSync( path.join( copy, 'proxy-health-ja.mo' ) ).includes(
				Buffer.from( 'ステップ' )
			)
		).toBe( true );
		// WordPress loads build/index.js's JSON (md5 of "build/index.js"); the lazy chunk's
		// strings must be in it.
		const index = JSON.parse(
			readFileSync(
				path.join(
					copy,
					'proxy-health-ja-dfbff627e6c248bcb3b61d7d06da9ca9.json'
				),
				'utf8'
			)
		);
		expect( index.source ).toBe( 'build/index.js' );
		expect( index.locale_data.messages.Steps ).toEqual( [ 'ステップ' ] );
		expect( readdirSync( copy ).sort() ).toEqual(
			readdirSync( LANGUAGES ).sort()
		);

		// Every other translation survived: one string fewer translated than shipped, where all are.
		const [ , translated, total ] =
			/proxy-health-ja\.po: (\d+)\/(\d+) translated/.exec(
				result.stdout
			) ?? [];
		expect( Number( translated ) ).toBe( Number( total ) - 1 );
	} );
} );
