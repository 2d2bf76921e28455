/**
 * @jest-environment node
 */

/**
 * `scan` on the fixture WordPress in tests/fixtures/scan/wordpress: wp-config.php read
 * without running it, each pattern found with file:line, ranked suspects, the unparsable
 * file reported and never fatal, the password never read.
 */

/**
 * External dependencies
 */
import path from 'node:path';

/**
 * Internal dependencies
 */
import {
	lintProxyConstants,
	readWpConfigSource,
	scanWordPress,
	type Suspect,
} from '../../src/analysis/scan';
import { main } from '../../src/cli/index';

const ROOT = path.join( __dirname, '..', 'fixtures', 'scan', 'wordpress' );
const SECRET = 'fixture-secret-do-not-print';

describe( 'wp-config.php reader', () => {
	it( 'finds every proxy constant with its line, the wp-settings line, and what comes after it', () => {
		const report = scanWordPress( ROOT );
		const config = report.wpConfig;
		expect( config?.settingsLine ).toBe( 15 );
		expect(
			config?.definitions.map( ( d ) => [
				d.name,
				d.value,
				d.line,
				d.afterSettings,
			] )
		).toEqual( [
			[ 'WP_PROXY_HOST', 'http://proxy.example.test', 6, false ],
			[ 'WP_PROXY_PORT', '3128', 7, false ],
			[
				'WP_PROXY_BYPASS_HOSTS',
				'localhost, *.example.test ,api.example.test:443',
				9,
				false,
			],
			[ 'WP_PROXY_USERNAME', 'agency-user', 17, true ],
			[ 'WP_PROXY_PASSWORD', null, 18, true ],
		] );
		expect( config?.definitions[ 4 ]?.redacted ).toBe( true );
		expect( JSON.stringify( report ) ).not.toContain( SECRET );
		expect( config?.lint.map( ( finding ) => finding.code ) ).toEqual( [
			'proxy_constants_after_settings',
			'proxy_host_has_scheme',
			'bypass_entry_whitespace',
			'bypass_entry_has_port',
		] );
	} );

	it( 'a parse error on a line holding a password says where, never what the string was', () => {
		const reading = readWpConfigSource(
			[
				'<?php',
				"define( 'WP_PROXY_HOST', 'proxy.test' );",
				`define( 'WP_PROXY_PASSWORD' '${ SECRET }' );`,
			].join( '\n' ),
			'wp-config.php'
		);
		expect( reading.parseError ).toEqual( {
			line: 3,
			message: expect.stringContaining(
				"unexpected '…' (T_CONSTANT_ENCAPSED_STRING)"
			),
		} );
		expect( JSON.stringify( reading ) ).not.toContain(
			SECRET.slice( 0, 6 )
		);
	} );

	it( 'reads const statements, conditional defines and non-literal values', () => {
		const reading = readWpConfigSource(
			[
				'<?php',
				"const WP_PROXY_HOST = 'proxy.test';",
				"if ( ! defined( 'WP_PROXY_PORT' ) ) { define( 'WP_PROXY_PORT', 3128 ); }",
				"define( 'WP_PROXY_USERNAME', getenv( 'PROXY_USER' ) );",
				"require_once( ABSPATH . 'wp-settings.php' );",
			].join( '\n' ),
			'wp-config.php'
		);
		expect( reading.definitions ).toEqual( [
			expect.objectContaining( {
				name: 'WP_PROXY_HOST',
				form: 'const',
				value: 'proxy.test',
				conditional: false,
			} ),
			expect.objectContaining( {
				name: 'WP_PROXY_PORT',
				value: '3128',
				conditional: true,
				line: 3,
			} ),
			expect.objectContaining( {
				name: 'WP_PROXY_USERNAME',
				value: null,
				expression: 'getenv(…)',
			} ),
		] );
		expect( reading.settingsLine ).toBe( 5 );
		expect( lintProxyConstants( reading ).map( ( f ) => f.code ) ).toEqual(
			[ 'proxy_credentials_incomplete' ]
		);
	} );

	it( 'lints a port and a host the way /status does', () => {
		const codes = ( source: string ) =>
			lintProxyConstants(
				readWpConfigSource( `<?php\n${ source }`, 'wp-config.php' )
			).map( ( f ) => f.code );
		expect(
			codes(
				"define('WP_PROXY_HOST','p.test'); define('WP_PROXY_PORT',':3128');"
			)
		).toEqual( [ 'proxy_port_invalid' ] );
		expect(
			codes(
				"define('WP_PROXY_HOST','p.test:3128'); define('WP_PROXY_PORT','3128');"
			)
		).toEqual( [ 'proxy_host_has_port' ] );
		expect(
			codes(
				"define('WP_PROXY_HOST','ftp://p.test'); define('WP_PROXY_PORT','3128');"
			)
		).toEqual( [ 'proxy_host_has_scheme' ] );
		// SOCKS and HTTPS proxies need their scheme: not a finding to remove it.
		expect(
			codes(
				"define('WP_PROXY_HOST','https://p.test'); define('WP_PROXY_PORT','3128');"
			)
		).toEqual( [] );
		expect(
			codes(
				"define('WP_PROXY_HOST','socks5h://p.test'); define('WP_PROXY_PORT','1080');"
			)
		).toEqual( [] );
		expect( codes( "define('WP_PROXY_HOST','p.test');" ) ).toEqual( [
			'proxy_half_configured',
		] );
	} );

	it( 'reports a wp-config.php that does not parse instead of failing', () => {
		const reading = readWpConfigSource(
			"<?php\ndefine( 'WP_PROXY_HOST', 'x'\n",
			'wp-config.php'
		);
		expect( reading.parseError?.line ).toBeGreaterThan( 0 );
		expect( reading.definitions ).toEqual( [] );
	} );
} );

describe( 'plugin and theme scan', () => {
	const bySlug = ( suspects: Suspect[] ) =>
		new Map( suspects.map( ( s ) => [ s.slug, s ] ) );
	const codesOf = ( suspect: Suspect | undefined ) =>
		new Set( suspect?.hits.map( ( hit ) => hit.code ) );

	it( 'finds every pattern with file:line and ranks suspects by score', () => {
		const report = scanWordPress( ROOT );
		const suspects = bySlug( report.suspects );
		expect( codesOf( suspects.get( 'proxy-header-plugin' ) ) ).toEqual(
			new Set( [
				'proxy_authorization_header',
				'hook_http_request_args',
			] )
		);
		expect( codesOf( suspects.get( 'curl-proxy-plugin' ) ) ).toEqual(
			new Set( [ 'curl_proxy_option', 'hook_http_api_curl', 'raw_curl' ] )
		);
		expect( codesOf( suspects.get( 'hooks-plugin' ) ) ).toEqual(
			new Set( [
				'hook_pre_http_send_through_proxy',
				'hook_pre_http_request',
				'hook_https_ssl_verify',
				'hook_use_curl_transport',
			] )
		);
		expect( codesOf( suspects.get( 'guzzle-plugin' ) ) ).toEqual(
			new Set( [ 'guzzle_client' ] )
		);
		expect( suspects.get( 'guzzle-plugin' )?.hits ).toHaveLength( 2 );
		expect( codesOf( suspects.get( 'stream-proxy-plugin' ) ) ).toEqual(
			new Set( [ 'stream_context_proxy' ] )
		);
		expect( suspects.get( 'proxy-constants' ) ).toMatchObject( {
			type: 'mu-plugin',
		} );
		expect( codesOf( suspects.get( 'proxy-constants' ) ) ).toEqual(
			new Set( [ 'defines_wp_proxy_constant' ] )
		);
		expect( suspects.get( 'proxy-theme' ) ).toMatchObject( {
			type: 'theme',
		} );
		// Code that only uses the WordPress HTTP API is no suspect.
		expect( suspects.has( 'clean-plugin' ) ).toBe( false );
		expect( suspects.has( 'plain-theme' ) ).toBe( false );

		const curlOption = suspects
			.get( 'curl-proxy-plugin' )
			?.hits.find(
				( hit ) =>
					hit.file.endsWith( 'includes/client.php' ) &&
					hit.code === 'curl_proxy_option'
			);
		expect( curlOption ).toMatchObject( {
			file: 'wp-content/plugins/curl-proxy-plugin/includes/client.php',
			line: 4,
			detail: 'curl_setopt_array( CURLOPT_PROXY, CURLOPT_PROXYUSERPWD )',
		} );

		const scores = report.suspects.map( ( s ) => s.score );
		expect( scores ).toEqual( [ ...scores ].sort( ( a, b ) => b - a ) );
		expect( report.suspects[ 0 ]?.slug ).toBe( 'hooks-plugin' );
	} );

	it( 'reports the unparsable file with its line and goes on', () => {
		const report = scanWordPress( ROOT );
		expect( report.problems ).toEqual( [
			expect.objectContaining( {
				file: 'wp-content/plugins/broken-plugin/broken-plugin.php',
				line: 5,
				reason: 'parse_error',
			} ),
		] );
		expect( report.filesScanned ).toBe( 11 );
	} );

	it( 'skips files over the size bound and reports them', () => {
		const report = scanWordPress( ROOT, { maxFileBytes: 200 } );
		expect(
			report.problems.filter( ( p ) => p.reason === 'too_large' ).length
		).toBeGreaterThan( 0 );
	} );

	it( 'limits themes to --theme', () => {
		const report = scanWordPress( ROOT, { theme: 'plain-theme' } );
		expect( report.suspects.some( ( s ) => s.type === 'theme' ) ).toBe(
			false
		);
	} );

	it( 'the scan command prints JSON and exits 0', async () => {
		let stdout = '';
		const code = await main( [ 'scan', ROOT, '--format', 'json' ], {
			stdout: { write: ( chunk: string ) => ( stdout += chunk ) },
			stderr: { write: () => true },
			env: {},
			cwd: process.cwd(),
		} );
		expect( code ).toBe( 0 );
		expect( JSON.parse( stdout ).suspects.length ).toBe( 7 );
		expect( stdout ).not.toContain( SECRET );
	} );
} );

describe( 'explain', () => {
	it( 'applies send_through_proxy to the constants read from wp-config.php', async () => {
		let stdout = '';
		const code = await main(
			[
				'explain',
				'https://www.example.test/',
				'--config',
				path.join( ROOT, 'wp-config.php' ),
				'--format',
				'json',
				'--site-url',
				'https://site.test',
			],
			{
				stdout: { write: ( chunk: string ) => ( stdout += chunk ) },
				stderr: { write: () => true },
				env: {},
				cwd: process.cwd(),
			}
		);
		expect( code ).toBe( 0 );
		const answer = JSON.parse( stdout );
		// "*.example.test " keeps its trailing space (core splits on ",\s*"), so it never matches.
		expect( answer ).toMatchObject( {
			viaProxy: true,
			reason: 'not_in_bypass_list',
			hints: [ 'bypass_entry_has_space' ],
		} );
		expect( stdout ).not.toContain( SECRET );
	} );
} );
