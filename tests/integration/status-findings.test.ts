/**
 * The findings of GET /proxy-health/v1/status against a live lab site on real PHP behind
 * squid, switching wp-config.php between the lab's proxy scenarios. Everything here is read
 * over HTTP with the Application Password, as the CLI and agencies read it.
 */

/**
 * External dependencies
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { isStatusDocument as isStatusResponse } from '../../src/api/contract/validators';
import type { Finding, StatusResponse } from '../../src/api/types';
import { sharedLab } from '../support/lab';
import {
	PROXY_BLOCK_BEGIN,
	PROXY_BLOCK_END,
	proxyScenario,
} from '../../src/lab/wordpress/wp-config';
import { rest } from '../support/rest';

jest.setTimeout( 240_000 );

const ROUTE = '/proxy-health/v1/status';

const lab = sharedLab( { runtime: 'php', proxyEngine: 'squid' } );

/** The real password and the wrong one the lab writes; neither may appear in a response. */
function secrets(): string[] {
	const password = lab().proxy.credentials?.password;
	if ( ! password ) {
		throw new Error( 'The lab proxy has no credentials.' );
	}
	return [ password, `${ password }-wrong` ];
}

async function status(): Promise< StatusResponse > {
	const answer = await rest< unknown >( lab().server.url, lab().site, ROUTE );
	expect( answer.status ).toBe( 200 );
	for ( const secret of secrets() ) {
		expect( answer.text ).not.toContain( secret );
	}
	expect( isStatusResponse( answer.body ) ).toBe( true );
	return answer.body as StatusResponse;
}

function codes( findings: Finding[] ): string[] {
	return findings.map( ( finding ) => finding.code ).sort();
}

function pick( findings: Finding[], code: string ): Finding {
	const found = findings.find( ( finding ) => finding.code === code );
	if ( ! found ) {
		throw new Error(
			`No ${ code } among ${ codes( findings ).join( ', ' ) }`
		);
	}
	return found;
}

/**
 * 1-based line of a text in the lab's wp-config.php, found independently of the plugin.
 * @param text
 */
function lineOf( text: string ): number {
	const lines = readFileSync(
		path.join( lab().site.root, 'wp-config.php' ),
		'utf8'
	).split( '\n' );
	const index = lines.findIndex( ( line ) => line.includes( text ) );
	expect( index ).toBeGreaterThanOrEqual( 0 );
	return index + 1;
}

it( 'reports a well-formed configuration when only the password is wrong', async () => {
	await lab().setScenario( 'wrong-credentials' );
	const { findings } = await status();

	expect( codes( findings ) ).toEqual( [ 'proxy_config_ok' ] );
	expect( pick( findings, 'proxy_config_ok' ).severity ).toBe( 'good' );
	expect( pick( findings, 'proxy_config_ok' ).evidence ).toContain(
		`WP_PROXY_PORT = '${ lab().proxy.port }' (wp-config.php line ${ lineOf(
			"define( 'WP_PROXY_PORT'"
		) })`
	);
} );

it( 'flags a host written with a scheme, naming the wp-config.php line', async () => {
	await lab().setScenario( 'host-with-scheme' );
	const { findings } = await status();

	expect( codes( findings ) ).toEqual( [ 'proxy_host_has_scheme' ] );
	expect( pick( findings, 'proxy_host_has_scheme' ).severity ).toBe(
		'recommended'
	);
	expect( pick( findings, 'proxy_host_has_scheme' ).evidence ).toEqual( [
		`WP_PROXY_HOST = 'http://${
			lab().proxy.host
		}' (wp-config.php line ${ lineOf( "define( 'WP_PROXY_HOST'" ) })`,
	] );
	expect(
		pick( findings, 'proxy_host_has_scheme' ).remedies.join( ' ' )
	).toContain( `define( 'WP_PROXY_HOST', '${ lab().proxy.host }' );` );
} );

it( 'flags a port that is not a number and suggests the digits', async () => {
	await lab().setScenario( 'non-numeric-port' );
	const { findings } = await status();

	expect( codes( findings ) ).toEqual( [ 'proxy_port_invalid' ] );
	expect( pick( findings, 'proxy_port_invalid' ).severity ).toBe(
		'critical'
	);
	expect( pick( findings, 'proxy_port_invalid' ).evidence[ 0 ] ).toBe(
		`WP_PROXY_PORT = ':${ lab().proxy.port }' (wp-config.php line ${ lineOf(
			"define( 'WP_PROXY_PORT'"
		) })`
	);
	expect( pick( findings, 'proxy_port_invalid' ).remedies ).toEqual( [
		`Write the port number alone: define( 'WP_PROXY_PORT', '${ lab().proxy.port }' );`,
	] );
} );

it( 'accepts the lab bypass list, and flags a list full of traps', async () => {
	await lab().setScenario( 'bypass-list' );
	let { findings } = await status();
	expect( codes( findings ) ).toEqual( [ 'proxy_config_ok' ] );
	expect( pick( findings, 'proxy_config_ok' ).evidence ).toContain(
		`WP_PROXY_BYPASS_HOSTS entries: 'localhost', '127.0.0.3' (wp-config.php line ${ lineOf(
			"define( 'WP_PROXY_BYPASS_HOSTS'"
		) })`
	);

	const credentials = lab().proxy.credentials;
	if ( ! credentials ) {
		throw new Error( 'The lab proxy has no credentials.' );
	}
	await lab().site.setProxy(
		proxyScenario(
			'bypass-list',
			{ host: lab().proxy.host, port: lab().proxy.port, ...credentials },
			'127.0.0.3 ,*.lab().test,10.0.0.0/8,intranet.test:8080,,Intranet.Test'
		)
	);
	( { findings } = await status() );
	expect( codes( findings ) ).toEqual( [
		'bypass_entry_cidr',
		'bypass_entry_empty',
		'bypass_entry_has_port',
		'bypass_entry_whitespace',
		'bypass_wildcard_excludes_apex',
	] );
	expect( pick( findings, 'bypass_entry_whitespace' ).evidence ).toContain(
		"Entries with spaces: '127.0.0.3 '"
	);
	expect( pick( findings, 'bypass_entry_cidr' ).evidence ).toContain(
		"Ranges: '10.0.0.0/8'"
	);
	// With a "*" anywhere WordPress matches the whole list case-insensitively: no case finding.
	expect( codes( findings ) ).not.toContain( 'bypass_entry_case' );
} );

it( 'flags proxy constants moved below the require of wp-settings.php', async () => {
	await lab().setScenario( 'right-credentials' );
	const file = path.join( lab().site.root, 'wp-config.php' );
	const source = readFileSync( file, 'utf8' );
	const begin = source.indexOf( PROXY_BLOCK_BEGIN );
	const end = source.indexOf( PROXY_BLOCK_END ) + PROXY_BLOCK_END.length;
	const block = source.slice( begin, end );
	writeFileSync(
		file,
		`${ source.slice( 0, begin ) }${ source.slice( end ) }\n${ block }\n`
	);
	try {
		const data = await status();
		// This request runs after wp-config.php finished, so it still sees the proxy.
		expect( data.proxy.enabled ).toBe( true );
		const findings = data.findings;
		expect( codes( findings ) ).toEqual( [
			'proxy_constants_after_settings',
		] );
		const settingsLine = lineOf(
			"require_once ABSPATH . 'wp-settings.php';"
		);
		expect(
			pick( findings, 'proxy_constants_after_settings' ).evidence
		).toEqual( [
			`wp-config.php line ${ settingsLine }: wp-settings.php is required`,
			...[
				'WP_PROXY_HOST',
				'WP_PROXY_PORT',
				'WP_PROXY_USERNAME',
				'WP_PROXY_PASSWORD',
			].map(
				( name ) =>
					`wp-config.php line ${ lineOf(
						`define( '${ name }'`
					) }: ${ name } is defined (define())`
			),
		] );
	} finally {
		writeFileSync( file, source );
	}
	expect( codes( ( await status() ).findings ) ).toEqual( [
		'proxy_config_ok',
	] );
} );

it( 'lists each environment variable with where PHP sees it', async () => {
	const { environment } = await status();
	for ( const variable of environment ) {
		expect( [ 'getenv', 'server', 'both' ] ).toContain( variable.seenBy );
	}
} );
