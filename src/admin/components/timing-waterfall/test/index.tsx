/**
 * External dependencies
 */
import { render, screen } from '@testing-library/react';

/**
 * Internal dependencies
 */
import TimingWaterfall, { phasesOf } from '..';

describe( 'TimingWaterfall', () => {
	it( 'splits cumulative cURL timings into consecutive phases', () => {
		expect(
			phasesOf( {
				dns: 1,
				connect: 3,
				tls: 10,
				firstByte: 40,
				total: 45,
			} ).map( ( p ) => [ p.key, p.to - p.from ] )
		).toEqual( [
			[ 'dns', 1 ],
			[ 'connect', 2 ],
			[ 'tls', 7 ],
			[ 'wait', 30 ],
			[ 'transfer', 5 ],
		] );
	} );

	it( 'leaves out TLS on plain HTTP and copes with a total only', () => {
		expect(
			phasesOf( {
				dns: 0,
				connect: 2,
				tls: 0,
				firstByte: 5,
				total: 5,
			} ).map( ( p ) => p.key )
		).toEqual( [ 'connect', 'wait' ] );
		expect( phasesOf( { total: 12 } ).map( ( p ) => p.key ) ).toEqual( [
			'transfer',
		] );
	} );

	it( 'draws one bar per phase on the shared scale and says the phases in words', () => {
		render(
			<TimingWaterfall
				timings={ {
					dns: 0,
					connect: 10,
					tls: 30,
					firstByte: 50,
					total: 60,
				} }
				scaleMs={ 120 }
			/>
		);
		const chart = screen.getByRole( 'img', {
			name: 'Connect 10 ms, TLS 20 ms, Waiting for the first byte 20 ms, Transfer 10 ms',
		} );
		const bars = chart.querySelectorAll( 'rect' );
		expect( bars ).toHaveLength( 4 );
		// 120 px for 120 ms: the TLS bar starts at 10 ms and is 20 ms wide.
		expect( bars[ 1 ]?.getAttribute( 'x' ) ).toBe( '10' );
		expect( bars[ 1 ]?.getAttribute( 'width' ) ).toBe( '20' );
	} );
} );
