/**
 * Which proxy the CLI's own connections go through, from `HTTPS_PROXY` / `HTTP_PROXY` /
 * `NO_PROXY` (either case), the way curl and most HTTP clients read them.
 *
 * Agencies often sit behind a proxy themselves: a 407 from *that* proxy is about the
 * machine running the CLI, not about the WordPress site, and must be reported apart.
 */

/**
 * Internal dependencies
 */
import { Secret } from './secret';

/** A proxy for the CLI's own connections. The password stays a `Secret`. */
export interface CliProxy {
	/** `http://host:port`, never with credentials. */
	url: string;
	host: string;
	port: number;
	username: string | null;
	password: Secret | null;
	/** Which variable it came from, for messages (`HTTPS_PROXY`, `http_proxy`, …). */
	variable: string;
}

export class ProxyEnvError extends Error {
	override readonly name = 'ProxyEnvError';
}

type Env = Readonly< Record< string, string | undefined > >;

/**
 * The first non-empty variable among the names, lower case first (curl's order).
 *
 * @param env   Environment.
 * @param names Variable names.
 */
function pick(
	env: Env,
	names: readonly string[]
): { name: string; value: string } | null {
	for ( const name of names ) {
		const value = env[ name ]?.trim();
		if ( value ) {
			return { name, value };
		}
	}
	return null;
}

/**
 * Whether `NO_PROXY` excludes a host (and port). Entries are comma or space separated:
 * `*` (everything), `example.com` / `.example.com` / `*.example.com` (the domain and its
 * subdomains), `host:port`, IP addresses. CIDR ranges are not supported.
 *
 * @param noProxy The variable's value.
 * @param host    Target host name (lower case, IPv6 without brackets).
 * @param port    Target port.
 */
export function isBypassed(
	noProxy: string,
	host: string,
	port: number
): boolean {
	// eslint-disable-next-line @wordpress/no-unused-vars-before-return -- used in the loop.
	const target = host.toLowerCase().replace( /^\[|\]$/g, '' );
	for ( const raw of noProxy.split( /[\s,]+/ ) ) {
		let entry = raw.trim().toLowerCase();
		if ( ! entry ) {
			continue;
		}
		if ( entry === '*' ) {
			return true;
		}
		const portMatch = /^(.*[^:]):(\d+)$/.exec( entry );
		if ( portMatch && ! entry.includes( '::' ) ) {
			if ( Number( portMatch[ 2 ] ) !== port ) {
				continue;
			}
			entry = portMatch[ 1 ] ?? entry;
		}
		entry = entry.replace( /^\*?\./, '' ).replace( /^\[|\]$/g, '' );
		if ( target === entry || target.endsWith( `.${ entry }` ) ) {
			return true;
		}
	}
	return false;
}

/**
 * The proxy for a URL, or null for a direct connection.
 *
 * @param  target URL the CLI is about to request.
 * @param  env    Environment (process.env).
 * @throws {ProxyEnvError} When the variable is not a usable http:// proxy URL (the message
 *                         names the variable, never its value, which may hold a password).
 */
export function proxyForUrl( target: URL, env: Env ): CliProxy | null {
	const isHttps = target.protocol === 'https:';
	const chosen = isHttps
		? pick( env, [ 'https_proxy', 'HTTPS_PROXY' ] )
		: pick( env, [ 'http_proxy', 'HTTP_PROXY' ] );
	if ( ! chosen ) {
		return null;
	}
	const port = Number( target.port || ( isHttps ? 443 : 80 ) );
	const noProxy = pick( env, [ 'no_proxy', 'NO_PROXY' ] );
	if ( noProxy && isBypassed( noProxy.value, target.hostname, port ) ) {
		return null;
	}
	let parsed: URL;
	try {
		// "host:port" without a scheme is common; curl reads it as http://.
		parsed = new URL(
			/^[a-z][a-z0-9+.-]*:\/\//i.test( chosen.value )
				? chosen.value
				: `http://${ chosen.value }`
		);
	} catch {
		throw new ProxyEnvError(
			`${ chosen.name } is not a valid proxy URL (expected http://host:port).`
		);
	}
	if ( parsed.protocol !== 'http:' ) {
		throw new ProxyEnvError(
			`${ chosen.name } uses ${ parsed.protocol }//; only http:// proxies are supported for the CLI's own connections.`
		);
	}
	return {
		url: `http://${ parsed.host }`,
		host: parsed.hostname.replace( /^\[|\]$/g, '' ),
		port: Number( parsed.port || 80 ),
		username: parsed.username
			? decodeURIComponent( parsed.username )
			: null,
		password: parsed.password
			? new Secret( decodeURIComponent( parsed.password ) )
			: null,
		variable: chosen.name,
	};
}
