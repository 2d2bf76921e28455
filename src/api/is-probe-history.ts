/**
 * Internal dependencies
 */
import { arrayOf, hasShape, isNumber, isString, oneOf } from './shape-guards';
import type { Guard } from './shape-guards';
import type { ProbeHistoryPage, Verdict } from './types';

const VERDICTS: readonly Verdict[] = [ 'pass', 'fail', 'warn' ];

const isCounts: Guard = ( value ) =>
	hasShape( value, {
		results: isNumber,
		ok: isNumber,
		failed: isNumber,
		diagnoses: isNumber,
	} );

const isSummary: Guard = ( value ) =>
	hasShape( value, {
		id: isString,
		createdAt: isString,
		verdict: oneOf( VERDICTS ),
		counts: isCounts,
	} );

/**
 * Checks a `GET /probes` body against `Probes_Controller::get_items()` and `History::summary()`.
 * Extra fields are allowed (the contract only adds fields).
 *
 * @param value A parsed response body.
 */
export function isProbeHistoryPage(
	value: unknown
): value is ProbeHistoryPage {
	return hasShape( value, {
		items: arrayOf( isSummary ),
		total: isNumber,
		page: isNumber,
		perPage: isNumber,
	} );
}
