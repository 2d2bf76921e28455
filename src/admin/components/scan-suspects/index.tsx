/**
 * WordPress dependencies
 */
import { speak } from '@wordpress/a11y';
import { Button, Notice, Spinner } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { ScanSuspect, SiteScanReport } from '../../../api/types';
import { client } from '../../client';
import type { PluginNames } from '../../client';
import { useRequest } from '../../hooks/use-request';
import ErrorNotice from '../error-notice';
import ReportCard from '../report-card';
import {
	describeComponentType,
	describePattern,
	describeProblem,
	hitLocation,
	pluginSlug,
} from './describe-scan';

export { default as SearchOrder } from './search-order';

/** Hits listed per suspect; the rest are counted. */
const MAX_HITS_SHOWN = 8;

/**
 * A suspect's name: a plugin's header name when known, else its folder.
 *
 * @param suspect A scan suspect.
 * @param names   Plugin file => name.
 */
function suspectName( suspect: ScanSuspect, names: PluginNames ): string {
	if ( suspect.type === 'plugin' ) {
		const file = Object.keys( names ).find(
			( candidate ) => pluginSlug( candidate ) === suspect.slug
		);
		if ( file ) {
			return names[ file ] as string;
		}
	}
	return suspect.slug;
}

/**
 * One suspect: name, kind, score and each hit with its code and file:line.
 *
 * @param props         Component props.
 * @param props.suspect The suspect.
 * @param props.names   Known plugin names.
 */
function Suspect( {
	suspect,
	names,
}: {
	suspect: ScanSuspect;
	names: PluginNames;
} ) {
	const shown = suspect.hits.slice( 0, MAX_HITS_SHOWN );
	const more = suspect.hits.length - shown.length;
	return (
		<li
			className="proxy-health-scan__suspect"
			data-slug={ suspect.slug }
			data-type={ suspect.type }
		>
			<strong>{ suspectName( suspect, names ) }</strong>{ ' ' }
			<span className="proxy-health-scan__meta">
				{ sprintf(
					/* translators: 1: "Plugin", "Must-use plugin" or "Theme". 2: the scan's score, e.g. 16. */
					__( '%1$s, score %2$d', 'proxy-health' ),
					describeComponentType( suspect.type ),
					suspect.score
				) }
			</span>
			<ul className="proxy-health-scan__hits">
				{ shown.map( ( hit, index ) => (
					<li key={ index } data-code={ hit.code }>
						{ describePattern( hit.code ) }{ ' ' }
						<code>{ hitLocation( hit ) }</code>{ ' ' }
						<code className="proxy-health-scan__detail">
							{ hit.detail }
						</code>
					</li>
				) ) }
				{ more > 0 && (
					<li>
						{ sprintf(
							/* translators: %d: number of further hits not listed. */
							_n(
								'and %d more',
								'and %d more',
								more,
								'proxy-health'
							),
							more
						) }
					</li>
				) }
			</ul>
		</li>
	);
}

/**
 * The finished scan: suspects most likely first, files it could not read, and whether a
 * bound stopped it.
 *
 * @param props        Component props.
 * @param props.report The scan report.
 * @param props.names  Known plugin names.
 */
function ScanResult( {
	report,
	names,
}: {
	report: SiteScanReport;
	names: PluginNames;
} ) {
	return (
		<>
			{ report.suspects.length === 0 ? (
				<p>
					{ __(
						'No active plugin, must-use plugin or theme has code that touches HTTP or proxies. The bisection tries plugins with live HTTP hooks first, then the rest.',
						'proxy-health'
					) }
				</p>
			) : (
				<ol className="proxy-health-scan__suspects">
					{ report.suspects.map( ( suspect ) => (
						<Suspect
							key={ `${ suspect.type }:${ suspect.slug }` }
							suspect={ suspect }
							names={ names }
						/>
					) ) }
				</ol>
			) }
			{ report.truncated && (
				<Notice status="warning" isDismissible={ false }>
					{ __(
						'The scan stopped at its time or file limit, so some files were not read. The bisection still tests every plugin.',
						'proxy-health'
					) }
				</Notice>
			) }
			{ report.problems.length > 0 && (
				<details className="proxy-health-scan__problems">
					<summary>
						{ sprintf(
							/* translators: %d: number of files. */
							_n(
								'%d file could not be scanned',
								'%d files could not be scanned',
								report.problems.length,
								'proxy-health'
							),
							report.problems.length
						) }
					</summary>
					<ul>
						{ report.problems.map( ( problem, index ) => (
							<li key={ index } data-reason={ problem.reason }>
								<code>
									{ typeof problem.line === 'number'
										? hitLocation( {
												file: problem.file,
												line: problem.line,
											} )
										: problem.file }
								</code>{ ' ' }
								{ describeProblem( problem ) }
							</li>
						) ) }
					</ul>
				</details>
			) }
		</>
	);
}

export interface ScanSuspectsProps {
	/** Gets the report once the scan is done (the search order names its suspects with it). */
	onScanned?: ( report: SiteScanReport ) => void;
	/** True while a bisection runs. */
	disabled?: boolean;
}

/**
 * "Likely suspects": the plugin's static scan of the active plugins, must-use plugins and
 * theme (`GET /scan`; their code is read, never run), shown before a bisection starts. The
 * bisection tries the scanned plugins first on its own; this shows which and why.
 *
 * @param props           Component props.
 * @param props.onScanned Gets the report.
 * @param props.disabled  True while a bisection runs.
 */
export default function ScanSuspects( {
	onScanned,
	disabled = false,
}: ScanSuspectsProps ) {
	// The scan and the plugins' names are independent: both are asked for at once.
	const { current: scan, run } = useRequest(
		async ( signal ) => {
			const [ report, names ] = await Promise.all( [
				client.getScan( { signal } ),
				client.getPluginNames( { signal } ),
			] );
			return { report, names };
		},
		{
			onDone: ( { report } ) => {
				onScanned?.( report );
				speak(
					sprintf(
						/* translators: %d: number of plugins, must-use plugins and themes the scan ranked. */
						_n(
							'Scan done: %d likely suspect.',
							'Scan done: %d likely suspects.',
							report.suspects.length,
							'proxy-health'
						),
						report.suspects.length
					),
					'polite'
				);
			},
		}
	);

	return (
		<ReportCard title={ __( 'Likely suspects', 'proxy-health' ) }>
			<div
				className="proxy-health-scan"
				aria-busy={ scan.state === 'loading' }
			>
				<p>
					{ __(
						'Proxy Health reads the code of the active plugins, must-use plugins and theme, without running it, and looks for code that touches HTTP or proxies. The bisection tries those plugins first, so it needs fewer probes.',
						'proxy-health'
					) }
				</p>
				<Button
					variant="secondary"
					onClick={ () => run() }
					isBusy={ scan.state === 'loading' }
					disabled={ disabled || scan.state === 'loading' }
					__experimentalIsFocusable
					__next40pxDefaultSize
				>
					{ scan.state === 'done'
						? __( 'Scan again', 'proxy-health' )
						: __( 'Scan the site’s code', 'proxy-health' ) }
				</Button>
				{ scan.state === 'loading' && (
					<span className="proxy-health-overview__progress">
						<Spinner />
						{ __( 'Reading the code…', 'proxy-health' ) }
					</span>
				) }
				{ scan.state === 'error' && (
					<ErrorNotice
						error={ scan.error }
						onRetry={ () => run() }
						summary={ __(
							'The site’s code could not be scanned.',
							'proxy-health'
						) }
					/>
				) }
				{ scan.state === 'done' && (
					<ScanResult
						report={ scan.data.report }
						names={ scan.data.names }
					/>
				) }
			</div>
		</ReportCard>
	);
}
