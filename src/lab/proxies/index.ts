/**
 * Lab proxies: start a real authenticating proxy (squid, or proxy-chain when squid is absent).
 */

/**
 * External dependencies
 */
import crypto from 'node:crypto';

/**
 * Internal dependencies
 */
import { startNodeProxy } from './node-proxy';
import { isSquidInstalled, startSquid } from './squid';
import type {
	LabProxy,
	ProxyCredentials,
	ProxyEngine,
	ProxyOptions,
	ResolvedProxyOptions,
} from './types';

export type {
	LabProxy,
	ProxyCredentials,
	ProxyEngine,
	ProxyOptions,
	ProxyScheme,
} from './types';
export { NODE_PROXY_SCHEMES } from './node-proxy';

export const DEFAULT_PROXY_USERNAME = 'lab-user';
export const DEFAULT_PROXY_REALM = 'Proxy Health Lab';
const DEFAULT_PROXY_HOST = '127.0.0.1';

/**
 * Whether squid (and its Basic helper) is installed, i.e. whether `engine: 'auto'` picks squid.
 */
export function isSquidAvailable(): boolean {
	return isSquidInstalled( 'basic' );
}

/**
 * Starts a lab proxy and resolves once it accepts connections.
 *
 * With `engine: 'auto'` (the default) squid is used when installed, else the Node proxy, which
 * cannot do Digest or NTLM (it throws, naming squid). Credentials default to `lab-user` and a
 * random password, returned in `credentials` only.
 *
 * @param options Scheme, state folder and optional engine, credentials, realm and address.
 */
export async function startProxy( options: ProxyOptions ): Promise< LabProxy > {
	const resolved = resolveOptions( options );
	const engine = chooseEngine( options.engine ?? 'auto' );
	return engine === 'squid'
		? startSquid( resolved )
		: startNodeProxy( resolved );
}

function chooseEngine( engine: ProxyEngine | 'auto' ): ProxyEngine {
	if ( engine !== 'auto' ) {
		return engine;
	}
	return isSquidAvailable() ? 'squid' : 'node';
}

function resolveOptions( options: ProxyOptions ): ResolvedProxyOptions {
	const host = options.host ?? DEFAULT_PROXY_HOST;
	if ( ! /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test( host ) ) {
		throw new Error(
			`Lab proxies listen on loopback only (127.0.0.0/8), not on ${ host }.`
		);
	}
	const realm = options.realm ?? DEFAULT_PROXY_REALM;
	// The realm ends up inside a quoted header value and a squid.conf line.
	if (
		! /^[\x20-\x7e]+$/.test( realm ) ||
		realm.includes( '"' ) ||
		realm.includes( '\\' )
	) {
		throw new Error(
			'The lab proxy realm must be printable ASCII without quotes or backslashes.'
		);
	}

	let credentials: ProxyCredentials | null = null;
	if ( options.scheme !== 'open' && options.scheme !== 'deny' ) {
		const username = options.username ?? DEFAULT_PROXY_USERNAME;
		const password =
			options.password ??
			crypto.randomBytes( 18 ).toString( 'base64url' );
		// Password files are colon-separated lines; squid's helper protocol is line-based.
		if ( ! /^[^\s:]+$/.test( username ) ) {
			throw new Error(
				'The lab proxy user name must not be empty or contain whitespace or a colon.'
			);
		}
		if ( /[\r\n\0]/.test( password ) ) {
			throw new Error(
				'The lab proxy password must not contain line breaks or NUL.'
			);
		}
		credentials = { username, password };
	}
	return {
		scheme: options.scheme,
		stateDir: options.stateDir,
		host,
		realm,
		credentials,
	};
}
