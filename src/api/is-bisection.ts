/**
 * Internal dependencies
 */
import {
	arrayOf,
	hasShape,
	isNumber,
	isString,
	isStringArray,
	oneOf,
	optional,
} from './shape-guards';
import type { Guard } from './shape-guards';
import type {
	Bisection,
	BisectionConclusion,
	BisectionDriver,
	BisectionMode,
	BisectionOrderReason,
	BisectionStatus,
	BisectionStep,
	PreparedBisectionStep,
	SandboxResult,
} from './types';

const STATUSES: readonly BisectionStatus[] = [
	'running',
	'done',
	'failed',
	'cancelled',
];
const MODES: readonly BisectionMode[] = [ 'ddmin', 'one-by-one' ];
const DRIVERS: readonly BisectionDriver[] = [ 'server', 'client', 'cli' ];
const CONCLUSIONS: readonly BisectionConclusion[] = [
	'culprit_found',
	'not_a_plugin',
	'inconclusive',
	'nothing_to_bisect',
];
const OUTCOMES: readonly BisectionStep[ 'outcome' ][] = [
	'pass',
	'fail',
	'crash',
];
const REASONS: readonly BisectionOrderReason[] = [ 'hooks', 'scan', 'none' ];

const isStep: Guard = ( value ) =>
	hasShape( value, {
		subset: isStringArray,
		outcome: oneOf( OUTCOMES ),
		reportId: optional( isString ),
		evidence: optional( isStringArray ),
		failedTransports: optional( isStringArray ),
	} );

const isOrderEntry: Guard = ( value ) =>
	hasShape( value, { plugin: isString, reason: oneOf( REASONS ) } );

/**
 * Checks a `POST /bisections`, `GET /bisections/{id}`, `POST /bisections/{id}/step` or
 * `DELETE /bisections/{id}` body against `Bisections_Controller::get_item_schema()`.
 * Extra fields are allowed (the contract only adds fields).
 *
 * @param value A parsed response body.
 */
export function isBisection( value: unknown ): value is Bisection {
	return hasShape( value, {
		id: isString,
		status: oneOf( STATUSES ),
		mode: oneOf( MODES ),
		driver: oneOf( DRIVERS ),
		plugins: isStringArray,
		order: optional( arrayOf( isOrderEntry ) ),
		probesUsed: isNumber,
		probesEstimated: isNumber,
		steps: arrayOf( isStep ),
		conclusion: optional( oneOf( CONCLUSIONS ) ),
		culprits: arrayOf( isStringArray ),
		clone: ( clone ) =>
			hasShape( clone, {
				prefix: isString,
				state: oneOf( [ 'creating', 'ready', 'dropped' ] ),
			} ),
		cloneMode: optional( oneOf( [ 'light', 'full' ] ) ),
		createdAt: optional( isString ),
		updatedAt: optional( isString ),
		error: optional( ( error ) =>
			hasShape( error, { code: isString, message: isString } )
		),
		failsOn: optional( oneOf( [ 'curl', 'fsockopen', 'any' ] ) ),
		theme: optional( ( theme ) =>
			hasShape( theme, { stylesheet: isString, fallback: isString } )
		),
		driverReason: optional( ( reason ) =>
			hasShape( reason, { code: isString, message: isString } )
		),
	} );
}

/**
 * Checks a `POST /bisections/{id}/step` answer to `{ prepare: true }`.
 *
 * @param value A parsed response body.
 */
export function isPreparedBisectionStep(
	value: unknown
): value is PreparedBisectionStep {
	return hasShape( value, {
		step: isNumber,
		expiresAt: isString,
		request: ( request ) =>
			hasShape( request, {
				url: isString,
				method: oneOf( [ 'POST' ] ),
				headers: ( headers ) =>
					typeof headers === 'object' &&
					headers !== null &&
					! Array.isArray( headers ) &&
					Object.values( headers ).every(
						( header ) => typeof header === 'string'
					),
				body: isString,
			} ),
	} );
}

/**
 * Checks a sandbox answer before it is posted back (the site verifies its signature).
 *
 * @param value A parsed sandbox response body.
 */
export function isSandboxResult( value: unknown ): value is SandboxResult {
	return hasShape( value, {
		proxyHealthSandbox: ( flag ) => flag === true,
		bisection: isString,
		step: isNumber,
		outcome: oneOf( OUTCOMES ),
		signature: isString,
	} );
}
