/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type {
	WriteFeature,
	WriteFeatureReason,
	WriteFeatures,
} from '../../../api/types';
import InfoList from '../info-list';
import ReportCard from '../report-card';

export interface WriteFeaturesCardProps {
	/** The write features `GET /status` reports. */
	features: WriteFeatures;
}

/**
 * Why a write feature is off, in words.
 *
 * @param reason The stable reason `GET /status` gives.
 */
function why( reason: WriteFeatureReason ): string {
	switch ( reason ) {
		case 'file_mods_disallowed':
			return __(
				'Off: file changes are turned off on this site (DISALLOW_FILE_MODS).',
				'proxy-health'
			);
		case 'config_not_found':
			return __(
				'Off: wp-config.php is not where WordPress looks for it.',
				'proxy-health'
			);
		case 'config_unwritable':
			return __(
				'Off: PHP may not write wp-config.php or its folder.',
				'proxy-health'
			);
		case 'mu_plugins_unwritable':
			return __(
				'Off: PHP may not write the must-use plugins folder.',
				'proxy-health'
			);
	}
}

/**
 * A feature's state.
 *
 * @param feature What `GET /status` says about it.
 */
function state( feature: WriteFeature ): string {
	return feature.reason === null
		? __( 'Available', 'proxy-health' )
		: why( feature.reason );
}

/**
 * The features that write files (the debug switch, "Apply" of tested credentials, plugin
 * bisection): whether each is available, and when one is off, what still works and the steps
 * to take by hand instead.
 *
 * @param props          Component props.
 * @param props.features The write features `GET /status` reports.
 */
export default function WriteFeaturesCard( {
	features,
}: WriteFeaturesCardProps ) {
	const off = ! (
		features.debugSwitch.available &&
		features.applyCredentials.available &&
		features.bisection.available
	);
	return (
		<ReportCard title={ __( 'File changes', 'proxy-health' ) }>
			<InfoList
				items={ [
					{
						key: 'debug-switch',
						label: __(
							'Debug logging switch (wp-config.php)',
							'proxy-health'
						),
						value: state( features.debugSwitch ),
					},
					{
						key: 'apply-credentials',
						label: __(
							'Apply tested credentials (wp-config.php)',
							'proxy-health'
						),
						value: state( features.applyCredentials ),
					},
					{
						key: 'bisection',
						label: __(
							'Plugin bisection (temporary must-use loader)',
							'proxy-health'
						),
						value: state( features.bisection ),
					},
				] }
			/>
			{ off && (
				<>
					<p>
						{ __(
							'Everything that only reads keeps working: the checks and their diagnoses, the credentials test (without saving), evidence sessions without the debug switch, log tails, reports and exports.',
							'proxy-health'
						) }
					</p>
					<ul className="proxy-health-write-features__steps">
						{ ! features.debugSwitch.available && (
							<li>
								{ __(
									"To log PHP errors during a session, add define( 'WP_DEBUG', true ), define( 'WP_DEBUG_DISPLAY', false ) and define( 'WP_DEBUG_LOG', '/a/folder/outside/the/web/root/debug.log' ) to wp-config.php yourself, above “That’s all, stop editing!”, and remove them when you are done.",
									'proxy-health'
								) }
							</li>
						) }
						{ ! features.applyCredentials.available && (
							<li>
								{ __(
									'When the credentials test passes, copy the wp-config.php lines it shows into wp-config.php yourself.',
									'proxy-health'
								) }
							</li>
						) }
						{ ! features.bisection.available && (
							<li>
								{ __(
									'To find the plugin that causes the failure, deactivate plugins one at a time on a staging copy of the site and run the checks after each.',
									'proxy-health'
								) }
							</li>
						) }
					</ul>
				</>
			) }
		</ReportCard>
	);
}
