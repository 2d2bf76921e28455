/**
 * WordPress dependencies
 */
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type {
	Changes,
	EvidenceCall,
	EvidenceLog,
	HtaccessAudit,
	SetDiff,
	ValueChange,
} from '../../../api/types';
import { describeOutcome, outcomeTone } from '../../utils/describe-outcome';
import { formatTime } from '../../utils/format-time';
import ColumnHeads from '../column-heads';
import Badge from '../badge';
import ReportCard from '../report-card';
import {
	describeCallStatus,
	describeContext,
	describeEntryPoint,
	describeFlag,
	describeSkippedLog,
	describeSource,
} from './describe-evidence';

/**
 * The recorded outbound calls, newest first.
 *
 * @param props       Component props.
 * @param props.calls Recorded calls.
 */
export function CallsTable( { calls }: { calls: EvidenceCall[] } ) {
	return (
		<ReportCard title={ __( 'Outbound calls', 'proxy-health' ) }>
			{ calls.length === 0 ? (
				<p className="proxy-health-evidence__no-calls">
					{ __(
						'No outbound call recorded yet. Calls appear here within a few seconds while a session runs: visit the site, run the checks in the Overview, or wait for WordPress’s own update checks.',
						'proxy-health'
					) }
				</p>
			) : (
				<div className="proxy-health-evidence__table-wrap">
					<table className="widefat striped proxy-health-evidence__calls">
						<caption className="screen-reader-text">
							{ sprintf(
								/* translators: %d: number of calls. */
								_n(
									'%d recorded outbound call, newest first',
									'%d recorded outbound calls, newest first',
									calls.length,
									'proxy-health'
								),
								calls.length
							) }
						</caption>
						<ColumnHeads
							columns={ [
								__( 'Time', 'proxy-health' ),
								__( 'Source', 'proxy-health' ),
								__( 'Context', 'proxy-health' ),
								__( 'URL', 'proxy-health' ),
								__( 'Via proxy', 'proxy-health' ),
								__( 'Outcome', 'proxy-health' ),
								__( 'Status', 'proxy-health' ),
								__( 'Offered schemes', 'proxy-health' ),
								__( 'Total (ms)', 'proxy-health' ),
							] }
						/>
						<tbody>
							{ [ ...calls ].reverse().map( ( call, index ) => (
								<tr
									key={ `${ call.at }-${ index }` }
									data-outcome={ call.outcome }
									data-source={ `${ call.source.type }:${ call.source.slug }` }
								>
									<td>{ formatTime( call.at ) }</td>
									<td>{ describeSource( call.source ) }</td>
									<td>{ describeContext( call.context ) }</td>
									<td>
										<code>
											{ call.method } { call.url }
										</code>
										{ call.error && (
											<span className="proxy-health-probe-results__error">
												{ call.error.message }
											</span>
										) }
									</td>
									<td>
										{ call.viaProxy
											? __( 'Yes', 'proxy-health' )
											: __( 'No', 'proxy-health' ) }
									</td>
									<td>
										<Badge
											tone={ outcomeTone( call.outcome ) }
										>
											{ describeOutcome( call.outcome ) ??
												( call.outcome as string ) }
										</Badge>
									</td>
									<td>{ describeCallStatus( call ) }</td>
									<td>
										{ call.proxyAuthOffered &&
										call.proxyAuthOffered.length > 0
											? call.proxyAuthOffered.join( ', ' )
											: '—' }
									</td>
									<td className="proxy-health-probe-results__time">
										{ Math.round( call.timingsMs.total ) }
									</td>
								</tr>
							) ) }
						</tbody>
					</table>
				</div>
			) }
		</ReportCard>
	);
}

/**
 * The last lines of each log.
 *
 * @param props      Component props.
 * @param props.logs Log tails.
 */
export function LogTails( { logs }: { logs: EvidenceLog[] } ) {
	return (
		<ReportCard title={ __( 'Logs', 'proxy-health' ) }>
			{ logs.length === 0 && (
				<p>
					{ __(
						'No log to show. Switch WP_DEBUG on with the session to get a debug log.',
						'proxy-health'
					) }
				</p>
			) }
			{ logs.map( ( log ) => (
				<div key={ log.file } className="proxy-health-evidence__log">
					<h3 className="proxy-health-evidence__log-file">
						<code>{ log.file }</code>
					</h3>
					{ log.skipped && (
						<p>{ describeSkippedLog( log.skipped ) }</p>
					) }
					{ ! log.skipped && log.lines.length === 0 && (
						<p>{ __( 'Empty.', 'proxy-health' ) }</p>
					) }
					{ log.lines.length > 0 && (
						// Focusable, so the scrollable block can be scrolled from the keyboard.
						<pre
							className="proxy-health-evidence__log-lines"
							tabIndex={ 0 }
							aria-label={ sprintf(
								/* translators: %s: log file, e.g. wp-content/debug.log. */
								__( 'Last lines of %s', 'proxy-health' ),
								log.file
							) }
						>
							{ log.lines.join( '\n' ) }
						</pre>
					) }
				</div>
			) ) }
		</ReportCard>
	);
}

/**
 * The `.htaccess` redirect rules and the inbound redirect chains with their flagged hops.
 *
 * @param props       Component props.
 * @param props.audit The audit.
 */
export function HtaccessSection( { audit }: { audit: HtaccessAudit } ) {
	const found = audit.files.filter( ( file ) => file.found );
	return (
		<ReportCard title={ __( '.htaccess redirects', 'proxy-health' ) }>
			{ found.length === 0 && audit.rules.length === 0 && (
				<p>{ __( 'No .htaccess file was found.', 'proxy-health' ) }</p>
			) }
			{ found.length > 0 && audit.rules.length === 0 && (
				<p>
					{ __(
						'No redirect rule (Redirect, RedirectMatch, RewriteRule with [R]) in .htaccess.',
						'proxy-health'
					) }
				</p>
			) }
			{ audit.rules.length > 0 && (
				<table className="widefat striped proxy-health-evidence__rules">
					<caption className="screen-reader-text">
						{ __( 'Redirect rules in .htaccess', 'proxy-health' ) }
					</caption>
					<ColumnHeads
						columns={ [
							__( 'Line', 'proxy-health' ),
							__( 'Rule', 'proxy-health' ),
							__( 'Status', 'proxy-health' ),
						] }
					/>
					<tbody>
						{ audit.rules.map( ( rule ) => (
							<tr key={ `${ rule.file }:${ rule.line }` }>
								<td>
									<code>{ `${ rule.file }:${ rule.line }` }</code>
								</td>
								<td>
									<code>{ rule.text }</code>
								</td>
								<td>{ rule.status }</td>
							</tr>
						) ) }
					</tbody>
				</table>
			) }
			{ audit.chains.map( ( chain ) => (
				<div
					key={ chain.entryPoint }
					className="proxy-health-evidence__chain"
					data-entry-point={ chain.entryPoint }
				>
					<h3>{ describeEntryPoint( chain.entryPoint ) }</h3>
					<ol>
						{ chain.hops.map( ( hop, index ) => (
							<li key={ index }>
								<code>{ `${ hop.status } ${ hop.url }` }</code>
								{ hop.location && (
									<>
										{ ' → ' }
										<code>{ hop.location }</code>
									</>
								) }
							</li>
						) ) }
					</ol>
					{ chain.error && <p>{ chain.error.message }</p> }
					{ chain.flags.length > 0 && (
						<ul className="proxy-health-evidence__flags">
							{ chain.flags.map( ( flag ) => (
								<li
									key={ `${ flag.hop }-${ flag.reason }` }
									data-reason={ flag.reason }
								>
									<Badge tone="error">
										{ describeFlag( flag.reason ) }
									</Badge>{ ' ' }
									<code>{ flag.url }</code>{ ' ' }
									{ flag.rule
										? sprintf(
												/* translators: 1: directive, e.g. RewriteRule. 2: file and line, e.g. .htaccess:12. */
												__(
													'Likely made by %1$s at %2$s.',
													'proxy-health'
												),
												flag.rule.directive,
												`${ flag.rule.file }:${ flag.rule.line }`
											)
										: __(
												'No .htaccess rule matches: a plugin or the server configuration made it.',
												'proxy-health'
											) }
								</li>
							) ) }
						</ul>
					) }
				</div>
			) ) }
		</ReportCard>
	);
}

/**
 * Added, removed and updated files of one set.
 *
 * @param props       Component props.
 * @param props.title Translated heading.
 * @param props.diff  The set's changes.
 */
function SetChanges( {
	title,
	diff,
}: {
	title: string;
	diff: SetDiff | null;
} ) {
	if (
		! diff ||
		diff.added.length + diff.removed.length + diff.updated.length === 0
	) {
		return null;
	}
	return (
		<>
			<h3>{ title }</h3>
			<ul>
				{ diff.added.map( ( { file, version } ) => (
					<li key={ `+${ file }` }>
						{ sprintf(
							/* translators: 1: file, e.g. akismet/akismet.php. 2: version. */
							__( 'Added: %1$s %2$s', 'proxy-health' ),
							file,
							version
						) }
					</li>
				) ) }
				{ diff.removed.map( ( { file, version } ) => (
					<li key={ `-${ file }` }>
						{ sprintf(
							/* translators: 1: file. 2: version. */
							__( 'Removed: %1$s %2$s', 'proxy-health' ),
							file,
							version
						) }
					</li>
				) ) }
				{ diff.updated.map( ( { file, from, to } ) => (
					<li key={ `~${ file }` }>
						{ sprintf(
							/* translators: 1: file. 2: old version. 3: new version. */
							__(
								'Updated: %1$s from %2$s to %3$s',
								'proxy-health'
							),
							file,
							from,
							to
						) }
					</li>
				) ) }
			</ul>
		</>
	);
}

/**
 * What changed between the last passing check and the first failing one.
 *
 * @param props         Component props.
 * @param props.changes The changes; null when the history holds no pass → fail pair.
 */
export function ChangesSection( { changes }: { changes: Changes | null } ) {
	const values: Array< [ string, string, ValueChange | null ] > = changes
		? [
				[ 'theme', __( 'Theme', 'proxy-health' ), changes.theme ],
				[ 'wp', __( 'WordPress', 'proxy-health' ), changes.wp ],
				[ 'php', __( 'PHP', 'proxy-health' ), changes.php ],
				[
					'proxyConfigHash',
					__( 'Proxy configuration', 'proxy-health' ),
					changes.proxyConfigHash,
				],
				[
					'htaccessHash',
					__( '.htaccess', 'proxy-health' ),
					changes.htaccessHash,
				],
			]
		: [];
	return (
		<ReportCard title={ __( 'What changed', 'proxy-health' ) }>
			{ ! changes ? (
				<p>
					{ __(
						'Nothing to compare: the check history holds no passing check followed by a failing one.',
						'proxy-health'
					) }
				</p>
			) : (
				<div className="proxy-health-evidence__changes">
					<p>
						{ sprintf(
							/* translators: 1: date of the last passing check. 2: date of the first failing check. 3: number of changes. */
							_n(
								'Between the last passing check (%1$s) and the first failing one (%2$s), %3$d thing changed.',
								'Between the last passing check (%1$s) and the first failing one (%2$s), %3$d things changed.',
								changes.count,
								'proxy-health'
							),
							formatTime( changes.from.createdAt ),
							formatTime( changes.to.createdAt ),
							changes.count
						) }
					</p>
					<SetChanges
						title={ __( 'Plugins', 'proxy-health' ) }
						diff={ changes.plugins }
					/>
					<SetChanges
						title={ __( 'Must-use plugins', 'proxy-health' ) }
						diff={ changes.muPlugins }
					/>
					<SetChanges
						title={ __( 'Drop-ins', 'proxy-health' ) }
						diff={ changes.dropins }
					/>
					{ values.some( ( [ , , change ] ) => change !== null ) && (
						<ul>
							{ values.map( ( [ key, label, change ] ) =>
								change ? (
									<li key={ key }>
										{ sprintf(
											/* translators: 1: what changed, e.g. PHP. 2: before. 3: after. */
											__(
												'%1$s: %2$s → %3$s',
												'proxy-health'
											),
											label,
											change.from ??
												__( 'none', 'proxy-health' ),
											change.to ??
												__( 'none', 'proxy-health' )
										) }
									</li>
								) : null
							) }
						</ul>
					) }
				</div>
			) }
		</ReportCard>
	);
}
