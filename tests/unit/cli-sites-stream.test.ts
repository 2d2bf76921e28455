/**
 * @jest-environment node
 */

/**
 * The sites file read without holding it (src/cli/lib/sites-stream.ts): the same entries and
 * the same errors as reading it whole, whatever the file's size and where its blocks end.
 */

/**
 * External dependencies
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import {
	InputError,
	readSitesFile,
	type SiteEntry,
} from '../../src/cli/lib/sites-file';
import { openSitesFile } from '../../src/cli/lib/sites-stream';

let dir: string;
beforeAll( () => {
	dir = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-cli-stream-' ) );
} );
afterAll( () => rmSync( dir, { recursive: true, force: true } ) );

const write = ( name: string, text: string ) => {
	const file = path.join( dir, name );
	writeFileSync( file, text );
	return file;
};

/**
 * Entries from `onEntry` and from `entries()`, and the count.
 *
 * @param file Path.
 */
function readStreamed( file: string ) {
	const seen: Array< [ SiteEntry, number ] > = [];
	const sites = openSitesFile( file, ( entry, position ) =>
		seen.push( [ entry, position ] )
	);
	try {
		return { seen, again: [ ...sites.entries() ], count: sites.count };
	} finally {
		sites.close();
	}
}

describe( 'sites file, streamed', () => {
	it( 'gives the entries readSitesFile gives, across block boundaries and odd strings', () => {
		// Over three 64 KiB blocks; strings with brackets, commas, quotes, escapes and
		// multi-byte characters, so an entry is cut anywhere (even inside a character).
		const sites = Array.from( { length: 1500 }, ( _v, n ) => ( {
			url: `https://site-${ n }.test/blog?q=${ encodeURIComponent(
				`[{"a",}]\\${ 'é漢'.repeat( n % 7 ) }`
			) }`,
			user: `admin "${ n }" [x], {y} é`,
			passwordEnv: 'SITE_PASSWORD',
		} ) );
		const file = write(
			'fleet.json',
			`\n ${ JSON.stringify( sites, null, 3 ) }\n\n`
		);
		const whole = readSitesFile( file );
		const { seen, again, count } = readStreamed( file );
		expect( count ).toBe( 1500 );
		expect( seen.map( ( [ entry ] ) => entry ) ).toEqual( whole );
		expect( seen.map( ( [ , position ] ) => position ) ).toEqual(
			whole.map( ( _entry, position ) => position )
		);
		expect( again ).toEqual( whole );
	} );

	it( 'gives the entries of a CSV file readSitesFile gives, across block boundaries', () => {
		// Quoted cells with commas, doubled quotes, line breaks and multi-byte characters, CRLF
		// line ends, blank rows and a BOM, over three 64 KiB blocks: a block ends anywhere.
		const rows = Array.from( { length: 2500 }, ( _v, n ) =>
			[
				`https://site-${ n }.test/${ 'é漢'.repeat( n % 5 ) }`,
				`"admin ""${ n }"",${
					n % 3 === 0 ? '\r\n' : ' '
				}${ 'x'.repeat( n % 9 ) }"`,
				n % 2 === 0 ? '"SITE_PASSWORD"' : 'SITE_PASSWORD',
			].join( ',' )
		);
		const file = write(
			'fleet.csv',
			`\uFEFFurl,user,passwordEnv\r\n${ rows.join( '\r\n' ) }\r\n,,\r\n`
		);
		const whole = readSitesFile( file );
		expect( whole ).toHaveLength( 2500 );
		const { seen, again, count } = readStreamed( file );
		expect( count ).toBe( 2500 );
		expect( seen.map( ( [ entry ] ) => entry ) ).toEqual( whole );
		expect( again ).toEqual( whole );
	} );

	it( 'reads a CSV file again during the run instead of holding it', () => {
		const file = write(
			'held.csv',
			'url\nhttps://a.test\nhttps://b.test\n'
		);
		const sites = openSitesFile( file, () => undefined );
		try {
			writeFileSync( file, 'url\nhttps://a.test\nftp://b.test\n' );
			expect( () => [ ...sites.entries() ] ).toThrow(
				/the file changed while the batch ran \(site 2: "url" must be http/
			);
		} finally {
			sites.close();
		}
	} );

	it.each( [
		[
			'JSON',
			'again.json',
			'[ { "url": "https://a.test" }, { "url": "https://b.test" } ]',
			'[ { "url": "https://a.test" }, { "url": ',
		],
		[
			'CSV',
			'again.csv',
			'url\nhttps://a.test\nhttps://b.test\n',
			'url\nhttps://a.test\n"https://b.test\n',
		],
	] )(
		'a %s sites file broken during the run is reported as no longer valid in its format',
		( format, name, before, after ) => {
			const file = write( name, before );
			const sites = openSitesFile( file, () => undefined );
			try {
				writeFileSync( file, after );
				expect( () => [ ...sites.entries() ] ).toThrow(
					`${ file }: the file changed while the batch ran (not valid ${ format } any more).`
				);
			} finally {
				sites.close();
			}
		}
	);

	it( 'reads YAML, CSV and a JSON file without an extension as before', () => {
		const yaml = write(
			'sites.yaml',
			'- url: https://one.test\n  user: admin\n  passwordEnv: ONE\n'
		);
		const csv = write(
			'sites.csv',
			'url,user,passwordEnv\nhttps://one.test,admin,ONE\n'
		);
		const bare = write(
			'sites',
			'[ { "url": "https://one.test", "user": "admin", "passwordEnv": "ONE" } ]'
		);
		for ( const file of [ yaml, csv, bare ] ) {
			const { seen, again, count } = readStreamed( file );
			expect( count ).toBe( 1 );
			expect( again ).toEqual( readSitesFile( file ) );
			expect( seen ).toEqual( [ [ again[ 0 ], 0 ] ] );
		}
	} );

	it.each( [
		[ 'broken.json', '[ { "url": "https://a.test" }, { "url": ' ],
		[ 'comma.json', '[ { "url": "https://a.test" }, ]' ],
		[ 'leading.json', '[ , { "url": "https://a.test" } ]' ],
		[ 'after.json', '[ { "url": "https://a.test" } ] x' ],
		[ 'brace.json', '[ { "url": "https://a.test" } } ]' ],
		[ 'object.json', '{ "url": "https://a.test" }' ],
		[ 'empty.json', '[]' ],
		[ 'bom.json', '\uFEFF[ { "url": "https://a.test" } ]' ],
		[
			'second.json',
			'[ { "url": "https://a.test" }, { "url": "ftp://b.test" } ]',
		],
		[ 'no-url.csv', 'user,passwordEnv\nadmin,ONE\n' ],
		[ 'password.csv', 'url,password\nhttps://a.test,secret\n' ],
		[ 'quote.csv', 'url\n"https://a.test\n' ],
		[ 'blank.csv', '' ],
		[ 'header-only.csv', 'url,user\n' ],
		[ 'bad-row.csv', 'url\nhttps://a.test\nftp://b.test\n' ],
		[ 'bare-csv', 'url,user\nhttps://a.test,admin\nnot a url,admin\n' ],
		[
			// The invalid entry comes first, but a file that is not JSON is named first.
			'both.json',
			'[ { "url": "ftp://b.test" }, { "url": ',
		],
	] )( '%s fails as readSitesFile does', ( name, text ) => {
		const file = write( name, text );
		let expected: unknown;
		try {
			readSitesFile( file );
		} catch ( error ) {
			expected = error;
		}
		expect( expected ).toBeInstanceOf( InputError );
		expect( () => openSitesFile( file, () => undefined ) ).toThrow(
			( expected as Error ).message
		);
	} );

	it( 'passes on what onEntry throws once the file is read, after any invalid entry', () => {
		const file = write(
			'caller.json',
			'[ { "url": "https://a.test" }, { "url": "https://b.test" } ]'
		);
		const calls: number[] = [];
		expect( () =>
			openSitesFile( file, ( _entry, position ) => {
				calls.push( position );
				throw new Error( 'caller says no' );
			} )
		).toThrow( 'caller says no' );
		expect( calls ).toEqual( [ 0, 1 ] );
		const bad = write(
			'caller-bad.json',
			'[ { "url": "https://a.test" }, { "url": "ftp://b.test" } ]'
		);
		expect( () =>
			openSitesFile( bad, () => {
				throw new Error( 'caller says no' );
			} )
		).toThrow( /site 2: "url" must be http/ );
	} );

	it( 'names a missing file', () => {
		expect( () =>
			openSitesFile( path.join( dir, 'missing.json' ), () => undefined )
		).toThrow( /missing\.json: cannot read the sites file \(ENOENT\)/ );
	} );
} );
