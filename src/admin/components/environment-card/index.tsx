/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { EnvironmentProxyVariable } from '../../../api/types';
import InfoList from '../info-list';
import ReportCard from '../report-card';

export interface EnvironmentCardProps {
	/** Proxy environment variables visible to PHP, credentials redacted. */
	variables: EnvironmentProxyVariable[];
}

/**
 * Proxy environment variables (`http_proxy`, `no_proxy`, …) as the web server's PHP sees them.
 * WP-CLI and cron run under a different environment and may see others.
 *
 * @param props           Component props.
 * @param props.variables Proxy environment variables visible to PHP.
 */
export default function EnvironmentCard( { variables }: EnvironmentCardProps ) {
	return (
		<ReportCard
			title={ __( 'Environment proxy variables', 'proxy-health' ) }
		>
			{ variables.length === 0 ? (
				<p>
					{ __(
						'No proxy environment variables are visible to PHP on this web server.',
						'proxy-health'
					) }
				</p>
			) : (
				<InfoList
					items={ variables.map( ( { name, value } ) => ( {
						key: name,
						label: name,
						value: <code>{ value }</code>,
					} ) ) }
				/>
			) }
			<p className="proxy-health-environment__note">
				{ __(
					'WP-CLI and system cron run with their own environment and may see different variables.',
					'proxy-health'
				) }
			</p>
		</ReportCard>
	);
}
