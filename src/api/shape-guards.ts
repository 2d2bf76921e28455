/**
 * Small runtime guards for checking parsed REST bodies against the Proxy Health schemas.
 *
 * They answer "is this shaped like the contract", not "is this a valid value": extra fields
 * are always allowed, because the contract only ever adds fields.
 */

/** A check of one value. */
export type Guard = ( value: unknown ) => boolean;

/**
 * A plain object (not null, not an array).
 *
 * @param value Anything.
 */
export const isRecord = (
	value: unknown
): value is Record< string, unknown > =>
	typeof value === 'object' && value !== null && ! Array.isArray( value );

export const isString: Guard = ( value ) => typeof value === 'string';

export const isBoolean: Guard = ( value ) => typeof value === 'boolean';

/**
 * A finite number.
 *
 * @param value Anything.
 */
export const isNumber: Guard = ( value ) =>
	typeof value === 'number' && Number.isFinite( value );

export const isNullableString: Guard = ( value ) =>
	value === null || isString( value );

/**
 * An array whose every item passes a guard.
 *
 * @param guard Check for each item.
 */
export const arrayOf =
	( guard: Guard ): Guard =>
	( value ) =>
		Array.isArray( value ) && value.every( ( item ) => guard( item ) );

export const isStringArray: Guard = arrayOf( isString );

/**
 * Absent (undefined), or passing a guard. PHP leaves optional fields out rather than
 * sending null, so null does not count as absent.
 *
 * @param guard Check for a present value.
 */
export const optional =
	( guard: Guard ): Guard =>
	( value ) =>
		value === undefined || guard( value );

/**
 * One of a fixed list of values (a schema `enum`).
 *
 * @param values Allowed values.
 */
export const oneOf =
	( values: readonly unknown[] ): Guard =>
	( value ) =>
		values.includes( value );

/**
 * An object whose listed fields each pass their guard.
 *
 * @param value A parsed value.
 * @param shape Field name => guard.
 */
export function hasShape(
	value: unknown,
	shape: Record< string, Guard >
): boolean {
	return (
		isRecord( value ) &&
		Object.entries( shape ).every( ( [ key, guard ] ) =>
			guard( value[ key ] )
		)
	);
}
