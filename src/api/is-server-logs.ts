/**
 * Internal dependencies
 */
import { hasShape, isStringArray } from './shape-guards';
import type { ServerLogs } from './types';

/**
 * Checks a `GET` or `PUT /evidence/server-logs` body. Extra fields are allowed.
 *
 * @param value A parsed response body.
 */
export function isServerLogs( value: unknown ): value is ServerLogs {
	return hasShape( value, { paths: isStringArray, roots: isStringArray } );
}
