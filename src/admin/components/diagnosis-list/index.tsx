/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { Diagnosis } from '../../../api/types';
import { describeSeverity, severityTone } from '../../utils/describe-severity';
import { sortDiagnoses } from '../../utils/sort-diagnoses';
import Badge from '../badge';
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
				{ sortDiagnoses( diagnoses ).map(
					( {
						code,
						severity,
						title,
						detail,
						remedies,
						evidence,
					} ) => (
						<li
							key={ code }
							className="proxy-health-diagnosis"
							data-code={ code }
						>
							<h3 className="proxy-health-diagnosis__title">
								<Badge tone={ severityTone( severity ) }>
									{ describeSeverity( severity ) }
								</Badge>{ ' ' }
								{ title }
							</h3>
							<p className="proxy-health-diagnosis__detail">
								{ detail }
							</p>
							{ remedies.length > 0 && (
								<>
									<h4 className="proxy-health-diagnosis__subtitle">
										{ __(
											'How to fix it',
											'proxy-health'
										) }
									</h4>
									<ul className="proxy-health-diagnosis__remedies">
										{ remedies.map( ( remedy ) => (
											<li key={ remedy }>{ remedy }</li>
										) ) }
									</ul>
								</>
							) }
							{ evidence.length > 0 && (
								<details className="proxy-health-diagnosis__evidence">
									<summary>
										{ sprintf(
											/* translators: %d: number of observations. */
											__(
												'Evidence (%d)',
												'proxy-health'
											),
											evidence.length
										) }
									</summary>
									<ul>
										{ evidence.map( ( line, index ) => (
											// Lines may repeat (two identical requests); position tells them apart.
											<li key={ index }>
												<code>{ line }</code>
											</li>
										) ) }
									</ul>
								</details>
							) }
						</li>
					)
				) }
			</ul>
		</ReportCard>
	);
}
