/**
 * Stable error codes for a site the CLI could not check, and which of them are worth a retry.
 *
 * The codes are part of the CLI's JSON and JUnit output: extend, never rename.
 */

/**
 * Internal dependencies
 */
import { ProxyHealthApiError, toApiError } from '../../api/api-error';

export type SiteErrorCode =
	/** The site's host name does not resolve. */
	| 'dns_error'
	/** Refused, reset or unreachable (the site is down). */
	| 'connection_failed'
	/** Certificate or handshake failure. */
	| 'tls_error'
	/** No answer within `--timeout`. */
	| 'timeout'
	/** 401: wrong user or Application Password (or Application Passwords disabled). */
	| 'unauthorized'
	/** 403: the user is not an administrator. */
	| 'forbidden'
	/** `rest_no_route`: Proxy Health is not installed or not active on the site. */
	| 'rest_no_route'
	/** 404 that is not a WordPress REST error (no WordPress at that URL). */
	| 'not_found'
	/** The answer is not JSON (an HTML page, a PHP warning, a firewall page). */
	| 'invalid_json'
	/** JSON, but not the Proxy Health schema. */
	| 'invalid_response'
	/** 5xx. */
	| 'server_error'
	/** Another 4xx. */
	| 'http_error'
	/** The CLI's OWN proxy (HTTPS_PROXY/HTTP_PROXY) demanded credentials: not the site's 407. */
	| 'cli_proxy_auth_required'
	/** The CLI's own proxy could not be reached. */
	| 'cli_proxy_unreachable'
	/** The CLI's own proxy refused otherwise (403, 502, …). */
	| 'cli_proxy_error'
	| 'network_error'
	| 'aborted';

export interface SiteError {
	code: SiteErrorCode;
	message: string;
	/** HTTP status when one arrived. */
	status?: number;
	/** The REST error code the site sent, when it sent one (`rest_forbidden`, …). */
	restCode?: string;
}

const TRANSPORT_CODES = new Set< string >( [
	'dns_error',
	'connection_failed',
	'tls_error',
	'timeout',
	'cli_proxy_auth_required',
	'cli_proxy_unreachable',
	'cli_proxy_error',
	'network_error',
	'invalid_json',
] );

const HINTS: Partial< Record< SiteErrorCode, string > > = {
	unauthorized:
		'Check the user name and the Application Password (Users → Profile → Application Passwords).',
	forbidden: 'The user must be an administrator (manage_options).',
	rest_no_route: 'Is Proxy Health installed and active on this site?',
};

/**
 * The stable site error for whatever a client call threw.
 *
 * @param thrown Anything (normally a ProxyHealthApiError).
 */
export function toSiteError( thrown: unknown ): SiteError {
	const error: ProxyHealthApiError =
		thrown instanceof ProxyHealthApiError ? thrown : toApiError( thrown );
	const code = siteErrorCode( error );
	const hint = HINTS[ code ];
	const restCode =
		TRANSPORT_CODES.has( error.code ) || error.code === code
			? undefined
			: error.code;
	return {
		code,
		message: hint ? `${ error.message } ${ hint }` : error.message,
		...( error.status === undefined ? {} : { status: error.status } ),
		...( restCode ? { restCode } : {} ),
	};
}

function siteErrorCode( error: ProxyHealthApiError ): SiteErrorCode {
	if (
		TRANSPORT_CODES.has( error.code ) &&
		error.kind !== 'server' &&
		error.kind !== 'not_found'
	) {
		return error.code as SiteErrorCode;
	}
	switch ( error.kind ) {
		case 'unauthorized':
			return 'unauthorized';
		case 'forbidden':
			return 'forbidden';
		case 'no_route':
			return 'rest_no_route';
		case 'not_found':
			return 'not_found';
		case 'invalid_request':
			return 'http_error';
		case 'server':
			return 'server_error';
		case 'invalid_response':
			return error.code === 'invalid_json'
				? 'invalid_json'
				: 'invalid_response';
		case 'aborted':
			return 'aborted';
		case 'network':
			return 'network_error';
	}
}

/**
 * Whether a retry may help: 5xx answers and timeouts.
 *
 * @param error Site error.
 */
export function isRetryable( error: SiteError ): boolean {
	return error.code === 'server_error' || error.code === 'timeout';
}
