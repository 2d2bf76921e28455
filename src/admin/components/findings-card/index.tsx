/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { DiagnosisSeverity, Finding } from '../../../api/types';
import { describeSeverity, severityTone } from '../../utils/describe-severity';
import Badge from '../badge';
import ReportCard from '../report-card';

export interface FindingsCardProps {
	/** Findings of the configuration lint (`GET /status`), in the server's order. */
	findings: Finding[];
}

const RANK: Record< DiagnosisSeverity, number > = {
	critical: 0,
	recommended: 1,
	good: 2,
};

/**
 * What a static reading of the configuration found (wp-config.php, bypass list, environment
 * proxies), before any request is made: each finding with its severity, explanation, remedies
 * and, collapsed, the values it rests on. Most severe first.
 *
 * @param props          Component props.
 * @param props.findings Findings of the configuration lint, in the server's order.
 */
export default function FindingsCard( { findings }: FindingsCardProps ) {
	const sorted = [ ...findings ].sort(
		( a, b ) => RANK[ a.severity ] - RANK[ b.severity ]
	);
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
						{ sorted.map(
							(
								{
									code,
									severity,
									title,
									detail,
									remedies,
									evidence,
								},
								position
							) => (
								<li
									// Another plugin's check may repeat a code; position keeps keys unique.
									key={ `${ code }-${ position }` }
									className="proxy-health-diagnosis"
									data-code={ code }
								>
									<h3 className="proxy-health-diagnosis__title">
										<Badge
											tone={ severityTone( severity ) }
										>
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
													<li key={ remedy }>
														{ remedy }
													</li>
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
												{ evidence.map(
													( line, index ) => (
														<li key={ index }>
															<code>
																{ line }
															</code>
														</li>
													)
												) }
											</ul>
										</details>
									) }
								</li>
							)
						) }
					</ul>
				) }
			</ReportCard>
		</div>
	);
}
