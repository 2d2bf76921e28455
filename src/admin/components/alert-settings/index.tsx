/**
 * WordPress dependencies
 */
import { Button, Spinner, ToggleControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { AlertSettings as AlertSettingsDocument } from '../../../api/types';
import { client } from '../../client';
import { useRequest } from '../../hooks/use-request';
import ErrorNotice from '../error-notice';
import ReportCard from '../report-card';

/**
 * What happens when a check turns from passing to failing, and the switch for the e-mail
 * (`GET` and `POST /alerts`), read only when the admin asks for it: the overview sends no
 * request of its own on load. A site whose plugin predates alerts shows nothing once asked.
 */
export default function AlertSettings() {
	// The last settings read or saved: shown (disabled) while a change is saved.
	const [ settings, setSettings ] = useState< AlertSettingsDocument | null >(
		null
	);
	// No argument reads the settings (`GET`), a boolean saves the e-mail switch (`POST`).
	const { current, run } = useRequest(
		( signal, enabled?: boolean ) =>
			enabled === undefined
				? client.getAlerts( { signal } )
				: client.setAlertEmail( enabled, { signal } ),
		{ onDone: setSettings }
	);
	const load = () => run();
	const saving = current.state === 'loading' && current.args.length > 0;

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
				{ current.state === 'idle' && (
					<Button variant="secondary" onClick={ load }>
						{ __(
							'Show the alert e-mail setting',
							'proxy-health'
						) }
					</Button>
				) }
				{ current.state === 'loading' && ! saving && <Spinner /> }
				{ current.state === 'error' && (
					<ErrorNotice error={ current.error } onRetry={ load } />
				) }
				{ ( current.state === 'done' || saving ) && settings && (
					<ToggleControl
						__nextHasNoMarginBottom
						label={ __(
							'E-mail the site’s admin address too (at most once a day)',
							'proxy-health'
						) }
						checked={ settings.emailEnabled }
						disabled={ saving }
						onChange={ ( enabled: boolean ) => run( enabled ) }
					/>
				) }
			</ReportCard>
		</div>
	);
}
