/**
 * Freshly installed lab WordPress sites: a private copy of a core, its own wp-config.php and
 * database, the Proxy Health plugin linked in, an admin with an Application Password.
 */

/**
 * External dependencies
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
	copyFile,
	cp,
	link,
	mkdir,
	readdir,
	readFile,
	rename,
	rm,
	stat,
	symlink,
	utimes,
	writeFile,
} from 'node:fs/promises';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { startMariaDb, type MariaDbServer } from '../db/mariadb';
import { runPhp, type PhpRuntimeKind } from '../runtimes/php-runner';
import {
	defaultCacheDir,
	ensureSqliteIntegration,
	ensureWordPressCore,
	type WordPressVersion,
} from './builds';
import { PLUGIN_DIR } from './paths';
import { defaultWordPressVersion } from './versions';
import {
	LAB_URL_FILE,
	renderLabUrlFile,
	renderWpConfig,
	replaceProxyBlock,
	type ProxyConstants,
	type WpConfigDatabase,
} from './wp-config';

export type LabDatabase = 'sqlite' | 'mariadb';

export interface CreateSiteOptions {
	/** Empty or missing folder that receives the site (`wordpress/`), logs and database. */
	stateDir: string;
	/** WordPress version; `PROXY_HEALTH_WP` when set, else 7.1 (see versions.ts). */
	version?: WordPressVersion;
	/** `sqlite` (default) or `mariadb` (a private server, stopped by `close()`). */
	database?: LabDatabase;
	/** Plugin folders to symlink into wp-content/plugins, by slug. Default: this repo's plugin. */
	plugins?: Record< string, string >;
	/** Plugin files to activate. Default `proxy-health/proxy-health.php`; `[]` for none. */
	activate?: readonly string[];
	/** PEM file of a lab CA that WordPress must trust (verification stays on). */
	caFile?: string;
	/** Proxy constants to start with; none by default. */
	proxy?: ProxyConstants | null;
	/** Pretty permalinks (default true) so `/wp-json/` works as well as `?rest_route=`. */
	prettyPermalinks?: boolean;
	/** Who runs the installer: `auto` (real PHP when present), `native` or `wasm`. */
	php?: 'auto' | PhpRuntimeKind;
	/** Where unpacked cores are cached; `<repo>/.lab/cache` by default. */
	cacheDir?: string;
}

export interface LabSiteAdmin {
	username: string;
	password: string;
	/** For HTTP Basic auth against the REST API, with `username`. */
	applicationPassword: string;
}

export interface LabSite {
	/** The WordPress folder (ABSPATH). */
	readonly root: string;
	readonly stateDir: string;
	/** Server and database logs. */
	readonly logDir: string;
	readonly version: WordPressVersion;
	/** The release installed, as its version.php declares it (`7.1` for 7.1.0, `6.6.2`). */
	readonly wordpress: string;
	readonly database: LabDatabase;
	/** Connection of the private MariaDB, when the site uses it. */
	readonly mariadb: Omit< MariaDbServer, 'stop' > | null;
	readonly admin: LabSiteAdmin;
	/** Symlinked plugins by slug (runtimes that cannot follow symlinks mount these). */
	readonly plugins: Readonly< Record< string, string > >;
	/** Which PHP ran the installer. */
	readonly installedWith: PhpRuntimeKind;
	/** The URL last set with `setUrl`, or null before a server started. */
	readonly url: string | null;
	/** Rewrites the proxy block of wp-config.php; null removes the proxy. Takes effect at once. */
	setProxy: ( constants: ProxyConstants | null ) => Promise< void >;
	/** Points WP_HOME and WP_SITEURL at a server's URL (done by the runtimes when they start). */
	setUrl: ( url: string ) => Promise< void >;
	/** Stops the site's database server, if any. Servers are stopped by their own handles. */
	close: () => Promise< void >;
}

/** Before a server starts, the site answers to this (only used while installing). */
const PLACEHOLDER_URL = 'http://127.0.0.1';
const INSTALL_SCRIPT = path.join( __dirname, 'install.php' );
const RESULT_PREFIX = 'PROXY_HEALTH_LAB_RESULT ';

interface InstallResult {
	userId: number;
	applicationPassword: string;
	activated: string[];
	wordpress: string;
	php: string;
	error?: string;
}

/**
 * Creates and installs a lab WordPress site.
 *
 * @param options Where, which version, which database, plugins, CA and proxy.
 */
export async function createSite(
	options: CreateSiteOptions
): Promise< LabSite > {
	const version = options.version ?? defaultWordPressVersion();
	const database = options.database ?? 'sqlite';
	const plugins = options.plugins ?? { 'proxy-health': PLUGIN_DIR };
	const activate = options.activate ?? [ 'proxy-health/proxy-health.php' ];
	const cacheDir = options.cacheDir ?? defaultCacheDir();
	const stateDir = path.resolve( options.stateDir );
	const root = path.join( stateDir, 'wordpress' );
	const logDir = path.join( stateDir, 'logs' );

	await assertEmptyOrMissing( stateDir );
	await mkdir( logDir, { recursive: true } );

	const core = await ensureWordPressCore( version, cacheDir );
	await copyCore( core, root );
	// The cache is stripped already; a hand-made cache might not be.
	await rm( path.join( root, 'wp-config.php' ), { force: true } );
	await rm( path.join( root, 'wp-content', 'database', '.ht.sqlite' ), {
		force: true,
	} );

	let mariadb: MariaDbServer | null = null;
	let dbConfig: WpConfigDatabase = { type: 'sqlite' };
	if ( database === 'mariadb' ) {
		mariadb = await startMariaDb( stateDir );
		dbConfig = {
			type: 'mariadb',
			host: mariadb.host,
			port: mariadb.port,
			name: mariadb.database,
			user: mariadb.user,
			password: mariadb.password,
		};
	} else {
		await installSqliteDropIn( root, cacheDir );
	}

	try {
		await writeFile(
			path.join( root, 'wp-config.php' ),
			renderWpConfig( {
				database: dbConfig,
				proxy: options.proxy ?? null,
			} )
		);
		await writeFile(
			path.join( root, LAB_URL_FILE ),
			renderLabUrlFile( PLACEHOLDER_URL )
		);
		for ( const [ slug, source ] of Object.entries( plugins ) ) {
			await linkPlugin( root, slug, source );
		}
		if ( options.caFile ) {
			await installLabCa( root, options.caFile );
		}
		await installLabMailbox( root );

		const password = randomBytes( 18 ).toString( 'base64url' );
		const { result, runtime } = await install( root, {
			password,
			activate,
			prettyPermalinks: options.prettyPermalinks ?? true,
			php: options.php ?? 'auto',
			mounts: Object.values( plugins ),
		} );

		let url: string | null = null;
		const site: LabSite = {
			root,
			stateDir,
			logDir,
			version,
			wordpress: result.wordpress,
			database,
			mariadb: mariadb ? withoutStop( mariadb ) : null,
			admin: {
				username: 'admin',
				password,
				applicationPassword: result.applicationPassword,
			},
			plugins: { ...plugins },
			installedWith: runtime,
			get url() {
				return url;
			},
			async setProxy( constants ) {
				const file = path.join( root, 'wp-config.php' );
				await writeAtomically(
					file,
					replaceProxyBlock(
						await readFile( file, 'utf8' ),
						constants
					)
				);
			},
			async setUrl( next ) {
				await writeAtomically(
					path.join( root, LAB_URL_FILE ),
					renderLabUrlFile( next )
				);
				url = next.replace( /\/+$/, '' );
			},
			async close() {
				await mariadb?.stop();
			},
		};
		return site;
	} catch ( error ) {
		await mariadb?.stop();
		throw error;
	}
}

/** Core folders WordPress never writes to while auto-updates are off (the lab's wp-config). */
const LINKED_CORE_FOLDERS = [ 'wp-admin', 'wp-includes' ];

/**
 * Makes the site's copy of a core. wp-admin and wp-includes (nine tenths of the files) are
 * hard links into the cache, which takes a fraction of a second instead of seconds; the rest
 * is copied because sites write there. Falls back to copying when the cache is on another
 * file system.
 *
 * @param core Cached core folder.
 * @param root Site folder to create.
 */
async function copyCore( core: string, root: string ): Promise< void > {
	await cp( core, root, {
		recursive: true,
		filter: ( source ) => {
			const relative = path.relative( core, source );
			return (
				! path.basename( source ).startsWith( '.proxy-health-lab' ) &&
				! LINKED_CORE_FOLDERS.includes(
					relative.split( path.sep )[ 0 ] ?? ''
				)
			);
		},
	} );
	for ( const folder of LINKED_CORE_FOLDERS ) {
		const entries = await readdir( path.join( core, folder ), {
			recursive: true,
			withFileTypes: true,
		} );
		await mkdir( path.join( root, folder ), { recursive: true } );
		for ( const entry of entries ) {
			const source = path.join(
				entry.parentPath ?? entry.path,
				entry.name
			);
			const target = path.join( root, path.relative( core, source ) );
			if ( entry.isDirectory() ) {
				await mkdir( target, { recursive: true } );
			} else if ( entry.isFile() ) {
				await mkdir( path.dirname( target ), { recursive: true } );
				try {
					await link( source, target );
				} catch {
					await copyFile( source, target );
				}
			}
		}
	}
}

/**
 * Copies the SQLite Database Integration into wp-content and writes its db.php drop-in.
 *
 * The implementation lives outside wp-content/plugins: the site's plugin list stays what a test
 * set up, and the drop-in's "activate me" footer hook finds nothing to activate.
 *
 * @param root     Site folder.
 * @param cacheDir Cache folder.
 */
async function installSqliteDropIn(
	root: string,
	cacheDir: string
): Promise< void > {
	const integration = await ensureSqliteIntegration( cacheDir );
	const target = path.join(
		root,
		'wp-content',
		'sqlite-database-integration'
	);
	await cp( integration, target, {
		recursive: true,
		filter: ( source ) => path.basename( source ) !== 'tests',
	} );
	const dropIn = (
		await readFile( path.join( integration, 'db.copy' ), 'utf8' )
	)
		// Relative to the drop-in, so the path holds on real PHP and under Playground's /wordpress.
		.replace(
			"'{SQLITE_IMPLEMENTATION_FOLDER_PATH}'",
			"__DIR__ . '/sqlite-database-integration'"
		)
		.replace(
			/\{SQLITE_PLUGIN\}/g,
			'sqlite-database-integration/load.php'
		);
	await writeFile( path.join( root, 'wp-content', 'db.php' ), dropIn );
}

/**
 * Symlinks a plugin folder into the site, so edits to the sources show at once.
 *
 * @param root   Site folder.
 * @param slug   Folder name under wp-content/plugins.
 * @param source Plugin folder.
 */
async function linkPlugin(
	root: string,
	slug: string,
	source: string
): Promise< void > {
	if ( ! /^[a-z0-9][a-z0-9._-]*$/i.test( slug ) ) {
		throw new Error( `"${ slug }" is not a plugin folder name.` );
	}
	if ( ! existsSync( source ) ) {
		throw new Error( `Plugin folder ${ source } does not exist.` );
	}
	await symlink(
		path.resolve( source ),
		path.join( root, 'wp-content', 'plugins', slug ),
		'dir'
	);
}

/**
 * Makes WordPress trust the lab CA through a lab-only must-use plugin.
 *
 * The bundle is WordPress's own plus the lab CA, so public CAs stay trusted and certificate
 * verification is never switched off.
 *
 * @param root   Site folder.
 * @param caFile PEM file of the lab CA.
 */
async function installLabCa( root: string, caFile: string ): Promise< void > {
	const bundled = await readFile(
		path.join( root, 'wp-includes', 'certificates', 'ca-bundle.crt' ),
		'utf8'
	);
	const labCa = await readFile( caFile, 'utf8' );
	if ( ! labCa.includes( '-----BEGIN CERTIFICATE-----' ) ) {
		throw new Error( `${ caFile } holds no PEM certificate.` );
	}
	await writeFile(
		path.join( root, 'wp-content', 'proxy-health-lab-ca-bundle.crt' ),
		`${ bundled.trimEnd() }\n\nProxy Health lab CA\n===================\n${ labCa.trim() }\n`
	);
	await writeLabMuPlugin(
		root,
		'proxy-health-lab-ca.php',
		'Proxy Health lab CA',
		'Lab only. Trusts the lab CA for outbound HTTPS; verification stays on.',
		[
			'add_filter(',
			"\t'http_request_args',",
			'\tstatic function ( array $args ): array {',
			"\t\t$args['sslcertificates'] = WP_CONTENT_DIR . '/proxy-health-lab-ca-bundle.crt';",
			'\t\treturn $args;',
			'\t}',
			');',
		]
	);
}

/** Where the lab's mailbox keeps what wp_mail() was asked to send, one JSON object a line. */
export const LAB_MAILBOX = path.join(
	'wp-content',
	'proxy-health-lab-mail.jsonl'
);

export interface LabMail {
	to: string[];
	subject: string;
	message: string;
}

/**
 * What the site's wp_mail() was asked to send since it was installed, oldest first.
 *
 * @param site Lab site.
 */
export async function readLabMailbox(
	site: Pick< LabSite, 'root' >
): Promise< LabMail[] > {
	const text = await readFile(
		path.join( site.root, LAB_MAILBOX ),
		'utf8'
	).catch( ( error: NodeJS.ErrnoException ) => {
		if ( error.code === 'ENOENT' ) {
			return '';
		}
		throw error;
	} );
	return text
		.split( '\n' )
		.filter( ( line ) => line !== '' )
		.map( ( line ) => JSON.parse( line ) as LabMail );
}

/**
 * A mailbox for the lab site: the machine has no mail server, so wp_mail() (Proxy Health's
 * alerts, core's notices) is answered by a must-use plugin that records each message and
 * reports it sent, instead of PHPMailer calling a sendmail that is not there.
 *
 * @param root Site folder.
 */
async function installLabMailbox( root: string ): Promise< void > {
	await writeLabMuPlugin(
		root,
		'proxy-health-lab-mail.php',
		'Proxy Health lab mailbox',
		`Lab only. Records what wp_mail() sends in ${ LAB_MAILBOX.replace( /\\/g, '/' ) } instead of sending it.`,
		[
			'add_filter(',
			"\t'pre_wp_mail',",
			'\tstatic function ( $short_circuit, array $atts ) {',
			"\t\t$to = is_array( $atts['to'] ) ? $atts['to'] : explode( ',', (string) $atts['to'] );",
			"\t\t$line = wp_json_encode( array( 'to' => array_values( array_map( 'trim', $to ) ), 'subject' => (string) $atts['subject'], 'message' => (string) $atts['message'] ) );",
			'\t\tfile_put_contents( WP_CONTENT_DIR . \'/proxy-health-lab-mail.jsonl\', $line . "\\n", FILE_APPEND | LOCK_EX );',
			'\t\treturn true;',
			'\t},',
			'\t10,',
			'\t2',
			');',
		]
	);
}

/**
 * Writes one of the lab's own must-use plugins (strict types, a header that says it is lab only).
 *
 * @param root        Site folder.
 * @param file        File name in mu-plugins/.
 * @param name        Plugin Name.
 * @param description Description.
 * @param body        PHP lines after the header.
 */
async function writeLabMuPlugin(
	root: string,
	file: string,
	name: string,
	description: string,
	body: readonly string[]
): Promise< void > {
	const dir = path.join( root, 'wp-content', 'mu-plugins' );
	await mkdir( dir, { recursive: true } );
	await writeFile(
		path.join( dir, file ),
		[
			'<?php',
			'/**',
			` * Plugin Name: ${ name }`,
			` * Description: ${ description }`,
			' *',
			' * @package ProxyHealth',
			' */',
			'',
			'declare(strict_types = 1);',
			'',
			...body,
			'',
		].join( '\n' )
	);
}

interface InstallOptions {
	password: string;
	activate: readonly string[];
	prettyPermalinks: boolean;
	php: 'auto' | PhpRuntimeKind;
	mounts: readonly string[];
}

async function install(
	root: string,
	options: InstallOptions
): Promise< { result: InstallResult; runtime: PhpRuntimeKind } > {
	const run = await runPhp( INSTALL_SCRIPT, {
		cwd: root,
		runtime: options.php,
		mounts: options.mounts,
		// On php-wasm the installer boots the whole core in WebAssembly: 7.1 took over two
		// minutes on a busy 2-core machine. A bound, not a measurement.
		timeoutMs: 300_000,
		env: {
			PROXY_HEALTH_LAB_ROOT: root,
			PROXY_HEALTH_LAB_ADMIN_PASSWORD: options.password,
			PROXY_HEALTH_LAB_ACTIVATE: JSON.stringify( options.activate ),
			PROXY_HEALTH_LAB_PERMALINKS: options.prettyPermalinks ? '1' : '0',
		},
	} );
	const lines = run.stdout.split( '\n' );
	const resultLine = lines.find( ( line ) =>
		line.startsWith( RESULT_PREFIX )
	);
	// The result line carries the Application Password: never echo it in an error.
	const noise = lines
		.filter( ( line ) => ! line.startsWith( RESULT_PREFIX ) )
		.join( '\n' )
		.trim();
	let result: InstallResult | undefined;
	try {
		result = resultLine
			? ( JSON.parse(
					resultLine.slice( RESULT_PREFIX.length )
				) as InstallResult )
			: undefined;
	} catch {
		result = undefined;
	}
	if ( run.exitCode !== 0 || ! result || result.error ) {
		throw new Error(
			`Installing WordPress in ${ root } failed (${ run.runtime } PHP, exit ${ run.exitCode }): ${
				result?.error ?? 'no result'
			}\n${ tail( noise ) }\n${ tail( run.stderr ) }`.trim()
		);
	}
	return { result, runtime: run.runtime };
}

async function assertEmptyOrMissing( folder: string ): Promise< void > {
	if ( existsSync( folder ) && ( await readdir( folder ) ).length > 0 ) {
		throw new Error(
			`${ folder } is not empty; a lab site needs a fresh state folder.`
		);
	}
}

/**
 * Replaces a file in one step (servers read wp-config.php on every request) with a modification
 * time later than the old one by at least a second: OPcache compares whole-second timestamps,
 * so two writes within one second would otherwise leave the old code cached.
 *
 * @param file     Target.
 * @param contents New contents.
 */
async function writeAtomically(
	file: string,
	contents: string
): Promise< void > {
	const previous = existsSync( file )
		? ( await stat( file ) ).mtimeMs / 1000
		: 0;
	const mtime = Math.max( Date.now() / 1000, Math.floor( previous ) + 1 );
	const temporary = `${ file }.${ process.pid }.${ randomBytes( 4 ).toString( 'hex' ) }.tmp`;
	await writeFile( temporary, contents );
	await utimes( temporary, mtime, mtime );
	await rename( temporary, file );
}

function withoutStop( server: MariaDbServer ): Omit< MariaDbServer, 'stop' > {
	const { stop: _stop, ...rest } = server;
	return rest;
}

function tail( text: string, lines = 20 ): string {
	return text.split( '\n' ).slice( -lines ).join( '\n' );
}
