/**
 * Internal dependencies
 */
import {
	arrayOf,
	hasShape,
	isBoolean,
	isNullableString,
	isNumber,
	isString,
	oneOf,
} from './shape-guards';
import type { Guard } from './shape-guards';
import type { HooksReport } from './types';

const OWNER_TYPES = [
	'plugin',
	'mu-plugin',
	'theme',
	'core',
	'drop-in',
	'unknown',
] as const;

const isNullableNumber: Guard = ( value ) =>
	value === null || isNumber( value );

const isOwner: Guard = ( value ) =>
	hasShape( value, {
		type: oneOf( OWNER_TYPES ),
		slug: isNullableString,
		file: isNullableString,
		line: isNullableNumber,
	} );

const isHookCallbacks: Guard = ( value ) =>
	hasShape( value, {
		hook: isString,
		callbacks: arrayOf( ( callback ) =>
			hasShape( callback, {
				priority: isNumber,
				callback: isString,
				acceptedArgs: isNumber,
				owner: isOwner,
				proxyHealth: isBoolean,
			} )
		),
	} );

const isOwnerGroup: Guard = ( value ) =>
	hasShape( value, {
		type: oneOf( OWNER_TYPES ),
		slug: isNullableString,
		proxyHealth: isBoolean,
		callbacks: arrayOf( ( callback ) =>
			hasShape( callback, {
				hook: isString,
				priority: isNumber,
				callback: isString,
				file: isNullableString,
				line: isNullableNumber,
			} )
		),
	} );

/**
 * Checks a `GET /hooks` body against `Hooks_Controller::get_item_schema()`. Extra fields are
 * allowed (the contract only adds fields).
 *
 * @param value A parsed response body.
 */
export function isHooksReport( value: unknown ): value is HooksReport {
	return hasShape( value, {
		hooks: arrayOf( isHookCallbacks ),
		owners: arrayOf( isOwnerGroup ),
	} );
}
