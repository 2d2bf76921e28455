/**
 * Internal dependencies
 */
import type { Diagnosis } from '../types';

/**
 * A diagnosis (or, same shape, a finding) whose title and detail name its code, with no
 * remedies or evidence unless given.
 *
 * @param code     The code.
 * @param severity The severity.
 * @param extra    Fields to set instead.
 */
export function diagnosisOf(
	code: string,
	severity: Diagnosis[ 'severity' ],
	extra: Partial< Diagnosis > = {}
): Diagnosis {
	return {
		code,
		severity,
		title: `Title of ${ code }`,
		detail: `Detail of ${ code }`,
		remedies: [],
		evidence: [],
		...extra,
	};
}
