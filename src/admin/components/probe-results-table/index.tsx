/**
 * External dependencies
 */
import type { ReactNode } from 'react';

/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { ProbeResult } from '../../../api/types';
import { describeOutcome, outcomeTone } from '../../utils/describe-outcome';
import { describeRoute, describeTransport } from '../../utils/describe-route';
import ColumnHeads from '../column-heads';
import Badge from '../badge';
import ReportCard from '../report-card';
import TableScroll from '../table-scroll';
import TimingWaterfall from '../timing-waterfall';

export interface ProbeResultsTableProps {
	/** Results from the probe report, one per target and transport. */
	results: ProbeResult[];
}

/** A cell with nothing to show: a dash for the eye, words for screen readers. */
function notApplicable(): ReactNode {
	return (
		<>
			<span aria-hidden="true">—</span>
			<span className="screen-reader-text">
				{ __( 'None', 'proxy-health' ) }
			</span>
		</>
	);
}

function orNotApplicable( value: ReactNode | undefined ): ReactNode {
	return value === undefined || value === '' ? notApplicable() : value;
}

/**
 * Every request the probes sent: where it went, how, and what came back, including the
 * proxy's CONNECT answer, the authentication schemes and realm it offered, and how long it
 * took. This is the raw material the diagnoses rest on.
 *
 * @param props         Component props.
 * @param props.results Results from the probe report.
 */
export default function ProbeResultsTable( {
	results,
}: ProbeResultsTableProps ) {
	// One scale for every bar, so the slow request looks slow next to the others.
	const scaleMs = Math.max( 0, ...results.map( ( r ) => r.timingsMs.total ) );
	// Names the table and its scroll region (which must not repeat the card's region name).
	const caption = __(
		'Requests sent by WordPress during the checks, one row per target and transport',
		'proxy-health'
	);
	return (
		<ReportCard title={ __( 'Probe results', 'proxy-health' ) }>
			<TableScroll label={ caption }>
				<table className="widefat striped proxy-health-probe-results">
					<caption className="screen-reader-text">
						{ caption }
					</caption>
					<ColumnHeads
						columns={ [
							__( 'Target', 'proxy-health' ),
							__( 'Transport', 'proxy-health' ),
							__( 'Route', 'proxy-health' ),
							__( 'Outcome', 'proxy-health' ),
							__( 'HTTP status', 'proxy-health' ),
							__( 'CONNECT status', 'proxy-health' ),
							__( 'Offered schemes', 'proxy-health' ),
							__( 'Realm', 'proxy-health' ),
							__( 'Proxy server', 'proxy-health' ),
							__( 'Total time', 'proxy-health' ),
						] }
					/>
					<tbody>
						{ results.map( ( result, index ) => (
							// The same target may be probed by two transports, or twice.
							<tr key={ index }>
								<th
									scope="row"
									className="proxy-health-probe-results__target"
								>
									<code>
										{ result.method } { result.target }
									</code>
								</th>
								<td>
									{ describeTransport( result.transport ) }
								</td>
								<td>{ describeRoute( result ) }</td>
								<td>
									<Badge
										tone={ outcomeTone( result.outcome ) }
									>
										{ describeOutcome( result.outcome ) }
									</Badge>
									{ result.error && (
										<span className="proxy-health-probe-results__error">
											{ result.error.message }
										</span>
									) }
								</td>
								<td>
									{ orNotApplicable( result.httpStatus ) }
								</td>
								<td>
									{ orNotApplicable( result.connectStatus ) }
								</td>
								<td>
									{ orNotApplicable(
										result.proxyAuthOffered?.join( ', ' )
									) }
								</td>
								<td>
									{ orNotApplicable(
										result.proxyRealm && (
											<code>{ result.proxyRealm }</code>
										)
									) }
								</td>
								<td>
									{ orNotApplicable( result.proxyServer ) }
								</td>
								<td className="proxy-health-probe-results__time">
									{ sprintf(
										/* translators: %d: duration in milliseconds. */
										__( '%d ms', 'proxy-health' ),
										Math.round( result.timingsMs.total )
									) }
									<TimingWaterfall
										timings={ result.timingsMs }
										scaleMs={ scaleMs }
									/>
								</td>
							</tr>
						) ) }
					</tbody>
				</table>
			</TableScroll>
		</ReportCard>
	);
}
