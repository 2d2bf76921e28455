/**
 * @jest-environment node
 */

/**
 * External dependencies
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import {
	explainSendThroughProxy,
	splitBypassList,
	type SendThroughProxyConfig,
	type SendThroughProxyExplanation,
} from '../send-through-proxy';
import { phpParseUrl } from '../php-parse-url';

interface Vector {
	name: string;
	url: string;
	config: SendThroughProxyConfig;
	expected: SendThroughProxyExplanation;
}

// The same file the PHP suite reads (tests/php/Explain_Test.php).
const { vectors } = JSON.parse(
	readFileSync(
		path.resolve(
			__dirname,
			'../../../tests/fixtures/explain-vectors.json'
		),
		'utf8'
	)
) as { vectors: Vector[] };

describe( 'explainSendThroughProxy', () => {
	it( 'has vectors for every reason and hint it can give', () => {
		const reasons = new Set( vectors.map( ( v ) => v.expected.reason ) );
		const hints = new Set( vectors.flatMap( ( v ) => v.expected.hints ) );
		expect( vectors.length ).toBeGreaterThanOrEqual( 40 );
		expect( [ ...reasons ].sort() ).toEqual( [
			'bypass_exact_match',
			'bypass_wildcard_match',
			'localhost',
			'no_bypass_list',
			'not_in_bypass_list',
			'proxy_disabled',
			'site_host',
			'unparsable_url',
		] );
		expect( [ ...hints ].sort() ).toEqual( [
			'bypass_entry_has_space',
			'case_mismatch',
			'cidr_in_bypass_entry',
			'http_api_rejects_url',
			'ipv6_without_brackets',
			'port_in_bypass_entry',
			'trailing_dot_mismatch',
			'url_has_no_host',
			'wildcard_does_not_match_apex',
		] );
	} );

	it.each( vectors.map( ( v ) => [ v.name, v ] as const ) )(
		'%s',
		( _name, { url, config, expected } ) => {
			expect( explainSendThroughProxy( url, config ) ).toEqual(
				expected
			);
		}
	);

	it( 'keeps no state between calls with different lists', () => {
		const url = 'http://a.test/';
		const base = { proxyHost: 'p', proxyPort: '1', siteUrl: 'http://s' };
		expect(
			explainSendThroughProxy( url, { ...base, bypassHosts: 'a.test' } )
				.viaProxy
		).toBe( false );
		expect(
			explainSendThroughProxy( url, { ...base, bypassHosts: 'b.test' } )
				.viaProxy
		).toBe( true );
	} );
} );

describe( 'phpParseUrl', () => {
	it( 'keeps what new URL() would rewrite', () => {
		const cases: Array< [ string, string | undefined ] > = [
			[ 'http://Example.COM/', 'Example.COM' ],
			[ 'http://%6Cocalhost/', '%6Cocalhost' ],
			[ 'http://127.1/', '127.1' ],
			[ 'http://0x7f.0.0.1/', '0x7f.0.0.1' ],
			[ 'http://[::FFFF:127.0.0.1]:80/', '[::FFFF:127.0.0.1]' ],
			[ 'http:\\\\localhost\\', undefined ],
			[ 'http://a b.test/', 'a b.test' ],
		];
		for ( const [ url, host ] of cases ) {
			const parts = phpParseUrl( url );
			expect( parts && parts.host ).toBe( host );
		}
		expect( new URL( 'http://Example.COM/' ).hostname ).toBe(
			'example.com'
		);
		expect( () => new URL( 'http://a b.test/' ) ).toThrow();
	} );

	it( 'fails where PHP fails', () => {
		for ( const url of [
			'http://x.test:65536/',
			'http://x.test:123456/',
			'http:///path',
			'http://:80/',
			'http://x.test:8a8a8a/',
			':',
		] ) {
			expect( phpParseUrl( url ) ).toBe( false );
		}
	} );

	it( 'reads a port with strtol, as PHP does', () => {
		expect( phpParseUrl( 'http://x.test:8a/' ) ).toEqual( {
			scheme: 'http',
			host: 'x.test',
			port: 8,
		} );
		expect( phpParseUrl( 'x.test:8080/path' ) ).toEqual( {
			host: 'x.test',
			port: 8080,
		} );
	} );
} );

describe( 'splitBypassList', () => {
	it( 'keeps whitespace before a comma and removes it after', () => {
		expect( splitBypassList( 'a.com ,b.com,\tc.com, ' ) ).toEqual( [
			'a.com ',
			'b.com',
			'c.com',
			'',
		] );
	} );
} );
