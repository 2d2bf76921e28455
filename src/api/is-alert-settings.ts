/**
 * Internal dependencies
 */
import {
	hasShape,
	isBoolean,
	isNullableString,
	isString,
	oneOf,
} from './shape-guards';
import type { AlertSettings } from './types';

/**
 * Checks a `GET` or `POST /alerts` body against `Alerts_Controller::document()`.
 *
 * @param value A parsed response body.
 */
export function isAlertSettings( value: unknown ): value is AlertSettings {
	return hasShape( value, {
		emailEnabled: isBoolean,
		lastVerdict: oneOf( [ 'pass', 'warn', 'fail', null ] ),
		checkedAt: isNullableString,
		alert: ( alert ) =>
			alert === null ||
			hasShape( alert, {
				id: isString,
				since: isString,
				code: isString,
				title: isString,
			} ),
		lastMailAt: isNullableString,
	} );
}
