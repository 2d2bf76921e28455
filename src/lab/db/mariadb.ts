/**
 * A private MariaDB server for lab sites that use MySQL instead of SQLite.
 *
 * Debian's `mariadb-server` binaries, a data folder inside the caller's state folder, a free
 * loopback port and one database user with a random password. Never touches the system server.
 */

/**
 * External dependencies
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { startProcess } from '../processes';
import { getFreePort, waitForPort } from '../ports';

export interface MariaDbServer {
	host: '127.0.0.1';
	port: number;
	/** Unix socket of the server. */
	socket: string;
	user: string;
	password: string;
	/** The one database created for the site. */
	database: string;
	/** Stops the server (its data folder stays until the state folder is removed). */
	stop: () => Promise< void >;
}

const INSTALL_DB = 'mariadb-install-db';
const CLIENT = 'mariadb';
const SERVER_CANDIDATES = [ '/usr/sbin/mariadbd', '/usr/sbin/mysqld' ];

/**
 * Whether the MariaDB server binaries are installed.
 */
export function hasMariaDb(): boolean {
	return SERVER_CANDIDATES.some( ( candidate ) => existsSync( candidate ) );
}

/**
 * Initialises a data folder under `stateDir/mariadb` and starts a server on 127.0.0.1.
 *
 * @param stateDir Folder that receives `mariadb/` (data), and `logs/mariadb.log`.
 */
export async function startMariaDb(
	stateDir: string
): Promise< MariaDbServer > {
	const server = SERVER_CANDIDATES.find( ( candidate ) =>
		existsSync( candidate )
	);
	if ( ! server ) {
		throw new Error(
			'MariaDB is not installed (apt-get install mariadb-server); use the SQLite database instead.'
		);
	}
	const baseDir = path.join( stateDir, 'mariadb' );
	const dataDir = path.join( baseDir, 'data' );
	const logDir = path.join( stateDir, 'logs' );
	await mkdir( baseDir, { recursive: true } );
	await mkdir( logDir, { recursive: true } );
	// A Unix socket path may not exceed 107 bytes; deep state folders fall back to the temp dir.
	let socketDir = baseDir;
	if ( path.join( socketDir, 'mysqld.sock' ).length > 100 ) {
		socketDir = await mkdtemp( path.join( os.tmpdir(), 'ph-mariadb-' ) );
	}
	const socket = path.join( socketDir, 'mysqld.sock' );
	const user = 'proxy_health';
	const database = 'wordpress';
	const password = randomBytes( 18 ).toString( 'base64url' );
	// mariadbd refuses to run as root unless told to; as anyone else it runs as that user.
	const osUser = os.userInfo().username;

	if ( existsSync( dataDir ) ) {
		throw new Error(
			`${ dataDir } already exists; give each lab MariaDB a fresh state folder.`
		);
	}
	// Socket authentication: the OS user that runs the lab administers the server without a
	// password, over the socket only. The site gets its own password user over TCP.
	await execFileText( INSTALL_DB, [
		'--no-defaults',
		`--datadir=${ dataDir }`,
		`--user=${ osUser }`,
		'--auth-root-authentication-method=socket',
		`--auth-root-socket-user=${ osUser }`,
		'--skip-test-db',
		'--skip-name-resolve',
	] );

	const port = await getFreePort( '127.0.0.1' );
	const processHandle = startProcess(
		'mariadb',
		server,
		[
			'--no-defaults',
			`--datadir=${ dataDir }`,
			`--socket=${ socket }`,
			`--port=${ port }`,
			'--bind-address=127.0.0.1',
			'--skip-name-resolve',
			`--user=${ osUser }`,
			`--pid-file=${ path.join( baseDir, 'mariadbd.pid' ) }`,
			// Small and quick: a lab site holds a few hundred rows.
			'--innodb-buffer-pool-size=32M',
			'--innodb-log-file-size=16M',
			'--skip-log-bin',
			'--performance-schema=OFF',
		],
		{ logFile: path.join( logDir, 'mariadb.log' ) }
	);
	try {
		await waitForPort( '127.0.0.1', port, 60_000, processHandle.isAlive );
		// Statements arrive on stdin, so the password never shows in a process list.
		await execFileText(
			CLIENT,
			[ '--no-defaults', `--socket=${ socket }`, `--user=${ osUser }` ],
			[
				`CREATE DATABASE \`${ database }\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
				`CREATE USER '${ user }'@'%' IDENTIFIED BY '${ password }';`,
				`GRANT ALL PRIVILEGES ON \`${ database }\`.* TO '${ user }'@'%';`,
			].join( '\n' )
		);
	} catch ( error ) {
		await processHandle.stop();
		throw error;
	}
	return {
		host: '127.0.0.1',
		port,
		socket,
		user,
		password,
		database,
		async stop() {
			await processHandle.stop( 10_000 );
			if ( socketDir !== baseDir ) {
				await rm( socketDir, { recursive: true, force: true } );
			}
		},
	};
}

function execFileText(
	command: string,
	args: readonly string[],
	input?: string
): Promise< string > {
	return new Promise( ( resolve, reject ) => {
		const child = execFile(
			command,
			args,
			{ encoding: 'utf8', timeout: 120_000 },
			( error, stdout, stderr ) => {
				if ( error ) {
					// The message holds only the command line; statements went through stdin.
					reject(
						new Error(
							`${ command } failed: ${ error.message }\n${ stderr }`
						)
					);
					return;
				}
				resolve( stdout );
			}
		);
		child.stdin?.end( input ?? '' );
	} );
}
