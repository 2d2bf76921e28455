/**
 * `npm run lint:php`:
 * 1. `php -l` on every PHP file of the plugin, the lab and the tests;
 * 2. `declare(strict_types=1)` in every plugin file;
 * 3. PHP_CodeSniffer over plugin/ with WordPress.org Plugin Check's code review ruleset
 *    (plugin-review.xml) and with phpcs.xml.dist (PHPCompatibility from the plugin header's
 *    "Requires PHP" up, so the declared minimum and the check cannot drift).
 * Any error or warning fails the run.
 *
 * PHP_CodeSniffer is looked for in this order: $PROXY_HEALTH_PHPCS, ../shared/tools/phpcs/phpcs
 * next to the project, then `phpcs` on PATH when it has the WordPress and PHPCompatibility
 * standards. plugin-review.xml: $PROXY_HEALTH_PLUGIN_REVIEW_RULESET, then `rulesets/` beside
 * the phpcs found.
 */

/**
 * External dependencies
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve( __dirname, '..' );
const FOLDERS = [ 'plugin', 'src', 'tests', 'bench' ];
const SKIP = new Set( [ 'node_modules', 'build' ] );
// Fixtures that are broken on purpose: the static scan must report them without failing.
const BROKEN_ON_PURPOSE = new Set( [
	path.join(
		'tests',
		'fixtures',
		'scan',
		'wordpress',
		'wp-content',
		'plugins',
		'broken-plugin',
		'broken-plugin.php'
	),
] );
const MAIN_FILE = path.join( ROOT, 'plugin', 'proxy-health.php' );
const PROJECT_RULESET = path.join( ROOT, 'phpcs.xml.dist' );
const INSTALL_HINT =
	'composer require --dev wp-coding-standards/wpcs phpcompatibility/phpcompatibility-wp';

function phpFiles( dir: string ): string[] {
	return readdirSync( dir ).flatMap( ( name ) => {
		if ( SKIP.has( name ) ) {
			return [];
		}
		const full = path.join( dir, name );
		if ( statSync( full ).isDirectory() ) {
			return phpFiles( full );
		}
		return name.endsWith( '.php' ) ? [ full ] : [];
	} );
}

/**
 * The PHP version the plugin header declares ("Requires PHP: 7.4" gives "7.4").
 *
 * @param source The main plugin file.
 */
export function requiredPhp( source: string ): string | null {
	return (
		/^\s*\*\s*Requires PHP:\s*(\d+\.\d+)\s*$/m.exec( source )?.[ 1 ] ?? null
	);
}

/**
 * The testVersion a ruleset sets (`<config name="testVersion" value="7.4-"/>`).
 *
 * @param xml Ruleset source.
 */
export function rulesetTestVersion( xml: string ): string | null {
	return (
		/<config\s+name="testVersion"\s+value="([^"]+)"\s*\/>/.exec(
			xml
		)?.[ 1 ] ?? null
	);
}

export interface Phpcs {
	/** The phpcs executable. */
	command: string;
	/** Where it was found, for the log. */
	from: string;
}

/**
 * Finds PHP_CodeSniffer with the standards the lint needs, or says what is missing.
 */
export function findPhpcs(): Phpcs | string {
	const fromEnv = process.env.PROXY_HEALTH_PHPCS;
	if ( fromEnv ) {
		return existsSync( fromEnv )
			? { command: fromEnv, from: 'PROXY_HEALTH_PHPCS' }
			: `PROXY_HEALTH_PHPCS names ${ fromEnv }, which does not exist.`;
	}
	const shared = path.resolve(
		ROOT,
		'..',
		'shared',
		'tools',
		'phpcs',
		'phpcs'
	);
	if ( existsSync( shared ) ) {
		return { command: shared, from: path.relative( ROOT, shared ) };
	}
	const onPath = spawnSync( 'phpcs', [ '-i' ], { encoding: 'utf8' } );
	if ( onPath.error || onPath.status !== 0 ) {
		return `PHP_CodeSniffer was not found: set PROXY_HEALTH_PHPCS to a phpcs with the WordPress and PHPCompatibility standards, or put one on PATH (${ INSTALL_HINT }).`;
	}
	const missing = [ 'WordPress', 'PHPCompatibility' ].filter(
		( standard ) =>
			! new RegExp( `\\b${ standard }\\b` ).test( onPath.stdout )
	);
	if ( missing.length > 0 ) {
		return `The phpcs on PATH lacks the ${ missing.join(
			' and '
		) } standard${
			missing.length > 1 ? 's' : ''
		} (it has: ${ onPath.stdout.trim() }). Install them with: ${ INSTALL_HINT }`;
	}
	return { command: 'phpcs', from: 'PATH' };
}

/**
 * Finds Plugin Check's code review ruleset, or says what is missing.
 *
 * @param phpcs The PHP_CodeSniffer found.
 */
export function findPluginReviewRuleset( phpcs: Phpcs ): string {
	const fromEnv = process.env.PROXY_HEALTH_PLUGIN_REVIEW_RULESET;
	if ( fromEnv ) {
		if ( ! existsSync( fromEnv ) ) {
			throw new Error(
				`PROXY_HEALTH_PLUGIN_REVIEW_RULESET names ${ fromEnv }, which does not exist.`
			);
		}
		return fromEnv;
	}
	const beside = path.join(
		path.dirname( phpcs.command ),
		'rulesets',
		'plugin-review.xml'
	);
	if ( phpcs.from !== 'PATH' && existsSync( beside ) ) {
		return beside;
	}
	throw new Error(
		"Plugin Check's code review ruleset was not found: set PROXY_HEALTH_PLUGIN_REVIEW_RULESET to plugin-review.xml from Plugin Check 1.2 (its phpcs-rulesets/ folder)."
	);
}

/**
 * Runs phpcs and reports whether it found nothing (no error, no warning).
 *
 * @param phpcs Tool.
 * @param label What this pass checks, for the log.
 * @param args  Arguments after the tool.
 */
function runPhpcs( phpcs: Phpcs, label: string, args: string[] ): boolean {
	const result = spawnSync( phpcs.command, args, {
		cwd: ROOT,
		encoding: 'utf8',
	} );
	if ( result.error ) {
		console.error(
			`${ label }: could not run phpcs: ${ result.error.message }`
		);
		return false;
	}
	// phpcs exits 0 when clean, 1 or 2 when it found warnings or errors, 3 on its own failure.
	if ( result.status !== 0 ) {
		process.stderr.write( result.stdout + result.stderr );
		console.error(
			`${ label }: not clean (phpcs exit ${ result.status })`
		);
		return false;
	}
	console.log( `${ label }: 0 errors, 0 warnings` );
	return true;
}

function main(): number {
	const files = FOLDERS.flatMap( ( f ) =>
		phpFiles( path.join( ROOT, f ) )
	).filter(
		( file ) => ! BROKEN_ON_PURPOSE.has( path.relative( ROOT, file ) )
	);
	const failures = files.filter( ( file ) => {
		const result = spawnSync( 'php', [ '-l', file ], { encoding: 'utf8' } );
		if ( result.status !== 0 ) {
			process.stderr.write( result.stdout + result.stderr );
		}
		return result.status !== 0;
	} );
	const withoutStrictTypes = files
		.filter( ( f ) => f.startsWith( path.join( ROOT, 'plugin' ) ) )
		.filter(
			( file ) =>
				! /declare\(\s*strict_types\s*=\s*1\s*\)/.test(
					readFileSync( file, 'utf8' ).slice( 0, 2000 )
				)
		);
	for ( const file of withoutStrictTypes ) {
		console.error(
			`${ path.relative( ROOT, file ) }: missing declare(strict_types=1)`
		);
	}
	console.log(
		`php -l: ${ files.length - failures.length } of ${
			files.length
		} files clean`
	);
	let ok = failures.length + withoutStrictTypes.length === 0;

	const minimum = requiredPhp( readFileSync( MAIN_FILE, 'utf8' ) );
	if ( ! minimum ) {
		console.error( 'plugin/proxy-health.php: no "Requires PHP:" header' );
		return 1;
	}
	const declared = rulesetTestVersion(
		readFileSync( PROJECT_RULESET, 'utf8' )
	);
	if ( declared !== `${ minimum }-` ) {
		console.error(
			`phpcs.xml.dist: testVersion is ${ declared }, but the plugin requires PHP ${ minimum } (set it to ${ minimum }-)`
		);
		ok = false;
	}

	const phpcs = findPhpcs();
	if ( typeof phpcs === 'string' ) {
		console.error( phpcs );
		return 1;
	}
	let review: string;
	try {
		review = findPluginReviewRuleset( phpcs );
	} catch ( error ) {
		console.error( ( error as Error ).message );
		return 1;
	}
	console.log( `phpcs: ${ phpcs.from }` );
	// Only PHP files: Plugin Check's review sniffs PHP, and built assets are minified.
	ok =
		runPhpcs( phpcs, 'Plugin Check review (plugin-review.xml)', [
			`--standard=${ review }`,
			'--extensions=php',
			'-q',
			'plugin',
		] ) && ok;
	ok =
		runPhpcs( phpcs, `PHPCompatibility ${ minimum }- (phpcs.xml.dist)`, [
			`--standard=${ PROJECT_RULESET }`,
			'--runtime-set',
			'testVersion',
			`${ minimum }-`,
			'-q',
		] ) && ok;
	return ok ? 0 : 1;
}

if ( require.main === module ) {
	process.exitCode = main();
}
