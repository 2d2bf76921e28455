/**
 * Unit tests: the panel's tests wait for what a view shows after its (faked) request settles.
 * Testing Library gives up after 1 s by default; a view's first render in a file also compiles
 * its lazily loaded validator chunk, which on a busy two-core machine took longer than that.
 * The wait is a limit, not a measurement: a passing wait still ends as soon as the view shows.
 */
const { configure } = require( '@testing-library/dom' );

configure( { asyncUtilTimeout: 5000 } );
