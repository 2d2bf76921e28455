/**
 * Runs one proxy-chain Server for the lab's node engine; started by node-proxy.ts.
 *
 * It is a process of its own because proxy-chain is ESM-only and jest's CommonJS runtime cannot
 * load it in-process; as a side effect it is stopped exactly like squid (its process group).
 *
 * Usage: node proxy-chain-runner.mjs <config.json>. The file holds
 * { host, port, scheme, realm, username, password } and is deleted as soon as it is read.
 * One access line per request goes to stdout; passwords are never written.
 */

/**
 * External dependencies
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { RequestError, Server } from 'proxy-chain';

const configFile = process.argv[ 2 ];
if ( ! configFile ) {
	process.stderr.write( 'usage: proxy-chain-runner.mjs <config.json>\n' );
	process.exit( 2 );
}
const config = JSON.parse( readFileSync( configFile, 'utf8' ) );
rmSync( configFile, { force: true } );

/**
 * Compares two strings in constant time (hashing first evens out the lengths).
 *
 * @param {string} given    Value from the client.
 * @param {string} expected Value configured.
 * @return {boolean} Whether they are equal.
 */
function sameSecret( given, expected ) {
	const digest = ( value ) =>
		createHash( 'sha256' ).update( value, 'utf8' ).digest();
	return timingSafeEqual( digest( given ), digest( expected ) );
}

/**
 * Writes one access line without credentials: time, method, target, status, user.
 *
 * @param {import('node:http').IncomingMessage} request Client request.
 * @param {number}                              status  Status the proxy decided on (0: forwarded).
 * @param {string}                              user    User name the client sent, or "-".
 */
function logAccess( request, status, user ) {
	// A target URL may carry its own user:password@; the log does not need it.
	const target = String( request.url ?? '' ).replace( /\/\/[^/@]*@/, '//' );
	process.stdout.write(
		`${ new Date().toISOString() } ${ request.method } ${ target } ${ status || 'forwarded' } ${ user || '-' }\n`
	);
}

const server = new Server( {
	host: config.host,
	port: config.port,
	authRealm: config.realm,
	prepareRequestFunction: ( { request, username, password } ) => {
		if ( config.scheme === 'deny' ) {
			logAccess( request, 403, username );
			throw new RequestError(
				'Access denied by the Proxy Health lab proxy.',
				403
			);
		}
		if ( config.scheme === 'open' ) {
			logAccess( request, 0, username );
			return {};
		}
		const accepted =
			sameSecret( username, config.username ) &&
			sameSecret( password, config.password );
		logAccess( request, accepted ? 0 : 407, username );
		return accepted
			? {}
			: {
					requestAuthentication: true,
					failMsg: 'Proxy credentials required.',
				};
	},
} );

// Failures on single connections are expected in 407 tests; they must not end the process.
server.on( 'requestFailed', ( { error } ) => {
	process.stderr.write( `request failed: ${ error?.message ?? error }\n` );
} );

await server.listen();
process.stdout.write(
	`listening on ${ config.host }:${ server.port } (${ config.scheme })\n`
);

for ( const signal of [ 'SIGTERM', 'SIGINT' ] ) {
	process.once( signal, () => {
		server.close( true ).finally( () => process.exit( 0 ) );
	} );
}
