/**
 * Proxy credentials with awkward characters, written in wp-config.php as an admin would and
 * sent through the lab's real squid (Basic, `basic_ncsa_auth` with an MD5-crypt password file)
 * on both transports: reserved characters and non-ASCII in the password and `DOMAIN\user` with
 * Basic work; a colon in the user name cannot (Basic splits at the first colon) and is named
 * by its own finding.
 */

/**
 * External dependencies
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { ncsaLine } from '../../src/lab/proxies/htpasswd';
import type { ProbeReport, StatusResponse } from '../../src/api/types';
import { sharedLab } from '../support/lab';
import { rest } from '../support/rest';

jest.setTimeout( 300_000 );

const lab = sharedLab( {
	runtime: 'php',
	proxyEngine: 'squid',
	scenario: 'right-credentials',
} );

interface Row {
	name: string;
	username: string;
	password: string;
	/** Whether squid's password file holds this user (a name with a colon cannot be written there). */
	inPasswordFile: boolean;
	/**
	 * 'pass': every cURL request and fsockopen's plain-HTTP request get through; 'curl-fails':
	 * cURL gets 407s and fsockopen gets through; 'fail': both get 407s.
	 */
	expected: 'pass' | 'curl-fails' | 'fail';
	/** Finding GET /status must show for these constants. */
	finding?: string;
}

const RIGHT = 'lab-chars';

const ROWS: Row[] = [
	{
		name: 'reserved characters, spaces and non-ASCII in the password',
		username: RIGHT,
		password: 'p@ss:w/rd#?x y é日本',
		inPasswordFile: true,
		expected: 'pass',
	},
	{
		name: 'a "%" sequence in the password: cURL decodes it, fsockopen does not',
		username: 'lab-percent',
		password: 'p%41ss%3A%40:',
		inPasswordFile: true,
		expected: 'curl-fails',
		finding: 'proxy_credentials_percent_decoded',
	},
	{
		// Lower case: squid's Basic authentication lower-cases user names before checking them
		// (casesensitive off, its default), so a password file line must be written that way.
		name: 'DOMAIN\\user sent by Basic as written',
		username: 'corp\\alice',
		password: 'domain-pass',
		inPasswordFile: true,
		expected: 'pass',
		finding: 'proxy_username_domain_form',
	},
	{
		name: 'a colon in the user name',
		username: 'lab:colon',
		password: 'colon-pass',
		inPasswordFile: false,
		expected: 'fail',
		finding: 'proxy_username_has_colon',
	},
];

beforeAll( () => {
	// basic_ncsa_auth reads the file again when its modification time changes.
	const file = path.join( lab().proxy.logDir, 'passwords' );
	for ( const row of ROWS.filter(
		( candidate ) => candidate.inPasswordFile
	) ) {
		appendFileSync( file, ncsaLine( row.username, row.password ) );
	}
} );

it.each( ROWS )( '$name', async ( row ) => {
	await lab().site.setProxy( {
		host: lab().proxy.host,
		port: String( lab().proxy.port ),
		username: row.username,
		password: row.password,
	} );

	const answer = await rest< ProbeReport >(
		lab().server.url,
		lab().site,
		'/proxy-health/v1/probes',
		{ method: 'POST', body: {} }
	);
	expect( answer.status ).toBe( 200 );
	expect( answer.text ).not.toContain(
		JSON.stringify( row.password ).slice( 1, -1 )
	);
	const report = answer.body;
	const curl = report.results.filter( ( r ) => r.transport === 'curl' );
	const fsockHttp = report.results.filter(
		( r ) => r.transport === 'fsockopen' && r.target.startsWith( 'http:' )
	);
	expect( curl.length ).toBeGreaterThan( 0 );
	expect( fsockHttp.length ).toBeGreaterThan( 0 );

	const seen = [ ...curl, ...fsockHttp ].map(
		( r ) => `${ r.transport } ${ r.target } ${ r.outcome }`
	);
	if ( row.expected === 'pass' ) {
		expect( seen ).toEqual(
			[ ...curl, ...fsockHttp ].map(
				( r ) => `${ r.transport } ${ r.target } ok`
			)
		);
		expect( report.verdict ).not.toBe( 'fail' );
	} else {
		expect( seen ).toEqual( [
			...curl.map(
				( r ) => `${ r.transport } ${ r.target } proxy_auth_required`
			),
			...fsockHttp.map(
				( r ) =>
					`${ r.transport } ${ r.target } ${
						row.expected === 'curl-fails'
							? 'ok'
							: 'proxy_auth_required'
					}`
			),
		] );
		expect( report.verdict ).toBe( 'fail' );
	}

	if ( row.finding ) {
		const status = await rest< StatusResponse >(
			lab().server.url,
			lab().site,
			'/proxy-health/v1/status'
		);
		expect( status.status ).toBe( 200 );
		const codes = status.body.findings.map( ( finding ) => finding.code );
		expect( codes ).toContain( row.finding );
	}
} );
