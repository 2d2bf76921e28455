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
import type { StatusResponse } from '../../api/types';
import { summarizeStatus } from '../utils/summarize-status';

export type StatusState =
	| { state: 'idle' }
	| { state: 'loading' }
	| { state: 'success'; status: StatusResponse }
	| { state: 'error'; error: ProxyHealthApiError };

/**
 * Loads `GET /status` on demand. A new run aborts the previous one, unmounting aborts the
 * current one, and aborted runs never touch the state. Success is announced to screen
 * readers here; errors are announced by the notice that shows them.
 *
 * @param client The REST client.
 * @return The current state and a function that starts a run.
 */
export function useStatus( client: ProxyHealthClient ): {
	current: StatusState;
	run: () => void;
} {
	const [ current, setCurrent ] = useState< StatusState >( {
		state: 'idle',
	} );
	const controllerRef = useRef< AbortController | null >( null );

	useEffect( () => () => controllerRef.current?.abort(), [] );

	const run = useCallback( () => {
		controllerRef.current?.abort();
		const controller = new AbortController();
		controllerRef.current = controller;
		setCurrent( { state: 'loading' } );

		client.getStatus( { signal: controller.signal } ).then(
			( status ) => {
				if ( controller.signal.aborted ) {
					return;
				}
				setCurrent( { state: 'success', status } );
				speak( summarizeStatus( status ) );
			},
			( thrown: unknown ) => {
				const error = toApiError( thrown, controller.signal );
				if ( error.kind === 'aborted' ) {
					return;
				}
				setCurrent( { state: 'error', error } );
			}
		);
	}, [ client ] );

	return { current, run };
}
