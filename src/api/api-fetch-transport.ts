/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';

/**
 * Internal dependencies
 */
import type { Transport } from './client';
import type { RestErrorBody } from './types';

function isResponse( value: unknown ): value is Response {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof ( value as Partial< Response > ).status === 'number' &&
		typeof ( value as Partial< Response > ).ok === 'boolean'
	);
}

/**
 * The panel's transport: `@wordpress/api-fetch`, which in wp-admin already carries the REST
 * root and the nonce (and refreshes an expired nonce once). Errors are rethrown as api-fetch
 * shaped them, so `toApiError` can read them, with one exception: when the nonce refresh
 * itself fails (the session is gone), the api-fetch bundled with WordPress 6.6 throws the
 * refresh's `Response`. Since this transport always parses bodies, a thrown `Response` can
 * only mean that, so it becomes the error WordPress would have sent.
 *
 * @param request        The REST call.
 * @param request.path
 * @param request.method
 * @param request.data
 * @param request.signal
 */
export const apiFetchTransport: Transport = ( {
	path,
	method,
	data,
	signal,
} ) =>
	apiFetch< unknown >( {
		path,
		method,
		...( data === undefined ? {} : { data } ),
		...( signal ? { signal } : {} ),
	} ).catch( ( thrown: unknown ) => {
		if ( ! isResponse( thrown ) ) {
			throw thrown;
		}
		const sessionExpired: RestErrorBody = {
			code: 'rest_cookie_invalid_nonce',
			message:
				'Cookie check failed and the REST nonce could not be refreshed.',
			data: { status: thrown.status },
		};
		throw sessionExpired;
	} );
