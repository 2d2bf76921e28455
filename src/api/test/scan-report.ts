/**
 * @jest-environment node
 */

/**
 * Internal dependencies
 */
import patterns from '../../../plugin/scan-patterns.json';
import { createClient } from '../client';
import type { TransportRequest } from '../client';
import { SCAN_PATTERN_CODES } from '../contract/types';
import { isScanDocument as isSiteScanReport } from '../contract/validators';
import { SCAN } from '../test-utils/scan';

describe( 'isSiteScanReport', () => {
	test( 'accepts a report, an empty one and extra fields', () => {
		expect( isSiteScanReport( SCAN ) ).toBe( true );
		expect(
			isSiteScanReport( {
				...SCAN,
				suspects: [],
				problems: [],
				added: 1,
			} )
		).toBe( true );
	} );

	test.each( [
		[ 'an unknown pattern code', { code: 'eval' } ],
		[ 'a line that is not a number', { line: '24' } ],
		[ 'no file', { file: undefined } ],
	] )( 'refuses a hit with %s', ( _label, change ) => {
		const hit = { ...SCAN.suspects[ 0 ]!.hits[ 0 ]!, ...change };
		const suspect = { ...SCAN.suspects[ 0 ]!, hits: [ hit ] };
		expect( isSiteScanReport( { ...SCAN, suspects: [ suspect ] } ) ).toBe(
			false
		);
	} );

	test( 'refuses a report without its counters or with an unknown problem reason', () => {
		const { truncated: _truncated, ...rest } = SCAN;
		expect( isSiteScanReport( rest ) ).toBe( false );
		expect(
			isSiteScanReport( {
				...SCAN,
				problems: [ { ...SCAN.problems[ 0 ], reason: 'timeout' } ],
			} )
		).toBe( false );
	} );

	test( 'knows exactly the pattern codes of plugin/scan-patterns.json', () => {
		expect( [ ...SCAN_PATTERN_CODES ].sort() ).toEqual(
			Object.keys( patterns.weights ).sort()
		);
		// Every hook maps to a known code.
		for ( const code of Object.values( patterns.hooks ) ) {
			expect( SCAN_PATTERN_CODES ).toContain( code );
		}
	} );
} );

describe( 'client.getScan', () => {
	test( 'GETs /scan and checks the shape', async () => {
		const calls: TransportRequest[] = [];
		const client = createClient( async ( request ) => {
			calls.push( request );
			return SCAN;
		} );
		await expect( client.getScan() ).resolves.toEqual( SCAN );
		expect( calls[ 0 ] ).toMatchObject( {
			path: '/proxy-health/v1/scan',
			method: 'GET',
		} );

		const broken = createClient( async () => ( { suspects: 'none' } ) );
		await expect( broken.getScan() ).rejects.toMatchObject( {
			kind: 'invalid_response',
		} );
	} );
} );
