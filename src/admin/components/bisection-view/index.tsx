/**
 * External dependencies
 */
import type { MouseEvent } from 'react';

/**
 * WordPress dependencies
 */
import { speak } from '@wordpress/a11y';
import {
	Button,
	CheckboxControl,
	Notice,
	RadioControl,
	Spinner,
} from '@wordpress/components';
import { useEffect, useId, useRef, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { ProxyHealthApiError } from '../../../api/client';
import { runClientStep } from '../../../api/client-step';
import type { SandboxSender } from '../../../api/client-step';
import type {
	Bisection,
	BisectionMode,
	SiteScanReport,
} from '../../../api/types';
import { client } from '../../client';
import { useRequest } from '../../hooks/use-request';
import Badge from '../badge';
import ErrorNotice from '../error-notice';
import ReportCard from '../report-card';
import ScanSuspects, { SearchOrder } from '../scan-suspects';
import { urlForView } from '../view-switcher/use-url-view';
import {
	adviseConclusion,
	describeFailsOn,
	culpritStep,
	describeConclusion,
	describeStepOutcome,
	progressPercent,
	stepOutcomeTone,
} from './describe-bisection';
import { pluginName } from './plugin-names';
import type { PluginNames } from './plugin-names';

/** The error code of `POST /bisections` while another run holds the site's lock. */
const RUNNING_ELSEWHERE = 'proxy_health_bisection_running';

/** The error code of a step asked of a run that has ended (elsewhere, or cancelled). */
const FINISHED = 'proxy_health_bisection_finished';

/**
 * Sends a step's signed sandbox request from this browser, as the site handed it: same
 * origin, without cookies (the single-use token in its header is its only credential, as when
 * the site sends it to itself), never following a redirect.
 *
 * @param request The signed sandbox request.
 * @param signal  Aborts it.
 */
const sendFromBrowser: SandboxSender = async ( request, signal ) => {
	const response = await window.fetch( request.url, {
		method: request.method,
		headers: request.headers,
		body: request.body,
		credentials: 'omit',
		cache: 'no-store',
		redirect: 'manual',
		signal,
	} );
	return { status: response.status, text: await response.text() };
};

/**
 * Who sends the steps and why the run has that driver (its reason says both); in words of the
 * driver alone for runs recorded before reasons were.
 *
 * @param props     Component props.
 * @param props.run The bisection.
 */
function Driver( { run }: { run: Bisection } ) {
	let who: string;
	if ( run.driver === 'server' ) {
		who = __( 'The site sends each step to itself.', 'proxy-health' );
	} else if ( run.driver === 'cli' ) {
		who = __( 'WP-CLI runs each step on the server.', 'proxy-health' );
	} else {
		who = __(
			'Your browser (or the command line) sends each step to the site, and the site checks its signed answer.',
			'proxy-health'
		);
	}
	return (
		<p
			className="proxy-health-bisection__driver"
			data-driver={ run.driver }
			data-driver-reason={ run.driverReason?.code ?? '' }
		>
			{ run.driverReason?.message ?? who }
		</p>
	);
}

type CloneMode = 'light' | 'full';

/**
 * One of a few options, as radio buttons in the order given.
 *
 * @param props          Component props.
 * @param props.label    The group's label.
 * @param props.selected The chosen option.
 * @param props.choices  Each option's value and words.
 * @param props.onChange Called with the option chosen.
 * @param props.disabled Whether the choice is locked (while a run is on).
 */
function Choice< T extends string >( {
	label,
	selected,
	choices,
	onChange,
	disabled,
}: {
	label: string;
	selected: T;
	choices: Record< T, string >;
	onChange: ( value: T ) => void;
	disabled: boolean;
} ) {
	return (
		<RadioControl
			label={ label }
			selected={ selected }
			options={ ( Object.keys( choices ) as T[] ).map( ( value ) => ( {
				value,
				label: choices[ value ],
			} ) ) }
			onChange={ ( value: string ) => onChange( value as T ) }
			disabled={ disabled }
		/>
	);
}

/**
 * What the view asks of the site: start a run (and send its steps), open the one another tab
 * runs, cancel one, or go on sending a run's steps from this browser.
 */
type Action = 'start' | 'open' | 'cancel' | 'drive';

/**
 * Whether a request was refused with this code.
 *
 * @param thrown What the request threw (the typed client throws ProxyHealthApiError only).
 * @param code   The error code.
 */
function isRefusal(
	thrown: unknown,
	code: string
): thrown is ProxyHealthApiError {
	return thrown instanceof ProxyHealthApiError && thrown.code === code;
}

/**
 * The id of the run holding the lock, from a 409's `data.bisectionId`.
 *
 * @param error A refused start.
 */
function holderOf( error: ProxyHealthApiError ): string | null {
	const cause = error.cause as
		{ data?: { bisectionId?: unknown } } | undefined;
	const id = cause?.data?.bisectionId;
	return typeof id === 'string' && id !== '' ? id : null;
}

/**
 * Selects the Overview the way the view tabs do (a history entry the tabs listen to).
 *
 * @param event The link's click.
 */
function openOverview( event: MouseEvent< HTMLAnchorElement > ) {
	event.preventDefault();
	window.history.pushState( {}, '', event.currentTarget.href );
	window.dispatchEvent( new PopStateEvent( 'popstate' ) );
}

/**
 * The plugins of a subset, by name.
 *
 * @param props        Component props.
 * @param props.subset Plugin files.
 * @param props.names  Known plugin names.
 */
function Subset( { subset, names }: { subset: string[]; names: PluginNames } ) {
	if ( subset.length === 0 ) {
		return (
			<em>{ __( 'No plugins (all switched off)', 'proxy-health' ) }</em>
		);
	}
	return (
		<>
			{ subset.map( ( file, index ) => (
				<span key={ file } className="proxy-health-bisection__plugin">
					{ index > 0 && ', ' }
					<span title={ file }>{ pluginName( names, file ) }</span>
				</span>
			) ) }
		</>
	);
}

/**
 * Evidence lines of a probe.
 *
 * @param props       Component props.
 * @param props.lines Evidence lines.
 */
function EvidenceLines( { lines }: { lines: string[] | undefined } ) {
	if ( ! lines || lines.length === 0 ) {
		return null;
	}
	return (
		<ul className="proxy-health-bisection__evidence">
			{ lines.map( ( line, index ) => (
				<li key={ index }>
					<code>{ line }</code>
				</li>
			) ) }
		</ul>
	);
}

/**
 * Probes used against the estimate, as a bar and in words.
 *
 * @param props     Component props.
 * @param props.run The bisection.
 */
function Progress( { run }: { run: Bisection } ) {
	const labelId = useId();
	const estimated = Math.max( run.probesEstimated, run.probesUsed );
	return (
		<div className="proxy-health-bisection__progress">
			<p id={ labelId } className="proxy-health-bisection__progress-text">
				{ run.status === 'running'
					? sprintf(
							/* translators: 1: probes run so far. 2: probes the search expects to need. */
							__( 'Probe %1$d of about %2$d', 'proxy-health' ),
							run.probesUsed,
							estimated
						)
					: sprintf(
							/* translators: %d: number of probes. */
							_n(
								'%d probe run',
								'%d probes run',
								run.probesUsed,
								'proxy-health'
							),
							run.probesUsed
						) }
			</p>
			<progress
				aria-labelledby={ labelId }
				max={ 100 }
				value={ progressPercent( run ) }
			/>
		</div>
	);
}

/**
 * Each probe of the run: the plugins it switched on, pass/fail/crash, and its evidence.
 *
 * @param props       Component props.
 * @param props.run   The bisection.
 * @param props.names Known plugin names.
 */
function StepLog( { run, names }: { run: Bisection; names: PluginNames } ) {
	return (
		<ReportCard title={ __( 'Steps', 'proxy-health' ) }>
			{ run.steps.length === 0 ? (
				<p>{ __( 'No probe has run yet.', 'proxy-health' ) }</p>
			) : (
				<ol className="proxy-health-bisection__steps">
					{ run.steps.map( ( step, index ) => (
						<li
							key={ index }
							className="proxy-health-bisection__step"
							data-outcome={ step.outcome }
						>
							<Badge tone={ stepOutcomeTone( step.outcome ) }>
								{ describeStepOutcome( step.outcome ) }
							</Badge>{ ' ' }
							<span className="proxy-health-bisection__subset">
								<Subset
									subset={ step.subset }
									names={ names }
								/>
							</span>
							<EvidenceLines lines={ step.evidence } />
						</li>
					) ) }
				</ol>
			) }
		</ReportCard>
	);
}

/**
 * The conclusion in words, with the culprits and their evidence.
 *
 * @param props       Component props.
 * @param props.run   The bisection.
 * @param props.names Known plugin names.
 */
function Conclusion( { run, names }: { run: Bisection; names: PluginNames } ) {
	const { conclusion } = run;
	if ( ! conclusion ) {
		return null;
	}
	return (
		<ReportCard title={ __( 'Result', 'proxy-health' ) }>
			<div
				className="proxy-health-bisection__conclusion"
				data-conclusion={ conclusion }
			>
				<p className="proxy-health-bisection__headline">
					<strong>{ describeConclusion( conclusion ) }</strong>
				</p>
				<p>{ adviseConclusion( conclusion, run.theme ) }</p>
				{ run.failsOn && (
					<p data-fails-on={ run.failsOn }>
						{ describeFailsOn( run.failsOn ) }
					</p>
				) }
				{ conclusion === 'culprit_found' && (
					<ul className="proxy-health-bisection__culprits">
						{ run.culprits.map( ( culprit ) => (
							<li
								key={ culprit.join( '\n' ) }
								data-culprit={ culprit.join( ' ' ) }
							>
								<strong>
									{ culprit
										.map( ( file ) =>
											pluginName( names, file )
										)
										.join( ' + ' ) }
								</strong>{ ' ' }
								<code>{ culprit.join( ', ' ) }</code>
								{ culprit.length > 1 && (
									<p>
										{ __(
											'These plugins fail only when they are active together.',
											'proxy-health'
										) }
									</p>
								) }
								<EvidenceLines
									lines={
										culpritStep( run, culprit )?.evidence
									}
								/>
							</li>
						) ) }
					</ul>
				) }
				{ conclusion === 'not_a_plugin' && (
					<p>
						<a
							href={ urlForView( 'overview', 'overview' ) }
							onClick={ openOverview }
						>
							{ __( 'Open the Overview', 'proxy-health' ) }
						</a>
					</p>
				) }
			</div>
		</ReportCard>
	);
}

/**
 * What happened to the staging copy; the live site is never part of it.
 *
 * @param props     Component props.
 * @param props.run The bisection.
 */
function Cleanup( { run }: { run: Bisection } ) {
	const { state, prefix } = run.clone;
	let text: string;
	if ( state === 'dropped' ) {
		text =
			prefix === ''
				? __( 'No staging copy was needed.', 'proxy-health' )
				: sprintf(
						/* translators: %s: database table prefix of the staging copy, e.g. wp_phbx1a2b_. */
						__(
							'Staging copy removed: the tables with the prefix %s were dropped.',
							'proxy-health'
						),
						prefix
					);
	} else if ( run.status === 'running' ) {
		text =
			state === 'creating'
				? __( 'Creating the staging copy…', 'proxy-health' )
				: sprintf(
						/* translators: %s: database table prefix of the staging copy. */
						__(
							'Staging copy in use (tables with the prefix %s).',
							'proxy-health'
						),
						prefix
					);
	} else {
		text = __(
			'The staging copy is still there; Proxy Health removes left-over copies automatically within the hour (on the next admin page load or by cron).',
			'proxy-health'
		);
	}
	return (
		<ReportCard title={ __( 'Cleanup', 'proxy-health' ) }>
			<p
				className="proxy-health-bisection__cleanup"
				data-clone-state={ state }
			>
				{ text }
			</p>
			<p>
				{ __(
					'The live site was never changed: its plugins, theme and database stayed as they were.',
					'proxy-health'
				) }
			</p>
		</ReportCard>
	);
}

/**
 * The Bisection view: finds the plugin (or set of plugins) that breaks outbound proxy
 * requests by probing subsets of the active plugins in a staging copy of the site's tables.
 * With `driver: 'auto'` the site runs every step itself when it can reach itself; otherwise
 * this browser sends each step's signed sandbox request and posts the signed answer back, so it
 * works where the site cannot request itself (loopback blocked, one PHP worker).
 */
export default function BisectionView() {
	const [ mode, setMode ] = useState< BisectionMode >( 'ddmin' );
	const [ cloneMode, setCloneMode ] = useState< CloneMode >( 'light' );
	const [ includeTheme, setIncludeTheme ] = useState( false );
	const [ run, setRun ] = useState< Bisection | null >( null );
	const [ holder, setHolder ] = useState< string | null | undefined >(
		undefined
	);
	const [ names, setNames ] = useState< PluginNames >( {} );
	// The scan the admin ran before starting: the search order shows its findings.
	const [ scan, setScan ] = useState< SiteScanReport | null >( null );
	const namesRef = useRef< PluginNames | null >( null );
	const milestoneRef = useRef( 0 );

	const loadNames = async ( signal: AbortSignal ) => {
		if ( namesRef.current === null ) {
			namesRef.current = await client.getPluginNames( { signal } );
			setNames( namesRef.current );
		}
	};

	// Sends steps from this browser until the run ends; each answer is the whole updated run.
	const drive = async ( from: Bisection, signal: AbortSignal ) => {
		let current = from;
		while ( current.status === 'running' ) {
			try {
				current = await runClientStep(
					client,
					current.id,
					sendFromBrowser,
					{ signal }
				);
			} catch ( thrown ) {
				// Ended elsewhere (another tab, a cancel): show it as it ended.
				if ( ! isRefusal( thrown, FINISHED ) ) {
					throw thrown;
				}
				current = await client.getBisection( current.id, { signal } );
			}
			if ( signal.aborted ) {
				return null;
			}
			setRun( current );
		}
		return current;
	};

	// One action at a time: a new one aborts the one in flight. Null when there is nothing
	// more to show (another run holds the site, or the request was aborted midway).
	const acting = useRequest(
		async (
			signal,
			action: Action,
			id?: string
		): Promise< Bisection | null > => {
			if ( action === 'cancel' && id ) {
				return client.cancelBisection( id, { signal } );
			}
			if ( action === 'drive' ) {
				return run ? drive( run, signal ) : null;
			}
			await loadNames( signal );
			if ( action === 'open' && id ) {
				return client.getBisection( id, { signal } );
			}
			let started: Bisection;
			try {
				started = await client.startBisection( {
					mode,
					cloneMode,
					includeTheme,
					driver: 'auto',
					signal,
				} );
			} catch ( thrown ) {
				if ( isRefusal( thrown, RUNNING_ELSEWHERE ) ) {
					setHolder( holderOf( thrown ) );
					return null;
				}
				throw thrown;
			}
			if ( signal.aborted ) {
				return null;
			}
			setRun( started );
			speak(
				sprintf(
					/* translators: 1: number of plugins. 2: probes the search expects to need. */
					_n(
						'Bisection started: %1$d plugin to test, about %2$d probes.',
						'Bisection started: %1$d plugins to test, about %2$d probes.',
						started.plugins.length,
						'proxy-health'
					),
					started.plugins.length,
					started.probesEstimated
				),
				'polite'
			);
			return drive( started, signal );
		},
		{
			onDone: ( found, [ action ] ) => {
				if ( ! found ) {
					return;
				}
				setRun( found );
				if ( action === 'open' ) {
					setHolder( undefined );
				}
				if ( action === 'cancel' ) {
					speak(
						__(
							'Bisection cancelled. The staging copy was removed; the live site was not changed.',
							'proxy-health'
						),
						'polite'
					);
				}
			},
		}
	);
	const step = acting.current;

	const start = () => {
		setHolder( undefined );
		setRun( null );
		milestoneRef.current = 0;
		acting.run( 'start' );
	};
	const open = ( id: string ) => acting.run( 'open', id );
	const cancel = () => {
		if ( run ) {
			acting.run( 'cancel', run.id );
		}
	};
	const continueHere = () => acting.run( 'drive' );

	// A started run that is sending its steps is driving; before it exists it is starting.
	let busy: 'starting' | 'driving' | 'cancelling' | null = null;
	if ( step.state === 'loading' ) {
		const [ action ] = step.args;
		if ( action === 'cancel' ) {
			busy = 'cancelling';
		} else if ( action === 'drive' ) {
			busy = 'driving';
		} else if ( action === 'start' && run?.status === 'running' ) {
			busy = 'driving';
		} else {
			busy = 'starting';
		}
	}

	// What failed, and what Retry does about it: a run that stopped midway goes on from there.
	let failure: {
		error: ProxyHealthApiError;
		summary: string;
		retry: () => void;
	} | null = null;
	if ( step.state === 'error' ) {
		const [ action ] = step.args;
		let summary = __(
			'The bisection could not be started.',
			'proxy-health'
		);
		let retry = acting.retry;
		if (
			action === 'drive' ||
			( action === 'start' && run?.status === 'running' )
		) {
			summary = __( 'The next step could not be run.', 'proxy-health' );
			retry = continueHere;
		} else if ( action === 'open' ) {
			summary = __(
				'The running bisection could not be opened.',
				'proxy-health'
			);
		} else if ( action === 'cancel' ) {
			summary = __(
				'The bisection could not be cancelled.',
				'proxy-health'
			);
		}
		failure = { error: step.error, summary, retry };
	}

	// Milestones (each quarter) and the conclusion, announced once each.
	useEffect( () => {
		if ( ! run ) {
			return;
		}
		if ( run.status === 'running' ) {
			const quarter = Math.floor( progressPercent( run ) / 25 );
			if ( quarter > milestoneRef.current && quarter < 4 ) {
				milestoneRef.current = quarter;
				speak(
					sprintf(
						/* translators: 1: probes run so far. 2: probes the search expects to need. */
						__(
							'Bisection: probe %1$d of about %2$d done.',
							'proxy-health'
						),
						run.probesUsed,
						Math.max( run.probesEstimated, run.probesUsed )
					),
					'polite'
				);
			}
			return;
		}
		if ( run.status === 'cancelled' || milestoneRef.current === 4 ) {
			return;
		}
		milestoneRef.current = 4;
		const headline = run.conclusion
			? describeConclusion( run.conclusion )
			: __( 'The bisection stopped without a result.', 'proxy-health' );
		const culprits = run.culprits
			.map( ( set ) =>
				set.map( ( file ) => pluginName( names, file ) ).join( ' + ' )
			)
			.join( '; ' );
		speak(
			culprits !== '' && run.conclusion === 'culprit_found'
				? sprintf(
						/* translators: 1: the conclusion. 2: plugin names. */
						__( '%1$s: %2$s.', 'proxy-health' ),
						headline,
						culprits
					)
				: headline,
			'polite'
		);
	}, [ run, names ] );

	const isRunning = run?.status === 'running';
	const locked = busy !== null || isRunning;

	return (
		<div className="proxy-health-bisection" aria-busy={ busy !== null }>
			<p className="proxy-health-bisection__intro">
				{ __(
					'Finds the plugin that makes outbound requests fail by probing the proxy with different sets of plugins switched on, like disabling plugins one by one, but automatically.',
					'proxy-health'
				) }{ ' ' }
				{ __(
					'Every probe runs in a staging copy of the site’s database tables, never on the live site: visitors keep every plugin, and the copy is removed at the end.',
					'proxy-health'
				) }
			</p>
			<div className="proxy-health-bisection__options">
				<Choice
					label={ __( 'Search', 'proxy-health' ) }
					selected={ mode }
					choices={ {
						ddmin: __(
							'Halve and narrow down (fewest probes; also finds plugins that fail only together)',
							'proxy-health'
						),
						'one-by-one': __(
							'One plugin at a time (the classic method; one probe per plugin)',
							'proxy-health'
						),
					} }
					onChange={ setMode }
					disabled={ locked }
				/>
				<Choice
					label={ __( 'Staging copy', 'proxy-health' ) }
					selected={ cloneMode }
					choices={ {
						light: __(
							'Light: only the tables a probe needs (options and users; faster)',
							'proxy-health'
						),
						full: __(
							'Full: every table (for plugins that keep their settings in their own tables)',
							'proxy-health'
						),
					} }
					onChange={ setCloneMode }
					disabled={ locked }
				/>
				<CheckboxControl
					label={ __( 'Also test the active theme', 'proxy-health' ) }
					help={ __(
						'Steps that leave the theme out run the default theme in the staging copy; visitors keep your theme.',
						'proxy-health'
					) }
					checked={ includeTheme }
					onChange={ setIncludeTheme }
					disabled={ locked }
					__nextHasNoMarginBottom
				/>
			</div>
			<div className="proxy-health-bisection__actions">
				<Button
					variant="primary"
					onClick={ start }
					isBusy={ busy === 'starting' }
					disabled={ locked }
					__experimentalIsFocusable
					__next40pxDefaultSize
				>
					{ __( 'Start', 'proxy-health' ) }
				</Button>
				{ run && isRunning && (
					<Button
						variant="secondary"
						onClick={ cancel }
						isBusy={ busy === 'cancelling' }
						disabled={ busy === 'cancelling' }
						__experimentalIsFocusable
						__next40pxDefaultSize
					>
						{ __( 'Cancel', 'proxy-health' ) }
					</Button>
				) }
				{ run &&
					isRunning &&
					busy === null &&
					run.driver === 'client' && (
						<Button
							variant="secondary"
							onClick={ continueHere }
							__next40pxDefaultSize
						>
							{ __( 'Continue here', 'proxy-health' ) }
						</Button>
					) }
				{ busy === 'starting' && (
					<span className="proxy-health-overview__progress">
						<Spinner />
						{ __(
							'Copying the site’s tables and checking whether the site can reach itself (when it can, it runs every probe before answering)…',
							'proxy-health'
						) }
					</span>
				) }
			</div>
			{ ! run && (
				<ScanSuspects onScanned={ setScan } disabled={ locked } />
			) }
			{ holder !== undefined && (
				<Notice
					className="proxy-health-bisection__running-elsewhere"
					status="warning"
					isDismissible={ false }
					actions={
						holder === null
							? []
							: [
									{
										label: __(
											'Open the running bisection',
											'proxy-health'
										),
										onClick: () => open( holder ),
										variant: 'secondary',
									},
								]
					}
				>
					{ __(
						'Another bisection is already running on this site (from another browser tab, another administrator or WP-CLI). Only one can run at a time: open it to follow or cancel it, or wait for it to finish.',
						'proxy-health'
					) }
				</Notice>
			) }
			{ failure && (
				<ErrorNotice
					error={ failure.error }
					onRetry={ failure.retry }
					summary={ failure.summary }
				/>
			) }
			{ run && (
				<>
					<Progress run={ run } />
					<Driver run={ run } />
					{ run.status === 'cancelled' && (
						<Notice status="info" isDismissible={ false }>
							{ __(
								'The bisection was cancelled.',
								'proxy-health'
							) }
						</Notice>
					) }
					{ run.error && (
						<Notice status="error" isDismissible={ false }>
							<p>{ run.error.message }</p>
							<p className="proxy-health-error-notice__details">
								{ sprintf(
									/* translators: %s: error code, e.g. fetch_error. */
									__( 'Error code: %s', 'proxy-health' ),
									run.error.code
								) }
							</p>
						</Notice>
					) }
					<Conclusion run={ run } names={ names } />
					<StepLog run={ run } names={ names } />
					<SearchOrder run={ run } names={ names } scan={ scan } />
					<Cleanup run={ run } />
				</>
			) }
		</div>
	);
}
