/**
 * Jest `globalSetup` for the unit and integration projects: rebuilds the CLI bundle
 * (dist/cli/index.cjs) before any test runs, so the tests that start bin/proxy-health.mjs run
 * the current sources, never a stale bundle. The build takes well under a second.
 */
const { spawnSync } = require( 'node:child_process' );
const path = require( 'node:path' );

module.exports = function buildCli() {
	const result = spawnSync(
		process.execPath,
		[ path.join( __dirname, '..', '..', 'scripts', 'build-cli.mjs' ) ],
		{ encoding: 'utf8' }
	);
	if ( result.status !== 0 ) {
		throw new Error(
			`The CLI bundle did not build (npm run build:cli):\n${ result.stderr }${ result.stdout }`
		);
	}
};
