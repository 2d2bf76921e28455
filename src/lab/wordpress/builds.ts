/**
 * WordPress cores for the lab.
 *
 * 7.1 and 6.6 are the official release zips (7.1.0, the current release, and 6.6.2, the
 * plugin's "Requires at least"), found in this order: an environment variable naming the zip,
 * `../shared/wordpress/wordpress-<release>.zip` next to the checkout (checked against the
 * `SHA256SUMS` beside it), a download from the official archive (checked against its published
 * SHA-1). 6.5 and nightly come from `@wp-playground/wordpress-builds` (no network). Every core
 * is unpacked once into the cache, in a folder named after its source and checksum.
 */

/**
 * External dependencies
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import {
	chmod,
	cp,
	mkdir,
	readdir,
	readFile,
	rename,
	rm,
	rmdir,
	writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import AdmZip from 'adm-zip';

/**
 * Internal dependencies
 */
import { REPO_ROOT } from './paths';
import {
	WORDPRESS_RELEASES,
	WORDPRESS_VERSIONS,
	type WordPressRelease,
	type WordPressVersion,
} from './versions';

export { WORDPRESS_VERSIONS, type WordPressVersion };

/** Versions taken from `@wp-playground/wordpress-builds`, by build name inside the package. */
const BUILD_NAMES: Record<
	Exclude< WordPressVersion, WordPressRelease >,
	string
> = {
	'6.5': '6.5',
	nightly: 'nightly',
};

const BUILDS_PACKAGE = path.join(
	REPO_ROOT,
	'node_modules',
	'@wp-playground',
	'wordpress-builds'
);

/** Where a checkout finds release zips it was given (`<repo>/../shared/wordpress`). */
export const SHARED_WORDPRESS_DIR = path.resolve(
	REPO_ROOT,
	'..',
	'shared',
	'wordpress'
);

/** The official archive of WordPress releases. */
export const WORDPRESS_ARCHIVE = 'https://wordpress.org';

/** Written last, so a folder without it is a half-finished unpack. */
const COMPLETE_MARKER = '.proxy-health-lab-complete';

/**
 * The default cache folder, `<repo>/.lab/cache` (ignored by git).
 */
export function defaultCacheDir(): string {
	return path.join( REPO_ROOT, '.lab', 'cache' );
}

/** Where a release zip came from. */
export interface WordPressZip {
	/** The zip file. */
	file: string;
	/** `env` (the variable named it), `shared` (../shared/wordpress) or `download`. */
	source: 'env' | 'shared' | 'download';
	/** The release it must hold, e.g. `7.1.0`. */
	release: string;
	/** SHA-256 of the zip. */
	sha256: string;
}

export interface LocateOptions {
	/** Environment (process.env by default). */
	env?: Readonly< Record< string, string | undefined > >;
	/** The shared folder; `<repo>/../shared/wordpress` by default. */
	sharedDir?: string;
	/** Cache folder for downloads; `<repo>/.lab/cache` by default. */
	cacheDir?: string;
	/** The archive to download from; the official one by default. */
	archive?: string;
}

/**
 * Finds the release zip for 7.1 or 6.6: the environment variable, then the shared folder,
 * then a download (kept in the cache). Throws an error that names what was tried and how to
 * provide the zip when none is found.
 *
 * @param version 7.1 or 6.6.
 * @param options Where to look.
 */
export async function locateWordPressZip(
	version: WordPressRelease,
	options: LocateOptions = {}
): Promise< WordPressZip > {
	const { release, zipEnv } = WORDPRESS_RELEASES[ version ];
	const env = options.env ?? process.env;
	const name = `wordpress-${ release }.zip`;

	const named = env[ zipEnv ]?.trim();
	if ( named ) {
		const file = path.resolve( named );
		if ( ! existsSync( file ) ) {
			throw new Error(
				`${ zipEnv }=${ named }: no such file. It should name the WordPress ${ version } release zip (${ name }).`
			);
		}
		return { file, source: 'env', release, sha256: sha256Of( file ) };
	}

	const tried: string[] = [ `${ zipEnv } is not set` ];
	const sharedDir = options.sharedDir ?? SHARED_WORDPRESS_DIR;
	const shared = path.join( sharedDir, name );
	if ( existsSync( shared ) ) {
		const sums = path.join( sharedDir, 'SHA256SUMS' );
		const expected = existsSync( sums )
			? checksumFor( readFileSync( sums, 'utf8' ), name )
			: null;
		if ( ! expected ) {
			throw new Error(
				`${ shared } has no SHA256SUMS line in ${ sums }; add one (sha256sum ${ name } >> SHA256SUMS) or name the zip with ${ zipEnv }.`
			);
		}
		const actual = sha256Of( shared );
		if ( actual !== expected ) {
			throw new Error(
				`${ shared } does not match ${ sums } (SHA-256 ${ actual }, expected ${ expected }): the file is damaged or not the release.`
			);
		}
		return { file: shared, source: 'shared', release, sha256: actual };
	}
	tried.push( `${ shared } does not exist` );

	const archive = options.archive ?? WORDPRESS_ARCHIVE;
	const url = `${ archive }/${ name }`;
	const downloads = path.join(
		options.cacheDir ?? defaultCacheDir(),
		'downloads'
	);
	const downloaded = path.join( downloads, name );
	try {
		await download( url, downloaded );
		return {
			file: downloaded,
			source: 'download',
			release,
			sha256: sha256Of( downloaded ),
		};
	} catch ( error ) {
		tried.push( `${ url }: ${ ( error as Error ).message }` );
	}
	throw new Error(
		[
			`The lab needs the WordPress ${ version } release zip (${ name }) and found none:`,
			...tried.map( ( line ) => `  - ${ line }` ),
			`Download ${ url } where the internet is reachable, then set ${ zipEnv }=/path/to/${ name } (or put it in ${ sharedDir } with a SHA256SUMS line).`,
		].join( '\n' )
	);
}

/**
 * Downloads a release zip and its published SHA-1 into `file` (kept for later runs, checked
 * again each time).
 *
 * @param url  Zip URL; `<url>.sha1` holds its SHA-1.
 * @param file Where to keep it.
 */
async function download( url: string, file: string ): Promise< void > {
	const sha1File = `${ file }.sha1`;
	if ( existsSync( file ) && existsSync( sha1File ) ) {
		if ( sha1Of( file ) === readFileSync( sha1File, 'utf8' ).trim() ) {
			return;
		}
	}
	const fetchOk = async ( target: string ): Promise< Response > => {
		let response: Response;
		try {
			response = await fetch( target, {
				signal: AbortSignal.timeout( 300_000 ),
			} );
		} catch ( error ) {
			const cause = ( error as { cause?: { code?: string } } ).cause;
			throw new Error(
				`${ ( error as Error ).message }${ cause?.code ? ` (${ cause.code })` : '' }`
			);
		}
		if ( ! response.ok ) {
			throw new Error( `HTTP ${ response.status }` );
		}
		return response;
	};
	const expected = ( await ( await fetchOk( `${ url }.sha1` ) ).text() )
		.trim()
		.split( /\s+/ )[ 0 ]
		?.toLowerCase();
	if ( ! expected || ! /^[0-9a-f]{40}$/.test( expected ) ) {
		throw new Error( `${ url }.sha1 holds no SHA-1` );
	}
	const body = Buffer.from( await ( await fetchOk( url ) ).arrayBuffer() );
	const actual = createHash( 'sha1' ).update( body ).digest( 'hex' );
	if ( actual !== expected ) {
		throw new Error(
			`downloaded zip has SHA-1 ${ actual }, the archive says ${ expected }`
		);
	}
	await mkdir( path.dirname( file ), { recursive: true } );
	const temporary = `${ file }.tmp-${ process.pid }`;
	await writeFile( temporary, body );
	await rename( temporary, file );
	await writeFile( sha1File, `${ expected }\n` );
}

/**
 * The checksum `SHA256SUMS` lists for a file name, or null.
 *
 * @param sums Contents of a `sha256sum` output file.
 * @param name File name.
 */
export function checksumFor( sums: string, name: string ): string | null {
	for ( const line of sums.split( '\n' ) ) {
		const match = /^([0-9a-f]{64})\s+\*?(\S.*)$/i.exec( line.trim() );
		if ( match && path.basename( match[ 2 ] ?? '' ) === name ) {
			return ( match[ 1 ] ?? '' ).toLowerCase();
		}
	}
	return null;
}

function sha256Of( file: string ): string {
	return createHash( 'sha256' )
		.update( readFileSync( file ) )
		.digest( 'hex' );
}

function sha1Of( file: string ): string {
	return createHash( 'sha1' ).update( readFileSync( file ) ).digest( 'hex' );
}

/**
 * The `$wp_version` a core folder declares.
 *
 * @param root WordPress folder.
 */
export async function readWordPressVersion( root: string ): Promise< string > {
	const source = await readFile(
		path.join( root, 'wp-includes', 'version.php' ),
		'utf8'
	);
	const match = /\$wp_version\s*=\s*'([^']+)'/.exec( source );
	if ( ! match?.[ 1 ] ) {
		throw new Error(
			`${ root }/wp-includes/version.php has no $wp_version.`
		);
	}
	return match[ 1 ];
}

/**
 * Returns a folder holding a complete WordPress core for `version`, unpacking it on first use.
 *
 * Release zips (7.1, 6.6) hold the whole tree under `wordpress/`; the version they declare must
 * be of the asked branch. The builds package's zips lack the static assets (wp-admin CSS, block
 * editor scripts); the package keeps them in `public/wp-<build>/`, which is copied over the
 * unpacked core, and its Playground `wp-config.php` and pre-built SQLite database are removed.
 * Every lab site writes its own config and runs a fresh install.
 *
 * @param version  WordPress version.
 * @param cacheDir Cache folder; defaults to `<repo>/.lab/cache`.
 * @param locate   Where release zips are looked for (tests).
 * @return Absolute path of the core folder. Treat it as read-only; sites copy it.
 */
export async function ensureWordPressCore(
	version: WordPressVersion,
	cacheDir: string = defaultCacheDir(),
	locate: LocateOptions = {}
): Promise< string > {
	if ( version === '7.1' || version === '6.6' ) {
		const zip = await locateWordPressZip( version, {
			cacheDir,
			...locate,
		} );
		return unpackOnce(
			path.join(
				cacheDir,
				'wordpress',
				`release-${ zip.release }-${ zip.sha256.slice( 0, 16 ) }`
			),
			async ( target ) => {
				new AdmZip( zip.file ).extractAllTo( target, true );
				const inner = path.join( target, 'wordpress' );
				if ( ! existsSync( path.join( inner, 'wp-settings.php' ) ) ) {
					throw new Error(
						`${ zip.file } has no wordpress/wp-settings.php: not a WordPress release zip.`
					);
				}
				for ( const entry of await readdir( inner ) ) {
					await rename(
						path.join( inner, entry ),
						path.join( target, entry )
					);
				}
				await rmdir( inner );
				const declared = await readWordPressVersion( target );
				if (
					declared !== version &&
					! declared.startsWith( `${ version }.` )
				) {
					throw new Error(
						`${ zip.file } holds WordPress ${ declared }, not ${ version }.`
					);
				}
				await makeFilesPrivate( target );
				await rm( path.join( target, 'wp-config.php' ), {
					force: true,
				} );
			}
		);
	}
	const build = BUILD_NAMES[ version ];
	if ( ! build ) {
		throw new Error( `Unknown lab WordPress version "${ version }".` );
	}
	return unpackOnce(
		path.join(
			cacheDir,
			'wordpress',
			`builds-${ buildsVersion() }-${ build }`
		),
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
				{
					force: true,
				}
			);
		}
	);
}

/** The installed builds package's version: its unpacked files are cached under it. */
function buildsVersion(): string {
	return (
		JSON.parse(
			readFileSync( path.join( BUILDS_PACKAGE, 'package.json' ), 'utf8' )
		) as { version: string }
	 ).version;
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
		path.join(
			cacheDir,
			`sqlite-database-integration-${ buildsVersion() }`
		),
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
