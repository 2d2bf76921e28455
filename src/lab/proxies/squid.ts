/**
 * Real squid instances for the lab, one private configuration each.
 */

/**
 * External dependencies
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { getFreePort, waitForPort } from '../ports';
import { startProcess } from '../processes';
import { digestLine, ncsaLine } from './htpasswd';
import type { LabProxy, ProxyScheme, ResolvedProxyOptions } from './types';

/** Debian's squid binary and helper folder (package `squid`, 5.7 on bookworm). */
export const SQUID_BINARY = '/usr/sbin/squid';
export const SQUID_HELPER_DIR = '/usr/lib/squid';

const HELPERS: Partial< Record< ProxyScheme, string > > = {
	basic: 'basic_ncsa_auth',
	digest: 'digest_file_auth',
	ntlm: 'ntlm_fake_auth',
};

/** Squid drops root privileges to this user (`cache_effective_user`), Debian's default. */
const SQUID_USER = 'proxy';

/**
 * Whether squid and the helper a scheme needs are installed.
 *
 * @param scheme Scheme to check the helper for; omit to check only the binary.
 */
export function isSquidInstalled( scheme?: ProxyScheme ): boolean {
	const helper = scheme ? HELPERS[ scheme ] : undefined;
	return (
		isExecutable( SQUID_BINARY ) &&
		( ! helper || isExecutable( path.join( SQUID_HELPER_DIR, helper ) ) )
	);
}

/**
 * Starts squid in the foreground (`-N`) on a free loopback port and resolves once it accepts
 * connections. The returned stop() ends squid and its helpers (one process group).
 *
 * @param options Options with defaults applied.
 */
export async function startSquid(
	options: ResolvedProxyOptions
): Promise< LabProxy > {
	const { scheme, host, realm, credentials } = options;
	if ( ! isSquidInstalled( scheme ) ) {
		throw new Error(
			`squid with its ${ HELPERS[ scheme ] ?? '' } helper is not installed (${ SQUID_BINARY }); ` +
				'install the Debian package "squid" or use the node engine.'
		);
	}
	const port = await getFreePort( host );
	// As root, squid and its helpers run as `proxy`: its logs, pid file and password files must be
	// in a folder that user can reach, or squid exits at start. When stateDir is private (mkdtemp
	// makes 0700 folders), squid runs in a folder of its own under the system temp folder, and
	// stop() moves the logs into stateDir.
	const owner = process.getuid?.() === 0 ? lookupUser( SQUID_USER ) : null;
	fs.mkdirSync( options.stateDir, { recursive: true } );
	const instanceDir = path.join(
		path.resolve( options.stateDir ),
		`squid-${ scheme }-${ port }`
	);
	const workDir =
		owner && ! canTraverse( path.dirname( instanceDir ), owner )
			? fs.mkdtempSync(
					path.join( os.tmpdir(), `proxy-health-squid-${ scheme }-` )
				)
			: instanceDir;
	fs.mkdirSync( workDir, { recursive: true, mode: 0o700 } );
	let logDir = workDir;

	const files = {
		conf: path.join( workDir, 'squid.conf' ),
		pid: path.join( workDir, 'squid.pid' ),
		accessLog: path.join( workDir, 'access.log' ),
		cacheLog: path.join( workDir, 'cache.log' ),
		passwords: path.join(
			workDir,
			scheme === 'digest' ? 'digest-passwords' : 'passwords'
		),
		output: path.join( workDir, 'squid.out' ),
	};

	if ( scheme === 'basic' && credentials ) {
		fs.writeFileSync(
			files.passwords,
			ncsaLine( credentials.username, credentials.password ),
			{ mode: 0o600 }
		);
	}
	if ( scheme === 'digest' && credentials ) {
		fs.writeFileSync(
			files.passwords,
			digestLine( credentials.username, realm, credentials.password ),
			{
				mode: 0o600,
			}
		);
	}
	fs.writeFileSync(
		files.conf,
		squidConfig( {
			scheme,
			host,
			port,
			realm,
			files,
			effectiveUser: owner ? SQUID_USER : null,
		} ),
		{ mode: 0o600 }
	);
	if ( owner ) {
		for ( const entry of [
			workDir,
			...fs
				.readdirSync( workDir )
				.map( ( name ) => path.join( workDir, name ) ),
		] ) {
			fs.chownSync( entry, owner.uid, owner.gid );
		}
	}

	const squid = startProcess(
		`squid (${ scheme })`,
		SQUID_BINARY,
		[ '-N', '-f', files.conf ],
		{
			cwd: workDir,
			logFile: files.output,
		}
	);
	try {
		await waitForPort( host, port, 20_000, () => squid.isAlive() );
	} catch ( error ) {
		await squid.stop( 1000 );
		const log = tail( files.cacheLog ) || tail( files.output );
		throw new Error(
			`squid (${ scheme }) did not start on ${ host }:${ port }: ${ ( error as Error ).message }\n${ log }`
		);
	}

	let stopping: Promise< void > | null = null;
	return {
		engine: 'squid',
		scheme,
		host,
		port,
		url: `http://${ host }:${ port }`,
		credentials,
		realm: scheme === 'basic' || scheme === 'digest' ? realm : null,
		get logDir() {
			return logDir;
		},
		stop() {
			stopping ??= ( async () => {
				// Squid starts each helper in a session of its own (setsid), so the group signal in
				// squid.stop() misses them. They end on their own once squid closes their stdin, but
				// often after squid has exited, and an orphan is a zombie wherever PID 1 does not reap
				// (this lab's VM). So end them while squid is still there to reap them.
				const helpers = squid.child.pid
					? childrenOf( squid.child.pid )
					: [];
				// shutdown_lifetime is 0; squid still takes about 2 s, the grace only matters if it hangs.
				const exited = squid.stop( 5000 );
				// Let squid see its own SIGTERM first, so it does not replace the helpers.
				await new Promise( ( resolve ) => setTimeout( resolve, 200 ) );
				signalProcesses( helpers, 'SIGTERM' );
				await exited;
				signalProcesses( helpers, 'SIGKILL' );
				// The logs stay for post-mortems; the password file does not need to.
				fs.rmSync( files.passwords, { force: true } );
				if ( workDir !== instanceDir ) {
					fs.mkdirSync( instanceDir, {
						recursive: true,
						mode: 0o700,
					} );
					for ( const name of [
						'access.log',
						'cache.log',
						'squid.out',
					] ) {
						const from = path.join( workDir, name );
						if ( fs.existsSync( from ) ) {
							fs.copyFileSync(
								from,
								path.join( instanceDir, name )
							);
						}
					}
					fs.rmSync( workDir, { recursive: true, force: true } );
					logDir = instanceDir;
				}
			} )();
			return stopping;
		},
	};
}

interface ConfigInput {
	scheme: ProxyScheme;
	host: string;
	port: number;
	realm: string;
	effectiveUser: string | null;
	files: {
		pid: string;
		accessLog: string;
		cacheLog: string;
		passwords: string;
	};
}

/**
 * A minimal squid.conf: no disk cache, private pid and logs, CONNECT to any port (lab targets
 * use high ports, so the stock SSL_ports/Safe_ports rules are left out on purpose).
 *
 * @param input Scheme, address and file locations.
 */
export function squidConfig( input: ConfigInput ): string {
	const { scheme, host, port, realm, effectiveUser, files } = input;
	const helper = ( name: string ) => path.join( SQUID_HELPER_DIR, name );
	// Squid reads the realm up to the end of the line; quotes would become part of it.
	const safeRealm = realm.replace( /[\r\n"]/g, '' );
	const lines = [
		`# Proxy Health lab squid (${ scheme }), generated; do not edit.`,
		`http_port ${ host }:${ port }`,
		'visible_hostname proxy-health-lab',
		effectiveUser ? `cache_effective_user ${ effectiveUser }` : '',
		`pid_filename ${ files.pid }`,
		`access_log stdio:${ files.accessLog }`,
		`cache_log ${ files.cacheLog }`,
		'cache_store_log none',
		'logfile_rotate 0',
		`coredump_dir ${ path.dirname( files.pid ) }`,
		'netdb_filename none',
		'pinger_enable off',
		'cache deny all',
		'cache_mem 8 MB',
		'shutdown_lifetime 0 seconds',
		'acl lab_clients src 127.0.0.0/8',
		'http_access deny !lab_clients',
	];

	switch ( scheme ) {
		case 'basic':
			lines.push(
				`auth_param basic program ${ helper( 'basic_ncsa_auth' ) } ${ files.passwords }`,
				`auth_param basic realm ${ safeRealm }`,
				'auth_param basic children 3 startup=1 idle=1',
				// Squid caches one password per user name: a right-password check still pending
				// when a wrong-password request for the same user arrives can leave that user valid
				// with the wrong password for the whole TTL (a test expecting a 407 right after one
				// with the right password passed at random under load). One second keeps that
				// window short; 0 makes squid refuse even right passwords (expired on arrival).
				'auth_param basic credentialsttl 1 second'
			);
			break;
		case 'digest':
			lines.push(
				`auth_param digest program ${ helper( 'digest_file_auth' ) } -c ${ files.passwords }`,
				`auth_param digest realm ${ safeRealm }`,
				'auth_param digest children 3 startup=1 idle=1'
			);
			break;
		case 'ntlm':
			// ntlm_fake_auth runs the NTLM handshake but accepts ANY user name and password: the lab
			// can show the NTLM challenge (407 without credentials) but not a wrong-password 407.
			lines.push(
				`auth_param ntlm program ${ helper( 'ntlm_fake_auth' ) }`,
				'auth_param ntlm children 3 startup=1 idle=1',
				'auth_param ntlm keep_alive on'
			);
			break;
	}

	switch ( scheme ) {
		case 'basic':
		case 'digest':
		case 'ntlm':
			lines.push(
				'acl authed proxy_auth REQUIRED',
				'http_access allow authed',
				'http_access deny all'
			);
			break;
		case 'open':
			lines.push(
				'http_access allow lab_clients',
				'http_access deny all'
			);
			break;
		case 'deny':
			// Squid answers 403 with X-Squid-Error: ERR_ACCESS_DENIED.
			lines.push( 'http_access deny all' );
			break;
	}
	return lines.filter( Boolean ).join( '\n' ) + '\n';
}

interface UserIds {
	uid: number;
	gid: number;
}

function lookupUser( name: string ): UserIds {
	const line = fs
		.readFileSync( '/etc/passwd', 'utf8' )
		.split( '\n' )
		.find( ( entry ) => entry.startsWith( `${ name }:` ) );
	const [ , , uid, gid ] = line?.split( ':' ) ?? [];
	if ( uid === undefined || gid === undefined ) {
		throw new Error(
			`squid runs as the user "${ name }" when started as root, but that user does not exist.`
		);
	}
	return { uid: Number( uid ), gid: Number( gid ) };
}

/**
 * Whether `user` may pass through `dir` and every folder above it (execute permission on each).
 *
 * @param dir  Folder squid must reach.
 * @param user The user squid runs as.
 */
function canTraverse( dir: string, user: UserIds ): boolean {
	for ( let current = dir; ; current = path.dirname( current ) ) {
		const { mode, uid, gid } = fs.statSync( current );
		/* eslint-disable no-bitwise -- permission bits */
		let allowed = ( mode & 0o001 ) !== 0;
		if ( uid === user.uid ) {
			allowed = ( mode & 0o100 ) !== 0;
		} else if ( gid === user.gid ) {
			allowed = ( mode & 0o010 ) !== 0;
		}
		/* eslint-enable no-bitwise */
		if ( ! allowed ) {
			return false;
		}
		if ( current === path.dirname( current ) ) {
			return true;
		}
	}
}

interface ProcessIdentity {
	pid: number;
	/** Start time in clock ticks since boot: tells our process from a later one reusing its pid. */
	startTime: string;
}

function readStat( pid: number ): { ppid: number; startTime: string } | null {
	try {
		const stat = fs.readFileSync( `/proc/${ pid }/stat`, 'utf8' );
		// The command name is in parentheses and may contain spaces; count fields after it.
		const fields = stat.slice( stat.lastIndexOf( ')' ) + 2 ).split( ' ' );
		return { ppid: Number( fields[ 1 ] ), startTime: fields[ 19 ] ?? '' };
	} catch {
		return null;
	}
}

function childrenOf( parent: number ): ProcessIdentity[] {
	const children: ProcessIdentity[] = [];
	for ( const entry of fs.readdirSync( '/proc' ) ) {
		const pid = Number( entry );
		const stat = Number.isInteger( pid ) ? readStat( pid ) : null;
		if ( stat && stat.ppid === parent ) {
			children.push( { pid, startTime: stat.startTime } );
		}
	}
	return children;
}

/**
 * Signals the given processes by pid, skipping any pid that now names another process.
 *
 * @param processes Processes noted earlier.
 * @param signal    Signal to send.
 */
function signalProcesses(
	processes: ProcessIdentity[],
	signal: NodeJS.Signals
): void {
	for ( const p of processes ) {
		if ( readStat( p.pid )?.startTime !== p.startTime ) {
			continue;
		}
		try {
			process.kill( p.pid, signal );
		} catch {
			// Ended in between.
		}
	}
}

function isExecutable( file: string ): boolean {
	try {
		fs.accessSync( file, fs.constants.X_OK );
		return true;
	} catch {
		return false;
	}
}

function tail( file: string, lines = 20 ): string {
	try {
		return fs
			.readFileSync( file, 'utf8' )
			.trimEnd()
			.split( '\n' )
			.slice( -lines )
			.join( '\n' );
	} catch {
		return '';
	}
}
