/**
 * Internal dependencies
 */
import {
	arrayOf,
	hasShape,
	isBoolean,
	isNumber,
	isString,
	oneOf,
	optional,
} from './shape-guards';
import type { Guard } from './shape-guards';
import type { SiteScanReport } from './types';

/** The codes in plugin/scan-patterns.json (a unit test keeps the two lists equal). */
export const SCAN_PATTERN_CODES = [
	'defines_wp_proxy_constant',
	'hook_pre_http_send_through_proxy',
	'hook_http_api_curl',
	'hook_pre_http_request',
	'hook_http_request_args',
	'hook_use_curl_transport',
	'hook_https_ssl_verify',
	'curl_proxy_option',
	'proxy_authorization_header',
	'stream_context_proxy',
	'raw_curl',
	'guzzle_client',
] as const;

const isHit: Guard = ( value ) =>
	hasShape( value, {
		code: oneOf( SCAN_PATTERN_CODES ),
		weight: isNumber,
		file: isString,
		line: isNumber,
		detail: isString,
	} );

export const isScanSuspect: Guard = ( value ) =>
	hasShape( value, {
		type: oneOf( [ 'plugin', 'mu-plugin', 'theme' ] as const ),
		slug: isString,
		score: isNumber,
		hits: arrayOf( isHit ),
	} );

const isProblem: Guard = ( value ) =>
	hasShape( value, {
		file: isString,
		line: optional( ( line ) => line === null || isNumber( line ) ),
		reason: oneOf( [ 'parse_error', 'too_large', 'unreadable' ] as const ),
		message: isString,
	} );

/**
 * Checks a `GET /scan` body against `Scan_Controller::get_item_schema()`. Extra fields are
 * allowed (the contract only adds fields).
 *
 * @param value A parsed response body.
 */
export function isSiteScanReport( value: unknown ): value is SiteScanReport {
	return hasShape( value, {
		suspects: arrayOf( isScanSuspect ),
		problems: arrayOf( isProblem ),
		filesScanned: isNumber,
		truncated: isBoolean,
		elapsedMs: isNumber,
	} );
}
