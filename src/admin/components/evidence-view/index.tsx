/**
 * External dependencies
 */
import type { FormEvent } from 'react';

/**
 * WordPress dependencies
 */
import { speak } from '@wordpress/a11y';
import {
	Button,
	CheckboxControl,
	Notice,
	Spinner,
	TextControl,
} from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { ProxyHealthApiError } from '../../../api/client';
import type {
	Evidence,
	EvidenceSession,
	HtaccessAudit,
} from '../../../api/types';
import { client } from '../../client';
import { useRequest } from '../../hooks/use-request';
import { formatTime } from '../../utils/format-time';
import ErrorNotice from '../error-notice';
import FieldMessages, { useFieldDescription } from '../field-messages';
import ReportCard from '../report-card';
import ServerLogsField from '../server-logs-field';
import {
	DEFAULT_MINUTES,
	MAX_MINUTES,
	MIN_MINUTES,
	checkMinutes,
	formatCountdown,
} from './describe-evidence';
import {
	CallsTable,
	ChangesSection,
	HtaccessSection,
	LogTails,
} from './sections';

/** How often the view asks for new calls while it is visible. */
export const POLL_MS = 5000;

export interface EvidenceViewProps {
	/** Milliseconds between refreshes while the view is visible (tests shorten it). */
	pollInterval?: number;
}

/**
 * Whether the view is out of sight: the browser tab is in the background, or another view's
 * tab is selected (the view switcher keeps views mounted, inside a `hidden` panel).
 *
 * @param element The view's root element.
 */
function isOutOfSight( element: HTMLElement | null ): boolean {
	return document.hidden || Boolean( element?.closest( '[hidden]' ) );
}

/**
 * The site's own words for a refused session request (`proxy_health_*` codes say what to do,
 * e.g. an unwritable wp-config.php), or null for errors the generic advice covers.
 *
 * @param error A failed request.
 */
function siteMessage( error: ProxyHealthApiError ): string | null {
	return error.code.startsWith( 'proxy_health_' ) ? error.message : null;
}

/**
 * Whether a request was refused with this code.
 *
 * @param thrown What the request threw (the typed client throws ProxyHealthApiError only).
 * @param code   The error code.
 */
function isRefusal( thrown: unknown, code: string ): boolean {
	return thrown instanceof ProxyHealthApiError && thrown.code === code;
}

/**
 * The running session: when it ends, and the button that ends it now.
 *
 * @param props          Component props.
 * @param props.session  The session.
 * @param props.now      The current time (ms), ticking each second.
 * @param props.stopping Whether Stop is in flight.
 * @param props.onStop   Stops the session.
 */
function RunningSession( {
	session,
	now,
	stopping,
	onStop,
}: {
	session: EvidenceSession;
	now: number;
	stopping: boolean;
	onStop: () => void;
} ) {
	const left = Date.parse( session.expiresAt ) - now;
	return (
		<Notice
			className="proxy-health-evidence__session"
			status="info"
			isDismissible={ false }
		>
			<p>
				<strong>
					{ __( 'Recording outbound calls', 'proxy-health' ) }
				</strong>
			</p>
			<p>
				{ sprintf(
					/* translators: 1: start date and time. 2: end date and time. */
					__( 'Started %1$s; ends %2$s.', 'proxy-health' ),
					formatTime( session.startedAt ),
					formatTime( session.expiresAt )
				) }{ ' ' }
				<span className="proxy-health-evidence__countdown">
					{ left > 0
						? sprintf(
								/* translators: %s: time left, e.g. 14:59 or 1:02:03. */
								__( 'Time left: %s', 'proxy-health' ),
								formatCountdown( left )
							)
						: __( 'Ending now…', 'proxy-health' ) }
				</span>
			</p>
			<p>
				{ session.debugConstants
					? __(
							'WP_DEBUG is switched on in wp-config.php until the session ends; the file is then put back exactly as it was.',
							'proxy-health'
						)
					: __(
							'wp-config.php is not changed by this session.',
							'proxy-health'
						) }
			</p>
			<Button
				variant="secondary"
				onClick={ onStop }
				isBusy={ stopping }
				disabled={ stopping }
				__experimentalIsFocusable
				__next40pxDefaultSize
			>
				{ __( 'Stop', 'proxy-health' ) }
			</Button>
		</Notice>
	);
}

/**
 * The Evidence view: a time-boxed session that records every outbound HTTP call the site
 * makes (with the plugin or theme that made it), optionally with WP_DEBUG switched on and
 * reverted automatically, plus log tails, the `.htaccess` redirect audit and what changed.
 * While the view is visible it refreshes every few seconds.
 *
 * @param props              Component props.
 * @param props.pollInterval Milliseconds between refreshes.
 */
export default function EvidenceView( {
	pollInterval = POLL_MS,
}: EvidenceViewProps ) {
	const [ evidence, setEvidence ] = useState< Evidence | null >( null );
	const [ audit, setAudit ] = useState< HtaccessAudit | null >( null );
	const [ notice, setNotice ] = useState< string | null >( null );
	const [ minutes, setMinutes ] = useState( String( DEFAULT_MINUTES ) );
	const [ problem, setProblem ] = useState< string | null >( null );
	const [ debugConstants, setDebugConstants ] = useState( false );
	const [ now, setNow ] = useState( () => Date.now() );
	const rootRef = useRef< HTMLDivElement >( null );
	const inputRef = useRef< HTMLInputElement >( null );
	const sessionIdRef = useRef< string | null >( null );
	const { helpId, problemId, field } = useFieldDescription( problem );

	/*
	 * Reads the evidence. `withChains` follows the inbound redirect chains (a few loopback
	 * requests), so only the first read and an explicit refresh do it; polls keep that audit.
	 */
	const reading = useRequest(
		( signal, withChains: boolean ) =>
			client.getEvidence( { chains: withChains, signal } ),
		{
			onDone: ( read, [ withChains ] ) => {
				setEvidence( read );
				const { htaccess } = read;
				if (
					htaccess &&
					( withChains || htaccess.chains.length > 0 )
				) {
					setAudit( htaccess );
				} else if ( htaccess ) {
					setAudit( ( previous ) =>
						previous
							? { ...htaccess, chains: previous.chains }
							: htaccess
					);
				}
				const id = read.session?.id ?? null;
				if ( sessionIdRef.current !== null && id === null ) {
					speak(
						__( 'The evidence session has ended.', 'proxy-health' ),
						'polite'
					);
				}
				sessionIdRef.current = id;
			},
		}
	);
	const load = reading.run;
	// A failed read stays on screen while the next poll asks again.
	const loadError =
		reading.settled?.state === 'error' ? reading.settled.error : null;

	// First read, then a refresh every few seconds while the view is in sight; nothing after unmount.
	useEffect( () => {
		let timer: ReturnType< typeof setTimeout > | undefined;
		let active = true;
		const tick = async () => {
			if ( ! isOutOfSight( rootRef.current ) ) {
				await load( false );
			}
			if ( active ) {
				timer = setTimeout( tick, pollInterval );
			}
		};
		load( true ).then( () => {
			if ( active ) {
				timer = setTimeout( tick, pollInterval );
			}
		} );
		return () => {
			active = false;
			clearTimeout( timer );
		};
	}, [ load, pollInterval ] );

	const session = evidence?.session ?? null;

	// The countdown ticks only while a session runs.
	useEffect( () => {
		if ( ! session ) {
			return;
		}
		setNow( Date.now() );
		const timer = setInterval( () => setNow( Date.now() ), 1000 );
		return () => clearInterval( timer );
	}, [ session ] );

	// Null when a session was already running: it is shown once the evidence is read again.
	const starting = useRequest(
		async ( signal, length: number, debug: boolean ) => {
			try {
				return await client.startEvidenceSession( {
					minutes: length,
					debugConstants: debug,
					signal,
				} );
			} catch ( thrown ) {
				if (
					isRefusal( thrown, 'proxy_health_evidence_session_active' )
				) {
					return null;
				}
				throw thrown;
			}
		},
		{
			onDone: ( started ) => {
				if ( ! started ) {
					setNotice(
						__(
							'An evidence session is already running (started from another tab, by another administrator or with WP-CLI). It is shown below; stop it to start a new one.',
							'proxy-health'
						)
					);
				} else {
					sessionIdRef.current = started.id;
					setEvidence( ( previous ) =>
						previous ? { ...previous, session: started } : previous
					);
					speak(
						sprintf(
							/* translators: %s: end date and time. */
							__(
								'Evidence session started; it ends %s.',
								'proxy-health'
							),
							formatTime( started.expiresAt )
						),
						'polite'
					);
				}
				load( false );
			},
		}
	);
	// Null when no session was running any more (it expired or was stopped elsewhere).
	const stopping = useRequest(
		async ( signal ) => {
			try {
				return await client.stopEvidenceSession( { signal } );
			} catch ( thrown ) {
				if ( isRefusal( thrown, 'proxy_health_no_evidence_session' ) ) {
					return null;
				}
				throw thrown;
			}
		},
		{
			onDone: ( result ) => {
				if ( result ) {
					sessionIdRef.current = null;
					setEvidence( ( previous ) =>
						previous ? { ...previous, session: null } : previous
					);
					speak(
						result.config
							? sprintf(
									/* translators: %s: what happened to wp-config.php. */
									__(
										'Evidence session stopped. %s',
										'proxy-health'
									),
									result.config.message
								)
							: __( 'Evidence session stopped.', 'proxy-health' ),
						'polite'
					);
				}
				load( false );
			},
		}
	);
	const stopped =
		stopping.current.state === 'done' ? stopping.current.data : null;
	let busy: 'starting' | 'stopping' | null = null;
	if ( starting.current.state === 'loading' ) {
		busy = 'starting';
	} else if ( stopping.current.state === 'loading' ) {
		busy = 'stopping';
	}

	// What failed of Start or Stop, in the site's words when it says what to do.
	let actionFailure: {
		error: ProxyHealthApiError;
		summary: string;
		retry: () => void;
	} | null = null;
	if ( starting.current.state === 'error' ) {
		actionFailure = {
			error: starting.current.error,
			summary:
				siteMessage( starting.current.error ) ??
				__(
					'The evidence session could not be started.',
					'proxy-health'
				),
			retry: starting.retry,
		};
	} else if ( stopping.current.state === 'error' ) {
		actionFailure = {
			error: stopping.current.error,
			summary:
				siteMessage( stopping.current.error ) ??
				__(
					'The evidence session could not be stopped.',
					'proxy-health'
				),
			retry: stopping.retry,
		};
	}

	// One action at a time: starting forgets a stop (and its outcome), and the other way round.
	const start = () => {
		setNotice( null );
		stopping.reset();
		starting.run( Number( minutes.trim() ), debugConstants );
	};

	const stop = () => {
		setNotice( null );
		starting.reset();
		stopping.run();
	};

	const onSubmit = ( event: FormEvent< HTMLFormElement > ) => {
		event.preventDefault();
		const found = checkMinutes( minutes );
		setProblem( found );
		if ( found ) {
			speak( found, 'assertive' );
			inputRef.current?.focus();
			return;
		}
		start();
	};

	return (
		<div
			ref={ rootRef }
			className="proxy-health-evidence"
			aria-busy={ evidence === null && loadError === null }
		>
			<p className="proxy-health-evidence__intro">
				{ __(
					'WordPress does not log failed outbound requests. While an evidence session runs, Proxy Health records every outbound HTTP call the site makes (front end, admin, REST API, cron and update checks) with the plugin or theme that made it, secrets in URLs removed. The session ends by itself.',
					'proxy-health'
				) }
			</p>
			{ notice && (
				<Notice status="warning" isDismissible={ false }>
					{ notice }
				</Notice>
			) }
			{ actionFailure && (
				<ErrorNotice
					error={ actionFailure.error }
					onRetry={ actionFailure.retry }
					summary={ actionFailure.summary }
				/>
			) }
			{ stopped && (
				<Notice
					className="proxy-health-evidence__stopped"
					status="success"
					isDismissible={ false }
				>
					<p>
						{ __(
							'The evidence session was stopped.',
							'proxy-health'
						) }
					</p>
					{ stopped.config && (
						<p data-revert={ stopped.config.status }>
							{ stopped.config.message }
						</p>
					) }
				</Notice>
			) }
			{ evidence === null && loadError === null && (
				<p className="proxy-health-overview__progress">
					<Spinner />
					{ __( 'Reading the evidence…', 'proxy-health' ) }
				</p>
			) }
			{ loadError && (
				<ErrorNotice
					error={ loadError }
					onRetry={ reading.retry }
					summary={ __(
						'The evidence could not be read.',
						'proxy-health'
					) }
				/>
			) }
			{ evidence && session && (
				<RunningSession
					session={ session }
					now={ now }
					stopping={ busy === 'stopping' }
					onStop={ stop }
				/>
			) }
			{ evidence && ! session && (
				<ReportCard
					title={ __( 'Start an evidence session', 'proxy-health' ) }
				>
					<form
						className="proxy-health-evidence__form"
						onSubmit={ onSubmit }
						noValidate
					>
						<TextControl
							ref={ inputRef }
							label={ __( 'Minutes', 'proxy-health' ) }
							type="number"
							min={ MIN_MINUTES }
							max={ MAX_MINUTES }
							value={ minutes }
							onChange={ ( value: string ) =>
								setMinutes( value )
							}
							{ ...field }
							__nextHasNoMarginBottom
							__next40pxDefaultSize
						/>
						<FieldMessages
							helpId={ helpId }
							problemId={ problemId }
							help={ __(
								'From 1 minute to 1440 (24 hours). 15 minutes is usually enough to catch an update check.',
								'proxy-health'
							) }
							problem={ problem }
						/>
						<CheckboxControl
							label={ __(
								'Also switch WP_DEBUG on in wp-config.php (reverted automatically)',
								'proxy-health'
							) }
							help={ __(
								'Proxy Health backs up wp-config.php, checks the new file before writing it, and switches on WP_DEBUG and WP_DEBUG_LOG with the log in a private folder the web server does not serve. Errors are never shown to visitors (WP_DEBUG_DISPLAY stays off). When the session ends or expires, the exact previous file is put back. Needs a writable wp-config.php.',
								'proxy-health'
							) }
							checked={ debugConstants }
							onChange={ setDebugConstants }
							__nextHasNoMarginBottom
						/>
						<Button
							type="submit"
							variant="primary"
							isBusy={ busy === 'starting' }
							disabled={ busy !== null }
							__experimentalIsFocusable
							__next40pxDefaultSize
						>
							{ __( 'Start session', 'proxy-health' ) }
						</Button>
					</form>
				</ReportCard>
			) }
			{ evidence && (
				<div className="proxy-health-evidence__sections">
					<CallsTable calls={ evidence.calls } />
					<LogTails logs={ evidence.logs } />
					<ServerLogsField onSaved={ () => load( false ) } />
					{ audit && <HtaccessSection audit={ audit } /> }
					{ evidence.changes !== undefined && (
						<ChangesSection changes={ evidence.changes } />
					) }
					<div className="proxy-health-evidence__actions">
						<Button
							variant="secondary"
							onClick={ () => load( true ) }
							__next40pxDefaultSize
						>
							{ __(
								'Refresh, and follow the redirects again',
								'proxy-health'
							) }
						</Button>
					</div>
				</div>
			) }
		</div>
	);
}
