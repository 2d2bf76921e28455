/**
 * @jest-environment node
 */

/**
 * Where the lab finds the WordPress release zips (7.1, 6.6): the environment variable, then the
 * shared folder checked against its SHA256SUMS, then the archive; what it says when none is
 * there; and that a zip must hold the branch it is used for. Real files and a real (closed)
 * port stand in for the archive; no network.
 */

/**
 * External dependencies
 */
import { createHash } from 'node:crypto';
import {
	existsSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';

/**
 * Internal dependencies
 */
import {
	checksumFor,
	ensureWordPressCore,
	locateWordPressZip,
} from '../../src/lab/wordpress/builds';
import {
	defaultWordPressVersion,
	WORDPRESS_VERSIONS,
} from '../../src/lab/wordpress/versions';

let tmp: string;

beforeEach( () => {
	tmp = mkdtempSync(
		path.join( os.tmpdir(), 'proxy-health-releases-unit-' )
	);
} );

afterEach( () => {
	rmSync( tmp, { recursive: true, force: true } );
} );

/** A closed port on loopback: the archive "download" fails at once, as offline. */
const NO_ARCHIVE = 'http://127.0.0.1:9';

/**
 * Writes a minimal release-shaped zip (top-level wordpress/) declaring `declared`.
 *
 * @param file     Zip to write.
 * @param declared `$wp_version`.
 */
function fakeRelease( file: string, declared: string ): string {
	const zip = new AdmZip();
	zip.addFile(
		'wordpress/wp-includes/version.php',
		Buffer.from( `<?php\n$wp_version = '${ declared }';\n` )
	);
	zip.addFile( 'wordpress/wp-settings.php', Buffer.from( '<?php\n' ) );
	zip.addFile(
		'wordpress/wp-admin/index.php',
		Buffer.from( '<?php // admin\n' )
	);
	zip.writeZip( file );
	return file;
}

function sha256( file: string ): string {
	return createHash( 'sha256' )
		.update( readFileSync( file ) )
		.digest( 'hex' );
}

describe( 'locateWordPressZip', () => {
	it( 'takes the zip the environment variable names first', async () => {
		const zip = fakeRelease( path.join( tmp, 'mine.zip' ), '7.1' );
		const found = await locateWordPressZip( '7.1', {
			env: { PROXY_HEALTH_WP_ZIP_7_1: zip },
			sharedDir: path.join( tmp, 'nowhere' ),
			archive: NO_ARCHIVE,
		} );
		expect( found ).toEqual( {
			file: zip,
			source: 'env',
			release: '7.1.0',
			sha256: sha256( zip ),
		} );
	} );

	it( 'refuses a variable that names no file, naming the variable', async () => {
		await expect(
			locateWordPressZip( '6.6', {
				env: { PROXY_HEALTH_WP_ZIP_6_6: path.join( tmp, 'gone.zip' ) },
				sharedDir: tmp,
				archive: NO_ARCHIVE,
			} )
		).rejects.toThrow(
			/PROXY_HEALTH_WP_ZIP_6_6=.*gone\.zip: no such file/
		);
	} );

	it( 'takes the shared folder when its SHA256SUMS matches, and refuses it when not', async () => {
		const zip = fakeRelease(
			path.join( tmp, 'wordpress-6.6.2.zip' ),
			'6.6.2'
		);
		writeFileSync(
			path.join( tmp, 'SHA256SUMS' ),
			`${ 'a'.repeat( 64 ) }  wordpress-7.1.0.zip\n${ sha256( zip ) }  wordpress-6.6.2.zip\n`
		);
		await expect(
			locateWordPressZip( '6.6', {
				env: {},
				sharedDir: tmp,
				archive: NO_ARCHIVE,
			} )
		).resolves.toMatchObject( {
			file: zip,
			source: 'shared',
			release: '6.6.2',
		} );

		writeFileSync(
			path.join( tmp, 'SHA256SUMS' ),
			`${ 'b'.repeat( 64 ) }  wordpress-6.6.2.zip\n`
		);
		await expect(
			locateWordPressZip( '6.6', {
				env: {},
				sharedDir: tmp,
				archive: NO_ARCHIVE,
			} )
		).rejects.toThrow( /does not match .*SHA256SUMS/ );

		rmSync( path.join( tmp, 'SHA256SUMS' ) );
		await expect(
			locateWordPressZip( '6.6', {
				env: {},
				sharedDir: tmp,
				archive: NO_ARCHIVE,
			} )
		).rejects.toThrow( /has no SHA256SUMS line/ );
	} );

	it( 'says what it tried and how to provide the zip when nothing has it', async () => {
		const error = await locateWordPressZip( '7.1', {
			env: {},
			sharedDir: path.join( tmp, 'shared' ),
			cacheDir: path.join( tmp, 'cache' ),
			archive: NO_ARCHIVE,
		} ).catch( ( e: Error ) => e );
		expect( error ).toBeInstanceOf( Error );
		const message = ( error as Error ).message;
		expect( message ).toContain(
			'WordPress 7.1 release zip (wordpress-7.1.0.zip)'
		);
		expect( message ).toContain( 'PROXY_HEALTH_WP_ZIP_7_1 is not set' );
		expect( message ).toContain(
			`${ path.join( tmp, 'shared', 'wordpress-7.1.0.zip' ) } does not exist`
		);
		expect( message ).toContain( `${ NO_ARCHIVE }/wordpress-7.1.0.zip: ` );
		expect( message ).toContain(
			'set PROXY_HEALTH_WP_ZIP_7_1=/path/to/wordpress-7.1.0.zip'
		);
		// Nothing half-downloaded is left for a later run to trust.
		expect(
			existsSync(
				path.join( tmp, 'cache', 'downloads', 'wordpress-7.1.0.zip' )
			)
		).toBe( false );
	} );
} );

describe( 'ensureWordPressCore with a release zip', () => {
	it( 'unpacks the wordpress/ folder as the core, once per zip', async () => {
		const zip = fakeRelease( path.join( tmp, 'wp.zip' ), '7.1' );
		const cacheDir = path.join( tmp, 'cache' );
		const locate = {
			env: { PROXY_HEALTH_WP_ZIP_7_1: zip },
			archive: NO_ARCHIVE,
		};
		const core = await ensureWordPressCore( '7.1', cacheDir, locate );
		expect( core ).toBe(
			path.join(
				cacheDir,
				'wordpress',
				`release-7.1.0-${ sha256( zip ).slice( 0, 16 ) }`
			)
		);
		expect(
			readFileSync(
				path.join( core, 'wp-includes', 'version.php' ),
				'utf8'
			)
		).toContain( "'7.1'" );
		expect( existsSync( path.join( core, 'wordpress' ) ) ).toBe( false );
		expect( await ensureWordPressCore( '7.1', cacheDir, locate ) ).toBe(
			core
		);
	} );

	it( 'refuses a zip of another branch', async () => {
		const zip = fakeRelease( path.join( tmp, 'wp.zip' ), '6.5.5' );
		await expect(
			ensureWordPressCore( '6.6', path.join( tmp, 'cache' ), {
				env: { PROXY_HEALTH_WP_ZIP_6_6: zip },
				archive: NO_ARCHIVE,
			} )
		).rejects.toThrow( /holds WordPress 6\.5\.5, not 6\.6/ );
		expect( existsSync( path.join( tmp, 'cache', 'wordpress' ) ) ).toBe(
			true
		);
		// The failed unpack left no folder that a later run would take as complete.
		expect( readdirSync( path.join( tmp, 'cache', 'wordpress' ) ) ).toEqual(
			[]
		);
	} );
} );

describe( 'the lab default version', () => {
	it( 'is 7.1, or what PROXY_HEALTH_WP names', () => {
		expect( defaultWordPressVersion( {} ) ).toBe( '7.1' );
		expect( defaultWordPressVersion( { PROXY_HEALTH_WP: '6.6' } ) ).toBe(
			'6.6'
		);
		expect( () =>
			defaultWordPressVersion( { PROXY_HEALTH_WP: '6.4' } )
		).toThrow(
			`PROXY_HEALTH_WP=6.4 is not a lab WordPress version; use one of ${ WORDPRESS_VERSIONS.join(
				', '
			) }.`
		);
	} );
} );

describe( 'checksumFor', () => {
	it( 'reads sha256sum lines, text and binary mode', () => {
		const sums = `${ '1'.repeat( 64 ) }  wordpress-6.6.2.zip\n${ '2'.repeat( 64 ) } *wordpress-7.1.0.zip\n`;
		expect( checksumFor( sums, 'wordpress-7.1.0.zip' ) ).toBe(
			'2'.repeat( 64 )
		);
		expect( checksumFor( sums, 'wordpress-6.6.2.zip' ) ).toBe(
			'1'.repeat( 64 )
		);
		expect( checksumFor( sums, 'wordpress-6.5.zip' ) ).toBeNull();
	} );
} );
