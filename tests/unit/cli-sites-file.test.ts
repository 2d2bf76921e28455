/**
 * @jest-environment node
 */

/**
 * Sites files (JSON, YAML, CSV), the credentials file's permissions, credential resolution,
 * sharding, the bounded queue and NO_PROXY matching.
 */

/**
 * External dependencies
 */
import {
	chmodSync,
	mkdirSync,
	mkdtempSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';

/**
 * Internal dependencies
 */
import { main } from '../../src/cli/index';
import type { CliIo } from '../../src/cli/lib/io';
import { isBypassed, proxyForUrl } from '../../src/cli/lib/proxy-env';
import { mapWithConcurrency } from '../../src/cli/lib/queue';
import { Secret } from '../../src/cli/lib/secret';
import { parseShard, selectShard } from '../../src/cli/lib/shard';
import {
	InputError,
	parseCsvRows,
	parseSitesText,
	readCredentialsFile,
	resolveTargets,
} from '../../src/cli/lib/sites-file';

let dir: string;
beforeAll( () => {
	dir = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-cli-sites-' ) );
} );
afterAll( () => rmSync( dir, { recursive: true, force: true } ) );

const write = ( name: string, text: string, mode = 0o644 ) => {
	const file = path.join( dir, name );
	writeFileSync( file, text );
	chmodSync( file, mode );
	return file;
};

const EXPECTED = [
	{ url: 'https://one.test', user: 'admin', passwordEnv: 'ONE_PASSWORD' },
	{ url: 'http://two.test/blog', user: 'ops', passwordEnv: 'TWO_PASSWORD' },
];

describe( 'sites files', () => {
	it( 'reads the same sites from JSON, YAML and CSV', () => {
		const json = JSON.stringify( [
			{
				url: 'https://one.test/',
				user: 'admin',
				passwordEnv: 'ONE_PASSWORD',
			},
			{
				url: 'http://two.test/blog',
				user: 'ops',
				passwordEnv: 'TWO_PASSWORD',
			},
		] );
		const yaml = [
			'# fleet',
			'- url: https://one.test/',
			'  user: admin',
			'  passwordEnv: ONE_PASSWORD',
			'- url: http://two.test/blog',
			'  user: ops',
			'  passwordEnv: TWO_PASSWORD',
		].join( '\n' );
		const csv =
			'url,user,passwordEnv\r\nhttps://one.test/,admin,ONE_PASSWORD\r\n"http://two.test/blog","ops",TWO_PASSWORD\r\n\r\n';
		expect( parseSitesText( json, 'sites.json' ) ).toEqual( EXPECTED );
		expect( parseSitesText( yaml, 'sites.yaml' ) ).toEqual( EXPECTED );
		expect( parseSitesText( csv, 'sites.csv' ) ).toEqual( EXPECTED );
		// Without an extension, the content decides.
		expect( parseSitesText( csv, 'sites' ) ).toEqual( EXPECTED );
		expect( parseSitesText( json, 'sites' ) ).toEqual( EXPECTED );
		expect( parseSitesText( yaml, 'sites' ) ).toEqual( EXPECTED );
	} );

	it( 'parses quoted CSV fields with commas and doubled quotes', () => {
		expect( parseCsvRows( 'a,"b,c","d ""e"""\n1,2,3' ) ).toEqual( [
			[ 'a', 'b,c', 'd "e"' ],
			[ '1', '2', '3' ],
		] );
		expect( () => parseCsvRows( 'a,"b' ) ).toThrow( InputError );
	} );

	it.each( [
		[ 'broken.json', '[ { "url": ', 'not valid JSON' ],
		[
			'object.json',
			'{ "url": "https://a.test" }',
			'expected a list of sites',
		],
		[ 'empty.json', '[]', 'the list of sites is empty' ],
		[ 'nourl.yaml', '- user: admin', 'site 1: "url" is missing' ],
		[
			'ftp.json',
			'[ { "url": "ftp://a.test" } ]',
			'must be http:// or https://',
		],
		[
			'creds.json',
			'[ { "url": "https://u:p@a.test" } ]',
			'credentials inside the URL',
		],
		[
			'password.json',
			'[ { "url": "https://a.test", "password": "x" } ]',
			'passwords are not accepted',
		],
		[
			'env.json',
			'[ { "url": "https://a.test", "passwordEnv": "NOT-A-NAME" } ]',
			'"passwordEnv" must be an environment variable name',
		],
		[
			'noheader.csv',
			'https://a.test,admin,X\n',
			'the CSV header must name the columns',
		],
		[
			'password.csv',
			'url,user,password\nhttps://a.test,admin,x\n',
			'a "password" column is not accepted',
		],
		[ 'bad.yaml', '- url: [unclosed', 'not valid YAML' ],
	] )( '%s is rejected: %s', ( name, text, message ) => {
		expect( () => parseSitesText( text, name ) ).toThrow( message );
	} );

	it.each( [
		[ 'broken.json', '[ { "url": ', 'not valid JSON' ],
		[
			'password.csv',
			'url,user,password\nhttps://a.test,admin,hunter2-secret\n',
			'password',
		],
	] )(
		'batch exits 2 on %s, naming the file and never printing a password',
		async ( name, text, message ) => {
			const file = write( name, text );
			let stderr = '';
			const io: CliIo = {
				stdout: { write: () => true },
				stderr: { write: ( chunk: string ) => ( stderr += chunk ) },
				env: {},
				cwd: dir,
			};
			expect( await main( [ 'batch', file ], io ) ).toBe( 2 );
			expect( stderr ).toContain( file );
			expect( stderr ).toContain( message );
			expect( stderr ).not.toContain( 'hunter2-secret' );
		}
	);
} );

describe( 'credentials', () => {
	const credentials = JSON.stringify( {
		'https://one.test/': { user: 'file-user', password: 'file-secret-123' },
	} );

	it( 'refuses a credentials file others can read, with the chmod to run', () => {
		const file = write( 'open-credentials.json', credentials, 0o644 );
		expect( () => readCredentialsFile( file ) ).toThrow(
			/readable by others \(mode 0644\)\. Run: chmod 600/
		);
		const group = write( 'group-credentials.json', credentials, 0o640 );
		expect( () => readCredentialsFile( group ) ).toThrow( /mode 0640/ );
	} );

	it( 'checks the file it reads: a link is judged by its target, a directory is refused', () => {
		const open = write( 'linked-target.json', credentials, 0o644 );
		const link = path.join( dir, 'link-credentials.json' );
		symlinkSync( open, link );
		expect( () => readCredentialsFile( link ) ).toThrow( /mode 0644/ );
		const folder = path.join( dir, 'credentials-folder' );
		mkdirSync( folder, { mode: 0o700 } );
		expect( () => readCredentialsFile( folder ) ).toThrow(
			'not a regular file'
		);
	} );

	it( 'reads an owner-only file; passwords are Secrets that never print', () => {
		const file = write( 'credentials.json', credentials, 0o600 );
		const map = readCredentialsFile( file );
		const entry = map.get( 'https://one.test' );
		expect( entry?.user ).toBe( 'file-user' );
		expect( entry?.password.reveal() ).toBe( 'file-secret-123' );
		const printed = [
			JSON.stringify( entry ),
			`${ entry?.password }`,
			inspect( entry ),
		].join( ' ' );
		expect( printed ).not.toContain( 'file-secret' );
		expect( printed ).toContain( '[redacted]' );
	} );

	it( 'never quotes an invalid credentials file', () => {
		const file = write(
			'broken-credentials.json',
			'{ "https://a.test": { "password": "leaky-secret" ',
			0o600
		);
		expect( () => readCredentialsFile( file ) ).toThrow( 'not valid JSON' );
		try {
			readCredentialsFile( file );
		} catch ( error ) {
			expect( ( error as Error ).message ).not.toContain(
				'leaky-secret'
			);
		}
	} );

	it( 'resolves passwords from the file first, then the named variable, and lists what is missing', () => {
		const map = readCredentialsFile(
			write( 'credentials2.json', credentials, 0o600 )
		);
		const entries = parseSitesText(
			JSON.stringify( [
				{ url: 'https://one.test', passwordEnv: 'ONE_PASSWORD' },
				{
					url: 'https://two.test',
					user: 'ops',
					passwordEnv: 'TWO_PASSWORD',
				},
			] ),
			'sites.json'
		);
		const targets = resolveTargets(
			entries,
			{ TWO_PASSWORD: 'env-secret-456' },
			map
		);
		expect(
			targets.map( ( t ) => [ t.url, t.user, t.password.reveal() ] )
		).toEqual( [
			[ 'https://one.test', 'file-user', 'file-secret-123' ],
			[ 'https://two.test', 'ops', 'env-secret-456' ],
		] );
		expect( () => resolveTargets( entries, {} ) ).toThrow(
			/https:\/\/one\.test: environment variable ONE_PASSWORD is not set\n\s+https:\/\/two\.test: environment variable TWO_PASSWORD is not set/
		);
	} );
} );

describe( 'shards', () => {
	it( 'assigns item k to shard (k mod n) + 1, covering every item exactly once', () => {
		const items = Array.from( { length: 11 }, ( _v, k ) => k );
		const shards = [ 1, 2, 3 ].map( ( index ) =>
			selectShard( items, { index, count: 3 } )
		);
		expect( shards ).toEqual( [
			[ 0, 3, 6, 9 ],
			[ 1, 4, 7, 10 ],
			[ 2, 5, 8 ],
		] );
		expect( shards.flat().sort( ( a, b ) => a - b ) ).toEqual( items );
		// Stable: the same input gives the same shard.
		expect( selectShard( items, { index: 2, count: 3 } ) ).toEqual(
			shards[ 1 ]
		);
	} );

	it.each( [ '0/2', '3/2', '1/0', '1', 'a/b', '1/2/3' ] )(
		'rejects --shard %s',
		( value ) => {
			expect( () => parseShard( value ) ).toThrow(
				'--shard must be i/n'
			);
		}
	);

	it( 'parses i/n', () => {
		expect( parseShard( '2/4' ) ).toEqual( { index: 2, count: 4 } );
	} );
} );

describe( 'bounded queue', () => {
	it( 'never runs more than the limit at once and keeps the input order', async () => {
		let running = 0;
		let peak = 0;
		const results = await mapWithConcurrency(
			Array.from( { length: 20 }, ( _v, k ) => k ),
			3,
			async ( item ) => {
				running++;
				peak = Math.max( peak, running );
				await new Promise( ( resolve ) =>
					setTimeout( resolve, 5 + ( item % 4 ) * 3 )
				);
				running--;
				return item * 2;
			}
		);
		expect( peak ).toBe( 3 );
		expect( results ).toEqual(
			Array.from( { length: 20 }, ( _v, k ) => k * 2 )
		);
	} );
} );

describe( 'the CLI’s own proxy', () => {
	it( 'reads HTTPS_PROXY / HTTP_PROXY in either case and honours NO_PROXY', () => {
		const env = {
			https_proxy: 'http://user:p%40ss@127.0.0.1:3128',
			HTTP_PROXY: '127.0.0.1:8080',
			NO_PROXY: 'internal.test, .corp.test,127.0.0.5:8443',
		};
		const proxy = proxyForUrl( new URL( 'https://site.test/' ), env );
		expect( proxy?.url ).toBe( 'http://127.0.0.1:3128' );
		expect( proxy?.username ).toBe( 'user' );
		expect( proxy?.password?.reveal() ).toBe( 'p@ss' );
		expect( JSON.stringify( proxy ) ).not.toContain( 'p@ss' );
		expect( proxyForUrl( new URL( 'http://site.test/' ), env )?.port ).toBe(
			8080
		);
		expect(
			proxyForUrl( new URL( 'https://internal.test/' ), env )
		).toBeNull();
		expect(
			proxyForUrl( new URL( 'https://a.b.corp.test/' ), env )
		).toBeNull();
		expect(
			proxyForUrl( new URL( 'https://127.0.0.5:8443/' ), env )
		).toBeNull();
		expect(
			proxyForUrl( new URL( 'https://127.0.0.5:9443/' ), env )
		).not.toBeNull();
		expect( proxyForUrl( new URL( 'https://site.test/' ), {} ) ).toBeNull();
	} );

	it( 'matches NO_PROXY entries like curl', () => {
		expect( isBypassed( '*', 'anything.test', 443 ) ).toBe( true );
		expect( isBypassed( 'example.test', 'example.test', 443 ) ).toBe(
			true
		);
		expect( isBypassed( 'example.test', 'www.example.test', 443 ) ).toBe(
			true
		);
		expect( isBypassed( '*.example.test', 'www.example.test', 443 ) ).toBe(
			true
		);
		expect( isBypassed( 'example.test', 'notexample.test', 443 ) ).toBe(
			false
		);
		expect( isBypassed( '', 'example.test', 443 ) ).toBe( false );
	} );

	it( 'Secret redacts itself everywhere', () => {
		const secret = new Secret( 'abc-123-secret' );
		expect( `${ secret }` ).toBe( '[redacted]' );
		expect( JSON.stringify( { secret } ) ).toBe(
			'{"secret":"[redacted]"}'
		);
		expect( inspect( { secret } ) ).not.toContain( 'abc-123' );
	} );
} );
