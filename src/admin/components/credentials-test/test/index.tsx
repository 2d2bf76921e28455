/**
 * External dependencies
 */
import {
	act,
	fireEvent,
	queries,
	render,
	within,
} from '@testing-library/react';

/**
 * Internal dependencies
 */
import CredentialsTest from '..';
import { STATUS } from '../../../../api/test-utils/fake-fetch';
import { fakeNetworkForEachTest } from '../../../test-utils/view';
import {
	REPORT_407,
	REPORT_PASS,
} from '../../../../api/test-utils/probe-reports';
import type { ProbeReport, ProxyConfigApplied } from '../../../../api/types';
import { PASSWORD_PLACEHOLDER } from '../../../utils/wp-config-lines';

// A quote, a backslash and a dollar: the panel escapes it for PHP itself.
const SECRET = "Right'Pa55\\w$1rd";
// What the server answers: the password never comes back, a placeholder stands in for it.
const SERVER_LINES = [
	"define( 'WP_PROXY_USERNAME', 'alice' );",
	`define( 'WP_PROXY_PASSWORD', '${ PASSWORD_PLACEHOLDER }' );`,
];
// What the panel shows and copies: the typed password in its place, escaped as PHP needs.
const LINES = [
	"define( 'WP_PROXY_USERNAME', 'alice' );",
	"define( 'WP_PROXY_PASSWORD', 'Right\\'Pa55\\\\w$1rd' );",
];
const VERIFIED: ProbeReport = {
	...REPORT_PASS,
	credentialsSource: 'one-off',
	wpConfigLines: SERVER_LINES,
};
const APPLIED: ProxyConfigApplied = {
	applied: {
		block: 'proxy',
		constants: [
			'WP_PROXY_HOST',
			'WP_PROXY_PORT',
			'WP_PROXY_USERNAME',
			'WP_PROXY_PASSWORD',
		],
		guarded: [ { name: 'WP_PROXY_PASSWORD', line: 24 } ],
	},
	status: STATUS,
};

const network = fakeNetworkForEachTest();
let view: ReturnType< typeof within< typeof queries > >;
let container: HTMLElement;
let onApplied: jest.Mock;

beforeEach( () => {
	onApplied = jest.fn();
	container = render(
		<CredentialsTest defaultUsername="alice" onApplied={ onApplied } />
	).container;
	view = within( container );
} );

function passwordField() {
	return view.getByLabelText( 'Proxy password' ) as HTMLInputElement;
}

async function testCredentials( password: string ) {
	fireEvent.change( passwordField(), { target: { value: password } } );
	await act( async () => {
		fireEvent.click(
			view.getByRole( 'button', { name: 'Test credentials' } )
		);
	} );
}

function body( index: number ) {
	return JSON.parse( String( network.requests[ index ]?.init?.body ) );
}

describe( 'CredentialsTest', () => {
	it( 'offers the wp-config.php username and a password field that browsers do not fill or keep', () => {
		expect(
			( view.getByLabelText( 'Proxy username' ) as HTMLInputElement )
				.value
		).toBe( 'alice' );
		expect( passwordField().type ).toBe( 'password' );
		expect( passwordField().autocomplete ).toBe( 'new-password' );
		expect(
			container.querySelector( 'form' )?.getAttribute( 'autocomplete' )
		).toBe( 'off' );
	} );

	it( 'shows why the proxy refused the credentials, and clears the password', async () => {
		network.answerJson( 200, {
			...REPORT_407,
			credentialsSource: 'one-off',
		} );
		await testCredentials( 'wrong' );

		expect( network.requests[ 0 ]?.url ).toBe(
			'/proxy-health/v1/probes?_locale=user'
		);
		expect( body( 0 ) ).toEqual( {
			credentials: { username: 'alice', password: 'wrong' },
		} );
		expect(
			await view.findByText(
				/The proxy did not accept these credentials/
			)
		).toBeTruthy();
		expect(
			within(
				view.getByRole( 'region', { name: 'Diagnoses' } )
			).getByText( /The proxy rejects the username or password/ )
		).toBeTruthy();
		expect( passwordField().value ).toBe( '' );
		expect( view.queryByRole( 'button', { name: /Apply/ } ) ).toBeNull();
	} );

	it( 'shows the wp-config.php lines, copies them, applies them, re-runs the checks and forgets the password', async () => {
		// jsdom has no clipboard; this stands in for the browser's.
		const writeText = jest.fn().mockResolvedValue( undefined );
		Object.assign( window.navigator, { clipboard: { writeText } } );

		network.answerJson( 200, VERIFIED );
		await testCredentials( SECRET );

		const code = await view.findByLabelText( 'wp-config.php lines' );
		expect( code.textContent ).toBe( LINES.join( '\n' ) );
		expect(
			view.getByText(
				/above the line \/\* That's all, stop editing! \*\//
			)
		).toBeTruthy();

		await act( async () => {
			fireEvent.click( view.getByRole( 'button', { name: 'Copy' } ) );
		} );
		expect( writeText ).toHaveBeenCalledWith( LINES.join( '\n' ) );
		expect( view.getByRole( 'button', { name: 'Copied' } ) ).toBeTruthy();

		network.answerJson( 200, APPLIED );
		await act( async () => {
			fireEvent.click(
				view.getByRole( 'button', { name: 'Apply to wp-config.php' } )
			);
		} );
		expect( network.requests[ 1 ]?.url ).toBe(
			'/proxy-health/v1/proxy-config?_locale=user'
		);
		expect( network.requests[ 1 ]?.init?.method ).toBe( 'POST' );
		expect( body( 1 ) ).toEqual( { username: 'alice', password: SECRET } );

		expect(
			await view.findByText(
				/The credentials were written to wp-config.php/
			)
		).toBeTruthy();
		expect( onApplied ).toHaveBeenCalledTimes( 1 );
		expect( view.queryByLabelText( 'wp-config.php lines' ) ).toBeNull();
		expect( passwordField().value ).toBe( '' );
		expect( container.innerHTML ).not.toContain( SECRET );
	} );

	it( "explains a refused Apply with the server's diagnoses and keeps wp-config.php untouched", async () => {
		network.answerJson( 200, VERIFIED );
		await testCredentials( SECRET );
		await view.findByLabelText( 'wp-config.php lines' );

		network.answerJson( 409, {
			code: 'proxy_health_credentials_not_verified',
			message:
				'The proxy did not accept these credentials for every request, so wp-config.php was not changed. The diagnoses say why.',
			data: {
				status: 409,
				verdict: 'fail',
				diagnoses: REPORT_407.diagnoses,
			},
		} );
		await act( async () => {
			fireEvent.click(
				view.getByRole( 'button', { name: 'Apply to wp-config.php' } )
			);
		} );

		expect(
			await view.findByText(
				/refused these credentials when they were checked again/
			)
		).toBeTruthy();
		expect(
			view.getByText(
				/Error code: proxy_health_credentials_not_verified \(HTTP 409\)/
			)
		).toBeTruthy();
		expect(
			view.getByText( /The proxy rejects the username or password/ )
		).toBeTruthy();
		expect( onApplied ).not.toHaveBeenCalled();
		expect( container.innerHTML ).not.toContain( SECRET );
	} );

	it( 'tells the admin to paste the lines by hand when wp-config.php cannot be written', async () => {
		network.answerJson( 200, VERIFIED );
		await testCredentials( SECRET );
		await view.findByLabelText( 'wp-config.php lines' );

		network.answerJson( 409, {
			code: 'proxy_health_config_unwritable',
			message:
				'Proxy Health cannot change wp-config.php: the file is read-only. Nothing was changed.',
			data: { status: 409 },
		} );
		await act( async () => {
			fireEvent.click(
				view.getByRole( 'button', { name: 'Apply to wp-config.php' } )
			);
		} );

		expect(
			await view.findByText( /add them to wp-config.php yourself/ )
		).toBeTruthy();
		expect( view.getByText( /the file is read-only/ ) ).toBeTruthy();
		// The lines stay, so they can still be copied.
		expect( view.getByLabelText( 'wp-config.php lines' ) ).toBeTruthy();
	} );
} );
