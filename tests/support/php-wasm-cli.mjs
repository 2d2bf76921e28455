/**
 * Runs a PHP script on php-wasm of a given version, as the `php` CLI would, with the given
 * folders mounted at their own paths; prints its output and exits with its exit code.
 *
 *   node tests/support/php-wasm-cli.mjs <version> <folders,comma,separated> <script> [args…]
 *
 * A child process of its own: php-wasm loads through dynamic ES module imports that Jest cannot
 * host. The lab's runtime (src/lab/runtimes/php-wasm-worker.ts) runs Playground's default PHP;
 * this runs any version php-wasm carries offline (7.4 … 8.5).
 */

/**
 * External dependencies
 */
// eslint-disable-next-line import/no-extraneous-dependencies -- comes with @wp-playground/cli.
import { loadNodeRuntime, createNodeFsMountHandler } from '@php-wasm/node';
// eslint-disable-next-line import/no-extraneous-dependencies -- comes with @wp-playground/cli.
import { PHP } from '@php-wasm/universal';

const [ version, folders, script, ...args ] = process.argv.slice( 2 );
const php = new PHP(
	await loadNodeRuntime( version, { emscriptenOptions: { processId: 1 } } )
);
for ( const folder of folders.split( ',' ) ) {
	php.mkdir( folder );
	await php.mount( folder, createNodeFsMountHandler( folder ) );
}
const response = await php.cli( [ 'php', script, ...args ] );
const [ stdout, stderr, exitCode ] = await Promise.all( [
	response.stdoutText,
	response.stderrText,
	response.exitCode,
] );
process.stdout.write( stdout );
process.stderr.write( stderr );
// php-wasm keeps handles open that would keep Node alive.
process.stdout.write( '', () => process.exit( exitCode ) );
