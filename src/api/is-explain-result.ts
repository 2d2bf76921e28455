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
	optional,
} from './shape-guards';
import type { ExplainHint, ExplainReason, ExplainResult } from './types';

const REASONS: readonly ExplainReason[] = [
	'proxy_disabled',
	'unparsable_url',
	'filter_override',
	'localhost',
	'site_host',
	'no_bypass_list',
	'bypass_wildcard_match',
	'bypass_exact_match',
	'not_in_bypass_list',
];

/*
 * Hints are advice, so a hint code this client does not know yet is still accepted as a
 * string; reasons decide the verdict and must be known.
 */
const KNOWN_HINTS: readonly ExplainHint[] = [
	'bypass_entry_has_space',
	'wildcard_does_not_match_apex',
	'case_mismatch',
	'trailing_dot_mismatch',
	'port_in_bypass_entry',
	'cidr_in_bypass_entry',
	'ipv6_without_brackets',
	'url_has_no_host',
	'http_api_rejects_url',
];

/**
 * Whether a hint code is one this client knows words for.
 *
 * @param hint A hint from an `ExplainResult`.
 */
export const isKnownExplainHint = ( hint: string ): hint is ExplainHint =>
	( KNOWN_HINTS as readonly string[] ).includes( hint );

/**
 * Checks a `POST /explain` answer (`Explain_Controller::get_item_schema()`).
 *
 * @param value A parsed value.
 */
export function isExplainResult( value: unknown ): value is ExplainResult {
	return hasShape( value, {
		url: isString,
		host: isNullableString,
		viaProxy: isBoolean,
		reason: oneOf( REASONS ),
		detail: isString,
		matchedRule: optional( isString ),
		filter: optional( ( filter ) =>
			hasShape( filter, {
				callbacks: arrayOf( ( callback ) =>
					hasShape( callback, { name: isString, priority: isNumber } )
				),
			} )
		),
		proxyEnabled: isBoolean,
		hints: arrayOf( isString ),
	} );
}
