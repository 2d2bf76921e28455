/**
 * Internal dependencies
 */
import type { Diagnosis, DiagnosisSeverity } from '../../api/types';

const RANK: Record< DiagnosisSeverity, number > = {
	critical: 0,
	recommended: 1,
	good: 2,
};

/**
 * Diagnoses most severe first (critical, recommended, good), keeping the server's order within
 * a severity. Returns a new array. Findings have the same severities, so they sort the same way.
 *
 * @param diagnoses Diagnoses as the report lists them.
 */
export function sortDiagnoses< T extends Pick< Diagnosis, 'severity' > >(
	diagnoses: T[]
): T[] {
	return [ ...diagnoses ].sort(
		( a, b ) => RANK[ a.severity ] - RANK[ b.severity ]
	);
}
