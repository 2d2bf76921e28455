/**
 * The CLI's transport for the shared REST client: Node's `http`/`https` with Basic auth from
 * an Application Password, a per-request timeout and the CLI's own proxy (`HTTPS_PROXY`,
 * `HTTP_PROXY`, `NO_PROXY`).
 *
 * Why not `fetch`: Node 20's fetch ignores proxy variables and takes a proxy only through the
 * `undici` package's `ProxyAgent`, which is not installed here (only `undici-types` is). A
 * plain-HTTP request through a proxy (absolute URI) and an HTTPS tunnel (`CONNECT`, then TLS
 * over the tunnel) are a few lines with `node:http`, so no dependency is added.
 *
 * Every failure is a `ProxyHealthApiError` with a precise code (`dns_error`, `tls_error`,
 * `timeout`, `cli_proxy_auth_required`, …); REST error bodies are passed on for `toApiError`.
 * Secrets are redacted from every message before it leaves this module.
 */

/**
 * External dependencies
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';

/**
 * Internal dependencies
 */
import { ProxyHealthApiError } from '../../api/api-error';
import type { Transport, TransportRequest } from '../../api/client';
import type { SandboxSender } from '../../api/client-step';
import { proxyForUrl, type CliProxy } from './proxy-env';
import { redactText, type Secret } from './secret';

export interface NodeTransportOptions {
	/** Site base URL, e.g. https://example.com or https://example.com/blog. */
	siteUrl: string;
	user: string;
	/** The Application Password. */
	password: Secret;
	/** Per request, in milliseconds. */
	timeoutMs: number;
	/** Where proxy variables are read (process.env by default). */
	env?: Readonly< Record< string, string | undefined > >;
	/** Extra CA certificates to trust (PEM), e.g. a lab CA; the system CAs stay trusted. */
	ca?: string | string[];
}

/** Bodies larger than this are not Proxy Health answers; stop reading. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const DNS_CODES = new Set( [ 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL' ] );
const CONNECT_CODES = new Set( [
	'ECONNREFUSED',
	'ECONNRESET',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EPIPE',
	'ECONNABORTED',
	'UND_ERR_SOCKET',
] );

interface RawAnswer {
	status: number;
	contentType: string;
	text: string;
}

/** A failure on the way to the CLI's own proxy, kept apart from failures to the site. */
class CliProxyFailure extends Error {}

function errorCode( error: unknown ): string {
	const code = ( error as { code?: unknown } | null )?.code;
	return typeof code === 'string' ? code : '';
}

function isTlsError( error: unknown ): boolean {
	const code = errorCode( error );
	return (
		/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/.test(
			code
		) || code === 'EPROTO'
	);
}

/**
 * Opens a TLS socket to the target through the proxy's CONNECT tunnel.
 *
 * @param proxy   The CLI's proxy.
 * @param target  HTTPS URL.
 * @param headers Proxy headers (Proxy-Authorization).
 * @param signal  Timeout and abort.
 * @param ca      Extra CAs.
 */
function tunnel(
	proxy: CliProxy,
	target: URL,
	headers: Record< string, string >,
	signal: AbortSignal,
	ca: string | string[] | undefined
): Promise< tls.TLSSocket > {
	const authority = `${ target.hostname }:${ target.port || 443 }`;
	return new Promise( ( resolve, reject ) => {
		const request = http.request( {
			host: proxy.host,
			port: proxy.port,
			method: 'CONNECT',
			path: authority,
			headers: { Host: authority, ...headers },
			agent: false,
			signal,
		} );
		request.once( 'connect', ( response, socket: Duplex ) => {
			if ( response.statusCode !== 200 ) {
				socket.destroy();
				reject(
					connectRefusal( proxy, response.statusCode ?? 0, 'CONNECT' )
				);
				return;
			}
			const secure = tls.connect( {
				socket,
				// The certificate is checked against `host`; SNI takes host names only (RFC 6066).
				host: target.hostname,
				...( isIP( target.hostname )
					? {}
					: { servername: target.hostname } ),
				...( ca
					? { ca: [ ...tls.rootCertificates, ...[ ca ].flat() ] }
					: {} ),
			} );
			secure.once( 'secureConnect', () => resolve( secure ) );
			secure.once( 'error', reject );
		} );
		request.once( 'error', ( error ) => {
			reject(
				signal.aborted
					? error
					: new CliProxyFailure(
							`Could not reach the CLI's proxy ${ proxy.url } (from ${ proxy.variable }): ${ errorCode( error ) || error.message }.`
						)
			);
		} );
		request.end();
	} );
}

function connectRefusal(
	proxy: CliProxy,
	status: number,
	step: string
): ProxyHealthApiError {
	if ( status === 407 ) {
		return new ProxyHealthApiError(
			'network',
			'cli_proxy_auth_required',
			`The CLI's own proxy ${ proxy.url } (from ${ proxy.variable }) answered 407 Proxy Authentication Required to the ${ step }: ${
				proxy.username
					? 'the credentials in the variable were refused'
					: 'put credentials in the variable as http://user:password@host:port'
			}. This is about the machine running the CLI, not the site.`,
			407
		);
	}
	return new ProxyHealthApiError(
		'network',
		'cli_proxy_error',
		`The CLI's own proxy ${ proxy.url } (from ${ proxy.variable }) refused the ${ step } with HTTP ${ status }.`,
		status
	);
}

/**
 * One HTTP exchange, direct or through the CLI's proxy.
 *
 * @param url          Full URL.
 * @param init         Method, headers, body.
 * @param init.method
 * @param init.headers
 * @param init.body
 * @param proxy        Proxy or null.
 * @param signal       Timeout and abort.
 * @param ca           Extra CAs.
 */
async function exchange(
	url: URL,
	init: { method: string; headers: Record< string, string >; body?: string },
	proxy: CliProxy | null,
	signal: AbortSignal,
	ca: string | string[] | undefined
): Promise< RawAnswer > {
	const proxyHeaders: Record< string, string > = {};
	if ( proxy?.username ) {
		proxyHeaders[ 'Proxy-Authorization' ] = `Basic ${ Buffer.from(
			`${ proxy.username }:${ proxy.password?.reveal() ?? '' }`
		).toString( 'base64' ) }`;
	}
	const isHttps = url.protocol === 'https:';
	let request: http.ClientRequest;
	const common = { method: init.method, headers: init.headers, signal };
	if ( proxy && isHttps ) {
		const socket = await tunnel( proxy, url, proxyHeaders, signal, ca );
		// No `agent`: with one (even `false`), Node would open its own TLS connection instead.
		request = https.request( url, {
			...common,
			createConnection: () => socket,
		} );
	} else if ( proxy ) {
		// Plain HTTP through a proxy: the absolute URI goes to the proxy.
		request = http.request( {
			...common,
			host: proxy.host,
			port: proxy.port,
			path: url.href,
			headers: { ...init.headers, ...proxyHeaders, Host: url.host },
			agent: false,
		} );
	} else {
		request = ( isHttps ? https : http ).request( url, {
			...common,
			agent: false,
			...( isHttps && ca
				? { ca: [ ...tls.rootCertificates, ...[ ca ].flat() ] }
				: {} ),
		} );
	}
	return new Promise( ( resolve, reject ) => {
		request.once( 'error', ( error ) => {
			if (
				proxy &&
				! isHttps &&
				! signal.aborted &&
				CONNECT_CODES.has( errorCode( error ) ) &&
				! request.reusedSocket
			) {
				reject(
					new CliProxyFailure(
						`Could not reach the CLI's proxy ${ proxy.url } (from ${ proxy.variable }): ${ errorCode( error ) }.`
					)
				);
				return;
			}
			reject( error );
		} );
		request.once( 'response', ( response ) => {
			const chunks: Buffer[] = [];
			let size = 0;
			response.on( 'data', ( chunk: Buffer ) => {
				size += chunk.length;
				if ( size > MAX_BODY_BYTES ) {
					response.destroy(
						new ProxyHealthApiError(
							'invalid_response',
							'response_too_large',
							`The answer is larger than ${ MAX_BODY_BYTES } bytes; not a Proxy Health answer.`,
							response.statusCode
						)
					);
					return;
				}
				chunks.push( chunk );
			} );
			response.once( 'error', reject );
			response.once( 'end', () =>
				resolve( {
					status: response.statusCode ?? 0,
					contentType: String(
						response.headers[ 'content-type' ] ?? ''
					),
					text: Buffer.concat( chunks ).toString( 'utf8' ),
				} )
			);
		} );
		request.end( init.body );
	} );
}

/**
 * Turns a low-level failure into a `ProxyHealthApiError` with a precise code.
 *
 * @param error     What was thrown.
 * @param timedOut  Whether the timeout fired.
 * @param timeoutMs The timeout.
 */
function classify(
	error: unknown,
	timedOut: boolean,
	timeoutMs: number
): ProxyHealthApiError {
	if ( error instanceof ProxyHealthApiError ) {
		return error;
	}
	if ( timedOut ) {
		return new ProxyHealthApiError(
			'network',
			'timeout',
			`No answer within ${ Math.round( timeoutMs / 100 ) / 10 } s.`
		);
	}
	if ( error instanceof CliProxyFailure ) {
		return new ProxyHealthApiError(
			'network',
			'cli_proxy_unreachable',
			error.message
		);
	}
	const code = errorCode( error );
	const message = error instanceof Error ? error.message : String( error );
	if ( DNS_CODES.has( code ) ) {
		return new ProxyHealthApiError(
			'network',
			'dns_error',
			`The site's host name does not resolve (${ code }).`
		);
	}
	if ( isTlsError( error ) ) {
		return new ProxyHealthApiError(
			'network',
			'tls_error',
			`TLS failed: ${ code ? `${ code }: ` : '' }${ message }`
		);
	}
	if ( CONNECT_CODES.has( code ) || /socket hang up/i.test( message ) ) {
		return new ProxyHealthApiError(
			'network',
			'connection_failed',
			`Could not connect to the site (${ code || message }).`
		);
	}
	return new ProxyHealthApiError(
		'network',
		'network_error',
		`${ code ? `${ code }: ` : '' }${ message }`
	);
}

function parseJson(
	text: string
): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse( text ) as unknown };
	} catch {
		return { ok: false };
	}
}

function isRecord( value: unknown ): value is Record< string, unknown > {
	return (
		typeof value === 'object' && value !== null && ! Array.isArray( value )
	);
}

/**
 * The request URL for a REST path: `?rest_route=` works with and without pretty permalinks.
 *
 * @param siteUrl Site base URL.
 * @param path    REST path (`/proxy-health/v1/status`).
 */
export function restUrl( siteUrl: string, path: string ): URL {
	const url = new URL( siteUrl );
	if ( ! url.pathname.endsWith( '/' ) ) {
		url.pathname += '/';
	}
	url.searchParams.set( 'rest_route', path );
	return url;
}

/**
 * Creates the transport for one site.
 *
 * @param options Site, credentials, timeout, environment.
 */
export function createNodeTransport(
	options: NodeTransportOptions
): Transport {
	const env = options.env ?? process.env;
	const authorization = `Basic ${ Buffer.from(
		`${ options.user }:${ options.password.reveal() }`
	).toString( 'base64' ) }`;

	return async ( { path, method, data, signal }: TransportRequest ) => {
		const url = restUrl( options.siteUrl, path );
		// Throws ProxyEnvError (a usage problem) for an unusable variable.
		const proxy = proxyForUrl( url, env );
		const secrets = [
			options.password.reveal(),
			proxy?.password?.reveal(),
			authorization,
		];
		// A timer cleared when the exchange ends, not AbortSignal.timeout(): that one lives (with
		// whatever listens to it) for the whole --timeout after the answer came, which at fleet
		// scale held thousands of finished requests in memory.
		const timeout = new AbortController();
		const timer = setTimeout(
			() =>
				timeout.abort(
					new DOMException(
						'The operation timed out.',
						'TimeoutError'
					)
				),
			options.timeoutMs
		);
		const combined = signal
			? AbortSignal.any( [ timeout.signal, signal ] )
			: timeout.signal;
		const headers: Record< string, string > = {
			Accept: 'application/json',
			Authorization: authorization,
			'User-Agent': 'proxy-health-cli',
			Connection: 'close',
		};
		let body: string | undefined;
		if ( data !== undefined ) {
			body = JSON.stringify( data );
			headers[ 'Content-Type' ] = 'application/json';
		}

		let answer: RawAnswer;
		try {
			answer = await exchange(
				url,
				{ method, headers, body },
				proxy,
				combined,
				options.ca
			);
		} catch ( thrown ) {
			if ( signal?.aborted ) {
				// The caller gave up: toApiError makes this `aborted`.
				throw thrown;
			}
			const error = classify(
				thrown,
				timeout.signal.aborted,
				options.timeoutMs
			);
			throw new ProxyHealthApiError(
				error.kind,
				error.code,
				redactText( error.message, secrets ),
				error.status
			);
		} finally {
			clearTimeout( timer );
		}

		if ( answer.status === 407 && proxy ) {
			throw connectRefusal( proxy, 407, 'request' );
		}
		if ( answer.status === 407 ) {
			throw new ProxyHealthApiError(
				'network',
				'cli_proxy_auth_required',
				'Something between the CLI and the site answered 407 Proxy Authentication Required (no proxy is set for the CLI: set HTTPS_PROXY / HTTP_PROXY if this network needs one).',
				407
			);
		}
		const parsed = parseJson( answer.text );
		if ( answer.status >= 200 && answer.status < 300 ) {
			if ( ! parsed.ok ) {
				throw new ProxyHealthApiError(
					'invalid_response',
					'invalid_json',
					`HTTP ${ answer.status } with a body that is not JSON (${
						answer.contentType.split( ';' )[ 0 ] ||
						'no content type'
					}): not a WordPress REST answer.`,
					answer.status
				);
			}
			return parsed.value;
		}
		if (
			parsed.ok &&
			isRecord( parsed.value ) &&
			typeof parsed.value.code === 'string' &&
			typeof parsed.value.message === 'string'
		) {
			const restError = parsed.value;
			// Status from the HTTP answer: toApiError reads it from data.status.
			throw {
				code: restError.code,
				message: redactText( restError.message as string, secrets ),
				data: { status: answer.status },
			};
		}
		throw {
			code: 'invalid_json',
			message: `HTTP ${ answer.status } with a body that is not a WordPress REST error (${
				answer.contentType.split( ';' )[ 0 ] || 'no content type'
			}).`,
			data: { status: answer.status },
		};
	};
}

/**
 * Sends a bisection's signed sandbox request to the site as it is (client driver): no
 * Application Password (the request's single-use token is its only credential), the CLI's
 * proxy and timeout as for REST calls. Only http and https URLs are sent.
 *
 * @param options Timeout, environment, extra CAs.
 */
export function createNodeSandboxSender(
	options: Pick< NodeTransportOptions, 'timeoutMs' | 'env' | 'ca' >
): SandboxSender {
	const env = options.env ?? process.env;
	return async ( request, signal ) => {
		const url = new URL( request.url );
		if ( url.protocol !== 'http:' && url.protocol !== 'https:' ) {
			throw new ProxyHealthApiError(
				'invalid_response',
				'invalid_sandbox_url',
				`The site handed a sandbox request for a ${ url.protocol } URL.`
			);
		}
		const proxy = proxyForUrl( url, env );
		const timeout = AbortSignal.timeout( options.timeoutMs );
		const combined = signal
			? AbortSignal.any( [ timeout, signal ] )
			: timeout;
		try {
			const answer = await exchange(
				url,
				{
					method: request.method,
					headers: {
						...request.headers,
						'User-Agent': 'proxy-health-cli',
						Connection: 'close',
					},
					body: request.body,
				},
				proxy,
				combined,
				options.ca
			);
			return { status: answer.status, text: answer.text };
		} catch ( thrown ) {
			if ( signal?.aborted ) {
				throw thrown;
			}
			const error = classify(
				thrown,
				timeout.aborted,
				options.timeoutMs
			);
			throw new ProxyHealthApiError(
				error.kind,
				error.code,
				redactText( error.message, [ proxy?.password?.reveal() ] ),
				error.status
			);
		}
	};
}
