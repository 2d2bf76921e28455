/**
 * Internal dependencies
 */
import type { StatusResponse } from '../../../api/types';
import EnvironmentCard from '../environment-card';
import ProxyConfigCard from '../proxy-config-card';
import RuntimeCard from '../runtime-card';
import TransportsCard from '../transports-card';
import WriteFeaturesCard from '../write-features-card';

export interface StatusReportProps {
	/** The `GET /status` document. */
	status: StatusResponse;
}

/**
 * The result of a check: one card per part of the status document.
 *
 * @param props        Component props.
 * @param props.status The `GET /status` document.
 */
export default function StatusReport( { status }: StatusReportProps ) {
	return (
		<div className="proxy-health-status-report">
			<ProxyConfigCard proxy={ status.proxy } />
			<TransportsCard transports={ status.transports } />
			<EnvironmentCard variables={ status.environment } />
			<RuntimeCard runtime={ status.runtime } />
			{ status.writeFeatures && (
				<WriteFeaturesCard features={ status.writeFeatures } />
			) }
		</div>
	);
}
