/**
 * Internal dependencies
 */
import type { StatusResponse } from './types';

type Guard = ( value: unknown ) => boolean;

const isRecord = ( value: unknown ): value is Record< string, unknown > =>
	typeof value === 'object' && value !== null && ! Array.isArray( value );
const isString: Guard = ( value ) => typeof value === 'string';
const isBoolean: Guard = ( value ) => typeof value === 'boolean';
const isNullableString: Guard = ( value ) =>
	value === null || isString( value );
const isStringArray: Guard = ( value ) =>
	Array.isArray( value ) && value.every( isString );

function hasShape( value: unknown, shape: Record< string, Guard > ): boolean {
	return (
		isRecord( value ) &&
		Object.entries( shape ).every( ( [ key, guard ] ) =>
			guard( value[ key ] )
		)
	);
}

const SOURCE_FIELDS = [ 'host', 'port', 'username', 'password', 'bypassHosts' ];
const SOURCES = [ 'constant', 'unset' ];

const isSources: Guard = ( value ) =>
	isRecord( value ) &&
	SOURCE_FIELDS.every( ( field ) =>
		SOURCES.includes( String( value[ field ] ) )
	);

const isProxy: Guard = ( value ) =>
	hasShape( value, {
		enabled: isBoolean,
		host: isNullableString,
		port: isNullableString,
		username: isNullableString,
		hasPassword: isBoolean,
		authEnabled: isBoolean,
		bypassHosts: ( hosts ) => hosts === null || isStringArray( hosts ),
		sources: isSources,
	} );

const isTransports: Guard = ( value ) =>
	hasShape( value, {
		curl: ( curl ) =>
			hasShape( curl, {
				available: isBoolean,
				version: isNullableString,
				sslVersion: isNullableString,
				authSchemes: isStringArray,
			} ),
		fsockopen: ( fsockopen ) =>
			hasShape( fsockopen, { available: isBoolean } ),
	} );

const isEnvironment: Guard = ( value ) =>
	Array.isArray( value ) &&
	value.every( ( variable ) =>
		hasShape( variable, { name: isString, value: isString } )
	);

/**
 * Checks a `GET /status` body against the schema in `Status_Controller::get_item_schema()`,
 * so that a page from a security plugin or a half-installed plugin is reported as an invalid
 * response instead of crashing whatever renders it. Extra fields are allowed (the contract
 * only adds fields).
 *
 * @param value A parsed response body.
 */
export function isStatusResponse( value: unknown ): value is StatusResponse {
	return hasShape( value, {
		proxy: isProxy,
		transports: isTransports,
		environment: isEnvironment,
		runtime: ( runtime ) =>
			hasShape( runtime, {
				wordpress: isString,
				php: isString,
				sapi: isString,
			} ),
	} );
}
