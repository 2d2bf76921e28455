/**
 * Internal dependencies
 */
import { isProxyConfig } from './is-proxy-config';
import {
	arrayOf,
	hasShape,
	isBoolean,
	isNullableString,
	isString,
	isStringArray,
	oneOf,
	optional,
} from './shape-guards';
import type { Guard } from './shape-guards';
import type { StatusResponse } from './types';

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

const isEnvironment: Guard = arrayOf( ( variable ) =>
	hasShape( variable, {
		name: isString,
		value: isString,
		seenBy: oneOf( [ 'getenv', 'server', 'both' ] ),
	} )
);

const isWriteFeature: Guard = ( value ) =>
	hasShape( value, {
		available: isBoolean,
		reason: oneOf( [
			'file_mods_disallowed',
			'config_not_found',
			'config_unwritable',
			'mu_plugins_unwritable',
			null,
		] ),
	} );

const isFinding: Guard = ( value ) =>
	hasShape( value, {
		code: isString,
		severity: oneOf( [ 'critical', 'recommended', 'good' ] ),
		title: isString,
		detail: isString,
		remedies: isStringArray,
		evidence: isStringArray,
	} );

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
		proxy: isProxyConfig,
		transports: isTransports,
		environment: isEnvironment,
		findings: arrayOf( isFinding ),
		writeFeatures: optional( ( features ) =>
			hasShape( features, {
				debugSwitch: isWriteFeature,
				applyCredentials: isWriteFeature,
				bisection: isWriteFeature,
			} )
		),
		runtime: ( runtime ) =>
			hasShape( runtime, {
				wordpress: isString,
				php: isString,
				sapi: isString,
				parallelFsockopen: ( parallel ) =>
					hasShape( parallel, {
						available: isBoolean,
						reason: oneOf( [
							'php_version',
							'php_wasm',
							'filter',
							null,
						] ),
					} ),
			} ),
	} );
}
