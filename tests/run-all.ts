/**
 * `npm test`: every suite, in order, with the system packages they need.
 *
 * Usage: npm test [-- unit php integration e2e]
 * Prints each suite's time and a closing "tests: N passed, N failed" line; exits non-zero on any failure.
 */

/**
 * External dependencies
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { ensureRequirements } from '../src/lab/system-requirements';
import { countJest, countJUnit, type Counts } from './support/result-counts';

const ROOT = path.resolve( __dirname, '..' );
const RESULTS = path.join( ROOT, 'artifacts', 'results' );

interface Suite {
	name: string;
	/** Needs the panel built (the browser and the plugin load build/). */
	needsBuild: boolean;
	command: string[];
	counts: () => Counts;
}

const jestSuite = ( name: string, needsBuild: boolean ): Suite => {
	const output = path.join( RESULTS, `${ name }.json` );
	return {
		name,
		needsBuild,
		command: [
			'npx',
			'jest',
			'--selectProjects',
			name,
			...( name === 'unit' ? [] : [ '--runInBand' ] ),
			'--json',
			`--outputFile=${ output }`,
		],
		counts: () => countJest( output ),
	};
};

const SUITES: Suite[] = [
	jestSuite( 'unit', false ),
	{
		name: 'php',
		needsBuild: false,
		command: [ 'npx', 'tsx', 'tests/run-php.ts' ],
		counts: () => countJUnit( path.join( RESULTS, 'php.xml' ) ),
	},
	jestSuite( 'integration', true ),
	jestSuite( 'e2e', true ),
];

function main(): number {
	const wanted = process.argv.slice( 2 );
	const unknown = wanted.filter(
		( w ) => ! SUITES.some( ( s ) => s.name === w )
	);
	if ( unknown.length > 0 ) {
		console.error(
			`Unknown suite: ${ unknown.join( ', ' ) }. Suites: ${ SUITES.map(
				( s ) => s.name
			).join( ', ' ) }.`
		);
		return 2;
	}
	// Every suite needs system packages (even the unit suite checks wp-config.php with PHP):
	// missing packages are installed or named, never a reason to skip.
	try {
		ensureRequirements();
	} catch ( error ) {
		console.error( ( error as Error ).message );
		return 2;
	}
	const suites = SUITES.filter(
		( s ) => wanted.length === 0 || wanted.includes( s.name )
	);

	rmSync( RESULTS, { recursive: true, force: true } );
	mkdirSync( RESULTS, { recursive: true } );

	// `build` is the panel and the CLI bundle; suites without the panel still start the bin
	// (bin/proxy-health.mjs runs dist/cli/index.cjs), so the bundle is always rebuilt first.
	const needsPanel = suites.some( ( s ) => s.needsBuild );
	const build = run( [
		'npm',
		'run',
		needsPanel ? 'build' : 'build:cli',
		'--silent',
	] );
	if ( build.status !== 0 ) {
		console.error(
			`${ needsPanel ? 'The build' : 'The CLI build' } failed; no suite ran.`
		);
		return 1;
	}

	const total: Counts = { passed: 0, failed: 0, skipped: 0 };
	const rows: string[] = [];
	let failedSuites = 0;
	for ( const suite of suites ) {
		console.log( `\n=== ${ suite.name } ===` );
		const started = Date.now();
		const result = run( suite.command );
		const seconds = ( ( Date.now() - started ) / 1000 ).toFixed( 1 );
		const counts = safeCounts( suite );
		// A suite that crashed before reporting counts as one failure, never as a pass.
		if ( result.status !== 0 && counts.failed === 0 ) {
			counts.failed = 1;
		}
		if ( result.status !== 0 ) {
			failedSuites++;
		}
		total.passed += counts.passed;
		total.failed += counts.failed;
		total.skipped += counts.skipped;
		rows.push(
			`${ suite.name.padEnd( 12 ) } ${ String( seconds ).padStart(
				7
			) } s  ${ counts.passed } passed, ${ counts.failed } failed, ${
				counts.skipped
			} skipped`
		);
	}

	console.log( `\nsuite           time  result\n${ rows.join( '\n' ) }` );
	if ( total.skipped > 0 ) {
		console.log(
			`${ total.skipped } test(s) skipped: see the suite output above.`
		);
	}
	console.log( `tests: ${ total.passed } passed, ${ total.failed } failed` );
	return failedSuites > 0 || total.failed > 0 ? 1 : 0;
}

function run( command: string[] ) {
	const [ bin, ...args ] = command as [ string, ...string[] ];
	return spawnSync( bin, args, { cwd: ROOT, stdio: 'inherit' } );
}

function safeCounts( suite: Suite ): Counts {
	try {
		return suite.counts();
	} catch {
		return { passed: 0, failed: 0, skipped: 0 };
	}
}

process.exitCode = main();
