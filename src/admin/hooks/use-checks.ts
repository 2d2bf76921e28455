/**
 * WordPress dependencies
 */
import { speak } from '@wordpress/a11y';
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { toApiError } from '../../api/client';
import type { ProxyHealthApiError, ProxyHealthClient } from '../../api/client';
import type { ProbeReport, StatusResponse } from '../../api/types';
import { summarizeReport } from '../utils/summarize-report';

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
	const [ current, setCurrent ] = useState< ChecksState >( {
		state: 'idle',
	} );
	const controllerRef = useRef< AbortController | null >( null );

	useEffect( () => () => controllerRef.current?.abort(), [] );

	const run = useCallback( () => {
		controllerRef.current?.abort();
		const controller = new AbortController();
		controllerRef.current = controller;
		const { signal } = controller;
		setCurrent( { state: 'running', step: 'status' } );

		const runSteps = async () => {
			let status: StatusResponse;
			try {
				status = await client.getStatus( { signal } );
			} catch ( thrown ) {
				const error = toApiError( thrown, signal );
				if ( error.kind !== 'aborted' ) {
					setCurrent( { state: 'error', step: 'status', error } );
				}
				return;
			}
			if ( signal.aborted ) {
				return;
			}
			setCurrent( { state: 'running', step: 'probes', status } );

			let report: ProbeReport;
			try {
				report = await client.runProbes( { signal } );
			} catch ( thrown ) {
				const error = toApiError( thrown, signal );
				if ( error.kind !== 'aborted' ) {
					setCurrent( {
						state: 'error',
						step: 'probes',
						status,
						error,
					} );
				}
				return;
			}
			if ( signal.aborted ) {
				return;
			}
			setCurrent( { state: 'done', status, report } );
			speak( summarizeReport( report ), 'polite' );
		};
		runSteps();
	}, [ client ] );

	const cancel = useCallback( () => {
		const controller = controllerRef.current;
		if ( ! controller || controller.signal.aborted ) {
			return;
		}
		controller.abort();
		setCurrent( ( previous ) => {
			if ( previous.state !== 'running' ) {
				return previous;
			}
			return previous.step === 'probes'
				? { state: 'cancelled', status: previous.status }
				: { state: 'cancelled' };
		} );
	}, [] );

	return { current, run, cancel };
}
