/**
 * External dependencies
 */
import type { FormEvent } from 'react';

/**
 * WordPress dependencies
 */
import { speak } from '@wordpress/a11y';
import { Button, Notice, TextControl } from '@wordpress/components';
import { useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { ProxyHealthApiError } from '../../../api/client';
import type { ExplainResult } from '../../../api/types';
import { client } from '../../client';
import { useRequest } from '../../hooks/use-request';
import ErrorNotice from '../error-notice';
import FieldMessages, { useFieldDescription } from '../field-messages';
import ReportCard from '../report-card';
import {
	checkUrl,
	describeAnyHint,
	describeReason,
	describeRoute,
} from './describe-explanation';

/**
 * What the site said about a refused URL: the messages of `rest_invalid_param`'s `params`
 * (already in the admin's language), else the error's own message.
 *
 * @param error A refused request.
 */
function refusalMessage( error: ProxyHealthApiError ): string {
	const cause = error.cause as
		{ data?: { params?: Record< string, unknown > } } | undefined;
	const params = cause?.data?.params;
	const messages = params
		? Object.values( params ).filter(
				( value ): value is string => typeof value === 'string'
			)
		: [];
	return messages.length > 0 ? messages.join( ' ' ) : error.message;
}

/**
 * The answer for one URL: route, reason, matched rule, near misses and filter callbacks.
 *
 * @param props        Component props.
 * @param props.result The explanation.
 */
function Explanation( { result }: { result: ExplainResult } ) {
	const route = result.viaProxy ? 'proxy' : 'direct';
	return (
		<ReportCard title={ __( 'Route', 'proxy-health' ) }>
			<div
				className={ `proxy-health-explanation proxy-health-explanation--${ route }` }
				data-route={ route }
				data-reason={ result.reason }
			>
				<p className="proxy-health-explanation__route">
					<strong>{ describeRoute( result ) }</strong>
				</p>
				<p className="proxy-health-explanation__url">
					<code>{ result.url }</code>
				</p>
				<p className="proxy-health-explanation__reason">
					{ describeReason( result ) }
				</p>
				{ result.matchedRule !== undefined && (
					<p className="proxy-health-explanation__rule">
						{ __( 'Matched rule:', 'proxy-health' ) }{ ' ' }
						<code>{ result.matchedRule }</code>
					</p>
				) }
				{ result.hints.length > 0 && (
					<>
						<h3>{ __( 'Near misses', 'proxy-health' ) }</h3>
						<ul className="proxy-health-explanation__hints">
							{ result.hints.map( ( hint ) => (
								<li key={ hint } data-hint={ hint }>
									{ describeAnyHint( hint ) }
								</li>
							) ) }
						</ul>
					</>
				) }
				{ result.filter && result.filter.callbacks.length > 0 && (
					<>
						<h3>
							{ __(
								'Callbacks on pre_http_send_through_proxy',
								'proxy-health'
							) }
						</h3>
						<ul className="proxy-health-explanation__callbacks">
							{ result.filter.callbacks.map(
								( { name, priority }, index ) => (
									<li key={ `${ name }-${ index }` }>
										<code>{ name }</code>{ ' ' }
										{ sprintf(
											/* translators: %d: hook priority, e.g. 10. */
											__(
												'(priority %d)',
												'proxy-health'
											),
											priority
										) }
									</li>
								)
							) }
						</ul>
					</>
				) }
			</div>
		</ReportCard>
	);
}

/**
 * The URL explainer view: whether WordPress would send a request for a URL through its proxy,
 * and why, as `POST /explain` answers it. Nothing is sent to the URL itself.
 */
export default function UrlExplainer() {
	const [ url, setUrl ] = useState( '' );
	const [ problem, setProblem ] = useState< string | null >( null );
	const inputRef = useRef< HTMLInputElement >( null );
	// The help is outside the field, so that the field and the button line up.
	const { helpId, problemId, field } = useFieldDescription( problem );

	const { current, run: explain } = useRequest(
		( signal, value: string ) => client.explain( { url: value, signal } ),
		{
			onDone: ( result ) =>
				speak(
					sprintf(
						/* translators: 1: route, e.g. Through the proxy. 2: why. */
						__( '%1$s. %2$s', 'proxy-health' ),
						describeRoute( result ),
						describeReason( result )
					),
					'polite'
				),
		}
	);

	const onSubmit = ( event: FormEvent< HTMLFormElement > ) => {
		event.preventDefault();
		const value = url.trim();
		const found = checkUrl( value );
		setProblem( found );
		if ( found ) {
			speak( found, 'assertive' );
			inputRef.current?.focus();
			return;
		}
		explain( value );
	};

	const isRunning = current.state === 'loading';

	return (
		<div className="proxy-health-url-explainer" aria-busy={ isRunning }>
			<p className="proxy-health-url-explainer__intro">
				{ __(
					'Enter a URL to see whether WordPress sends requests for it through the proxy, and why. Nothing is sent to the URL itself.',
					'proxy-health'
				) }
			</p>
			<form
				className="proxy-health-url-explainer__form"
				onSubmit={ onSubmit }
				noValidate
			>
				<TextControl
					ref={ inputRef }
					label={ __( 'URL', 'proxy-health' ) }
					value={ url }
					onChange={ ( value: string ) => setUrl( value ) }
					inputMode="url"
					autoComplete="url"
					spellCheck={ false }
					{ ...field }
					__nextHasNoMarginBottom
					__next40pxDefaultSize
				/>
				<Button
					type="submit"
					variant="primary"
					isBusy={ isRunning }
					disabled={ isRunning }
					__experimentalIsFocusable
					__next40pxDefaultSize
				>
					{ __( 'Explain', 'proxy-health' ) }
				</Button>
			</form>
			<FieldMessages
				helpId={ helpId }
				problemId={ problemId }
				help={ __(
					'A full address starting with http:// or https://, e.g. https://api.wordpress.org/.',
					'proxy-health'
				) }
				problem={ problem }
			/>
			{ current.state === 'error' &&
				( current.error.kind === 'invalid_request' ? (
					<Notice
						className="proxy-health-error-notice"
						status="error"
						isDismissible={ false }
					>
						<p>
							{ sprintf(
								/* translators: %s: the site's reason, e.g. url must be an absolute URL starting with http:// or https://. */
								__(
									'The site did not accept this URL: %s',
									'proxy-health'
								),
								refusalMessage( current.error )
							) }
						</p>
						<p>
							{ __(
								'Correct the URL, then select Explain again.',
								'proxy-health'
							) }
						</p>
					</Notice>
				) : (
					<ErrorNotice
						error={ current.error }
						onRetry={ () => explain( url.trim() ) }
						summary={ __(
							'The URL could not be explained.',
							'proxy-health'
						) }
					/>
				) ) }
			{ current.state === 'done' && (
				<Explanation result={ current.data } />
			) }
		</div>
	);
}
