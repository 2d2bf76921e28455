/**
 * Internal dependencies
 */
import { isStatusResponse } from './is-status-response';
import {
	arrayOf,
	hasShape,
	isNumber,
	isString,
	isStringArray,
	oneOf,
} from './shape-guards';
import type {
	ConfigRevert,
	ProxyConfigApplied,
	ProxyConfigReverted,
} from './types';

const REVERT_STATUSES: ReadonlyArray< ConfigRevert[ 'status' ] > = [
	'restored',
	'block_removed',
	'already_reverted',
	'nothing_to_revert',
];

/**
 * Checks a `POST /proxy-config` body against `Proxy_Config_Controller::create_item()`.
 *
 * @param value A parsed response body.
 */
export function isProxyConfigApplied(
	value: unknown
): value is ProxyConfigApplied {
	return hasShape( value, {
		applied: ( applied ) =>
			hasShape( applied, {
				block: isString,
				constants: isStringArray,
				guarded: arrayOf( ( item ) =>
					hasShape( item, { name: isString, line: isNumber } )
				),
			} ),
		status: isStatusResponse,
	} );
}

/**
 * Checks a `DELETE /proxy-config` body against `Proxy_Config_Controller::delete_item()`.
 *
 * @param value A parsed response body.
 */
export function isProxyConfigReverted(
	value: unknown
): value is ProxyConfigReverted {
	return hasShape( value, {
		config: ( config ) =>
			hasShape( config, {
				status: oneOf( REVERT_STATUSES ),
				message: isString,
			} ),
	} );
}
