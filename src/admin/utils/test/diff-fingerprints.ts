/**
 * @jest-environment node
 */

/**
 * Internal dependencies
 */
import { REPORT_407, REPORT_PASS } from '../../../api/test-utils/probe-reports';
import type { ProbeReport, Verdict } from '../../../api/types';
import { diffFingerprints, findTransition } from '../diff-fingerprints';

function report(
	id: string,
	verdict: Verdict,
	fingerprint: Partial< ProbeReport[ 'fingerprint' ] > = {},
	extra: Partial< ProbeReport > = {}
): ProbeReport {
	return {
		...( verdict === 'pass' ? REPORT_PASS : REPORT_407 ),
		id,
		createdAt: `2026-11-26T10:0${ id }:00+00:00`,
		verdict,
		fingerprint: { ...REPORT_407.fingerprint, ...fingerprint },
		...extra,
	};
}

describe( 'diffFingerprints', () => {
	it( 'finds nothing between identical fingerprints', () => {
		const changes = diffFingerprints(
			report( '1', 'pass' ),
			report( '2', 'fail' )
		);
		expect( changes.count ).toBe( 0 );
		expect( changes.plugins ).toEqual( {
			added: [],
			removed: [],
			updated: [],
		} );
		expect( changes.proxyConfigHash ).toBeNull();
		expect( changes.from ).toEqual( {
			id: '1',
			createdAt: '2026-11-26T10:01:00+00:00',
			verdict: 'pass',
		} );
		expect( changes.to.verdict ).toBe( 'fail' );
	} );

	it( 'lists plugins added, removed and updated, and every changed value', () => {
		const changes = diffFingerprints(
			report( '1', 'pass', {
				plugins: { 'a/a.php': '1.0', 'b/b.php': '2.0' },
				theme: 'twentytwentyfour@1.2',
				proxyConfigHash: 'aaa',
				htaccessHash: null,
			} ),
			report( '2', 'fail', {
				plugins: { 'b/b.php': '2.1', 'c/c.php': '0.1' },
				theme: 'twentytwentyfive@1.0',
				wp: '6.7',
				php: '8.3.1',
				proxyConfigHash: 'bbb',
				htaccessHash: 'ccc',
			} )
		);
		expect( changes.plugins ).toEqual( {
			added: [ { file: 'c/c.php', version: '0.1' } ],
			removed: [ { file: 'a/a.php', version: '1.0' } ],
			updated: [ { file: 'b/b.php', from: '2.0', to: '2.1' } ],
		} );
		expect( changes.theme ).toEqual( {
			from: 'twentytwentyfour@1.2',
			to: 'twentytwentyfive@1.0',
		} );
		expect( changes.wp ).toEqual( { from: '6.6.2', to: '6.7' } );
		expect( changes.php ).toEqual( { from: '8.2.26', to: '8.3.1' } );
		expect( changes.proxyConfigHash ).toEqual( { from: 'aaa', to: 'bbb' } );
		expect( changes.htaccessHash ).toEqual( { from: null, to: 'ccc' } );
		expect( changes.count ).toBe( 8 );
	} );

	it( "reads PHP's [] as an empty set, shows mu-plugin edits by hash, and skips sets a report lacks", () => {
		const changes = diffFingerprints(
			report( '1', 'pass', {
				plugins: [] as unknown as Record< string, string >,
				muPlugins: {
					'lab.php': { version: '1.0', hash: 'aaaaaaaaaaaa' },
				},
			} ),
			report( '2', 'fail', {
				plugins: { 'a/a.php': '1.0' },
				muPlugins: {
					'lab.php': { version: '1.0', hash: 'bbbbbbbbbbbb' },
				},
				dropins: { 'db.php': { version: '', hash: 'cccccccccccc' } },
			} )
		);
		expect( changes.plugins.added ).toEqual( [
			{ file: 'a/a.php', version: '1.0' },
		] );
		expect( changes.muPlugins?.updated ).toEqual( [
			{
				file: 'lab.php',
				from: '1.0 #aaaaaaaaaaaa',
				to: '1.0 #bbbbbbbbbbbb',
			},
		] );
		expect( changes.dropins ).toBeNull();
		expect( changes.count ).toBe( 2 );
	} );
} );

describe( 'findTransition', () => {
	it( 'picks the last pass and the first failure after it, as GET /changes does', () => {
		const transition = findTransition( [
			report( '5', 'fail' ),
			report( '4', 'fail' ),
			report( '3', 'pass' ),
			report( '2', 'fail' ),
			report( '1', 'pass' ),
		] );
		expect( transition?.direction ).toBe( 'broke' );
		expect( transition?.from.id ).toBe( '3' );
		expect( transition?.to.id ).toBe( '4' );
	} );

	it( 'when the site passes again, compares the last failure with the first pass after it, leaving one-off runs out', () => {
		const transition = findTransition( [
			report( '4', 'pass' ),
			report( '3', 'pass' ),
			report( '2', 'pass', {}, { credentialsSource: 'one-off' } ),
			report( '1', 'fail' ),
		] );
		expect( transition?.direction ).toBe( 'fixed' );
		expect( transition?.from.id ).toBe( '1' );
		expect( transition?.to.id ).toBe( '3' );
	} );

	it( 'finds nothing without a change of verdict', () => {
		expect( findTransition( [] ) ).toBeNull();
		expect(
			findTransition( [ report( '2', 'fail' ), report( '1', 'fail' ) ] )
		).toBeNull();
		expect(
			findTransition( [ report( '2', 'pass' ), report( '1', 'warn' ) ] )
		).toBeNull();
	} );
} );
