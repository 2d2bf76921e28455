/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { Diagnosis } from '../../../api/types';
import { sortDiagnoses } from '../../utils/sort-diagnoses';
import DiagnosisItem from '../diagnosis-item';
import ReportCard from '../report-card';

export interface DiagnosisListProps {
	/** Diagnoses from the probe report, in the server's order. */
	diagnoses: Diagnosis[];
}

/**
 * What the probes mean: each diagnosis with its severity, explanation, remedies and the
 * observations it rests on (collapsed, since they are for checking, not for reading first).
 * Most severe first.
 *
 * @param props           Component props.
 * @param props.diagnoses Diagnoses from the probe report, in the server's order.
 */
export default function DiagnosisList( { diagnoses }: DiagnosisListProps ) {
	return (
		<ReportCard title={ __( 'Diagnoses', 'proxy-health' ) }>
			<ul className="proxy-health-diagnoses">
				{ sortDiagnoses( diagnoses ).map( ( diagnosis ) => (
					<DiagnosisItem key={ diagnosis.code } item={ diagnosis } />
				) ) }
			</ul>
		</ReportCard>
	);
}
