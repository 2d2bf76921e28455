/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { Finding } from '../../../api/types';
import { sortDiagnoses } from '../../utils/sort-diagnoses';
import DiagnosisItem from '../diagnosis-item';
import ReportCard from '../report-card';

export interface FindingsCardProps {
	/** Findings of the configuration lint (`GET /status`), in the server's order. */
	findings: Finding[];
}

/**
 * What a static reading of the configuration found (wp-config.php, bypass list, environment
 * proxies), before any request is made: each finding with its severity, explanation, remedies
 * and, collapsed, the values it rests on. Most severe first.
 *
 * @param props          Component props.
 * @param props.findings Findings of the configuration lint, in the server's order.
 */
export default function FindingsCard( { findings }: FindingsCardProps ) {
	const sorted = sortDiagnoses( findings );
	return (
		<div className="proxy-health-findings">
			<ReportCard title={ __( 'Findings', 'proxy-health' ) }>
				{ sorted.length === 0 ? (
					<p>
						{ __(
							'The configuration was not checked.',
							'proxy-health'
						) }
					</p>
				) : (
					<ul className="proxy-health-diagnoses">
						{ sorted.map( ( finding, position ) => (
							<DiagnosisItem
								// Another plugin's check may repeat a code; position keeps keys unique.
								key={ `${ finding.code }-${ position }` }
								item={ finding }
							/>
						) ) }
					</ul>
				) }
			</ReportCard>
		</div>
	);
}
