/**
 * External dependencies
 */
import { act, renderHook } from '@testing-library/react';

/**
 * Internal dependencies
 */
import { ProxyHealthApiError } from '../../../api/client';
import { useRequest } from '../use-request';

/** A request the test answers by hand, one promise per call. */
function deferredRequests< T >() {
	const calls: Array< {
		signal: AbortSignal;
		args: unknown[];
		resolve: ( value: T ) => void;
		reject: ( reason: unknown ) => void;
	} > = [];
	const request = jest.fn(
		( signal: AbortSignal, ...args: unknown[] ) =>
			new Promise< T >( ( resolve, reject ) => {
				calls.push( { signal, args, resolve, reject } );
			} )
	);
	return { calls, request };
}

describe( 'useRequest', () => {
	it( 'stays idle until run, then goes loading → done with the answer and its arguments', async () => {
		const { calls, request } = deferredRequests< string >();
		const onDone = jest.fn();
		const { result } = renderHook( () =>
			useRequest( ( signal, id: string ) => request( signal, id ), {
				onDone,
			} )
		);
		expect( result.current.current ).toEqual( { state: 'idle' } );
		expect( request ).not.toHaveBeenCalled();

		let answer: Promise< string | undefined > | undefined;
		act( () => {
			answer = result.current.run( 'a' );
		} );
		expect( result.current.current ).toEqual( {
			state: 'loading',
			args: [ 'a' ],
		} );

		await act( async () => calls[ 0 ]?.resolve( 'report a' ) );
		expect( result.current.current ).toEqual( {
			state: 'done',
			args: [ 'a' ],
			data: 'report a',
		} );
		await expect( answer ).resolves.toBe( 'report a' );
		expect( onDone ).toHaveBeenCalledTimes( 1 );
		expect( onDone ).toHaveBeenCalledWith( 'report a', [ 'a' ] );
	} );

	it( 'loads on mount with the given arguments', async () => {
		const { calls, request } = deferredRequests< number >();
		const { result } = renderHook( () =>
			useRequest( ( signal, page: number ) => request( signal, page ), {
				load: [ 2 ],
			} )
		);
		expect( result.current.current ).toEqual( {
			state: 'loading',
			args: [ 2 ],
		} );
		expect( calls.map( ( call ) => call.args ) ).toEqual( [ [ 2 ] ] );

		await act( async () => calls[ 0 ]?.resolve( 20 ) );
		expect( result.current.current ).toEqual( {
			state: 'done',
			args: [ 2 ],
			data: 20,
		} );
	} );

	it( 'turns what was thrown into a ProxyHealthApiError, and retry sends the same request again', async () => {
		const { calls, request } = deferredRequests< string >();
		const { result } = renderHook( () =>
			useRequest( ( signal, id: string ) => request( signal, id ) )
		);
		let answer: Promise< string | undefined > | undefined;
		act( () => {
			answer = result.current.run( 'x' );
		} );
		// What api-fetch throws for a REST error: the WP_Error body.
		await act( async () =>
			calls[ 0 ]?.reject( {
				code: 'proxy_health_report_not_found',
				message: 'No stored probe report has this id.',
				data: { status: 404 },
			} )
		);
		await expect( answer ).resolves.toBeUndefined();
		const failed = result.current.current;
		expect( failed.state ).toBe( 'error' );
		if ( failed.state !== 'error' ) {
			return;
		}
		expect( failed.args ).toEqual( [ 'x' ] );
		expect( failed.error ).toBeInstanceOf( ProxyHealthApiError );
		expect( failed.error.kind ).toBe( 'not_found' );
		expect( failed.error.code ).toBe( 'proxy_health_report_not_found' );
		expect( failed.error.status ).toBe( 404 );

		act( () => result.current.retry() );
		expect( calls.map( ( call ) => call.args ) ).toEqual( [
			[ 'x' ],
			[ 'x' ],
		] );
		expect( result.current.current ).toEqual( {
			state: 'loading',
			args: [ 'x' ],
		} );
		await act( async () => calls[ 1 ]?.resolve( 'found' ) );
		expect( result.current.current ).toEqual( {
			state: 'done',
			args: [ 'x' ],
			data: 'found',
		} );
	} );

	it( 'aborts the request in flight when a new one starts; the old answer never shows', async () => {
		const { calls, request } = deferredRequests< string >();
		const onDone = jest.fn();
		const { result } = renderHook( () =>
			useRequest( ( signal, id: string ) => request( signal, id ), {
				onDone,
			} )
		);
		act( () => {
			result.current.run( 'old' );
		} );
		act( () => {
			result.current.run( 'new' );
		} );
		expect( calls[ 0 ]?.signal.aborted ).toBe( true );
		expect( calls[ 1 ]?.signal.aborted ).toBe( false );

		// The old request answers late (a transport that ignores the signal).
		await act( async () => calls[ 0 ]?.resolve( 'old answer' ) );
		expect( result.current.current ).toEqual( {
			state: 'loading',
			args: [ 'new' ],
		} );
		await act( async () => calls[ 1 ]?.resolve( 'new answer' ) );
		expect( result.current.current ).toEqual( {
			state: 'done',
			args: [ 'new' ],
			data: 'new answer',
		} );
		expect( onDone ).toHaveBeenCalledTimes( 1 );
		expect( onDone ).toHaveBeenCalledWith( 'new answer', [ 'new' ] );
	} );

	it( 'cancel aborts and says so; a rejection after it does not become an error', async () => {
		const { calls, request } = deferredRequests< string >();
		const { result } = renderHook( () => useRequest( request ) );
		act( () => {
			result.current.run();
		} );
		act( () => result.current.cancel() );
		expect( calls[ 0 ]?.signal.aborted ).toBe( true );
		expect( result.current.current ).toEqual( {
			state: 'cancelled',
			args: [],
		} );
		await act( async () =>
			calls[ 0 ]?.reject(
				new DOMException( 'The operation was aborted.', 'AbortError' )
			)
		);
		expect( result.current.current ).toEqual( {
			state: 'cancelled',
			args: [],
		} );
	} );

	it( 'reset aborts and goes back to idle', async () => {
		const { calls, request } = deferredRequests< string >();
		const { result } = renderHook( () => useRequest( request ) );
		act( () => {
			result.current.run();
		} );
		act( () => result.current.reset() );
		expect( calls[ 0 ]?.signal.aborted ).toBe( true );
		expect( result.current.current ).toEqual( { state: 'idle' } );
		await act( async () => calls[ 0 ]?.resolve( 'late' ) );
		expect( result.current.current ).toEqual( { state: 'idle' } );
	} );

	it( 'aborts on unmount, silently', async () => {
		const { calls, request } = deferredRequests< string >();
		const onDone = jest.fn();
		const { result, unmount } = renderHook( () =>
			useRequest( request, { load: [], onDone } )
		);
		expect( result.current.current.state ).toBe( 'loading' );
		unmount();
		expect( calls[ 0 ]?.signal.aborted ).toBe( true );
		await act( async () => calls[ 0 ]?.resolve( 'late' ) );
		expect( onDone ).not.toHaveBeenCalled();
	} );

	it( 'uses the latest request function without restarting', async () => {
		const first = jest.fn( async () => 'first' );
		const second = jest.fn( async () => 'second' );
		const { result, rerender } = renderHook(
			( { request } ) => useRequest( request ),
			{ initialProps: { request: first } }
		);
		rerender( { request: second } );
		expect( first ).not.toHaveBeenCalled();
		await act( async () => {
			await result.current.run();
		} );
		expect( second ).toHaveBeenCalledTimes( 1 );
		expect( first ).not.toHaveBeenCalled();
		expect( result.current.current ).toEqual( {
			state: 'done',
			args: [],
			data: 'second',
		} );
	} );

	it( 'keeps the last answer or error as settled while the next request loads; reset forgets it', async () => {
		const { calls, request } = deferredRequests< string >();
		const { result } = renderHook( () =>
			useRequest( ( signal, id: string ) => request( signal, id ) )
		);
		expect( result.current.settled ).toBeNull();

		act( () => {
			result.current.run( 'a' );
		} );
		expect( result.current.settled ).toBeNull();
		await act( async () =>
			calls[ 0 ]?.reject( { code: 'rest_forbidden', message: 'No.' } )
		);
		const failed = result.current.settled;
		expect( failed?.state ).toBe( 'error' );

		act( () => {
			result.current.run( 'b' );
		} );
		expect( result.current.current ).toEqual( {
			state: 'loading',
			args: [ 'b' ],
		} );
		expect( result.current.settled ).toBe( failed );

		await act( async () => calls[ 1 ]?.resolve( 'report b' ) );
		expect( result.current.settled ).toEqual( {
			state: 'done',
			args: [ 'b' ],
			data: 'report b',
		} );

		act( () => result.current.reset() );
		expect( result.current.settled ).toBeNull();
	} );
} );
