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
import { ProxyHealthApiError } from '../../../api/client';
import type { Diagnosis } from '../../../api/types';
import { client } from '../../client';
import { useRequest } from '../../hooks/use-request';
import { withPassword } from '../../utils/wp-config-lines';
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

/** Apply's refusal when the proxy no longer accepts the credentials it re-checks. */
const NOT_VERIFIED = 'proxy_health_credentials_not_verified';

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
		case NOT_VERIFIED:
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
 * never in React state, storage or a log. The server never sends it back: its password line
 * holds a placeholder, which the lines on screen fill from the ref (withPassword()). It is
 * cleared when a test fails, when Apply succeeds, and when the component goes away; the lines
 * shown (which must hold it) go with it.
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
	const [ copied, setCopied ] = useState( false );
	const passwordRef = useRef< HTMLInputElement | null >( null );
	// Verified credentials, kept for Apply only; null whenever no verified test is on screen.
	const verifiedRef = useRef< { username: string; password: string } | null >(
		null
	);

	const clearPassword = () => {
		if ( passwordRef.current ) {
			passwordRef.current.value = '';
		}
	};

	// The password is read from the input here, never passed as an argument: the request
	// state keeps its arguments, and the password must stay out of React state.
	const testing = useRequest(
		async ( signal, user: string ) => {
			const password = passwordRef.current?.value ?? '';
			try {
				const report = await client.runProbes( {
					credentials: { username: user, password },
					signal,
				} );
				if ( report.wpConfigLines && report.wpConfigLines.length > 0 ) {
					verifiedRef.current = { username: user, password };
				} else {
					clearPassword();
				}
				return report;
			} catch ( thrown ) {
				clearPassword();
				throw thrown;
			}
		},
		{
			onDone: ( report ) => {
				if ( report.wpConfigLines && report.wpConfigLines.length > 0 ) {
					speak(
						__(
							'The proxy accepts these credentials. The wp-config.php lines are shown.',
							'proxy-health'
						),
						'polite'
					);
				} else if ( report.verdict !== 'pass' ) {
					speak(
						__(
							'The proxy did not accept these credentials.',
							'proxy-health'
						),
						'assertive'
					);
				}
			},
		}
	);
	const applying = useRequest(
		async ( signal ) => {
			const verified = verifiedRef.current;
			if ( ! verified ) {
				// Apply is only offered with verified credentials on screen.
				throw new Error( 'No verified credentials to apply.' );
			}
			try {
				return await client.applyProxyConfig( { ...verified, signal } );
			} catch ( thrown ) {
				if (
					thrown instanceof ProxyHealthApiError &&
					thrown.code === NOT_VERIFIED
				) {
					// Refused now: what was verified before no longer counts.
					verifiedRef.current = null;
					clearPassword();
				}
				throw thrown;
			}
		},
		{
			onDone: () => {
				verifiedRef.current = null;
				clearPassword();
				speak(
					__(
						'The credentials were written to wp-config.php. Running the checks again.',
						'proxy-health'
					),
					'polite'
				);
				onApplied();
			},
		}
	);
	const tested = testing.current;
	const applied = applying.current;
	const report = tested.state === 'done' ? tested.data : null;
	const verifiedLines =
		report?.wpConfigLines && report.wpConfigLines.length > 0
			? report.wpConfigLines
			: null;
	const refusedOnApply =
		applied.state === 'error' && applied.error.code === NOT_VERIFIED;

	// The lines stay while Apply runs or fails, unless Apply found them refused or wrote them.
	// The password goes in here, at render, from the ref: it never enters React state.
	const held = verifiedRef.current;
	const lines =
		verifiedLines && held && applied.state !== 'done' && ! refusedOnApply
			? withPassword( verifiedLines, held.password )
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
			verifiedRef.current = null;
		},
		[]
	);

	const test = ( event: FormEvent ) => {
		event.preventDefault();
		verifiedRef.current = null;
		setCopied( false );
		applying.reset();
		testing.run( username );
	};

	const apply = () => {
		if ( verifiedRef.current && lines.length > 0 ) {
			applying.run();
		}
	};

	const isTesting = tested.state === 'loading';
	const isApplying = applied.state === 'loading';
	const isBusy = isTesting || isApplying;

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
						isBusy={ isTesting }
						disabled={ isBusy || username === '' }
						__experimentalIsFocusable
						__next40pxDefaultSize
					>
						{ __( 'Test credentials', 'proxy-health' ) }
					</Button>
					{ isTesting && (
						<span className="proxy-health-overview__progress">
							<Spinner />
							{ __( 'Testing the credentials…', 'proxy-health' ) }
						</span>
					) }
				</form>

				{ tested.state === 'error' && (
					<ErrorNotice
						error={ tested.error }
						onRetry={ testing.reset }
						summary={ __(
							'The credentials could not be tested.',
							'proxy-health'
						) }
					/>
				) }
				{ report && ! verifiedLines && report.verdict === 'pass' && (
					<Notice status="info" isDismissible={ false }>
						{ __(
							'These credentials work, and so do the ones in wp-config.php: there is nothing to change.',
							'proxy-health'
						) }
					</Notice>
				) }
				{ report && ! verifiedLines && report.verdict !== 'pass' && (
					<>
						<Notice status="error" isDismissible={ false }>
							{ __(
								'The proxy did not accept these credentials. Nothing was saved. The diagnoses say why.',
								'proxy-health'
							) }
						</Notice>
						<DiagnosisList diagnoses={ report.diagnoses } />
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
								isBusy={ isApplying }
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
				{ applied.state === 'error' && (
					<>
						<ErrorNotice
							error={ applied.error }
							onRetry={ apply }
							summary={
								applyAdvice( applied.error ) ??
								__(
									'The credentials could not be applied to wp-config.php.',
									'proxy-health'
								)
							}
						/>
						<p className="proxy-health-credentials__server-message">
							{ applied.error.message }
						</p>
						{ diagnosesOf( applied.error ).length > 0 && (
							<DiagnosisList
								diagnoses={ diagnosesOf( applied.error ) }
							/>
						) }
					</>
				) }
				{ applied.state === 'done' && (
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
