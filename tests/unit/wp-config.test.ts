/**
 * @jest-environment node
 */

/**
 * External dependencies
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import {
	PROXY_BLOCK_BEGIN,
	PROXY_BLOCK_END,
	phpString,
	proxyScenario,
	renderLabUrlFile,
	renderWpConfig,
	replaceProxyBlock,
	type ProxyConstants,
} from '../../src/lab/wordpress/wp-config';

const NASTY_PASSWORDS = [
	"it's",
	'back\\slash',
	'trailing backslash\\',
	"\\'",
	'$HOME and ${x} and {$y}',
	'double "quotes"',
	'?> <?php echo 1; /* */',
	'line\nbreak\r\nand\ttab',
	'ünïcødé ✓',
	'',
];

/**
 * Runs a rendered wp-config.php with a stub wp-settings.php that prints the proxy constants.
 *
 * @param config wp-config.php source.
 */
function runConfig( config: string ): Record< string, unknown > {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'ph-wp-config-' ) );
	try {
		writeFileSync( path.join( dir, 'wp-config.php' ), config );
		writeFileSync(
			path.join( dir, 'wp-settings.php' ),
			[
				'<?php',
				'$names = array( "WP_PROXY_HOST", "WP_PROXY_PORT", "WP_PROXY_USERNAME", "WP_PROXY_PASSWORD", "WP_PROXY_BYPASS_HOSTS", "WP_ENVIRONMENT_TYPE", "DB_DIR", "WP_HOME" );',
				'$out = array( "table_prefix" => $GLOBALS["table_prefix"] );',
				'foreach ( $names as $n ) { if ( defined( $n ) ) { $out[ $n ] = constant( $n ); } }',
				'echo json_encode( $out );',
			].join( '\n' )
		);
		const lint = spawnSync(
			'php',
			[ '-l', path.join( dir, 'wp-config.php' ) ],
			{
				encoding: 'utf8',
			}
		);
		expect( lint.status ).toBe( 0 );
		return JSON.parse(
			execFileSync( 'php', [ path.join( dir, 'wp-config.php' ) ], {
				encoding: 'utf8',
			} )
		) as Record< string, unknown >;
	} finally {
		rmSync( dir, { recursive: true, force: true } );
	}
}

describe( 'renderWpConfig', () => {
	it( 'places the proxy block before wp-settings.php is required', () => {
		const config = renderWpConfig( {
			database: { type: 'sqlite' },
			proxy: { host: '127.0.0.2', port: 3128 },
		} );
		const blockEnd = config.indexOf( PROXY_BLOCK_END );
		expect( config.indexOf( PROXY_BLOCK_BEGIN ) ).toBeGreaterThan( 0 );
		expect( blockEnd ).toBeLessThan(
			config.indexOf( "require_once ABSPATH . 'wp-settings.php';" )
		);
		expect( config ).toContain( "define( 'WP_PROXY_PORT', 3128 );" );
	} );

	it( 'writes an empty block when there is no proxy', () => {
		const config = renderWpConfig( { database: { type: 'sqlite' } } );
		expect( config ).toContain(
			`${ PROXY_BLOCK_BEGIN }\n${ PROXY_BLOCK_END }`
		);
		expect( config ).not.toContain( 'WP_PROXY_' );
	} );

	it( 'rejects a table prefix that would need escaping', () => {
		expect( () =>
			renderWpConfig( {
				database: { type: 'sqlite' },
				tablePrefix: "wp'_",
			} )
		).toThrow( /table prefix/ );
	} );
} );

describe( 'replaceProxyBlock', () => {
	it( 'swaps only the block and can remove the proxy', () => {
		const config = renderWpConfig( {
			database: { type: 'sqlite' },
			proxy: { host: 'old.example', port: '1' },
			salts: { AUTH_KEY: 'fixed' },
		} );
		const replaced = replaceProxyBlock( config, {
			host: '127.0.0.3',
			port: '8080',
		} );
		expect( replaced ).toContain(
			"define( 'WP_PROXY_HOST', '127.0.0.3' );"
		);
		expect( replaced ).not.toContain( 'old.example' );
		expect( replaced ).toContain( "define( 'AUTH_KEY', 'fixed' );" );
		expect( replaceProxyBlock( replaced, null ) ).not.toContain(
			'WP_PROXY_'
		);
	} );

	it( 'refuses a config without the markers', () => {
		expect( () => replaceProxyBlock( '<?php\n', null ) ).toThrow(
			/no lab proxy block/
		);
	} );
} );

describe( 'proxyScenario', () => {
	const proxy = {
		host: '127.0.0.2',
		port: 3128,
		username: 'lab',
		password: 's3cret',
	};

	it( 'derives each misconfiguration from the real credentials', () => {
		expect( proxyScenario( 'right-credentials', proxy ) ).toEqual( {
			host: '127.0.0.2',
			port: '3128',
			username: 'lab',
			password: 's3cret',
		} );
		expect( proxyScenario( 'wrong-credentials', proxy ).password ).not.toBe(
			's3cret'
		);
		expect( proxyScenario( 'missing-credentials', proxy ) ).toEqual( {
			host: '127.0.0.2',
			port: '3128',
		} );
		expect( proxyScenario( 'host-with-scheme', proxy ).host ).toBe(
			'http://127.0.0.2'
		);
		expect( proxyScenario( 'non-numeric-port', proxy ).port ).toBe(
			':3128'
		);
		expect(
			proxyScenario( 'bypass-list', proxy, 'a.test, b.test' ).bypassHosts
		).toBe( 'a.test, b.test' );
	} );
} );

describe( 'rendered configs under PHP', () => {
	it.each( NASTY_PASSWORDS )(
		'keeps the password %j byte for byte',
		( password ) => {
			const proxy: ProxyConstants = {
				host: '127.0.0.2',
				port: '3128',
				username: `user ${ password }`,
				password,
				bypassHosts: 'localhost, *.lab.test',
			};
			const constants = runConfig(
				renderWpConfig( { database: { type: 'sqlite' }, proxy } )
			);
			expect( constants.WP_PROXY_PASSWORD ).toBe( password );
			expect( constants.WP_PROXY_USERNAME ).toBe( `user ${ password }` );
			expect( constants.WP_PROXY_BYPASS_HOSTS ).toBe(
				'localhost, *.lab.test'
			);
			expect( constants.WP_ENVIRONMENT_TYPE ).toBe( 'local' );
			expect( constants.table_prefix ).toBe( 'wp_' );
		}
	);

	it( 'writes a number port as an integer and a string port as a string', () => {
		expect(
			runConfig(
				renderWpConfig( {
					database: { type: 'sqlite' },
					proxy: { port: 3128 },
				} )
			).WP_PROXY_PORT
		).toBe( 3128 );
		expect(
			runConfig(
				renderWpConfig( {
					database: { type: 'sqlite' },
					proxy: { port: ':3128' },
				} )
			).WP_PROXY_PORT
		).toBe( ':3128' );
	} );

	it( 'keeps extra PHP inside the block and the MariaDB password escaped', () => {
		const config = renderWpConfig( {
			database: {
				type: 'mariadb',
				host: '127.0.0.1',
				port: 3306,
				name: 'wordpress',
				user: 'wp',
				password: "a'b\\",
			},
			proxy: {
				host: '127.0.0.2',
				extraPhp: "define( 'WP_HOME', 'http://127.0.0.1:1' );",
			},
		} );
		expect( config ).toContain( "define( 'DB_PASSWORD', 'a\\'b\\\\' );" );
		expect( runConfig( config ).WP_HOME ).toBe( 'http://127.0.0.1:1' );
	} );

	it( 'renders a site URL include that PHP accepts', () => {
		const dir = mkdtempSync( path.join( os.tmpdir(), 'ph-lab-url-' ) );
		try {
			const file = path.join( dir, 'url.php' );
			writeFileSync(
				file,
				`${ renderLabUrlFile( 'http://127.0.0.1:8123/' ) }echo WP_HOME;`
			);
			expect(
				execFileSync( 'php', [ file ], { encoding: 'utf8' } )
			).toBe( 'http://127.0.0.1:8123' );
		} finally {
			rmSync( dir, { recursive: true, force: true } );
		}
	} );

	it( 'quotes with single quotes only', () => {
		expect( phpString( `a'b\\c$d"e` ) ).toBe( `'a\\'b\\\\c$d"e'` );
	} );
} );
