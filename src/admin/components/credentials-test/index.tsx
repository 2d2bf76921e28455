/**
 * External dependencies
 */
import type { FormEvent } from 'react';

/**
 * WordPress dependencies
 */
import { speak } from '@wordpress/a11y';
import { Button, Notice, Spinner, TextControl } from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { toApiError } from '../../../api/client';
import type { ProxyHealthApiError } from '../../../api/client';
import type { Diagnosis, ProbeReport } from '../../../api/types';
import { client } from '../../client';
import DiagnosisList from '../diagnosis-list';
import ErrorNotice from '../error-notice';
import ReportCard from '../report-card';

export interface CredentialsTestProps {
	/** The username wp-config.php defines, offered as the field's first value. */
	defaultUsername?: string | null;
	/** Runs the checks again; called once Apply wrote the credentials. */
	onApplied: () => void;
	/** Offered because the last check in the history got a 407 (no run on this page yet). */
	knownFromHistory?: boolean;
}

type TestState =
	| { state: 'idle' }
	| { state: 'testing' }
	/** The proxy accepted the credentials where wp-config.php's were refused. */
	| { state: 'verified'; lines: string[] }
	/** They work, and so do wp-config.php's: nothing to change. */
	| { state: 'unneeded' }
	| { state: 'rejected'; report: ProbeReport }
	| { state: 'error'; error: ProxyHealthApiError }
	| { state: 'applying'; lines: string[] }
	| {
			state: 'apply-error';
			lines: string[];
			error: ProxyHealthApiError;
			diagnoses: Diagnosis[];
	  }
	| { state: 'applied'; constants: string[] };

/**
 * The diagnoses a refused Apply carries in its error body (`data.diagnoses`).
 *
 * @param error The failed request's error.
 */
function diagnosesOf( error: ProxyHealthApiError ): Diagnosis[] {
	const cause = error.cause as { data?: { diagnoses?: unknown } } | undefined;
	const diagnoses = cause?.data?.diagnoses;
	return Array.isArray( diagnoses ) ? ( diagnoses as Diagnosis[] ) : [];
}

/**
 * What the admin can do about a refused Apply, by its code.
 *
 * @param error The failed request's error.
 */
function applyAdvice( error: ProxyHealthApiError ): string | undefined {
	switch ( error.code ) {
		case 'proxy_health_credentials_not_verified':
			return __(
				'The proxy refused these credentials when they were checked again just before writing, so wp-config.php was not changed. Test them again; the diagnoses below say why they failed.',
				'proxy-health'
			);
		case 'proxy_health_config_unwritable':
		case 'proxy_health_config_not_found':
			return __(
				'Copy the lines above and add them to wp-config.php yourself (by FTP, SSH or your host\'s file manager), above the line "That\'s all, stop editing!". Then run the checks again.',
				'proxy-health'
			);
		case 'proxy_health_config_busy':
			return __(
				'Another change to wp-config.php is in progress. Wait a moment, then apply again.',
				'proxy-health'
			);
	}
	return undefined;
}

/**
 * Tests proxy credentials without saving them (`POST /probes` with one-off `credentials`). When
 * the proxy accepts them where wp-config.php's are refused, shows the exact wp-config.php
 * lines to paste, and Apply writes them with the safe config editor (`POST /proxy-config`, which
 * checks them once more first), then the checks run again.
 *
 * The password lives only in the input and, between a successful test and Apply, in a ref:
 * never in React state, storage or a log. It is cleared when a test fails, when Apply
 * succeeds, and when the component goes away; the lines shown (which must hold it) go with it.
 *
 * @param props                  Component props.
 * @param props.defaultUsername  Username from wp-config.php.
 * @param props.onApplied        Runs the checks again after Apply.
 * @param props.knownFromHistory Offered because the history's last check got a 407.
 */
export default function CredentialsTest( {
	defaultUsername,
	onApplied,
	knownFromHistory = false,
}: CredentialsTestProps ) {
	const [ username, setUsername ] = useState( defaultUsername ?? '' );
	const [ current, setCurrent ] = useState< TestState >( { state: 'idle' } );
	const [ copied, setCopied ] = useState( false );
	const passwordRef = useRef< HTMLInputElement | null >( null );
	// Verified credentials, kept for Apply only; null whenever no verified test is on screen.
	const verifiedRef = useRef< { username: string; password: string } | null >(
		null
	);
	const controllerRef = useRef< AbortController | null >( null );

	const lines =
		current.state === 'verified' ||
		current.state === 'applying' ||
		current.state === 'apply-error'
			? current.lines
			: [];
	const codeRef = useRef< HTMLPreElement | null >( null );

	// navigator.clipboard (HTTPS or localhost); elsewhere the lines are selected for Ctrl+C.
	// @wordpress/compose's useCopyToClipboard is not a dependency of this package.
	const copy = async () => {
		try {
			await window.navigator.clipboard.writeText( lines.join( '\n' ) );
			setCopied( true );
			speak( __( 'Copied to the clipboard.', 'proxy-health' ), 'polite' );
		} catch {
			const selection =
				codeRef.current?.ownerDocument.defaultView?.getSelection();
			if ( codeRef.current && selection ) {
				selection.selectAllChildren( codeRef.current );
			}
			speak(
				__(
					'The browser did not allow copying. The lines are selected: press Ctrl+C or Command+C.',
					'proxy-health'
				),
				'assertive'
			);
		}
	};

	useEffect(
		() => () => {
			controllerRef.current?.abort();
			verifiedRef.current = null;
		},
		[]
	);

	const clearPassword = () => {
		if ( passwordRef.current ) {
			passwordRef.current.value = '';
		}
	};

	const test = async ( event: FormEvent ) => {
		event.preventDefault();
		const password = passwordRef.current?.value ?? '';
		controllerRef.current?.abort();
		const controller = new AbortController();
		controllerRef.current = controller;
		verifiedRef.current = null;
		setCopied( false );
		setCurrent( { state: 'testing' } );
		try {
			const report = await client.runProbes( {
				credentials: { username, password },
				signal: controller.signal,
			} );
			if ( controller.signal.aborted ) {
				return;
			}
			if ( report.wpConfigLines && report.wpConfigLines.length > 0 ) {
				verifiedRef.current = { username, password };
				setCurrent( {
					state: 'verified',
					lines: report.wpConfigLines,
				} );
				speak(
					__(
						'The proxy accepts these credentials. The wp-config.php lines are shown.',
						'proxy-health'
					),
					'polite'
				);
			} else if ( report.verdict === 'pass' ) {
				clearPassword();
				setCurrent( { state: 'unneeded' } );
			} else {
				clearPassword();
				setCurrent( { state: 'rejected', report } );
				speak(
					__(
						'The proxy did not accept these credentials.',
						'proxy-health'
					),
					'assertive'
				);
			}
		} catch ( thrown ) {
			const error = toApiError( thrown, controller.signal );
			clearPassword();
			if ( error.kind !== 'aborted' ) {
				setCurrent( { state: 'error', error } );
			}
		}
	};

	const apply = async () => {
		const verified = verifiedRef.current;
		if ( ! verified || lines.length === 0 ) {
			return;
		}
		const controller = new AbortController();
		controllerRef.current = controller;
		setCurrent( { state: 'applying', lines } );
		try {
			const result = await client.applyProxyConfig( {
				...verified,
				signal: controller.signal,
			} );
			verifiedRef.current = null;
			clearPassword();
			setCurrent( {
				state: 'applied',
				constants: result.applied.constants,
			} );
			speak(
				__(
					'The credentials were written to wp-config.php. Running the checks again.',
					'proxy-health'
				),
				'polite'
			);
			onApplied();
		} catch ( thrown ) {
			const error = toApiError( thrown, controller.signal );
			if ( error.kind === 'aborted' ) {
				return;
			}
			if ( error.code === 'proxy_health_credentials_not_verified' ) {
				// Refused now: what was verified before no longer counts.
				verifiedRef.current = null;
				clearPassword();
			}
			setCurrent( {
				state: 'apply-error',
				lines:
					error.code === 'proxy_health_credentials_not_verified'
						? []
						: lines,
				error,
				diagnoses: diagnosesOf( error ),
			} );
		}
	};

	const isBusy = current.state === 'testing' || current.state === 'applying';

	return (
		<ReportCard title={ __( 'Test proxy credentials', 'proxy-health' ) }>
			<div className="proxy-health-credentials">
				{ knownFromHistory && (
					<Notice
						className="proxy-health-credentials__known"
						status="warning"
						isDismissible={ false }
					>
						{ __(
							'The last check got a 407 Proxy Authentication Required from the proxy. Test the right credentials here to get the wp-config.php lines, or run the checks again.',
							'proxy-health'
						) }
					</Notice>
				) }
				<p className="proxy-health-credentials__intro">
					{ __(
						'Try a proxy username and password without saving them. Proxy Health sends the checks through your proxy with them once; they are not stored.',
						'proxy-health'
					) }
				</p>
				<form
					className="proxy-health-credentials__form"
					onSubmit={ test }
					autoComplete="off"
				>
					<TextControl
						label={ __( 'Proxy username', 'proxy-health' ) }
						value={ username }
						onChange={ ( value: string ) => setUsername( value ) }
						autoComplete="off"
						spellCheck={ false }
						__nextHasNoMarginBottom
						__next40pxDefaultSize
					/>
					<div className="components-base-control proxy-health-credentials__password">
						<label
							className="components-base-control__label"
							htmlFor="proxy-health-credentials-password"
						>
							{ __( 'Proxy password', 'proxy-health' ) }
						</label>
						{ /* Uncontrolled, so the password never enters React state. */ }
						<input
							ref={ passwordRef }
							id="proxy-health-credentials-password"
							className="components-text-control__input"
							type="password"
							autoComplete="new-password"
							spellCheck={ false }
						/>
					</div>
					<Button
						type="submit"
						variant="secondary"
						isBusy={ current.state === 'testing' }
						disabled={ isBusy || username === '' }
						__experimentalIsFocusable
						__next40pxDefaultSize
					>
						{ __( 'Test credentials', 'proxy-health' ) }
					</Button>
					{ current.state === 'testing' && (
						<span className="proxy-health-overview__progress">
							<Spinner />
							{ __( 'Testing the credentials…', 'proxy-health' ) }
						</span>
					) }
				</form>

				{ current.state === 'error' && (
					<ErrorNotice
						error={ current.error }
						onRetry={ () => setCurrent( { state: 'idle' } ) }
						summary={ __(
							'The credentials could not be tested.',
							'proxy-health'
						) }
					/>
				) }
				{ current.state === 'unneeded' && (
					<Notice status="info" isDismissible={ false }>
						{ __(
							'These credentials work, and so do the ones in wp-config.php: there is nothing to change.',
							'proxy-health'
						) }
					</Notice>
				) }
				{ current.state === 'rejected' && (
					<>
						<Notice status="error" isDismissible={ false }>
							{ __(
								'The proxy did not accept these credentials. Nothing was saved. The diagnoses say why.',
								'proxy-health'
							) }
						</Notice>
						<DiagnosisList diagnoses={ current.report.diagnoses } />
					</>
				) }
				{ lines.length > 0 && (
					<div className="proxy-health-credentials__lines">
						<Notice status="success" isDismissible={ false }>
							{ __(
								"The proxy accepts these credentials. Put these lines in wp-config.php above the line /* That's all, stop editing! */ (replacing any WP_PROXY_USERNAME and WP_PROXY_PASSWORD lines already there), or let Proxy Health apply them.",
								'proxy-health'
							) }
						</Notice>
						<pre
							ref={ codeRef }
							className="proxy-health-credentials__code"
							aria-label={ __(
								'wp-config.php lines',
								'proxy-health'
							) }
							// Scrollable, so it must be reachable from the keyboard.
							tabIndex={ 0 }
						>
							<code>{ lines.join( '\n' ) }</code>
						</pre>
						<div className="proxy-health-credentials__actions">
							<Button
								variant="secondary"
								onClick={ copy }
								__next40pxDefaultSize
							>
								{ copied
									? __( 'Copied', 'proxy-health' )
									: __( 'Copy', 'proxy-health' ) }
							</Button>
							<Button
								variant="primary"
								onClick={ apply }
								isBusy={ current.state === 'applying' }
								disabled={ isBusy }
								__experimentalIsFocusable
								__next40pxDefaultSize
							>
								{ __(
									'Apply to wp-config.php',
									'proxy-health'
								) }
							</Button>
						</div>
						<p className="proxy-health-credentials__help">
							{ __(
								'Apply checks the credentials once more, keeps a private copy of wp-config.php, validates the new file and replaces it in one step. It can be undone.',
								'proxy-health'
							) }
						</p>
					</div>
				) }
				{ current.state === 'apply-error' && (
					<>
						<ErrorNotice
							error={ current.error }
							onRetry={ apply }
							summary={
								applyAdvice( current.error ) ??
								__(
									'The credentials could not be applied to wp-config.php.',
									'proxy-health'
								)
							}
						/>
						<p className="proxy-health-credentials__server-message">
							{ current.error.message }
						</p>
						{ current.diagnoses.length > 0 && (
							<DiagnosisList diagnoses={ current.diagnoses } />
						) }
					</>
				) }
				{ current.state === 'applied' && (
					<Notice
						className="proxy-health-credentials__applied"
						status="success"
						isDismissible={ false }
					>
						{ __(
							'The credentials were written to wp-config.php. The checks run again to confirm.',
							'proxy-health'
						) }
					</Notice>
				) }
			</div>
		</ReportCard>
	);
}
