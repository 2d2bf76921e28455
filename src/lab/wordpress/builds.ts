/**
 * WordPress cores for the lab, unpacked once from `@wp-playground/wordpress-builds` (no network).
 */

/**
 * External dependencies
 */
import { existsSync } from 'node:fs';
import {
	chmod,
	cp,
	mkdir,
	readdir,
	rename,
	rm,
	writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import AdmZip from 'adm-zip';

/**
 * Internal dependencies
 */
import { REPO_ROOT } from './paths';

/** The WordPress builds the lab can run. */
export type WordPressVersion = '6.6' | '6.5' | 'nightly';

export const WORDPRESS_VERSIONS: readonly WordPressVersion[] = [
	'6.6',
	'6.5',
	'nightly',
];

/** Build names inside the package: 6.6 is only published there as the `beta` (6.6-RC3). */
const BUILD_NAMES: Record< WordPressVersion, string > = {
	'6.6': 'beta',
	'6.5': '6.5',
	nightly: 'nightly',
};

const BUILDS_PACKAGE = path.join(
	REPO_ROOT,
	'node_modules',
	'@wp-playground',
	'wordpress-builds'
);

/** Written last, so a folder without it is a half-finished unpack. */
const COMPLETE_MARKER = '.proxy-health-lab-complete';

/**
 * The default cache folder, `<repo>/.lab/cache` (ignored by git).
 */
export function defaultCacheDir(): string {
	return path.join( REPO_ROOT, '.lab', 'cache' );
}

/**
 * Returns a folder holding a complete WordPress core for `version`, unpacking it on first use.
 *
 * The zip lacks the static assets (wp-admin CSS, block editor scripts); the package keeps them
 * in `public/wp-<build>/`, which is copied over the unpacked core. The Playground `wp-config.php`
 * and the pre-built SQLite database are removed: every lab site writes its own config and runs
 * a fresh install.
 *
 * @param version  WordPress version.
 * @param cacheDir Cache folder; defaults to `<repo>/.lab/cache`.
 * @return Absolute path of the core folder. Treat it as read-only; sites copy it.
 */
export async function ensureWordPressCore(
	version: WordPressVersion,
	cacheDir: string = defaultCacheDir()
): Promise< string > {
	const build = BUILD_NAMES[ version ];
	if ( ! build ) {
		throw new Error( `Unknown lab WordPress version "${ version }".` );
	}
	return unpackOnce(
		path.join( cacheDir, 'wordpress', version ),
		async ( target ) => {
			new AdmZip(
				path.join(
					BUILDS_PACKAGE,
					'src',
					'wordpress',
					`wp-${ build }.zip`
				)
			).extractAllTo( target, true );
			await makeFilesPrivate( target );
			await cp(
				path.join( BUILDS_PACKAGE, 'public', `wp-${ build }` ),
				target,
				{
					recursive: true,
					force: true,
				}
			);
			await rm( path.join( target, 'wp-config.php' ), { force: true } );
			await rm(
				path.join( target, 'wp-content', 'database', '.ht.sqlite' ),
				{ force: true }
			);
		}
	);
}

/**
 * Returns the unpacked SQLite Database Integration (the folder holding `load.php` and `db.copy`).
 *
 * @param cacheDir Cache folder; defaults to `<repo>/.lab/cache`.
 */
export async function ensureSqliteIntegration(
	cacheDir: string = defaultCacheDir()
): Promise< string > {
	const folder = await unpackOnce(
		path.join( cacheDir, 'sqlite-database-integration' ),
		async ( target ) => {
			new AdmZip(
				path.join(
					BUILDS_PACKAGE,
					'src',
					'sqlite-database-integration',
					'sqlite-database-integration.zip'
				)
			).extractAllTo( target, true );
			await makeFilesPrivate( target );
		}
	);
	return path.join( folder, 'sqlite-database-integration-main' );
}

/**
 * adm-zip writes every file world-writable (0666, whatever the umask); WordPress code should
 * not be, even in a lab.
 *
 * @param folder Unpacked folder.
 */
async function makeFilesPrivate( folder: string ): Promise< void > {
	const entries = await readdir( folder, {
		recursive: true,
		withFileTypes: true,
	} );
	for ( const entry of entries ) {
		if ( entry.isFile() ) {
			await chmod(
				path.join( entry.parentPath ?? entry.path, entry.name ),
				0o644
			);
		}
	}
}

/**
 * Unpacks into a private temporary folder and renames it into place, so parallel test workers
 * never see a partial folder and a crash never leaves one behind as "done".
 *
 * @param target Final folder.
 * @param fill   Fills the temporary folder.
 */
async function unpackOnce(
	target: string,
	fill: ( folder: string ) => Promise< void >
): Promise< string > {
	if ( existsSync( path.join( target, COMPLETE_MARKER ) ) ) {
		return target;
	}
	const temporary = `${ target }.tmp-${ process.pid }-${ Date.now() }`;
	await mkdir( temporary, { recursive: true } );
	try {
		await fill( temporary );
		await writeFile(
			path.join( temporary, COMPLETE_MARKER ),
			new Date().toISOString()
		);
		if ( existsSync( path.join( target, COMPLETE_MARKER ) ) ) {
			// Another process finished first; its copy may already be in use.
			await rm( temporary, { recursive: true, force: true } );
			return target;
		}
		await rm( target, { recursive: true, force: true } );
		await rename( temporary, target );
	} catch ( error ) {
		await rm( temporary, { recursive: true, force: true } );
		// Another process may have finished the same unpack first.
		if ( existsSync( path.join( target, COMPLETE_MARKER ) ) ) {
			return target;
		}
		throw error;
	}
	return target;
}
