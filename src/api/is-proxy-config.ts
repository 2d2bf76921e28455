/**
 * Internal dependencies
 */
import {
	hasShape,
	isBoolean,
	isNullableString,
	isRecord,
	isStringArray,
} from './shape-guards';
import type { ProxyConfig } from './types';

const SOURCE_FIELDS = [ 'host', 'port', 'username', 'password', 'bypassHosts' ];
const SOURCES = [ 'constant', 'unset' ];

/**
 * Checks a proxy configuration (`Proxy_Config::to_array()`), as both `GET /status` and
 * `POST /probes` return it.
 *
 * @param value A parsed value.
 */
export function isProxyConfig( value: unknown ): value is ProxyConfig {
	return hasShape( value, {
		enabled: isBoolean,
		host: isNullableString,
		port: isNullableString,
		username: isNullableString,
		hasPassword: isBoolean,
		authEnabled: isBoolean,
		bypassHosts: ( hosts ) => hosts === null || isStringArray( hosts ),
		sources: ( sources ) =>
			isRecord( sources ) &&
			SOURCE_FIELDS.every( ( field ) =>
				SOURCES.includes( String( sources[ field ] ) )
			),
	} );
}
