/**
 * @jest-environment node
 */

/**
 * Internal dependencies
 */
import {
	PASSWORD_PLACEHOLDER,
	phpQuote,
	withPassword,
} from '../wp-config-lines';

const USERNAME_LINE = "define( 'WP_PROXY_USERNAME', 'alice' );";
const PLACEHOLDER_LINE = `define( 'WP_PROXY_PASSWORD', '${ PASSWORD_PLACEHOLDER }' );`;
const SERVER_LINES = [ USERNAME_LINE, PLACEHOLDER_LINE ];

describe( 'phpQuote', () => {
	it.each( [
		[ 'backslash', 'a\\b', 'a\\\\b' ],
		[ 'quote', "it's", "it\\'s" ],
		[ 'both', "\\'", "\\\\\\'" ],
		[ 'dollar', 'p$1$&$$', 'p$1$&$$' ],
		[ 'unicode', 'pässwörd-日本語-🔑', 'pässwörd-日本語-🔑' ],
		[ 'double quote', 'say "hi"', 'say "hi"' ],
	] )( '%s', ( _name, value, quoted ) => {
		expect( phpQuote( value ) ).toBe( quoted );
	} );
} );

describe( 'withPassword', () => {
	it.each( [
		[ 'backslash', 'a\\b', "'a\\\\b'" ],
		[ 'quote', "it's", "'it\\'s'" ],
		[ 'both', "it's\\$", "'it\\'s\\\\$'" ],
		// String.replace() would read $& and $' as patterns; the password must come back as typed.
		[ 'dollar', "p$&$'$$1", "'p$&$\\'$$1'" ],
		[ 'unicode', 'pässwörd-日本語-🔑', "'pässwörd-日本語-🔑'" ],
		[ 'empty', '', "''" ],
	] )( 'fills the password line: %s', ( _name, password, quoted ) => {
		expect( withPassword( SERVER_LINES, password ) ).toEqual( [
			USERNAME_LINE,
			`define( 'WP_PROXY_PASSWORD', ${ quoted } );`,
		] );
	} );

	it( 'changes only the password line the server wrote, never the username line', () => {
		const username = `define( 'WP_PROXY_USERNAME', '${ PASSWORD_PLACEHOLDER }' );`;
		expect(
			withPassword( [ username, PLACEHOLDER_LINE ], 'secret' )
		).toEqual( [ username, "define( 'WP_PROXY_PASSWORD', 'secret' );" ] );
		expect( withPassword( [ USERNAME_LINE ], 'secret' ) ).toEqual( [
			USERNAME_LINE,
		] );
	} );

	it( 'does not change the lines it was given', () => {
		const lines = [ ...SERVER_LINES ];
		withPassword( lines, 'secret' );
		expect( lines ).toEqual( SERVER_LINES );
	} );
} );
