/**
 * WordPress dependencies
 */
import { speak } from '@wordpress/a11y';
import { Button, Notice, Spinner } from '@wordpress/components';
import { useEffect, useRef } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type {
	ProbeHistoryPage,
	ProbeSummary,
	Verdict,
} from '../../../api/types';
import { client } from '../../client';
import { useRequest } from '../../hooks/use-request';
import type { BadgeTone } from '../badge';
import Badge from '../badge';
import ColumnHeads from '../column-heads';
import DiagnosisList from '../diagnosis-list';
import ErrorNotice from '../error-notice';
import ProbeResultsTable from '../probe-results-table';
import ReportCard from '../report-card';
import VerdictBanner from '../verdict-banner';
import WhatChanged from '../what-changed';
import { formatTime } from '../../utils/format-time';

/** Reports per page of the list. */
export const PER_PAGE = 10;

const TONES: Record< Verdict, BadgeTone > = {
	pass: 'success',
	warn: 'warning',
	fail: 'error',
};

/**
 * A verdict in one word, for the list.
 *
 * @param verdict The report's verdict.
 */
function verdictLabel( verdict: Verdict ): string {
	switch ( verdict ) {
		case 'pass':
			return __( 'Pass', 'proxy-health' );
		case 'warn':
			return __( 'Warning', 'proxy-health' );
		case 'fail':
			return __( 'Fail', 'proxy-health' );
	}
}

/**
 * The counts of one report, e.g. "3 of 4 requests OK, 2 diagnoses".
 *
 * @param item The report's list entry.
 */
function describeCounts( item: ProbeSummary ): string {
	return sprintf(
		/* translators: 1: requests that got through, 2: all requests, 3: diagnoses (already counted in words). */
		__( '%1$d of %2$d requests OK, %3$s', 'proxy-health' ),
		item.counts.ok,
		item.counts.results,
		sprintf(
			/* translators: %d: number of diagnoses. */
			_n(
				'%d diagnosis',
				'%d diagnoses',
				item.counts.diagnoses,
				'proxy-health'
			),
			item.counts.diagnoses
		)
	);
}

/**
 * Tells screen readers how many reports the history holds once a page arrives.
 *
 * @param history The page of the list.
 */
function announceTotal( history: ProbeHistoryPage ): void {
	speak(
		sprintf(
			/* translators: %d: number of stored reports. */
			_n(
				'%d report in the history.',
				'%d reports in the history.',
				history.total,
				'proxy-health'
			),
			history.total
		),
		'polite'
	);
}

/**
 * The History view: the stored probe reports (`GET /probes`, the last 50, newest first), page
 * by page, each with its time, verdict and counts; one opened shows its verdict, diagnoses and
 * results as the Overview does. Above them, what changed between a passing and a failing run.
 */
export default function HistoryView() {
	const listRequest = useRequest(
		( signal, page: number ) =>
			client.listProbes( { page, perPage: PER_PAGE, signal } ),
		{ load: [ 1 ], onDone: announceTotal }
	);
	const openRequest = useRequest( ( signal, id: string ) =>
		client.getProbe( id, { signal } )
	);
	const list = listRequest.current;
	const opened = openRequest.current;
	const loadPage = listRequest.run;
	const openedHeading = useRef< HTMLHeadingElement | null >( null );

	// An opened report is announced by moving focus to its heading.
	const openedId = opened.state === 'done' ? opened.data.id : null;
	useEffect( () => {
		if ( openedId ) {
			openedHeading.current?.focus();
		}
	}, [ openedId ] );

	const history = list.state === 'done' ? list.data : null;
	let page = 1;
	if ( list.state === 'done' ) {
		page = list.data.page;
	} else if ( list.state !== 'idle' ) {
		page = list.args[ 0 ];
	}
	const pages = history
		? Math.max( 1, Math.ceil( history.total / history.perPage ) )
		: 1;

	return (
		<div
			className="proxy-health-history"
			aria-busy={ list.state === 'loading' }
		>
			<p className="proxy-health-history__intro">
				{ __(
					'Every run of the checks is kept here (the last 50), with what the site looked like at the time: plugins, theme, versions, proxy configuration and .htaccess.',
					'proxy-health'
				) }
			</p>
			<div className="proxy-health-history__actions">
				<Button
					variant="secondary"
					onClick={ () => loadPage( page ) }
					isBusy={ list.state === 'loading' }
					disabled={ list.state === 'loading' }
					__experimentalIsFocusable
					__next40pxDefaultSize
				>
					{ __( 'Refresh', 'proxy-health' ) }
				</Button>
				{ list.state === 'loading' && (
					<span className="proxy-health-overview__progress">
						<Spinner />
						{ __( 'Reading the history…', 'proxy-health' ) }
					</span>
				) }
			</div>
			{ list.state === 'error' && (
				<ErrorNotice
					error={ list.error }
					onRetry={ listRequest.retry }
					summary={ __(
						'The history could not be read.',
						'proxy-health'
					) }
				/>
			) }
			{ history && history.total === 0 && (
				<Notice status="info" isDismissible={ false }>
					{ __(
						'No reports yet. Run the checks on the Overview; each run is kept here.',
						'proxy-health'
					) }
				</Notice>
			) }
			{ history && history.total > 0 && (
				<>
					{ history.page === 1 && (
						<WhatChanged items={ history.items } />
					) }
					<ReportCard title={ __( 'Reports', 'proxy-health' ) }>
						<table className="widefat striped proxy-health-history__table">
							<caption className="screen-reader-text">
								{ __(
									'Stored probe reports, newest first',
									'proxy-health'
								) }
							</caption>
							<ColumnHeads
								columns={ [
									__( 'Time', 'proxy-health' ),
									__( 'Verdict', 'proxy-health' ),
									__( 'Results', 'proxy-health' ),
									<span
										key="actions"
										className="screen-reader-text"
									>
										{ __( 'Actions', 'proxy-health' ) }
									</span>,
								] }
							/>
							<tbody>
								{ history.items.map( ( item ) => {
									const time = formatTime( item.createdAt );
									const isOpen =
										( opened.state === 'done' &&
											opened.data.id === item.id ) ||
										( opened.state === 'loading' &&
											opened.args[ 0 ] === item.id );
									return (
										<tr
											key={ item.id }
											data-report-id={ item.id }
											data-verdict={ item.verdict }
											className={
												isOpen
													? 'is-selected'
													: undefined
											}
										>
											<th scope="row">
												<time
													dateTime={ item.createdAt }
												>
													{ time }
												</time>
											</th>
											<td>
												<Badge
													tone={
														TONES[ item.verdict ]
													}
												>
													{ verdictLabel(
														item.verdict
													) }
												</Badge>
											</td>
											<td>{ describeCounts( item ) }</td>
											<td>
												<Button
													variant="link"
													onClick={ () =>
														openRequest.run(
															item.id
														)
													}
													label={ sprintf(
														/* translators: %s: time of the report. */
														__(
															'Open the report of %s',
															'proxy-health'
														),
														time
													) }
													showTooltip={ false }
												>
													{ __(
														'Open',
														'proxy-health'
													) }
												</Button>
											</td>
										</tr>
									);
								} ) }
							</tbody>
						</table>
						{ pages > 1 && (
							<nav
								className="proxy-health-history__pages"
								aria-label={ __(
									'History pages',
									'proxy-health'
								) }
							>
								<Button
									variant="secondary"
									onClick={ () => loadPage( page - 1 ) }
									disabled={ page <= 1 }
									__experimentalIsFocusable
									__next40pxDefaultSize
								>
									{ __( 'Newer', 'proxy-health' ) }
								</Button>
								<span>
									{ sprintf(
										/* translators: 1: page number, 2: number of pages. */
										__(
											'Page %1$d of %2$d',
											'proxy-health'
										),
										page,
										pages
									) }
								</span>
								<Button
									variant="secondary"
									onClick={ () => loadPage( page + 1 ) }
									disabled={ page >= pages }
									__experimentalIsFocusable
									__next40pxDefaultSize
								>
									{ __( 'Older', 'proxy-health' ) }
								</Button>
							</nav>
						) }
					</ReportCard>
				</>
			) }
			{ opened.state === 'loading' && (
				<p className="proxy-health-overview__progress">
					<Spinner />
					{ __( 'Opening the report…', 'proxy-health' ) }
				</p>
			) }
			{ opened.state === 'error' && (
				<ErrorNotice
					error={ opened.error }
					onRetry={ openRequest.retry }
					summary={ __(
						'The report could not be opened.',
						'proxy-health'
					) }
				/>
			) }
			{ opened.state === 'done' && (
				<div
					className="proxy-health-probe-report proxy-health-history__report"
					data-report-id={ opened.data.id }
				>
					<h2
						ref={ openedHeading }
						tabIndex={ -1 }
						className="proxy-health-history__report-title"
					>
						{ sprintf(
							/* translators: %s: time of the report. */
							__( 'Report of %s', 'proxy-health' ),
							formatTime( opened.data.createdAt )
						) }
					</h2>
					<VerdictBanner report={ opened.data } />
					<DiagnosisList diagnoses={ opened.data.diagnoses } />
					<ProbeResultsTable results={ opened.data.results } />
				</div>
			) }
		</div>
	);
}
