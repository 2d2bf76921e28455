/**
 * `npm test`: every suite, in order, with the system packages they need, then the matrix: the
 * suites that matter once more on the other WordPress version.
 *
 * Usage: npm test [-- unit php integration e2e matrix <matrix suite>…]
 * The main suites run on the lab's default WordPress (PROXY_HEALTH_WP, else 7.1); the matrix
 * suites set PROXY_HEALTH_WP for their pass. Prints each suite's time and WordPress version and
 * a closing "tests: N passed, N failed" line; exits non-zero on any failure.
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
import {
	defaultWordPressVersion,
	WORDPRESS_RELEASES,
	WORDPRESS_VERSION_ENV,
	type WordPressVersion,
} from '../src/lab/wordpress/versions';
import { countJest, countJUnit, type Counts } from './support/result-counts';

const ROOT = path.resolve( __dirname, '..' );
const RESULTS = path.join( ROOT, 'artifacts', 'results' );

interface Suite {
	name: string;
	/** Needs the panel built (the browser and the plugin load build/). */
	needsBuild: boolean;
	command: string[];
	counts: () => Counts;
	/** What the summary prints in its `wordpress` column (`-` for suites without a site). */
	wordpress: string;
	/** Extra environment for this suite's process (the matrix sets PROXY_HEALTH_WP). */
	env?: Record< string, string >;
	/** Part of the matrix: selected by `matrix` as well as by its name. */
	matrix?: boolean;
}

/** The lab's WordPress for the main suites, and the other version the matrix covers. */
const MAIN_WP: WordPressVersion = defaultWordPressVersion();
const OTHER_WP: WordPressVersion = MAIN_WP === '6.6' ? '7.1' : '6.6';

/**
 * The release a version means (6.6 → 6.6.2), for the summary.
 *
 * @param version Lab WordPress version.
 */
const release = ( version: WordPressVersion ): string =>
	version === '7.1' || version === '6.6'
		? WORDPRESS_RELEASES[ version ].release
		: version;

const jestSuite = (
	name: string,
	project: 'unit' | 'integration' | 'e2e',
	needsBuild: boolean,
	options: {
		files?: readonly string[];
		wordpress?: WordPressVersion;
		matrix?: boolean;
	} = {}
): Suite => {
	const output = path.join( RESULTS, `${ name }.json` );
	return {
		name,
		needsBuild,
		command: [
			'npx',
			'jest',
			'--selectProjects',
			project,
			...( project === 'unit' ? [] : [ '--runInBand' ] ),
			'--json',
			`--outputFile=${ output }`,
			...( options.files ?? [] ),
		],
		counts: () => countJest( output ),
		wordpress:
			project === 'unit' ? '-' : release( options.wordpress ?? MAIN_WP ),
		...( options.wordpress
			? { env: { [ WORDPRESS_VERSION_ENV ]: options.wordpress } }
			: {} ),
		...( options.matrix ? { matrix: true } : {} ),
	};
};

const phpSuite = (
	name: string,
	options: {
		filter?: string;
		wordpress?: WordPressVersion;
		matrix?: boolean;
	} = {}
): Suite => {
	const output = path.join( RESULTS, `${ name }.xml` );
	return {
		name,
		needsBuild: false,
		command: [
			'npx',
			'tsx',
			'tests/run-php.ts',
			// run-php.ts writes php.xml; a matrix pass keeps its own file.
			...( name === 'php' ? [] : [ '--log-junit', output ] ),
			...( options.filter ? [ '--filter', options.filter ] : [] ),
		],
		counts: () => countJUnit( output ),
		wordpress: release( options.wordpress ?? MAIN_WP ),
		...( options.wordpress
			? { env: { [ WORDPRESS_VERSION_ENV ]: options.wordpress } }
			: {} ),
		...( options.matrix ? { matrix: true } : {} ),
	};
};

/**
 * What runs again on the other WordPress version: probes and diagnosis, bisection, evidence and
 * wp-config.php editing, the panel in Chromium, the release zip through Plugins → Add New.
 * Files that test the lab itself, the CLI's own parsing or other WordPress builds run once.
 */
const MATRIX_FILES = {
	php: 'Probe_Engine_Test|Probes_Route_Test|Status_Route_Test|Evidence_Session_Test|Wp_Config_Editor_Test|Bisection_Theme_And_Transport_Test',
	integration: [
		'tests/integration/probes.test.ts',
		'tests/integration/config-diagnoses.test.ts',
		'tests/integration/bisection.test.ts',
		'tests/integration/evidence.test.ts',
	],
	e2e: [
		'tests/e2e/panel.test.ts',
		'tests/e2e/panel-bisection-evidence.test.ts',
		'tests/e2e/panel-layout.test.ts',
		'tests/e2e/plugin-zip-upload.test.ts',
	],
} as const;

const SUITES: Suite[] = [
	jestSuite( 'unit', 'unit', false ),
	phpSuite( 'php' ),
	jestSuite( 'integration', 'integration', true ),
	jestSuite( 'e2e', 'e2e', true ),
	// The matrix. Another dimension (another PHP, say) adds its suites here with `matrix: true`.
	phpSuite( `php-wp${ OTHER_WP }`, {
		filter: MATRIX_FILES.php,
		wordpress: OTHER_WP,
		matrix: true,
	} ),
	jestSuite( `integration-wp${ OTHER_WP }`, 'integration', true, {
		files: MATRIX_FILES.integration,
		wordpress: OTHER_WP,
		matrix: true,
	} ),
	jestSuite( `e2e-wp${ OTHER_WP }`, 'e2e', true, {
		files: MATRIX_FILES.e2e,
		wordpress: OTHER_WP,
		matrix: true,
	} ),
];

function main(): number {
	const wanted = process.argv.slice( 2 );
	const unknown = wanted.filter(
		( w ) => w !== 'matrix' && ! SUITES.some( ( s ) => s.name === w )
	);
	if ( unknown.length > 0 ) {
		console.error(
			`Unknown suite: ${ unknown.join( ', ' ) }. Suites: ${ SUITES.map(
				( s ) => s.name
			).join( ', ' ) }, or matrix for every matrix suite.`
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
		( s ) =>
			wanted.length === 0 ||
			wanted.includes( s.name ) ||
			( s.matrix === true && wanted.includes( 'matrix' ) )
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
		const result = run( suite.command, suite.env );
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
			`${ suite.name.padEnd( 18 ) } ${ suite.wordpress.padEnd(
				9
			) } ${ String( seconds ).padStart( 7 ) } s  ${
				counts.passed
			} passed, ${ counts.failed } failed, ${ counts.skipped } skipped`
		);
	}

	console.log(
		`\n${ 'suite'.padEnd( 18 ) } ${ 'wordpress'.padEnd( 9 ) } ${ 'time'.padStart(
			9
		) }  result\n${ rows.join( '\n' ) }`
	);
	if ( total.skipped > 0 ) {
		console.log(
			`${ total.skipped } test(s) skipped: see the suite output above.`
		);
	}
	console.log( `tests: ${ total.passed } passed, ${ total.failed } failed` );
	return failedSuites > 0 || total.failed > 0 ? 1 : 0;
}

function run( command: string[], env: Record< string, string > = {} ) {
	const [ bin, ...args ] = command as [ string, ...string[] ];
	return spawnSync( bin, args, {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, ...env },
	} );
}

function safeCounts( suite: Suite ): Counts {
	try {
		return suite.counts();
	} catch {
		return { passed: 0, failed: 0, skipped: 0 };
	}
}

process.exitCode = main();
