/**
 * Internal dependencies
 */
import {
	arrayOf,
	hasShape,
	isNullableString,
	isNumber,
	isString,
} from './shape-guards';
import type { Guard } from './shape-guards';
import type { Changes, NothingToCompare } from './types';

const isRef: Guard = ( value ) =>
	hasShape( value, { id: isString, createdAt: isString, verdict: isString } );

const isValueChange: Guard = ( value ) =>
	value === null ||
	hasShape( value, { from: isNullableString, to: isNullableString } );

const isSetDiff: Guard = ( value ) =>
	hasShape( value, {
		added: arrayOf( ( item ) =>
			hasShape( item, { file: isString, version: isString } )
		),
		removed: arrayOf( ( item ) =>
			hasShape( item, { file: isString, version: isString } )
		),
		updated: arrayOf( ( item ) =>
			hasShape( item, { file: isString, from: isString, to: isString } )
		),
	} );

const isNullableSetDiff: Guard = ( value ) =>
	value === null || isSetDiff( value );

/**
 * Checks a `Changes` document against `Change_Detector::diff()`. Extra fields are allowed.
 *
 * @param value A parsed value.
 */
export function isChanges( value: unknown ): value is Changes {
	return hasShape( value, {
		from: isRef,
		to: isRef,
		count: isNumber,
		plugins: isSetDiff,
		muPlugins: isNullableSetDiff,
		dropins: isNullableSetDiff,
		theme: isValueChange,
		wp: isValueChange,
		php: isValueChange,
		proxyConfigHash: isValueChange,
		htaccessHash: isValueChange,
	} );
}

/**
 * Checks a `GET /changes` body: a `Changes` document, or null when the history holds no
 * pass → fail pair.
 *
 * @param value A parsed response body.
 */
export function isChangesOrNull( value: unknown ): value is Changes | null {
	return value === null || isChanges( value );
}

/**
 * Checks `GET /changes`'s answer when the history holds no pass → fail pair.
 *
 * @param value A parsed response body.
 */
export function isNothingToCompare(
	value: unknown
): value is NothingToCompare {
	return (
		hasShape( value, {
			from: ( part ) => part === null,
			to: ( part ) => part === null,
			count: ( part ) => part === 0,
			plugins: isSetDiff,
		} ) &&
		[
			'muPlugins',
			'dropins',
			'theme',
			'wp',
			'php',
			'proxyConfigHash',
			'htaccessHash',
		].every(
			( part ) => ( value as Record< string, unknown > )[ part ] === null
		)
	);
}
