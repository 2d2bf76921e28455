/**
 * `npm run lint:php`: `php -l` on every PHP file of the plugin, the lab and the tests.
 */

/**
 * External dependencies
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
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

const files = FOLDERS.flatMap( ( f ) =>
	phpFiles( path.join( ROOT, f ) )
).filter( ( file ) => ! BROKEN_ON_PURPOSE.has( path.relative( ROOT, file ) ) );
const failures = files.filter( ( file ) => {
	const result = spawnSync( 'php', [ '-l', file ], { encoding: 'utf8' } );
	if ( result.status !== 0 ) {
		process.stderr.write( result.stdout + result.stderr );
	}
	return result.status !== 0;
} );
const withoutStrictTypes = files
	.filter( ( f ) => f.startsWith( path.join( ROOT, 'plugin' ) ) )
	.filter( ( file ) => {
		const head = spawnSync( 'head', [ '-c', '2000', file ], {
			encoding: 'utf8',
		} ).stdout;
		return ! /declare\(\s*strict_types\s*=\s*1\s*\)/.test( head );
	} );
for ( const file of withoutStrictTypes ) {
	console.error(
		`${ path.relative( ROOT, file ) }: missing declare(strict_types=1)`
	);
}
console.log(
	`php -l: ${ files.length - failures.length } of ${ files.length } files clean`
);
process.exitCode = failures.length + withoutStrictTypes.length > 0 ? 1 : 0;
