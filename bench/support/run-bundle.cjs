/**
 * Runs a given CLI bundle like bin/proxy-health.mjs runs dist/cli/index.cjs:
 * `node run-bundle.cjs <bundle.cjs> <args…>`. Lets the fleet benchmark compare two builds of
 * the CLI (e.g. before and after a change) side by side in one run.
 */
const path = require( 'node:path' );

const [ bundle, ...args ] = process.argv.slice( 2 );
Promise.resolve( require( path.resolve( bundle ) ).main( args ) ).then(
	( code ) => {
		process.exitCode = code;
	}
);
