/**
 * The .htaccess audit in GET /proxy-health/v1/evidence against a live lab site on real PHP, and
 * the HTML evidence bundle served raw over real HTTP.
 *
 * The lab serves WordPress with `php -S`, which ignores .htaccess: the redirect is made by a
 * must-use plugin written into the site, and the .htaccess written next to it holds the rule an
 * Apache server would have run. The audit reads the rule, follows the real chain (a 302 to the
 * lab's HTTP target, which answers 407) and ties both flagged hops to that rule's line.
 * Tie-to-rule on its own is covered by tests/php/Htaccess_Audit_Test.php.
 */

/**
 * External dependencies
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import type { Evidence } from '../../src/api/types';
import { withLab } from '../../src/lab/scenario';
import { rest } from '../support/rest';

jest.setTimeout( 240_000 );

it( 'ties the sitemap redirect to a 407 host to its .htaccess line; the HTML bundle downloads raw', () =>
	withLab( { runtime: 'php' }, async ( lab ) => {
		const authHost = `${ lab.httpTarget.url }/status/407`;
		const wordpress = lab.site.root;
		const muPlugin = path.join(
			wordpress,
			'wp-content',
			'mu-plugins',
			'proxy-health-test-sitemap-redirect.php'
		);
		const htaccess = path.join( wordpress, '.htaccess' );
		writeFileSync(
			muPlugin,
			`<?php
declare(strict_types = 1);
if ( '/wp-sitemap.xml' === (string) parse_url( (string) ( $_SERVER['REQUEST_URI'] ?? '' ), PHP_URL_PATH ) ) {
	header( 'Location: ' . ${ JSON.stringify( authHost ) }, true, 302 );
	exit;
}
`
		);
		writeFileSync(
			htaccess,
			[
				'# BEGIN WordPress',
				'RewriteEngine On',
				'RewriteRule ^index\\.php$ - [L]',
				'# END WordPress',
				`RedirectMatch 302 ^/wp-sitemap\\.xml$ ${ authHost }`,
				'Redirect 301 /old-shop https://shop.example.test/',
				'',
			].join( '\n' )
		);
		try {
			const answer = await rest< Required< Evidence > >(
				lab.server.url,
				lab.site,
				'/proxy-health/v1/evidence'
			);
			expect( answer.status ).toBe( 200 );
			const audit = answer.body.htaccess;
			expect( audit.files ).toEqual( [
				expect.objectContaining( { file: '.htaccess', found: true } ),
			] );
			expect(
				audit.rules.map( ( rule ) => [ rule.line, rule.directive ] )
			).toEqual( [
				[ 5, 'RedirectMatch' ],
				[ 6, 'Redirect' ],
			] );
			expect( audit.chains.map( ( chain ) => chain.entryPoint ) ).toEqual(
				[ 'home', 'robots', 'sitemap' ]
			);
			for ( const chain of audit.chains.slice( 0, 2 ) ) {
				expect( chain.flags ).toEqual( [] );
			}
			const sitemap = audit.chains[ 2 ];
			expect( sitemap?.hops.map( ( hop ) => hop.status ) ).toEqual( [
				302, 407,
			] );
			const rule = {
				file: '.htaccess',
				line: 5,
				directive: 'RedirectMatch',
			};
			expect( sitemap?.flags ).toEqual( [
				expect.objectContaining( {
					hop: 0,
					reason: 'other_host',
					location: authHost,
					rule,
				} ),
				expect.objectContaining( {
					hop: 1,
					reason: 'auth_required',
					status: 407,
					rule,
				} ),
			] );

			// The HTML bundle over real HTTP: printed raw, not as a JSON string.
			const response = await fetch(
				`${ lab.server.url }/?rest_route=/proxy-health/v1/evidence/bundle&format=html`,
				{
					headers: {
						Authorization: `Basic ${ Buffer.from(
							`${ lab.site.admin.username }:${ lab.site.admin.applicationPassword }`
						).toString( 'base64' ) }`,
					},
				}
			);
			expect( response.status ).toBe( 200 );
			expect( response.headers.get( 'content-type' ) ).toMatch(
				/^text\/html/
			);
			expect( response.headers.get( 'content-disposition' ) ).toMatch(
				/^attachment; filename="proxy-health-evidence-127\.0\.0\.1-\d{4}-\d{2}-\d{2}\.html"$/
			);
			const page = await response.text();
			expect( page.startsWith( '<!DOCTYPE html>' ) ).toBe( true );
			expect( page ).toContain( 'RedirectMatch' );
		} finally {
			rmSync( muPlugin, { force: true } );
			rmSync( htaccess, { force: true } );
		}
	} ) );
