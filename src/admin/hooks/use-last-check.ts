/**
 * Internal dependencies
 */
import type { ProxyHealthClient } from '../../api/client';
import type { ProbeReport } from '../../api/types';
import { panelSettings } from '../settings';
import { useRequest } from './use-request';

/**
 * The newest stored report made with the site's own settings, when the page names one
 * (`lastReportId`): its answer is preloaded into the page, so it arrives without a round trip
 * and the panel can show a verdict as soon as it renders. Null until then, without one, or
 * when it cannot be read (the panel then simply waits for Run checks).
 *
 * @param client The REST client.
 * @return The report, or null.
 */
export function useLastCheck( client: ProxyHealthClient ): ProbeReport | null {
	const id = panelSettings().lastReportId;
	const { current } = useRequest(
		( signal, reportId: string ) => client.getProbe( reportId, { signal } ),
		{ load: id ? [ id ] : undefined }
	);
	return current.state === 'done' ? current.data : null;
}
