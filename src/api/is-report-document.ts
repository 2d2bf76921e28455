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
	oneOf,
} from './shape-guards';
import type { Guard } from './shape-guards';
import type { ReportDocument } from './types';

const VERDICTS = [ 'pass', 'fail', 'warn' ] as const;

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
		evidence: nullOr( isRecord ),
		bisections: nullOr( isRecord ),
	} );
}
