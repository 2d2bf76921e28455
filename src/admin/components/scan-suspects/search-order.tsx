/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { Bisection, SiteScanReport } from '../../../api/types';
import { pluginName } from '../bisection-view/plugin-names';
import type { PluginNames } from '../bisection-view/plugin-names';
import ReportCard from '../report-card';
import { describeOrderReason, suspectOf } from './describe-scan';

export interface SearchOrderProps {
	/** The bisection. */
	run: Bisection;
	/** Known plugin names. */
	names: PluginNames;
	/** The scan shown before the run, if the admin ran it: adds its score and findings. */
	scan?: SiteScanReport | null;
}

/**
 * The order the search tries the plugins in, and why each one is where it is: live HTTP hook
 * callbacks, the static scan, or neither.
 *
 * @param props       Component props.
 * @param props.run   The bisection.
 * @param props.names Known plugin names.
 * @param props.scan  The scan report, when loaded.
 */
export default function SearchOrder( {
	run,
	names,
	scan = null,
}: SearchOrderProps ) {
	if ( ! run.order || run.order.length === 0 ) {
		return null;
	}
	return (
		<ReportCard title={ __( 'Search order', 'proxy-health' ) }>
			<ol className="proxy-health-bisection__order">
				{ run.order.map( ( entry ) => (
					<li
						key={ entry.plugin }
						data-plugin={ entry.plugin }
						data-reason={ entry.reason }
					>
						<strong title={ entry.plugin }>
							{ pluginName( names, entry.plugin ) }
						</strong>{ ' ' }
						<span className="proxy-health-bisection__order-reason">
							{ describeOrderReason(
								entry.reason,
								suspectOf( scan, entry.plugin )
							) }
						</span>
					</li>
				) ) }
			</ol>
		</ReportCard>
	);
}
