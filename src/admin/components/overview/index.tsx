/**
 * WordPress dependencies
 */
import { Button, Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { client } from '../../client';
import { useStatus } from '../../hooks/use-status';
import ErrorNotice from '../error-notice';
import StatusReport from '../status-report';

/**
 * The Overview view: runs the checks on demand and shows their result or an actionable error.
 */
export default function Overview() {
	const { current, run } = useStatus( client );
	const isLoading = current.state === 'loading';

	return (
		<div className="proxy-health-overview" aria-busy={ isLoading }>
			<div className="proxy-health-overview__actions">
				<Button
					variant="primary"
					onClick={ run }
					isBusy={ isLoading }
					disabled={ isLoading }
					// Keeps focus on the button while it is disabled. WordPress 6.6 knows this
					// name; later versions also call it `accessibleWhenDisabled`.
					__experimentalIsFocusable
					__next40pxDefaultSize
				>
					{ __( 'Run checks', 'proxy-health' ) }
				</Button>
				{ isLoading && (
					<span className="proxy-health-overview__progress">
						<Spinner />
						{ __( 'Running checks…', 'proxy-health' ) }
					</span>
				) }
			</div>
			{ current.state === 'error' && (
				<ErrorNotice error={ current.error } onRetry={ run } />
			) }
			{ current.state === 'success' && (
				<StatusReport status={ current.status } />
			) }
		</div>
	);
}
