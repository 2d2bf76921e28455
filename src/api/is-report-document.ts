/**
 * Internal dependencies
 */
import { isHooksReport } from './is-hooks-report';
import { isProbeReport } from './is-probe-report';
import { isStatusResponse } from './is-status-response';
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
import type {
	BisectionConclusion,
	BisectionMode,
	BisectionStatus,
	CallSource,
	ReportDocument,
} from './types';

const VERDICTS = [ 'pass', 'fail', 'warn' ] as const;
const SOURCE_TYPES: readonly CallSource[ 'type' ][] = [
	'plugin',
	'theme',
	'mu-plugin',
	'core',
];
const BISECTION_STATUSES: readonly BisectionStatus[] = [
	'running',
	'done',
	'failed',
	'cancelled',
];
const BISECTION_MODES: readonly BisectionMode[] = [ 'ddmin', 'one-by-one' ];
const CONCLUSIONS: readonly BisectionConclusion[] = [
	'culprit_found',
	'not_a_plugin',
	'inconclusive',
	'nothing_to_bisect',
];

const nullOr =
	( guard: Guard ): Guard =>
	( value ) =>
		value === null || guard( value );

const isInboundChain: Guard = ( value ) =>
	hasShape( value, {
		entryPoint: isString,
		client: isString,
		url: isString,
		hops: arrayOf( ( hop ) =>
			hasShape( hop, { url: isString, status: isNumber } )
		),
		loop: isBoolean,
		tooManyHops: isBoolean,
	} );

const isInboundCheck: Guard = ( value ) =>
	hasShape( value, {
		createdAt: isString,
		verdict: oneOf( VERDICTS ),
		chains: arrayOf( isInboundChain ),
		diagnoses: arrayOf( isRecord ),
	} );

const isEvidenceSession: Guard = ( value ) =>
	hasShape( value, {
		id: isString,
		startedAt: isString,
		expiresAt: isString,
		debugConstants: isBoolean,
	} );

const isEvidenceSummary: Guard = ( value ) =>
	hasShape( value, {
		session: nullOr( isEvidenceSession ),
		calls: isNumber,
		failedCalls: isNumber,
		// Keyed by outcome; outcomes may be added, so any key with a count is accepted.
		byOutcome: ( counts ) =>
			isRecord( counts ) && Object.values( counts ).every( isNumber ),
		bySource: arrayOf( ( source ) =>
			hasShape( source, {
				type: oneOf( SOURCE_TYPES ),
				slug: isString,
				calls: isNumber,
				failed: isNumber,
			} )
		),
	} );

const isBisectionSummary: Guard = ( value ) =>
	hasShape( value, {
		id: isString,
		status: oneOf( BISECTION_STATUSES ),
		mode: oneOf( BISECTION_MODES ),
		conclusion: optional( oneOf( CONCLUSIONS ) ),
		culprits: arrayOf( isStringArray ),
		probesUsed: isNumber,
		createdAt: isString,
	} );

/**
 * Checks a `GET /report` body against `Report_Controller::get_item_schema()`: each part with
 * the guard of the route it comes from. Extra fields are allowed (the contract only adds fields).
 *
 * @param value A parsed response body.
 */
export function isReportDocument( value: unknown ): value is ReportDocument {
	return hasShape( value, {
		generatedAt: isString,
		site: ( site ) =>
			hasShape( site, { url: isString, wp: isString, php: isString } ),
		status: isStatusResponse,
		latestProbeReport: nullOr( isProbeReport ),
		hooks: isHooksReport,
		inbound: nullOr( isInboundCheck ),
		evidence: nullOr( isEvidenceSummary ),
		bisections: nullOr( arrayOf( isBisectionSummary ) ),
	} );
}
