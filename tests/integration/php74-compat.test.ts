/**
 * The plugin's PHP on PHP 7.4 (php-wasm, offline) against the system PHP, without WordPress:
 * every file parses, every class compiles, the static scan finds the same patterns on the same
 * lines in every fixture plugin (PHP 7.4 has no PhpToken and splits namespaced names into
 * pieces; the scan reads them in PHP 8's shape), and the wp-config.php walkers read a config
 * with `\define()` and lookalike calls the same way. The request-level checks per PHP version
 * are the PHP matrix (php-matrix.test.ts).
 */

/**
 * External dependencies
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve( __dirname, '..', '..' );
const SCRIPT = path.join(
	ROOT,
	'tests',
	'support',
	'php',
	'plugin-on-this-php.php'
);

interface PluginOnPhp {
	php: string;
	parse: string[];
	load: string[];
	scan: Record< string, unknown >;
	config: unknown;
}

function parse(
	label: string,
	result: ReturnType< typeof spawnSync >
): PluginOnPhp {
	if ( result.status !== 0 ) {
		throw new Error(
			`${ label } exited ${ result.status }: ${ String( result.stderr ) }`
		);
	}
	return JSON.parse( String( result.stdout ) ) as PluginOnPhp;
}

describe( 'the plugin on PHP 7.4', () => {
	jest.setTimeout( 180_000 );

	it( 'parses, compiles, scans and reads wp-config.php as on the system PHP', () => {
		const native = parse(
			'php',
			spawnSync( 'php', [ SCRIPT, ROOT ], { encoding: 'utf8' } )
		);
		const php74 = parse(
			'php-wasm 7.4',
			spawnSync(
				process.execPath,
				[
					path.join( ROOT, 'tests', 'support', 'php-wasm-cli.mjs' ),
					'7.4',
					ROOT,
					SCRIPT,
					ROOT,
				],
				{ cwd: ROOT, encoding: 'utf8' }
			)
		);

		expect( php74.php ).toMatch( /^7\.4\./ );
		expect( native.php ).toMatch( /^8\./ );
		expect( php74.parse ).toEqual( [] );
		expect( php74.load ).toEqual( [] );
		expect( native.load ).toEqual( [] );
		// The fixtures hold patterns to find, and the broken fixture fails to parse on both.
		const hits = Object.values( native.scan )
			.filter( Array.isArray )
			.flat();
		expect( hits.length ).toBeGreaterThan( 20 );
		expect( Object.values( native.scan ) ).toContainEqual(
			expect.stringMatching( /^ParseError at line \d+$/ )
		);
		expect( php74.scan ).toEqual( native.scan );
		expect( php74.config ).toEqual( native.config );
	} );
} );
