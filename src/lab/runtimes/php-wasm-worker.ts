/**
 * Runs one PHP script on php-wasm in its own Node process, as if it were the `php` CLI.
 *
 * Started by php-runner.ts with `node --import tsx`; the job comes in the environment (it may
 * carry secrets, which must not show in a process list). Separate from the caller because
 * php-wasm loads itself with dynamic ES module imports that test runners such as Jest cannot
 * host, and because a wasm PHP holds a lot of memory that is best returned at exit.
 */

/**
 * External dependencies
 */
import path from 'node:path';

/**
 * Internal dependencies
 */
import { JOB_VARIABLE, type PhpWasmJob } from './php-runner';

/** PHP version php-wasm runs; Playground's default too. */
const WASM_PHP_VERSION = '8.3';

/**
 * Drops folders that sit inside another listed folder; nested mounts are not needed.
 *
 * @param folders Absolute paths.
 */
function outermostFolders( folders: readonly string[] ): string[] {
	const unique = [
		...new Set( folders.map( ( folder ) => path.resolve( folder ) ) ),
	];
	return unique.filter(
		( folder ) =>
			! unique.some(
				( other ) =>
					other !== folder && folder.startsWith( other + path.sep )
			)
	);
}

async function main(): Promise< number > {
	const job = JSON.parse(
		process.env[ JOB_VARIABLE ] ?? 'null'
	) as PhpWasmJob | null;
	if ( ! job ) {
		process.stderr.write( `${ JOB_VARIABLE } is not set.\n` );
		return 2;
	}
	// php-wasm comes with @wp-playground/cli (a devDependency) and must match its version, so
	// it is used from there rather than declared on its own.
	const { loadNodeRuntime, createNodeFsMountHandler } =
		// eslint-disable-next-line import/no-extraneous-dependencies
		await import( '@php-wasm/node' );
	// eslint-disable-next-line import/no-extraneous-dependencies
	const { PHP } = await import( '@php-wasm/universal' );
	const php = new PHP(
		await loadNodeRuntime( WASM_PHP_VERSION, {
			// php-wasm needs an id per instance for its file locks; this process has one instance.
			emscriptenOptions: { processId: 1 },
			followSymlinks: true,
		} )
	);
	// Each folder appears at its host path, so paths in the script and in symlinks hold.
	for ( const folder of outermostFolders( [
		job.cwd,
		path.dirname( job.script ),
		...job.mounts,
	] ) ) {
		php.mkdir( folder );
		await php.mount( folder, createNodeFsMountHandler( folder ) );
	}
	// cli() does not apply its cwd option in this version; chdir does.
	php.chdir( job.cwd );
	const response = await php.cli( [ 'php', job.script, ...job.args ], {
		env: job.env,
		cwd: job.cwd,
	} );
	const [ stdout, stderr, exitCode ] = await Promise.all( [
		response.stdoutText,
		response.stderrText,
		response.exitCode,
	] );
	process.stdout.write( stdout );
	process.stderr.write( stderr );
	return exitCode;
}

/**
 * Exits once the output is flushed: php-wasm keeps handles open that would keep Node alive.
 *
 * @param code Exit code.
 */
function exitAfterFlush( code: number ): void {
	process.stdout.write( '', () =>
		process.stderr.write( '', () => process.exit( code ) )
	);
}

main().then( exitAfterFlush, ( error: unknown ) => {
	process.stderr.write(
		`php-wasm failed: ${ error instanceof Error ? error.stack : String( error ) }\n`
	);
	exitAfterFlush( 70 );
} );
