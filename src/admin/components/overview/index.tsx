/**
 * WordPress dependencies
 */
import { Button, Notice, Spinner } from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { client } from '../../client';
import { useChecks } from '../../hooks/use-checks';
import { useLastCheck } from '../../hooks/use-last-check';
import { takeCheckOnOpen } from '../../settings';
import { formatTime } from '../../utils/format-time';
import { readKnownProxyAuthFailure } from '../../utils/known-proxy-auth-failure';
import AlertSettings from '../alert-settings';
import CredentialsTest from '../credentials-test';
import DiagnosisList from '../diagnosis-list';
import ErrorNotice from '../error-notice';
import FindingsCard from '../findings-card';
import ProbeResultsTable from '../probe-results-table';
import StatusReport from '../status-report';
import VerdictBanner from '../verdict-banner';

/**
 * The Overview view: runs the checks on demand, or as it opens on a site with no stored
 * verdict (configuration, then outbound probes), and shows the verdict, the diagnoses, the
 * probe results and the configuration, or an actionable error.
 */
export default function Overview() {
	const { current, run, cancel } = useChecks( client );
	// The newest stored verdict, shown until the first run on this page (preloaded: no wait).
	const lastCheck = useLastCheck( client );
	const isRunning = current.state === 'running';
	const runButtonRef = useRef< HTMLButtonElement >( null );
	// Cancel disappears when a run ends; its focus then goes back to Run checks, not to <body>.
	const cancelHasFocus = useRef( false );

	// A site with no stored verdict gets one without a click (once per page).
	useEffect( () => {
		if ( takeCheckOnOpen() ) {
			run();
		}
	}, [ run ] );

	useEffect( () => {
		if ( ! isRunning && cancelHasFocus.current ) {
			cancelHasFocus.current = false;
			runButtonRef.current?.focus();
		}
	}, [ isRunning ] );

	const status = 'status' in current ? current.status : undefined;

	// The credentials test appears as soon as a 407 is known: when the page loads if the history
	// holds one, else after the first finished run. It stays through re-checks (Apply starts one),
	// so its outcome stays visible next to the new verdict.
	const [ knownFailure ] = useState( () => readKnownProxyAuthFailure() );
	const [ credentialsUser, setCredentialsUser ] = useState<
		string | null | undefined
	>( () => ( knownFailure ? knownFailure.username : undefined ) );
	useEffect( () => {
		if ( current.state === 'done' && current.status.proxy.enabled ) {
			setCredentialsUser( ( previous ) =>
				previous === undefined
					? current.status.proxy.username
					: previous
			);
		}
	}, [ current ] );

	return (
		<div className="proxy-health-overview" aria-busy={ isRunning }>
			<div className="proxy-health-overview__actions">
				<Button
					ref={ runButtonRef }
					variant="primary"
					onClick={ run }
					isBusy={ isRunning }
					disabled={ isRunning }
					// Keeps focus on the button while it is disabled. WordPress 6.6 knows this
					// name; later versions also call it `accessibleWhenDisabled`.
					__experimentalIsFocusable
					__next40pxDefaultSize
				>
					{ __( 'Run checks', 'proxy-health' ) }
				</Button>
				{ isRunning && (
					<>
						<Button
							variant="secondary"
							onClick={ cancel }
							onFocus={ () => {
								cancelHasFocus.current = true;
							} }
							onBlur={ () => {
								cancelHasFocus.current = false;
							} }
							__next40pxDefaultSize
						>
							{ __( 'Cancel', 'proxy-health' ) }
						</Button>
						<span className="proxy-health-overview__progress">
							<Spinner />
							{ current.step === 'status'
								? __(
										'Checking configuration…',
										'proxy-health'
									)
								: __(
										'Probing outbound requests…',
										'proxy-health'
									) }
						</span>
					</>
				) }
			</div>
			{ current.state === 'cancelled' && (
				<Notice
					className="proxy-health-overview__cancelled"
					status="info"
					isDismissible={ false }
				>
					{ __( 'Checks cancelled', 'proxy-health' ) }
				</Notice>
			) }
			{ current.state === 'error' && (
				<ErrorNotice
					error={ current.error }
					onRetry={ run }
					summary={
						current.step === 'probes'
							? __(
									'The configuration was read, but the outbound requests could not be probed.',
									'proxy-health'
								)
							: undefined
					}
				/>
			) }
			{ current.state === 'idle' && lastCheck && (
				<div className="proxy-health-last-check">
					<p className="proxy-health-last-check__when">
						{ sprintf(
							/* translators: %s: date and time of the stored check. */
							__(
								'Last check: %s. Run the checks to see the site as it is now.',
								'proxy-health'
							),
							formatTime( lastCheck.createdAt )
						) }
					</p>
					<VerdictBanner report={ lastCheck } />
				</div>
			) }
			{ current.state === 'done' && (
				<div className="proxy-health-probe-report">
					<VerdictBanner report={ current.report } />
					<DiagnosisList diagnoses={ current.report.diagnoses } />
					<ProbeResultsTable results={ current.report.results } />
				</div>
			) }
			{ credentialsUser !== undefined && (
				<CredentialsTest
					defaultUsername={ credentialsUser }
					onApplied={ run }
					knownFromHistory={
						knownFailure !== null && current.state === 'idle'
					}
				/>
			) }
			{ status && <FindingsCard findings={ status.findings } /> }
			{ status && <StatusReport status={ status } /> }
			<AlertSettings />
		</div>
	);
}
