/**
 * Alerts on a live lab site behind squid: a real pass → fail (the proxy password in
 * wp-config.php changed to a wrong one) puts the notice on the Dashboard and sends one e-mail;
 * the next failing check sends none. The lab has no mail server: a must-use plugin written by
 * this test records what wp_mail() is asked to send (through `pre_wp_mail`, before PHPMailer).
 */

/**
 * External dependencies
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { isAlertSettings } from '../../src/api/is-alert-settings';
import type { ProbeReport } from '../../src/api/types';
import { sharedLab } from '../support/lab';
import { rest } from '../support/rest';
import { logIn } from '../support/wp-session';

jest.setTimeout( 240_000 );

const lab = sharedLab( {
	runtime: 'php',
	proxyEngine: 'squid',
	scenario: 'right-credentials',
} );

const MAIL_PLUGIN = 'proxy-health-test-mail.php';
const MAIL_LOG = 'proxy-health-test-mail.jsonl';

interface RecordedMail {
	to: string | string[];
	subject: string;
	message: string;
}

function mailLog(): string {
	return path.join( lab().site.root, 'wp-content', MAIL_LOG );
}

function recordedMails(): RecordedMail[] {
	if ( ! existsSync( mailLog() ) ) {
		return [];
	}
	return readFileSync( mailLog(), 'utf8' )
		.split( '\n' )
		.filter( ( line ) => line !== '' )
		.map( ( line ) => JSON.parse( line ) as RecordedMail );
}

async function check(): Promise< ProbeReport > {
	const answer = await rest< ProbeReport >(
		lab().server.url,
		lab().site,
		'/proxy-health/v1/probes',
		{ method: 'POST', body: {} }
	);
	expect( answer.status ).toBe( 200 );
	return answer.body;
}

async function dashboard(): Promise< string > {
	const session = await logIn(
		lab().server.url,
		lab().site.admin.username,
		lab().site.admin.password
	);
	const response = await fetch( `${ lab().server.url }/wp-admin/index.php`, {
		headers: { Cookie: session.cookie },
	} );
	expect( response.status ).toBe( 200 );
	return response.text();
}

beforeAll( async () => {
	await writeFile(
		path.join( lab().site.root, 'wp-content', 'mu-plugins', MAIL_PLUGIN ),
		[
			'<?php',
			'// Proxy Health tests only: record wp_mail() calls instead of sending them.',
			'declare(strict_types = 1);',
			'add_filter(',
			"\t'pre_wp_mail',",
			'\tstatic function ( $short_circuit, $atts ) {',
			`\t\tfile_put_contents( WP_CONTENT_DIR . '/${ MAIL_LOG }', wp_json_encode( array( 'to' => $atts['to'], 'subject' => $atts['subject'], 'message' => $atts['message'] ) ) . "\\n", FILE_APPEND | LOCK_EX );`,
			'\t\treturn true;',
			'\t},',
			'\t10,',
			'\t2',
			');',
			'',
		].join( '\n' )
	);
} );

afterAll( async () => {
	await rm(
		path.join( lab().site.root, 'wp-content', 'mu-plugins', MAIL_PLUGIN ),
		{ force: true }
	);
	await rm( mailLog(), { force: true } );
} );

it( 'a real pass → fail shows the notice on the Dashboard and sends one e-mail; fail → fail sends none', async () => {
	expect( ( await check() ).verdict ).toBe( 'pass' );
	expect( await dashboard() ).not.toContain( 'id="proxy-health-alert"' );
	expect( recordedMails() ).toEqual( [] );

	await lab().setScenario( 'wrong-credentials' );
	const failed = await check();
	expect( failed.verdict ).toBe( 'fail' );

	const html = await dashboard();
	expect( html ).toContain( 'id="proxy-health-alert"' );
	expect( html ).toContain(
		'outbound requests through the proxy fail since'
	);
	expect( html ).toContain( 'action=proxy_health_dismiss_alert' );

	const mails = recordedMails();
	expect( mails ).toHaveLength( 1 );
	expect( mails[ 0 ]?.to ).toBe( 'admin@example.test' );
	expect( mails[ 0 ]?.subject ).toContain(
		'Outbound requests fail through the proxy'
	);
	expect( mails[ 0 ]?.message ).toContain( 'tools.php?page=proxy-health' );
	// The wrong password the lab wrote is a secret like the right one.
	const password = lab().proxy.credentials?.password ?? '';
	expect( password ).not.toBe( '' );
	expect( JSON.stringify( mails ) ).not.toContain( password );

	const alerts = await rest(
		lab().server.url,
		lab().site,
		'/proxy-health/v1/alerts'
	);
	expect( isAlertSettings( alerts.body ) ).toBe( true );
	expect( alerts.body ).toMatchObject( {
		lastVerdict: 'fail',
		alert: { id: failed.id },
	} );

	expect( ( await check() ).verdict ).toBe( 'fail' );
	expect( recordedMails() ).toHaveLength( 1 );
} );
