/**
 * Shapes shared by the lab proxies (squid and the Node fallback).
 */

/**
 * How the proxy treats clients: ask for Basic, Digest or NTLM credentials, let everyone
 * through (`open`), or refuse everyone with 403 (`deny`).
 */
export type ProxyScheme = 'basic' | 'digest' | 'ntlm' | 'open' | 'deny';

export type ProxyEngine = 'squid' | 'node';

export interface ProxyCredentials {
	username: string;
	password: string;
}

export interface LabProxy {
	/** Which implementation answers. */
	readonly engine: ProxyEngine;
	readonly scheme: ProxyScheme;
	readonly host: string;
	readonly port: number;
	/** `http://host:port`, never with credentials in it. */
	readonly url: string;
	/** The credentials the proxy accepts; null for `open` and `deny`. Never log the password. */
	readonly credentials: ProxyCredentials | null;
	/** Realm in `Proxy-Authenticate`; null when the scheme has none (NTLM, open, deny). */
	readonly realm: string | null;
	/**
	 * Folder with the proxy's logs (squid: access.log and cache.log; node: proxy.log). Under
	 * stateDir, except while a root-run squid needs a folder its `proxy` user can reach: then
	 * under the system temp folder until stop() moves the logs into stateDir.
	 */
	readonly logDir: string;
	/** Stops the proxy and every process it started; safe to call twice. */
	stop: () => Promise< void >;
}

export interface ProxyOptions {
	scheme: ProxyScheme;
	/** A folder this proxy may create files under (configuration, password files, logs). */
	stateDir: string;
	/** Default `auto`: squid if installed, else node. */
	engine?: ProxyEngine | 'auto';
	/** Default `lab-user`. */
	username?: string;
	/** Default: a random password (see LabProxy.credentials). */
	password?: string;
	/** Default `Proxy Health Lab`. */
	realm?: string;
	/** Loopback address to listen on; default 127.0.0.1. */
	host?: string;
}

/**
 * Options after defaults are applied; what each engine receives.
 */
export interface ResolvedProxyOptions {
	scheme: ProxyScheme;
	stateDir: string;
	host: string;
	realm: string;
	credentials: ProxyCredentials | null;
}
