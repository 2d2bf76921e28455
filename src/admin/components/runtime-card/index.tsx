/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { ParallelFsockopen, Runtime } from '../../../api/types';
import InfoList from '../info-list';
import ReportCard from '../report-card';

export interface RuntimeCardProps {
	/** The runtime that answered `GET /status`. */
	runtime: Runtime;
}

/**
 * How fsockopen probes run on this runtime, and why not side by side.
 *
 * @param parallel What `GET /status` reports.
 */
function fsockopenProbes( parallel: ParallelFsockopen ): string {
	switch ( parallel.reason ) {
		case null:
			return __( 'side by side', 'proxy-health' );
		case 'php_version':
			return __(
				'one after another (side by side needs PHP 8.1 or later)',
				'proxy-health'
			);
		case 'php_wasm':
			return __(
				'one after another (PHP in WebAssembly cannot run them side by side)',
				'proxy-health'
			);
		case 'filter':
			return __(
				'one after another (turned off by the proxy_health_probe_fibers filter)',
				'proxy-health'
			);
	}
}

/**
 * WordPress and PHP versions, the PHP server API that answered, and how fsockopen probes run.
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
					{
						key: 'parallel-fsockopen',
						label: __( 'fsockopen probes', 'proxy-health' ),
						value: fsockopenProbes( runtime.parallelFsockopen ),
					},
				] }
			/>
		</ReportCard>
	);
}
