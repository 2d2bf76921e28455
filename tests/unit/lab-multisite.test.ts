/**
 * @jest-environment node
 */

/**
 * External dependencies
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import {
	MULTISITE_BLOCK_BEGIN,
	withMultisiteBlock,
} from '../../src/lab/wordpress/multisite';
import {
	renderWpConfig,
	replaceProxyBlock,
} from '../../src/lab/wordpress/wp-config';

const NETWORK = [
	'MULTISITE',
	'SUBDOMAIN_INSTALL',
	'DOMAIN_CURRENT_SITE',
	'PATH_CURRENT_SITE',
	'SITE_ID_CURRENT_SITE',
	'BLOG_ID_CURRENT_SITE',
];

/**
 * Runs wp-config.php with real PHP and a stub wp-settings.php that prints the network constants.
 *
 * @param config wp-config.php source.
 */
function networkConstants( config: string ): Record< string, unknown > {
	const dir = mkdtempSync( path.join( os.tmpdir(), 'ph-lab-multisite-' ) );
	try {
		writeFileSync( path.join( dir, 'wp-config.php' ), config );
		writeFileSync(
			path.join( dir, 'wp-settings.php' ),
			[
				'<?php',
				`$out = array();`,
				`foreach ( ${ JSON.stringify( NETWORK ) } as $n ) { if ( defined( $n ) ) { $out[ $n ] = constant( $n ); } }`,
				'echo json_encode( $out );',
			].join( '\n' )
		);
		return JSON.parse(
			execFileSync( 'php', [ path.join( dir, 'wp-config.php' ) ], {
				encoding: 'utf8',
			} )
		) as Record< string, unknown >;
	} finally {
		rmSync( dir, { recursive: true, force: true } );
	}
}

describe( 'withMultisiteBlock', () => {
	const config = renderWpConfig( { database: { type: 'sqlite' } } );

	it( 'defines a subdirectory network on the domain with its port, before wp-settings.php', () => {
		const network = withMultisiteBlock( config, '127.0.0.1:8123' );
		expect( network.indexOf( MULTISITE_BLOCK_BEGIN ) ).toBeLessThan(
			network.indexOf( "require_once ABSPATH . 'wp-settings.php';" )
		);
		expect( networkConstants( network ) ).toEqual( {
			MULTISITE: true,
			SUBDOMAIN_INSTALL: false,
			DOMAIN_CURRENT_SITE: '127.0.0.1:8123',
			PATH_CURRENT_SITE: '/',
			SITE_ID_CURRENT_SITE: 1,
			BLOG_ID_CURRENT_SITE: 1,
		} );
	} );

	it( 'survives the lab rewriting the proxy block', () => {
		const network = withMultisiteBlock( config, '127.0.0.1:8123' );
		const rewritten = replaceProxyBlock( network, {
			host: '127.0.0.1',
			port: '3128',
		} );
		expect( networkConstants( rewritten ).DOMAIN_CURRENT_SITE ).toBe(
			'127.0.0.1:8123'
		);
	} );

	it( 'refuses a config that is a network already, or one the lab did not write', () => {
		const network = withMultisiteBlock( config, '127.0.0.1:8123' );
		expect( () => withMultisiteBlock( network, '127.0.0.1:9' ) ).toThrow(
			/network already/
		);
		expect( () =>
			withMultisiteBlock( "<?php\nrequire 'wp-settings.php';", 'x' )
		).toThrow( /not written by the lab/ );
	} );
} );
