/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { Runtime } from '../../../api/types';
import InfoList from '../info-list';
import ReportCard from '../report-card';

export interface RuntimeCardProps {
	/** The runtime that answered `GET /status`. */
	runtime: Runtime;
}

/**
 * WordPress and PHP versions and the PHP server API that answered.
 *
 * @param props         Component props.
 * @param props.runtime The runtime that answered `GET /status`.
 */
export default function RuntimeCard( { runtime }: RuntimeCardProps ) {
	return (
		<ReportCard title={ __( 'Runtime', 'proxy-health' ) }>
			<InfoList
				items={ [
					{
						key: 'wordpress',
						label: __( 'WordPress', 'proxy-health' ),
						value: runtime.wordpress,
					},
					{
						key: 'php',
						label: __( 'PHP', 'proxy-health' ),
						value: runtime.php,
					},
					{
						key: 'sapi',
						label: __( 'PHP server API', 'proxy-health' ),
						value: <code>{ runtime.sapi }</code>,
					},
				] }
			/>
		</ReportCard>
	);
}
