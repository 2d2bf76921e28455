/**
 * The Node proxy (npm `proxy-chain`) for machines without squid, e.g. `npm start` without apt.
 *
 * It speaks Basic only. Like squid it answers 407 with `Proxy-Authenticate: Basic realm="…"`
 * on plain requests and on CONNECT; unlike squid it adds no `Via` header, sends
 * `Server: <realm>` and `Connection: close` on its error answers, and answers 400 (not 407) to a
 * `Proxy-Authorization` header of any other scheme.
 */

/**
 * External dependencies
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { getFreePort, waitForPort } from '../ports';
import { startProcess } from '../processes';
import type { LabProxy, ProxyScheme, ResolvedProxyOptions } from './types';

/** Schemes the Node proxy can play. */
export const NODE_PROXY_SCHEMES: readonly ProxyScheme[] = [
	'basic',
	'open',
	'deny',
];

// proxy-chain is ESM-only; the runner is plain JavaScript so Node runs it without a loader.
const RUNNER = path.join( __dirname, 'proxy-chain-runner.mjs' );

/**
 * Starts a proxy-chain Server in a child Node process on a free loopback port.
 *
 * @param options Options with defaults applied.
 */
export async function startNodeProxy(
	options: ResolvedProxyOptions
): Promise< LabProxy > {
	const { scheme, host, realm, credentials } = options;
	if ( ! NODE_PROXY_SCHEMES.includes( scheme ) ) {
		throw new Error(
			`The node lab proxy (proxy-chain) supports only Basic, open and deny; "${ scheme }" needs ` +
				'squid (Debian package "squid", engine: "squid").'
		);
	}
	const port = await getFreePort( host );
	const logDir = path.resolve(
		options.stateDir,
		`node-${ scheme }-${ port }`
	);
	fs.mkdirSync( logDir, { recursive: true, mode: 0o700 } );

	// The runner deletes this file as soon as it has read it.
	const configFile = path.join( logDir, 'config.json' );
	fs.writeFileSync(
		configFile,
		JSON.stringify( {
			host,
			port,
			scheme,
			realm,
			username: credentials?.username ?? '',
			password: credentials?.password ?? '',
		} ),
		{ mode: 0o600 }
	);

	const child = startProcess(
		`proxy-chain (${ scheme })`,
		process.execPath,
		[ RUNNER, configFile ],
		{
			cwd: logDir,
			logFile: path.join( logDir, 'proxy.log' ),
		}
	);
	try {
		await waitForPort( host, port, 15_000, () => child.isAlive() );
	} catch ( error ) {
		await child.stop( 1000 );
		fs.rmSync( configFile, { force: true } );
		throw new Error(
			`The node lab proxy (${ scheme }) did not start on ${ host }:${ port }: ${ ( error as Error ).message }\n` +
				readLog( path.join( logDir, 'proxy.log' ) )
		);
	}

	let stopping: Promise< void > | null = null;
	return {
		engine: 'node',
		scheme,
		host,
		port,
		url: `http://${ host }:${ port }`,
		credentials,
		realm: scheme === 'basic' ? realm : null,
		logDir,
		stop() {
			stopping ??= child
				.stop( 3000 )
				.then( () => fs.rmSync( configFile, { force: true } ) );
			return stopping;
		},
	};
}

function readLog( file: string ): string {
	try {
		return fs
			.readFileSync( file, 'utf8' )
			.trimEnd()
			.split( '\n' )
			.slice( -20 )
			.join( '\n' );
	} catch {
		return '';
	}
}
