/**
 * Internal dependencies
 */
import type { RestErrorBody } from './types';

/** What went wrong, coarse enough for a UI or a CLI to pick its advice from. */
export type ApiErrorKind =
	| 'network'
	| 'unauthorized'
	| 'forbidden'
	| 'not_found'
	| 'no_route'
	/** Any other 4xx: the request was refused as invalid (e.g. `rest_invalid_param`). */
	| 'invalid_request'
	| 'server'
	| 'invalid_response'
	| 'aborted';

/** Codes `@wordpress/api-fetch` throws when no HTTP response arrived. */
const NETWORK_CODES = new Set( [ 'fetch_error', 'offline_error' ] );

/**
 * Codes that mean "log in again" whatever their status: WordPress answers an expired cookie
 * session with 403 `rest_cookie_invalid_nonce`, which is not a missing capability.
 */
const SESSION_CODES = new Set( [
	'rest_cookie_invalid_nonce',
	'rest_not_logged_in',
] );

/**
 * A failed Proxy Health REST call.
 *
 * `code` is the REST error code when the server sent one (`rest_forbidden`, `rest_no_route`, …),
 * or a client-side code (`fetch_error`, `invalid_json`, `aborted`, …). `status` is the HTTP
 * status when known.
 */
export class ProxyHealthApiError extends Error {
	override readonly name = 'ProxyHealthApiError';

	readonly kind: ApiErrorKind;

	readonly code: string;

	readonly status: number | undefined;

	constructor(
		kind: ApiErrorKind,
		code: string,
		message: string,
		status?: number,
		options?: { cause?: unknown }
	) {
		super( message, options );
		this.kind = kind;
		this.code = code;
		this.status = status;
	}
}

function isRecord( value: unknown ): value is Record< string, unknown > {
	return typeof value === 'object' && value !== null;
}

/**
 * Whether a thrown value has the shape of a serialised `WP_Error` (or of the
 * `{ code, message }` objects api-fetch throws).
 *
 * @param value Anything.
 */
export function isRestErrorBody( value: unknown ): value is RestErrorBody {
	if ( ! isRecord( value ) || typeof value.code !== 'string' ) {
		return false;
	}
	if ( typeof value.message !== 'string' ) {
		return false;
	}
	return value.data === undefined || isRecord( value.data );
}

function isAbortError( value: unknown ): boolean {
	return isRecord( value ) && value.name === 'AbortError';
}

function kindFromStatus( status: number ): ApiErrorKind | undefined {
	if ( status === 401 ) {
		return 'unauthorized';
	}
	if ( status === 403 ) {
		return 'forbidden';
	}
	if ( status === 404 ) {
		return 'not_found';
	}
	if ( status >= 500 ) {
		return 'server';
	}
	if ( status >= 400 ) {
		return 'invalid_request';
	}
	return undefined;
}

/**
 * Turns whatever a transport threw into a `ProxyHealthApiError`.
 *
 * api-fetch throws the parsed REST error body for non-2xx answers, `{ code: 'fetch_error' }`
 * (or `offline_error`) when no answer arrived, `{ code: 'invalid_json' }` when the body was
 * not JSON, and the `AbortError` itself when the request was aborted. A Node transport
 * throws `fetch`'s own errors (a `TypeError` for network failures), which count as network
 * failures too. An HTTP status, when present, wins over `invalid_json`: an HTML 500 page is
 * a server failure first.
 *
 * @param thrown Whatever the transport rejected with.
 * @param signal The request's signal: an aborted signal makes any failure an abort.
 */
export function toApiError(
	thrown: unknown,
	signal?: AbortSignal
): ProxyHealthApiError {
	if ( thrown instanceof ProxyHealthApiError ) {
		return thrown;
	}
	if ( isAbortError( thrown ) || signal?.aborted ) {
		return new ProxyHealthApiError(
			'aborted',
			'aborted',
			'The request was aborted.',
			undefined,
			{ cause: thrown }
		);
	}
	if ( isRestErrorBody( thrown ) ) {
		const { code, message } = thrown;
		const status =
			typeof thrown.data?.status === 'number'
				? thrown.data.status
				: undefined;
		const options = { cause: thrown };
		if ( NETWORK_CODES.has( code ) ) {
			return new ProxyHealthApiError(
				'network',
				code,
				message,
				status,
				options
			);
		}
		if ( SESSION_CODES.has( code ) ) {
			return new ProxyHealthApiError(
				'unauthorized',
				code,
				message,
				status,
				options
			);
		}
		if ( code === 'rest_no_route' ) {
			return new ProxyHealthApiError(
				'no_route',
				code,
				message,
				status ?? 404,
				options
			);
		}
		const byStatus =
			status === undefined ? undefined : kindFromStatus( status );
		if ( byStatus ) {
			return new ProxyHealthApiError(
				byStatus,
				code,
				message,
				status,
				options
			);
		}
		if ( code === 'invalid_json' ) {
			return new ProxyHealthApiError(
				'invalid_response',
				code,
				message,
				status,
				options
			);
		}
		// A code without a usable status: an error body from something other than WordPress.
		return new ProxyHealthApiError(
			'server',
			code,
			message,
			status,
			options
		);
	}
	if ( thrown instanceof Error ) {
		return new ProxyHealthApiError(
			'network',
			'fetch_error',
			thrown.message,
			undefined,
			{ cause: thrown }
		);
	}
	return new ProxyHealthApiError(
		'invalid_response',
		'unknown_error',
		'The request failed with an unrecognised error.',
		undefined,
		{ cause: thrown }
	);
}
