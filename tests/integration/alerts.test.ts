/**
 * Alerts on a live lab site behind squid: a real pass → fail (the proxy password in
 * wp-config.php changed to a wrong one) puts the notice on the Dashboard and sends one e-mail;
 * the next failing check sends none. The lab has no mail server: its mailbox (a must-use
 * plugin on `pre_wp_mail`, before PHPMailer) records what wp_mail() is asked to send.
 */

/**
 * Internal dependencies
 */
import { isAlertsDocument as isAlertSettings } from '../../src/api/contract/validators';
import type { ProbeReport } from '../../src/api/types';
import { readLabMailbox, type LabMail } from '../../src/lab/wordpress/site';
import { sharedLab } from '../support/lab';
import { rest } from '../support/rest';
import { logIn } from '../support/wp-session';

jest.setTimeout( 240_000 );

const lab = sharedLab( {
	runtime: 'php',
	proxyEngine: 'squid',
	scenario: 'right-credentials',
} );

/** Mails the lab's mailbox recorded since the test began (a shared lab may hold older ones). */
let mailsBefore = 0;
async function recordedMails(): Promise< LabMail[] > {
	return ( await readLabMailbox( lab().site ) ).slice( mailsBefore );
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
	mailsBefore = ( await readLabMailbox( lab().site ) ).length;
} );

it( 'a real pass → fail shows the notice on the Dashboard and sends one e-mail; fail → fail sends none', async () => {
	expect( ( await check() ).verdict ).toBe( 'pass' );
	expect( await dashboard() ).not.toContain( 'id="proxy-health-alert"' );
	expect( await recordedMails() ).toEqual( [] );

	await lab().setScenario( 'wrong-credentials' );
	const failed = await check();
	expect( failed.verdict ).toBe( 'fail' );

	const html = await dashboard();
	expect( html ).toContain( 'id="proxy-health-alert"' );
	expect( html ).toContain(
		'outbound requests through the proxy fail since'
	);
	expect( html ).toContain( 'action=proxy_health_dismiss_alert' );

	const mails = await recordedMails();
	expect( mails ).toHaveLength( 1 );
	expect( mails[ 0 ]?.to ).toEqual( [ 'admin@example.test' ] );
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
	expect( await recordedMails() ).toHaveLength( 1 );
} );
