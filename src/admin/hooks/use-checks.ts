/**
 * WordPress dependencies
 */
import { speak } from '@wordpress/a11y';
import { useCallback, useMemo, useState } from '@wordpress/element';

/**
 * Internal dependencies
 */
import type { ProxyHealthApiError, ProxyHealthClient } from '../../api/client';
import type { ProbeReport, StatusResponse } from '../../api/types';
import { summarizeReport } from '../utils/summarize-report';
import { useRequest } from './use-request';

/** Where a run is, and what it has found so far. */
export type ChecksState =
	| { state: 'idle' }
	/** Waiting for `GET /status`. */
	| { state: 'running'; step: 'status' }
	/** `GET /status` answered; waiting for `POST /probes`. */
	| { state: 'running'; step: 'probes'; status: StatusResponse }
	/** The admin cancelled; `status` is there when `GET /status` had answered. */
	| { state: 'cancelled'; status?: StatusResponse }
	| { state: 'error'; step: 'status'; error: ProxyHealthApiError }
	| {
			state: 'error';
			step: 'probes';
			status: StatusResponse;
			error: ProxyHealthApiError;
	  }
	| { state: 'done'; status: StatusResponse; report: ProbeReport };

/**
 * Runs the checks on demand: `GET /status`, then `POST /probes` with the site's default
 * targets. A new run aborts the previous one, `cancel` aborts the current one (and says so
 * in the state), unmounting aborts silently, and aborted runs never touch the state. The
 * verdict is announced to screen readers here; errors and the cancellation are announced by
 * the notices that show them.
 *
 * @param client The REST client.
 * @return The current state, a function that starts a run, and one that cancels it.
 */
export function useChecks( client: ProxyHealthClient ): {
	current: ChecksState;
	run: () => void;
	cancel: () => void;
} {
	// The configuration the current run read first; null until `GET /status` answers.
	const [ status, setStatus ] = useState< StatusResponse | null >( null );
	const checks = useRequest(
		async ( signal ) => {
			const read = await client.getStatus( { signal } );
			if ( ! signal.aborted ) {
				setStatus( read );
			}
			// An aborted signal makes this reject at once.
			const report = await client.runProbes( { signal } );
			return { status: read, report };
		},
		{
			onDone: ( { report } ) =>
				speak( summarizeReport( report ), 'polite' ),
		}
	);
	const { run: send, cancel } = checks;

	const run = useCallback( () => {
		setStatus( null );
		send();
	}, [ send ] );

	const request = checks.current;
	const current = useMemo( (): ChecksState => {
		switch ( request.state ) {
			case 'idle':
				return { state: 'idle' };
			case 'loading':
				return status
					? { state: 'running', step: 'probes', status }
					: { state: 'running', step: 'status' };
			case 'cancelled':
				return status
					? { state: 'cancelled', status }
					: { state: 'cancelled' };
			case 'error':
				return status
					? {
							state: 'error',
							step: 'probes',
							status,
							error: request.error,
						}
					: { state: 'error', step: 'status', error: request.error };
			case 'done':
				return { state: 'done', ...request.data };
		}
	}, [ request, status ] );

	return { current, run, cancel };
}
