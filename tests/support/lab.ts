/**
 * Lab set-up the integration and e2e suites share: one lab per file (or describe block), the
 * debug-log switch, and the check that PHP wrote no warning while a test ran.
 */

/**
 * External dependencies
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { withLab, type Lab, type LabOptions } from '../../src/lab/scenario';
import { runWpCli } from '../../src/lab/wp-cli';

/** What PHP writes when something went wrong (warnings, notices, deprecations, fatals). */
export const PHP_PROBLEM =
	/PHP (Warning|Notice|Deprecated|Fatal error|Parse error|Recoverable fatal error)|Uncaught|Stack trace/;

/**
 * Starts a lab in beforeAll (through withLab, which cleans up) and stops it in afterAll, for the
 * tests of one file or describe block. Call it before the hooks that use the lab.
 *
 * @param options Lab options.
 * @return The running lab; throws when it did not start.
 */
export function sharedLab(
	options: Omit< LabOptions, 'stateDir' >
): () => Lab {
	let lab: Lab | null = null;
	let release: () => void = () => undefined;
	let finished: Promise< unknown > = Promise.resolve();
	beforeAll( async () => {
		await new Promise< void >( ( ready, fail ) => {
			finished = withLab( options, ( started ) => {
				lab = started;
				ready();
				return new Promise< void >( ( resolve ) => {
					release = resolve;
				} );
			} ).catch( fail );
		} );
	} );
	afterAll( async () => {
		release();
		await finished;
	} );
	return () => {
		if ( ! lab ) {
			throw new Error( 'The lab did not start.' );
		}
		return lab;
	};
}

/**
 * Makes the lab site one never checked: deletes the probe history (through WP-CLI, as an
 * admin's `wp option delete` would), so Tools → Proxy Health has no stored verdict to show.
 *
 * @param lab Lab.
 */
export async function forgetChecks( lab: Lab ): Promise< void > {
	const deleted = await runWpCli(
		{ path: lab.site.root, url: lab.server.url },
		[ 'option', 'delete', 'proxy_health_history' ]
	);
	if ( deleted.status !== 0 ) {
		throw new Error(
			`wp option delete proxy_health_history: ${ deleted.stderr }`
		);
	}
}

/**
 * The lab site's WordPress debug log.
 * @param lab
 */
export function debugLogFile( lab: Lab ): string {
	return path.join( lab.site.root, 'wp-content', 'debug.log' );
}

/**
 * WP_DEBUG on (logged to wp-content/debug.log, never displayed): without it WordPress hides
 * notices and deprecations, and those are what sloppy input handling produces. WP-Cron off: its
 * update checks fail offline and would log core warnings at random times.
 *
 * @param lab Lab.
 */
export async function enableDebugLog( lab: Lab ): Promise< void > {
	const config = path.join( lab.site.root, 'wp-config.php' );
	const source = await readFile( config, 'utf8' );
	const debugOn = source.replace(
		"define( 'WP_DEBUG', false );",
		"define( 'WP_DEBUG', true );\ndefine( 'DISABLE_WP_CRON', true );"
	);
	if ( debugOn === source ) {
		throw new Error(
			"The lab's wp-config.php has no WP_DEBUG line to switch on."
		);
	}
	await writeFile( config, debugOn );
}

/**
 * The sizes of log files now, so that newPhpProblems() reads only what is written after.
 *
 * @param files Log files (missing ones count as empty).
 */
export function logMarks( files: string[] ): Map< string, number > {
	return new Map(
		files.map( ( file ) => [
			file,
			existsSync( file ) ? statSync( file ).size : 0,
		] )
	);
}

/**
 * The PHP problem lines written to the marked logs since logMarks().
 *
 * @param marks What logMarks() returned.
 */
export function newPhpProblems( marks: Map< string, number > ): string[] {
	const problems: string[] = [];
	for ( const [ file, size ] of marks ) {
		if ( ! existsSync( file ) ) {
			continue;
		}
		const added = readFileSync( file ).subarray( size ).toString( 'utf8' );
		problems.push(
			...added
				.split( '\n' )
				.filter( ( line ) => PHP_PROBLEM.test( line ) )
				.map( ( line ) => `${ path.basename( file ) }: ${ line }` )
		);
	}
	return problems;
}
