/**
 * Internal dependencies
 */
import {
	arrayOf,
	hasShape,
	isBoolean,
	isNumber,
	isRecord,
	isString,
	isStringArray,
	oneOf,
	optional,
} from './shape-guards';
import type { Guard } from './shape-guards';
import { isEvidenceSessionDocument as isEvidenceSession } from './contract/validators';
import type { CallContext, CallSource, Evidence } from './types';

/*
 * `POST /evidence-sessions`, `GET|DELETE /evidence-sessions/current`: compiled from
 * `Evidence_Sessions_Controller::get_item_schema()` by `npm run contract`.
 */
export {
	isEvidenceSessionDocument as isEvidenceSession,
	isEvidenceSessionStoppedDocument as isEvidenceSessionStopped,
} from './contract/validators';

const SOURCE_TYPES: readonly CallSource[ 'type' ][] = [
	'plugin',
	'theme',
	'mu-plugin',
	'core',
];
const CONTEXTS: readonly CallContext[] = [
	'cron',
	'admin',
	'rest',
	'front',
	'cli',
];
const nullOr =
	( guard: Guard ): Guard =>
	( value ) =>
		value === null || guard( value );

const isCall: Guard = ( value ) =>
	hasShape( value, {
		at: isString,
		url: isString,
		method: isString,
		source: ( source ) =>
			hasShape( source, { type: oneOf( SOURCE_TYPES ), slug: isString } ),
		context: oneOf( CONTEXTS ),
		viaProxy: isBoolean,
		// Outcomes may be added; the panel words unknown ones generically.
		outcome: isString,
		httpStatus: optional( isNumber ),
		connectStatus: optional( isNumber ),
		proxyAuthOffered: optional( isStringArray ),
		timingsMs: ( timings ) => hasShape( timings, { total: isNumber } ),
		error: optional( ( error ) =>
			hasShape( error, { code: isString, message: isString } )
		),
	} );

const isLog: Guard = ( value ) =>
	hasShape( value, {
		file: isString,
		lines: isStringArray,
		skipped: optional( isString ),
	} );

const isHtaccessAudit: Guard = ( value ) =>
	hasShape( value, {
		files: arrayOf( ( file ) =>
			hasShape( file, { file: isString, found: isBoolean } )
		),
		rules: arrayOf( ( rule ) =>
			hasShape( rule, {
				file: isString,
				line: isNumber,
				directive: isString,
				text: isString,
				target: isString,
				status: isNumber,
			} )
		),
		chains: arrayOf( ( chain ) =>
			hasShape( chain, {
				entryPoint: isString,
				url: isString,
				hops: arrayOf( ( hop ) =>
					hasShape( hop, { url: isString, status: isNumber } )
				),
				flags: arrayOf( ( flag ) =>
					hasShape( flag, {
						hop: isNumber,
						reason: isString,
						url: isString,
						status: isNumber,
					} )
				),
			} )
		),
	} );

const isChanges: Guard = ( value ) =>
	hasShape( value, {
		from: isRecord,
		to: isRecord,
		count: isNumber,
		plugins: ( plugins ) =>
			hasShape( plugins, {
				added: Array.isArray,
				removed: Array.isArray,
				updated: Array.isArray,
			} ),
	} );

/**
 * Checks a `GET /evidence` body against `Evidence_Controller::get_item_schema()`. The
 * `.htaccess` audit and "what changed" parts are checked when present, so that a site whose
 * plugin predates them still answers with usable evidence.
 *
 * @param value A parsed response body.
 */
export function isEvidence( value: unknown ): value is Evidence {
	return hasShape( value, {
		session: nullOr( isEvidenceSession ),
		calls: arrayOf( isCall ),
		logs: arrayOf( isLog ),
		htaccess: optional( isHtaccessAudit ),
		changes: optional( nullOr( isChanges ) ),
	} );
}
