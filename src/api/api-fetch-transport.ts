/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';

/**
 * Internal dependencies
 */
import type { Transport } from './client';

/**
 * The panel's transport: `@wordpress/api-fetch`, which in wp-admin already carries the REST
 * root and the nonce (and refreshes an expired nonce once). Errors are rethrown untouched so
 * `toApiError` sees api-fetch's own shapes.
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
	} );
