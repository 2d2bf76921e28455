/**
 * Browser suites: the release-zip upload runs first, on a machine no other browser suite has
 * used yet. Run after all the others it has timed out at its first login in two full CI runs
 * (never alone, never first); the cause is not found yet and is noted for the next session.
 */
// Jest's own sequencer, a dependency of jest itself.
// eslint-disable-next-line import/no-extraneous-dependencies
const Sequencer = require( '@jest/test-sequencer' ).default;

class ZipFirstSequencer extends Sequencer {
	sort( tests ) {
		const sorted = super.sort( tests );
		const isZip = ( test ) =>
			test.path.endsWith( 'plugin-zip-upload.test.ts' );
		return [
			...sorted.filter( isZip ),
			...sorted.filter( ( test ) => ! isZip( test ) ),
		];
	}
}

module.exports = ZipFirstSequencer;
