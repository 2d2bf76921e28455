/**
 * Internal dependencies
 */
import type { ProbeReport } from '../../../api/types';
import {
	describeVerdict,
	getVerdictReason,
} from '../../utils/summarize-report';

export interface VerdictBannerProps {
	/** The probe report whose verdict is shown. */
	report: ProbeReport;
}

/**
 * The verdict of a run, at the top of the results: whether outbound requests work, and for a
 * failure or a warning, the diagnosis that explains it. Not dismissible: it is the answer.
 * The colour repeats what the heading says.
 *
 * @param props        Component props.
 * @param props.report The probe report whose verdict is shown.
 */
export default function VerdictBanner( { report }: VerdictBannerProps ) {
	const reason = getVerdictReason( report );
	return (
		<div
			role="status"
			className={ `proxy-health-verdict proxy-health-verdict--${ report.verdict }` }
			data-verdict={ report.verdict }
		>
			<h2 className="proxy-health-verdict__headline">
				{ describeVerdict( report.verdict ) }
			</h2>
			{ reason && (
				<p className="proxy-health-verdict__reason">{ reason }</p>
			) }
		</div>
	);
}
