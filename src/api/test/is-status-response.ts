/**
 * @jest-environment node
 */

/**
 * Internal dependencies
 */
import { isStatusDocument as isStatusResponse } from '../contract/validators';
import { STATUS } from '../test-utils/fake-fetch';

describe( 'isStatusResponse', () => {
	it( 'accepts a full body, and extra fields anywhere', () => {
		expect( isStatusResponse( STATUS ) ).toBe( true );
		expect(
			isStatusResponse( {
				...STATUS,
				later: true,
				findings: [ { ...STATUS.findings[ 0 ], extra: 1 } ],
				environment: [ { ...STATUS.environment[ 0 ], extra: 1 } ],
			} )
		).toBe( true );
	} );

	it( 'accepts no findings and findings of other plugins', () => {
		expect( isStatusResponse( { ...STATUS, findings: [] } ) ).toBe( true );
		expect(
			isStatusResponse( {
				...STATUS,
				findings: [ { ...STATUS.findings[ 0 ], code: 'acme_policy' } ],
			} )
		).toBe( true );
	} );

	it.each( [
		[ 'without findings', { ...STATUS, findings: undefined } ],
		[
			'with an unknown severity',
			{
				...STATUS,
				findings: [ { ...STATUS.findings[ 0 ], severity: 'info' } ],
			},
		],
		[
			'with evidence that is not a list of strings',
			{
				...STATUS,
				findings: [ { ...STATUS.findings[ 0 ], evidence: 'x' } ],
			},
		],
		[
			'with an unknown seenBy',
			{
				...STATUS,
				environment: [
					{ ...STATUS.environment[ 0 ], seenBy: 'shell' },
				],
			},
		],
		[
			'with an unknown reason for sequential fsockopen probes',
			{
				...STATUS,
				runtime: {
					...STATUS.runtime,
					parallelFsockopen: { available: false, reason: 'old' },
				},
			},
		],
		[
			'without parallelFsockopen',
			{
				...STATUS,
				runtime: { ...STATUS.runtime, parallelFsockopen: undefined },
			},
		],
	] )( 'rejects a body %s', ( _, body ) => {
		expect( isStatusResponse( body ) ).toBe( false );
	} );
} );
