/**
 * `npm run plugin-zip`: proxy-health.zip, installable through Plugins → Add New → Upload.
 *
 * The zip holds one folder, proxy-health/, with the PHP plugin, the built panel (which
 * `npm run build` writes into plugin/build/, so that a checkout's plugin folder is itself a
 * working plugin for the lab) and readme.txt.
 */

/**
 * External dependencies
 */
import AdmZip from 'adm-zip';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve( __dirname, '..' );

/**
 * Writes the zip and returns its path. Fails when the panel was not built.
 *
 * @param output Where to write the zip.
 */
export function makePluginZip(
	output = path.join( ROOT, 'proxy-health.zip' )
): string {
	const buildDir = path.join( ROOT, 'plugin', 'build' );
	if ( ! existsSync( path.join( buildDir, 'index.asset.php' ) ) ) {
		throw new Error(
			'plugin/build/ is missing: run `npm run build` first.'
		);
	}
	const zip = new AdmZip();
	addTree( zip, path.join( ROOT, 'plugin' ), 'proxy-health' );
	zip.addLocalFile( path.join( ROOT, 'readme.txt' ), 'proxy-health' );
	zip.writeZip( output );
	return output;
}

/**
 * Adds a folder's files under a prefix, leaving out dotfiles (editor and VCS leftovers).
 *
 * @param zip    Archive.
 * @param dir    Folder on disk.
 * @param prefix Folder inside the zip.
 */
function addTree( zip: AdmZip, dir: string, prefix: string ): void {
	for ( const name of readdirSync( dir ).sort() ) {
		if ( name.startsWith( '.' ) ) {
			continue;
		}
		const full = path.join( dir, name );
		if ( statSync( full ).isDirectory() ) {
			addTree( zip, full, `${ prefix }/${ name }` );
		} else {
			zip.addLocalFile( full, prefix );
		}
	}
}

if ( require.main === module ) {
	console.log( `Wrote ${ path.relative( process.cwd(), makePluginZip() ) }` );
}
