/**
 * Reads test counts from the result files the runners write.
 */

/**
 * External dependencies
 */
import { readFileSync } from 'node:fs';

export interface Counts {
	passed: number;
	failed: number;
	skipped: number;
}

/**
 * Counts from a `jest --json --outputFile` file.
 *
 * @param file Path of the JSON file.
 */
export function countJest( file: string ): Counts {
	const json = JSON.parse( readFileSync( file, 'utf8' ) ) as {
		numPassedTests: number;
		numFailedTests: number;
		numPendingTests: number;
		numTodoTests: number;
		numRuntimeErrorTestSuites: number;
	};
	return {
		passed: json.numPassedTests,
		// A file that fails to load has no failed test but must still fail the run.
		failed: json.numFailedTests + json.numRuntimeErrorTestSuites,
		skipped: json.numPendingTests + json.numTodoTests,
	};
}

/**
 * Counts from a JUnit XML file (PHPUnit's --log-junit): the top-level testsuite's attributes.
 *
 * @param file Path of the XML file.
 */
export function countJUnit( file: string ): Counts {
	const xml = readFileSync( file, 'utf8' );
	const match = /<testsuite\b([^>]*)>/.exec( xml );
	if ( ! match ) {
		throw new Error( `No <testsuite> in ${ file }` );
	}
	const attr = ( name: string ) =>
		Number(
			new RegExp( `\\b${ name }="(\\d+)"` ).exec(
				match[ 1 ] ?? ''
			)?.[ 1 ] ?? 0
		);
	const tests = attr( 'tests' );
	const failed = attr( 'failures' ) + attr( 'errors' );
	const skipped = attr( 'skipped' );
	return { passed: tests - failed - skipped, failed, skipped };
}
