/**
 * External dependencies
 */
import type { ReactNode } from 'react';

/**
 * WordPress dependencies
 */
import { Notice, Spinner } from '@wordpress/components';
import { useEffect } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { toApiError } from '../../../api/client';
import type {
	Changes,
	ProbeReport,
	ProbeSummary,
	SetDiff,
	ValueChange,
} from '../../../api/types';
import { client } from '../../client';
import { useRequest } from '../../hooks/use-request';
import {
	diffFingerprints,
	findTransition,
	type TransitionDirection,
} from '../../utils/diff-fingerprints';
import ErrorNotice from '../error-notice';
import ReportCard from '../report-card';
import { formatTime } from '../../utils/format-time';

export interface WhatChangedProps {
	/** The newest reports (a page of `GET /probes`), newest first; a new list reloads. */
	items: ProbeSummary[];
}

/**
 * The pair to compare and their diff: `GET /changes` (last pass → first failure after it) when
 * the site has one; otherwise, or on sites whose plugin predates that route, the same
 * comparison or a failure → pass one computed here from the listed reports' fingerprints.
 *
 * @param items  Listed reports, newest first.
 * @param signal Aborts the requests.
 */
async function loadChanges(
	items: ProbeSummary[],
	signal: AbortSignal
): Promise< { changes: Changes; direction: TransitionDirection } | null > {
	try {
		const changes = await client.getChanges( { signal } );
		if ( changes ) {
			return { changes, direction: 'broke' };
		}
	} catch ( thrown ) {
		const error = toApiError( thrown, signal );
		// No route: a plugin build without it. invalid_json: WordPress sends no body at all for
		// a null answer, so "no pair" arrives as an empty body. Both: compare here instead.
		if ( error.kind !== 'no_route' && error.code !== 'invalid_json' ) {
			throw error;
		}
	}
	const verdicts = new Set( items.map( ( item ) => item.verdict ) );
	if ( ! verdicts.has( 'pass' ) || ! verdicts.has( 'fail' ) ) {
		return null;
	}
	// One at a time: at most a page of small documents, and the site is probably busy.
	const reports: ProbeReport[] = [];
	for ( const item of items ) {
		reports.push( await client.getProbe( item.id, { signal } ) );
	}
	const transition = findTransition( reports );
	return transition
		? {
				changes: diffFingerprints( transition.from, transition.to ),
				direction: transition.direction,
			}
		: null;
}

/**
 * One changed value as "from → to", a missing value spelled out.
 *
 * @param change The change.
 */
function fromTo( change: ValueChange ): string {
	const none = __( '(none)', 'proxy-health' );
	return sprintf(
		/* translators: 1: value before, 2: value after. */
		__( '%1$s → %2$s', 'proxy-health' ),
		change.from ?? none,
		change.to ?? none
	);
}

/**
 * The lines of one set diff (plugins, must-use plugins, drop-ins).
 *
 * @param label Translated name of the set.
 * @param diff  The set diff, or null when unknown.
 */
function setLines( label: string, diff: SetDiff | null ): ReactNode[] {
	if ( ! diff ) {
		return [];
	}
	return [
		...diff.added.map( ( { file, version } ) =>
			sprintf(
				/* translators: 1: kind, e.g. Plugin. 2: file. 3: version. */
				__( '%1$s added: %2$s %3$s', 'proxy-health' ),
				label,
				file,
				version
			)
		),
		...diff.removed.map( ( { file, version } ) =>
			sprintf(
				/* translators: 1: kind, e.g. Plugin. 2: file. 3: version. */
				__( '%1$s removed: %2$s %3$s', 'proxy-health' ),
				label,
				file,
				version
			)
		),
		...diff.updated.map( ( { file, from, to } ) =>
			sprintf(
				/* translators: 1: kind, e.g. Plugin. 2: file. 3: version before. 4: version after. */
				__( '%1$s updated: %2$s %3$s → %4$s', 'proxy-health' ),
				label,
				file,
				from,
				to
			)
		),
	];
}

/**
 * Every change as a sentence, in the order an admin checks them.
 *
 * @param changes The changes.
 */
function describeChanges(
	changes: Changes
): Array< { key: string; text: ReactNode } > {
	const values: Array< [ keyof Changes, string ] > = [
		[
			'proxyConfigHash',
			__(
				'Proxy configuration (WP_PROXY_* in wp-config.php)',
				'proxy-health'
			),
		],
		[ 'htaccessHash', __( '.htaccess', 'proxy-health' ) ],
		[ 'theme', __( 'Theme', 'proxy-health' ) ],
		[ 'wp', __( 'WordPress version', 'proxy-health' ) ],
		[ 'php', __( 'PHP version', 'proxy-health' ) ],
	];
	const lines: Array< { key: string; text: ReactNode } > = [];
	for ( const [ key, label ] of values ) {
		const change = changes[ key ] as ValueChange | null;
		if ( change ) {
			lines.push( {
				key,
				text: (
					<>
						<strong>
							{ sprintf(
								/* translators: %s: what changed, e.g. Theme. */
								__( '%s changed:', 'proxy-health' ),
								label
							) }
						</strong>{ ' ' }
						<code>{ fromTo( change ) }</code>
					</>
				),
			} );
		}
	}
	const sets: Array< [ string, string, SetDiff | null ] > = [
		[ 'plugins', __( 'Plugin', 'proxy-health' ), changes.plugins ],
		[
			'muPlugins',
			__( 'Must-use plugin', 'proxy-health' ),
			changes.muPlugins,
		],
		[ 'dropins', __( 'Drop-in', 'proxy-health' ), changes.dropins ],
	];
	for ( const [ key, label, diff ] of sets ) {
		setLines( label, diff ).forEach( ( text, index ) =>
			lines.push( { key: `${ key }-${ index }`, text } )
		);
	}
	return lines;
}

/**
 * The sentence that names the two reports compared.
 *
 * @param direction Whether the later report failed (broke) or passed (fixed).
 */
function describePair( direction: TransitionDirection ): string {
	return direction === 'broke'
		? /* translators: 1: time of the passing report. 2: time of the failing report. */
			__(
				'Between the last passing report (%1$s) and the first failing one after it (%2$s):',
				'proxy-health'
			)
		: /* translators: 1: time of the failing report. 2: time of the passing report. */
			__(
				'Between the last failing report (%1$s) and the passing one after it (%2$s):',
				'proxy-health'
			);
}

/**
 * What changed between a passing and a failing report: what broke the site (the last pass
 * and the first failure after it) or, once it passes again, what fixed it. The safe version
 * of "restore a backup and re-apply the changes one by one".
 *
 * @param props       Component props.
 * @param props.items The newest reports, newest first.
 */
export default function WhatChanged( { items }: WhatChangedProps ) {
	const { current, run, retry } = useRequest(
		( signal, listed: ProbeSummary[] ) => loadChanges( listed, signal )
	);

	// A new list compares again (aborting the comparison in flight).
	useEffect( () => {
		run( items );
	}, [ run, items ] );

	// Before the first comparison starts, the view is already comparing.
	const loading = current.state === 'idle' || current.state === 'loading';

	return (
		<ReportCard title={ __( 'What changed', 'proxy-health' ) }>
			<div className="proxy-health-what-changed" aria-busy={ loading }>
				{ loading && (
					<p className="proxy-health-overview__progress">
						<Spinner />
						{ __( 'Comparing reports…', 'proxy-health' ) }
					</p>
				) }
				{ current.state === 'error' && (
					<ErrorNotice
						error={ current.error }
						onRetry={ retry }
						summary={ __(
							'The reports could not be compared.',
							'proxy-health'
						) }
					/>
				) }
				{ current.state === 'done' && ! current.data && (
					<p>
						{ __(
							'Nothing to compare yet: the history needs a passing and a failing report.',
							'proxy-health'
						) }
					</p>
				) }
				{ current.state === 'done' && current.data && (
					<>
						<p className="proxy-health-what-changed__pair">
							{ sprintf(
								describePair( current.data.direction ),
								formatTime(
									current.data.changes.from.createdAt
								),
								formatTime( current.data.changes.to.createdAt )
							) }
						</p>
						{ current.data.changes.count === 0 ? (
							<Notice status="info" isDismissible={ false }>
								{ current.data.direction === 'broke'
									? __(
											'Nothing Proxy Health fingerprints changed (plugins, theme, WordPress, PHP, proxy configuration, .htaccess). Look outside WordPress: the proxy itself, its password policy, or the network.',
											'proxy-health'
										)
									: __(
											'Nothing Proxy Health fingerprints changed: the fix came from outside WordPress (the proxy or the network).',
											'proxy-health'
										) }
							</Notice>
						) : (
							<ul className="proxy-health-what-changed__list">
								{ describeChanges( current.data.changes ).map(
									( { key, text } ) => (
										<li key={ key } data-change={ key }>
											{ text }
										</li>
									)
								) }
							</ul>
						) }
					</>
				) }
			</div>
		</ReportCard>
	);
}
