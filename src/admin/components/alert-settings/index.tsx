/**
 * WordPress dependencies
 */
import { Button, Spinner, ToggleControl } from '@wordpress/components';
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { toApiError } from '../../../api/client';
import type { ProxyHealthApiError } from '../../../api/client';
import type { AlertSettings as AlertSettingsDocument } from '../../../api/types';
import { client } from '../../client';
import ErrorNotice from '../error-notice';
import ReportCard from '../report-card';

type AlertSettingsState =
	| { state: 'closed' }
	| { state: 'loading' }
	| { state: 'done'; settings: AlertSettingsDocument; saving: boolean }
	| { state: 'error'; error: ProxyHealthApiError };

/**
 * What happens when a check turns from passing to failing, and the switch for the e-mail
 * (`GET` and `POST /alerts`), read only when the admin asks for it: the overview sends no
 * request of its own on load. A site whose plugin predates alerts shows nothing once asked.
 */
export default function AlertSettings() {
	const [ current, setCurrent ] = useState< AlertSettingsState >( {
		state: 'closed',
	} );
	const controller = useRef< AbortController | null >( null );

	const load = useCallback( () => {
		controller.current?.abort();
		const abort = new AbortController();
		controller.current = abort;
		setCurrent( { state: 'loading' } );
		client.getAlerts( { signal: abort.signal } ).then(
			( settings ) =>
				setCurrent( { state: 'done', settings, saving: false } ),
			( thrown: unknown ) => {
				const error = toApiError( thrown, abort.signal );
				if ( error.kind !== 'aborted' ) {
					setCurrent( { state: 'error', error } );
				}
			}
		);
	}, [] );

	useEffect( () => () => controller.current?.abort(), [] );

	const setEmail = ( enabled: boolean ) => {
		if ( current.state !== 'done' ) {
			return;
		}
		setCurrent( { ...current, saving: true } );
		client.setAlertEmail( enabled ).then(
			( settings ) =>
				setCurrent( { state: 'done', settings, saving: false } ),
			( thrown: unknown ) =>
				setCurrent( { state: 'error', error: toApiError( thrown ) } )
		);
	};

	if ( current.state === 'error' && current.error.kind === 'no_route' ) {
		return null;
	}
	return (
		<div className="proxy-health-alert-settings">
			<ReportCard title={ __( 'Alerts', 'proxy-health' ) }>
				<p>
					{ __(
						'When a check fails after one that passed (Run checks, the command line, or the weekly Site Health check), Proxy Health shows a notice on the Dashboard and here, and tells other plugins. A failure that goes on is not repeated.',
						'proxy-health'
					) }
				</p>
				{ current.state === 'closed' && (
					<Button variant="secondary" onClick={ load }>
						{ __(
							'Show the alert e-mail setting',
							'proxy-health'
						) }
					</Button>
				) }
				{ current.state === 'loading' && <Spinner /> }
				{ current.state === 'error' && (
					<ErrorNotice error={ current.error } onRetry={ load } />
				) }
				{ current.state === 'done' && (
					<ToggleControl
						__nextHasNoMarginBottom
						label={ __(
							'E-mail the site’s admin address too (at most once a day)',
							'proxy-health'
						) }
						checked={ current.settings.emailEnabled }
						disabled={ current.saving }
						onChange={ setEmail }
					/>
				) }
			</ReportCard>
		</div>
	);
}
