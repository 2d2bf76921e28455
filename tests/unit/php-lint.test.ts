/**
 * @jest-environment node
 */

/**
 * The PHP lint's version contract: the PHP version the plugin header requires, the one
 * phpcs.xml.dist checks compatibility from, and readme.txt's all say the same.
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
	findPhpcs,
	findPluginReviewRuleset,
	requiredPhp,
	rulesetTestVersion,
} from '../../scripts/php-lint';

const ROOT = path.resolve( __dirname, '..', '..' );
const read = ( file: string ) =>
	readFileSync( path.join( ROOT, file ), 'utf8' );

describe( 'php-lint version contract', () => {
	it( 'reads "Requires PHP" from a plugin header and testVersion from a ruleset', () => {
		expect(
			requiredPhp( '<?php\n/**\n * Requires PHP:      7.4\n */' )
		).toBe( '7.4' );
		expect( requiredPhp( '<?php\n// Requires PHP 8.0\n' ) ).toBeNull();
		expect(
			rulesetTestVersion( '<config name="testVersion" value="8.1-"/>' )
		).toBe( '8.1-' );
		expect( rulesetTestVersion( '<ruleset/>' ) ).toBeNull();
	} );

	it( 'finds the plugin header, phpcs.xml.dist and readme.txt in agreement', () => {
		const minimum = requiredPhp( read( 'plugin/proxy-health.php' ) );
		expect( minimum ).toBe( '7.4' );
		expect( rulesetTestVersion( read( 'phpcs.xml.dist' ) ) ).toBe(
			`${ minimum }-`
		);
		expect( read( 'readme.txt' ) ).toContain(
			`Requires PHP: ${ minimum }\n`
		);
		// The guard in the main file refuses exactly what the header does not support.
		expect( read( 'plugin/proxy-health.php' ) ).toContain(
			`version_compare( PHP_VERSION, '${ minimum }', '<' )`
		);
	} );

	it( 'says in readme.txt where the minified build comes from (WordPress.org asks for it)', () => {
		const uri = /Plugin URI:\s*(\S+)/.exec(
			read( 'plugin/proxy-health.php' )
		)?.[ 1 ];
		expect( uri ).toMatch( /^https:\/\// );
		const readme = read( 'readme.txt' );
		expect( readme ).toContain( '= Source code =' );
		expect( readme ).toContain( `are at ${ uri };` );
		expect( readme ).toContain( '`npm install && npm run build`' );
	} );

	describe( 'tool lookup', () => {
		const saved = { ...process.env };
		afterEach( () => {
			process.env = { ...saved };
		} );

		it( 'takes PROXY_HEALTH_PHPCS first and says when it names nothing', () => {
			process.env.PROXY_HEALTH_PHPCS = '/nonexistent/phpcs';
			expect( findPhpcs() ).toBe(
				'PROXY_HEALTH_PHPCS names /nonexistent/phpcs, which does not exist.'
			);
			process.env.PROXY_HEALTH_PHPCS = process.execPath;
			expect( findPhpcs() ).toEqual( {
				command: process.execPath,
				from: 'PROXY_HEALTH_PHPCS',
			} );
		} );

		it( 'asks for plugin-review.xml when a phpcs on PATH has no rulesets beside it', () => {
			delete process.env.PROXY_HEALTH_PLUGIN_REVIEW_RULESET;
			expect( () =>
				findPluginReviewRuleset( { command: 'phpcs', from: 'PATH' } )
			).toThrow( /PROXY_HEALTH_PLUGIN_REVIEW_RULESET/ );
			process.env.PROXY_HEALTH_PLUGIN_REVIEW_RULESET = '/nonexistent.xml';
			expect( () =>
				findPluginReviewRuleset( { command: 'phpcs', from: 'PATH' } )
			).toThrow( /does not exist/ );
		} );
	} );
} );
