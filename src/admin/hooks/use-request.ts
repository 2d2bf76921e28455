/**
 * WordPress dependencies
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

/**
 * Internal dependencies
 */
import { toApiError } from '../../api/client';
import type { ProxyHealthApiError } from '../../api/client';

/**
 * Where one request is. `args` are what the request was started with (the page, the id, the
 * URL…), so a view can show what is loading or failing and `retry` can send it again.
 */
export type RequestState< T, A extends unknown[] = [] > =
	| { state: 'idle' }
	| { state: 'loading'; args: A }
	/** `cancel()` stopped it; aborting for another run or on unmount never shows. */
	| { state: 'cancelled'; args: A }
	| { state: 'error'; args: A; error: ProxyHealthApiError }
	| { state: 'done'; args: A; data: T };

/** How the last request that ended ended: its answer or its error. */
export type SettledState< T, A extends unknown[] = [] > = Extract<
	RequestState< T, A >,
	{ state: 'done' | 'error' }
>;

/** Sends the request; must stop when the signal aborts (the typed client's methods do). */
export type RequestFunction< T, A extends unknown[] > = (
	signal: AbortSignal,
	...args: A
) => Promise< T >;

export interface UseRequestOptions< T, A extends unknown[] > {
	/** Start the request when the component mounts, with these arguments. */
	load?: A;
	/** Called once with each answer (before the state shows it), e.g. to announce it. */
	onDone?: ( data: T, args: A ) => void;
}

export interface UseRequest< T, A extends unknown[] > {
	current: RequestState< T, A >;
	/**
	 * The last answer or error, kept while the next request loads (null before the first
	 * ends and after `reset`): a view that refreshes keeps showing it, e.g. a failure stays on
	 * screen (and is not announced again) while a poll asks again.
	 */
	settled: SettledState< T, A > | null;
	/**
	 * Starts the request, aborting the one in flight. Resolves with the answer, or with
	 * undefined when it failed (the state holds the error) or was aborted; never rejects.
	 */
	run: ( ...args: A ) => Promise< T | undefined >;
	/** Sends the last request again with the same arguments (nothing when none was sent). */
	retry: () => void;
	/** Aborts the request in flight and says so in the state (`cancelled`). */
	cancel: () => void;
	/** Aborts the request in flight, if any, and goes back to `idle`. */
	reset: () => void;
}

/**
 * The panel's one way to make a request: loads on mount when asked, keeps one request in
 * flight (a new one aborts the previous one), aborts on unmount, turns whatever was thrown into
 * a `ProxyHealthApiError` in the state, and never lets an aborted request touch the state.
 *
 * @param request The request, e.g. `( signal, id ) => client.getProbe( id, { signal } )`.
 * @param options When to load and what to do with each answer.
 * @return The state and the functions that start, retry, cancel or reset it.
 */
export function useRequest< T, A extends unknown[] = [] >(
	request: RequestFunction< T, A >,
	options: UseRequestOptions< T, A > = {}
): UseRequest< T, A > {
	const { load, onDone } = options;
	const [ current, setCurrent ] = useState< RequestState< T, A > >( () =>
		load ? { state: 'loading', args: load } : { state: 'idle' }
	);
	const [ settled, setSettled ] = useState< SettledState< T, A > | null >(
		null
	);
	const settle = useCallback( ( state: SettledState< T, A > ) => {
		setCurrent( state );
		setSettled( state );
	}, [] );
	// The latest callbacks, so callers can pass inline functions without restarting anything.
	const requestRef = useRef( request );
	requestRef.current = request;
	const onDoneRef = useRef( onDone );
	onDoneRef.current = onDone;
	const controllerRef = useRef< AbortController | null >( null );
	const lastArgs = useRef< A | null >( load ?? null );
	const loadRef = useRef( load );

	const run = useCallback(
		async ( ...args: A ) => {
			controllerRef.current?.abort();
			const controller = new AbortController();
			controllerRef.current = controller;
			const { signal } = controller;
			lastArgs.current = args;
			setCurrent( { state: 'loading', args } );
			try {
				const data = await requestRef.current( signal, ...args );
				if ( signal.aborted ) {
					return undefined;
				}
				onDoneRef.current?.( data, args );
				settle( { state: 'done', args, data } );
				return data;
			} catch ( thrown ) {
				const error = toApiError( thrown, signal );
				if ( error.kind !== 'aborted' && ! signal.aborted ) {
					settle( { state: 'error', args, error } );
				}
				return undefined;
			}
		},
		[ settle ]
	);

	const retry = useCallback( () => {
		if ( lastArgs.current ) {
			run( ...lastArgs.current );
		}
	}, [ run ] );

	const cancel = useCallback( () => {
		const controller = controllerRef.current;
		if ( ! controller || controller.signal.aborted ) {
			return;
		}
		controller.abort();
		setCurrent( ( previous ) =>
			previous.state === 'loading'
				? { state: 'cancelled', args: previous.args }
				: previous
		);
	}, [] );

	const reset = useCallback( () => {
		controllerRef.current?.abort();
		setCurrent( { state: 'idle' } );
		setSettled( null );
	}, [] );

	useEffect( () => {
		if ( loadRef.current ) {
			run( ...loadRef.current );
		}
		return () => controllerRef.current?.abort();
	}, [ run ] );

	return { current, settled, run, retry, cancel, reset };
}
