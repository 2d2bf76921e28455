/**
 * WordPress dependencies
 */
import { Notice } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { ProxyHealthApiError } from '../../../api/client';

export interface ErrorNoticeProps {
	/** The failed request's error. */
	error: ProxyHealthApiError;
	/** Runs the failed request again. */
	onRetry: () => void;
	/**
	 * Which step failed, in a sentence shown (and announced) before the advice, when the
	 * request was one of several.
	 */
	summary?: string;
}

/**
 * What the admin can do about an error, by kind.
 *
 * @param error The failed request's error.
 */
export function getErrorAdvice( error: ProxyHealthApiError ): string {
	switch ( error.kind ) {
		case 'network':
			return __(
				'Proxy Health could not reach your site. Check your connection and that the site is up, then retry.',
				'proxy-health'
			);
		case 'unauthorized':
			return __(
				'Proxy Health is only available to administrators, and your session may have expired. Log in again as an administrator, then retry.',
				'proxy-health'
			);
		case 'forbidden':
			return __(
				'Proxy Health is only available to administrators. Ask a site administrator to run the checks.',
				'proxy-health'
			);
		case 'no_route':
			return __(
				'The Proxy Health REST routes are not registered. Is the plugin active? Are permalinks or the REST API blocked by a security plugin or the server?',
				'proxy-health'
			);
		case 'not_found':
			return __(
				'The site answered "not found" for a Proxy Health request. Reload the page, then retry.',
				'proxy-health'
			);
		case 'invalid_request':
			return __(
				'The site refused the request as invalid. Reload the page, then retry.',
				'proxy-health'
			);
		case 'server':
			return __(
				'The server failed while answering. Check the PHP error log for details, then retry.',
				'proxy-health'
			);
		case 'invalid_response':
			return __(
				'The site answered with something other than Proxy Health data: often a PHP warning printed into the answer, or a page from a security plugin or firewall. Check the PHP error log, then retry.',
				'proxy-health'
			);
		case 'aborted':
			return __( 'The request was cancelled.', 'proxy-health' );
	}
}

/**
 * The error code and HTTP status, for support requests and log searches.
 *
 * @param error The failed request's error.
 */
function getErrorDetails( error: ProxyHealthApiError ): string {
	return error.status === undefined
		? sprintf(
				/* translators: %s: error code, e.g. fetch_error. */
				__( 'Error code: %s', 'proxy-health' ),
				error.code
			)
		: sprintf(
				/* translators: 1: error code, e.g. rest_no_route. 2: HTTP status code, e.g. 404. */
				__( 'Error code: %1$s (HTTP %2$d)', 'proxy-health' ),
				error.code,
				error.status
			);
}

/**
 * An error as an actionable notice with a Retry button. The notice announces its advice to
 * screen readers (assertively, as an error).
 *
 * @param props         Component props.
 * @param props.error   The failed request's error.
 * @param props.onRetry Runs the failed request again.
 * @param props.summary Which step failed, shown before the advice.
 */
export default function ErrorNotice( {
	error,
	onRetry,
	summary,
}: ErrorNoticeProps ) {
	const advice = getErrorAdvice( error );
	return (
		<Notice
			className="proxy-health-error-notice"
			status="error"
			isDismissible={ false }
			spokenMessage={
				summary
					? sprintf(
							/* translators: 1: which step failed. 2: what to do about it. */
							__( '%1$s %2$s', 'proxy-health' ),
							summary,
							advice
						)
					: advice
			}
			actions={ [
				{
					label: __( 'Retry', 'proxy-health' ),
					onClick: onRetry,
					variant: 'secondary',
				},
			] }
		>
			{ summary && (
				<p className="proxy-health-error-notice__summary">
					<strong>{ summary }</strong>
				</p>
			) }
			<p>{ advice }</p>
			<p className="proxy-health-error-notice__details">
				{ getErrorDetails( error ) }
			</p>
		</Notice>
	);
}
