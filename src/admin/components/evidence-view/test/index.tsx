/**
 * External dependencies
 */
import { act, fireEvent, waitFor, within } from '@testing-library/react';

/**
 * Internal dependencies
 */
import EvidenceView from '..';
import {
	fakeNetworkForEachTest,
	renderForTest,
	type ViewQueries,
} from '../../../test-utils/view';
import type { Evidence, EvidenceSession } from '../../../../api/types';

let view: ViewQueries;
let unmount: () => void;

function renderView( element = <EvidenceView /> ) {
	( { view, unmount } = renderForTest( element ) );
}

const network = fakeNetworkForEachTest();

const wait = ( ms: number ) =>
	act(
		() => new Promise< void >( ( resolve ) => setTimeout( resolve, ms ) )
	);

const SESSION: EvidenceSession = {
	id: 'c0ffee00-1111-4222-8333-444455556666',
	startedAt: new Date( Date.now() - 60_000 ).toISOString(),
	expiresAt: new Date( Date.now() + 29 * 60_000 + 30_000 ).toISOString(),
	debugConstants: true,
};

const EMPTY: Evidence = {
	session: null,
	calls: [],
	logs: [],
	htaccess: {
		files: [ { file: '.htaccess', found: false, hash: null } ],
		rules: [],
		chains: [],
	},
	changes: null,
};

const RECORDED: Evidence = {
	...EMPTY,
	session: SESSION,
	calls: [
		{
			at: '2026-01-01T10:01:00+00:00',
			url: 'https://api.wordpress.org/core/version-check/1.7/',
			method: 'GET',
			source: { type: 'core', slug: 'wp_version_check' },
			context: 'cron',
			viaProxy: true,
			outcome: 'proxy_auth_required',
			connectStatus: 407,
			proxyAuthOffered: [ 'Basic', 'NTLM' ],
			timingsMs: { total: 12.4 },
			error: {
				code: 'http_request_failed',
				message: 'cURL error 56: CONNECT tunnel failed, response 407',
			},
		},
		{
			at: '2026-01-01T10:02:00+00:00',
			url: 'http://127.0.0.2/from-plugin?token=***&page=1',
			method: 'GET',
			source: { type: 'plugin', slug: 'evidence-caller' },
			context: 'front',
			viaProxy: true,
			outcome: 'ok',
			httpStatus: 200,
			timingsMs: { total: 3.6 },
		},
	],
	logs: [
		{
			file: 'wp-content/uploads/proxy-health-***/debug.log',
			lines: [ 'PHP Notice: one', 'PHP Notice: two' ],
		},
		{
			file: '/var/log/nginx/error.log',
			lines: [],
			skipped: 'outside_allowed_roots',
		},
	],
	htaccess: {
		files: [ { file: '.htaccess', found: true, hash: 'abc' } ],
		rules: [
			{
				file: '.htaccess',
				line: 3,
				directive: 'Redirect',
				text: 'Redirect 302 /sitemap.xml http://127.0.0.9/sitemap.xml',
				pattern: '/sitemap.xml',
				match: 'prefix',
				target: 'http://127.0.0.9/sitemap.xml',
				status: 302,
				flags: [],
				conditions: [],
			},
		],
		chains: [
			{
				entryPoint: 'sitemap',
				url: 'http://127.0.0.1/sitemap.xml',
				hops: [
					{
						url: 'http://127.0.0.1/sitemap.xml',
						status: 302,
						location: 'http://127.0.0.9/sitemap.xml',
					},
					{ url: 'http://127.0.0.9/sitemap.xml', status: 407 },
				],
				loop: false,
				tooManyHops: false,
				flags: [
					{
						hop: 1,
						reason: 'auth_required',
						url: 'http://127.0.0.9/sitemap.xml',
						status: 407,
						rule: {
							file: '.htaccess',
							line: 3,
							directive: 'Redirect',
						},
					},
				],
			},
		],
	},
	changes: {
		from: {
			id: 'a',
			createdAt: '2026-01-01T09:00:00+00:00',
			verdict: 'pass',
		},
		to: {
			id: 'b',
			createdAt: '2026-01-01T09:30:00+00:00',
			verdict: 'fail',
		},
		count: 2,
		plugins: {
			added: [ { file: 'evil/evil.php', version: '1.0' } ],
			removed: [],
			updated: [],
		},
		muPlugins: null,
		dropins: null,
		theme: null,
		wp: null,
		php: { from: '8.1.2', to: '8.2.26' },
		proxyConfigHash: null,
		htaccessHash: null,
	},
};

function lastRequest() {
	return network.requests[ network.requests.length - 1 ];
}

describe( 'EvidenceView', () => {
	it( 'starts a session with minutes and the WP_DEBUG switch, counts down, and stops it with the revert message', async () => {
		network.answerJson( 200, EMPTY );
		renderView();

		const minutes = await view.findByRole( 'spinbutton', {
			name: 'Minutes',
		} );
		expect( network.requests[ 0 ]?.url ).toBe(
			'/proxy-health/v1/evidence?chains=1&_locale=user'
		);
		expect( ( minutes as HTMLInputElement ).value ).toBe( '15' );
		expect(
			view.getByText( /No outbound call recorded yet/ )
		).toBeTruthy();
		expect( view.getByText( /Nothing to compare/ ) ).toBeTruthy();

		// Out of bounds: said next to the field, nothing sent.
		fireEvent.change( minutes, { target: { value: '1441' } } );
		fireEvent.click(
			view.getByRole( 'button', { name: 'Start session' } )
		);
		expect( view.getByText( /from 1 to 1440/ ) ).toBeTruthy();
		expect( network.requests ).toHaveLength( 1 );

		fireEvent.change( minutes, { target: { value: '30' } } );
		fireEvent.click(
			view.getByRole( 'checkbox', {
				name: /Also switch WP_DEBUG on in wp-config.php \(reverted automatically\)/,
			} )
		);
		network.answerJson( 201, SESSION );
		network.answerJson( 200, RECORDED );
		await act( async () => {
			fireEvent.click(
				view.getByRole( 'button', { name: 'Start session' } )
			);
		} );

		expect(
			await view.findByText( 'Recording outbound calls' )
		).toBeTruthy();
		expect( network.requests[ 1 ]?.url ).toBe(
			'/proxy-health/v1/evidence-sessions?_locale=user'
		);
		expect(
			JSON.parse( String( network.requests[ 1 ]?.init?.body ) )
		).toEqual( {
			minutes: 30,
			debugConstants: true,
		} );
		expect( network.requests[ 2 ]?.url ).toBe(
			'/proxy-health/v1/evidence?chains=0&_locale=user'
		);
		expect( view.getByText( /Time left: 29:[23]\d/ ) ).toBeTruthy();
		expect(
			view.getByText( /WP_DEBUG is switched on in wp-config.php/ )
		).toBeTruthy();
		expect(
			view.queryByRole( 'button', { name: 'Start session' } )
		).toBeNull();

		network.answerJson( 200, {
			stopped: SESSION,
			config: {
				status: 'restored',
				message: 'wp-config.php was restored exactly as it was.',
			},
		} );
		network.answerJson( 200, { ...RECORDED, session: null } );
		await act( async () => {
			fireEvent.click( view.getByRole( 'button', { name: 'Stop' } ) );
		} );
		expect(
			await view.findByText(
				'wp-config.php was restored exactly as it was.'
			)
		).toBeTruthy();
		expect(
			(
				network.requests[ 3 ]?.init?.headers as Record< string, string >
			 )[ 'X-HTTP-Method-Override' ]
		).toBe( 'DELETE' );
		expect( network.requests[ 3 ]?.url ).toBe(
			'/proxy-health/v1/evidence-sessions/current?_locale=user'
		);
		expect( view.queryByText( 'Recording outbound calls' ) ).toBeNull();
		expect(
			view.getByRole( 'button', { name: 'Start session' } )
		).toBeTruthy();
		expect( network.requests ).toHaveLength( 5 );
	} );

	it( 'shows the recorded calls newest first, the log tails, the redirect audit and what changed', async () => {
		network.answerJson( 200, RECORDED );
		renderView();

		const calls = await view.findByRole( 'region', {
			name: 'Outbound calls',
		} );
		const rows = within( calls ).getAllByRole( 'row' ).slice( 1 );
		expect( rows ).toHaveLength( 2 );
		const cells = ( row: HTMLElement ) =>
			within( row )
				.getAllByRole( 'cell' )
				.map( ( cell ) => cell.textContent );
		expect( cells( rows[ 0 ] as HTMLElement ).slice( 1 ) ).toEqual( [
			'Plugin: evidence-caller',
			'Front end',
			'GET http://127.0.0.2/from-plugin?token=***&page=1',
			'Yes',
			'OK',
			'HTTP 200',
			'—',
			'4',
		] );
		expect( cells( rows[ 1 ] as HTMLElement ).slice( 1 ) ).toEqual( [
			'WordPress core: wp_version_check',
			'Cron',
			'GET https://api.wordpress.org/core/version-check/1.7/cURL error 56: CONNECT tunnel failed, response 407',
			'Yes',
			'Proxy authentication required',
			'CONNECT 407',
			'Basic, NTLM',
			'12',
		] );

		const logs = view.getByRole( 'region', { name: 'Logs' } );
		const tail = within( logs ).getByLabelText(
			/Last lines of wp-content\/uploads/
		);
		expect( tail.tagName ).toBe( 'PRE' );
		expect( tail.textContent ).toBe( 'PHP Notice: one\nPHP Notice: two' );
		expect( tail.getAttribute( 'tabindex' ) ).toBe( '0' );
		expect(
			within( logs ).getByText(
				/outside the folders Proxy Health may read/
			)
		).toBeTruthy();

		const audit = view.getByRole( 'region', {
			name: '.htaccess redirects',
		} );
		expect(
			within( audit ).getByText(
				'Redirect 302 /sitemap.xml http://127.0.0.9/sitemap.xml'
			)
		).toBeTruthy();
		expect(
			within( audit ).getByText(
				/Likely made by Redirect at \.htaccess:3\./
			)
		).toBeTruthy();

		const changes = view.getByRole( 'region', { name: 'What changed' } );
		expect(
			within( changes ).getByText( 'Added: evil/evil.php 1.0' )
		).toBeTruthy();
		expect(
			within( changes ).getByText( 'PHP: 8.1.2 → 8.2.26' )
		).toBeTruthy();
		expect(
			within( changes ).getByText( /2 things changed/ )
		).toBeTruthy();
	} );

	it( 'works with a site that sends no audit and no changes', async () => {
		const { htaccess: _h, changes: _c, ...older } = RECORDED;
		network.answerJson( 200, older );
		renderView();
		expect(
			await view.findByRole( 'region', { name: 'Outbound calls' } )
		).toBeTruthy();
		expect(
			view.queryByRole( 'region', { name: '.htaccess redirects' } )
		).toBeNull();
		expect(
			view.queryByRole( 'region', { name: 'What changed' } )
		).toBeNull();
	} );

	it( 'refreshes every few seconds while shown, and stops on unmount', async () => {
		for ( let answer = 0; answer < 20; answer++ ) {
			network.answerJson( 200, answer >= 2 ? RECORDED : EMPTY );
		}
		renderView( <EvidenceView pollInterval={ 40 } /> );
		await view.findByRole( 'region', { name: 'Outbound calls' } );
		// Bounded, generous wait: the machine may be busy.
		await waitFor(
			() => expect( network.requests.length ).toBeGreaterThanOrEqual( 4 ),
			{ timeout: 5000 }
		);
		const polled = network.requests.length;
		expect( lastRequest()?.url ).toBe(
			'/proxy-health/v1/evidence?chains=0&_locale=user'
		);
		// The calls of a later poll replaced the first answer's.
		expect(
			view.queryByText( /No outbound call recorded yet/ )
		).toBeNull();

		unmount();
		await wait( 200 );
		expect( network.requests ).toHaveLength( polled );
	} );

	it( 'does not poll while its view tab is hidden', async () => {
		for ( let answer = 0; answer < 5; answer++ ) {
			network.answerJson( 200, EMPTY );
		}
		renderView(
			<div hidden>
				<EvidenceView pollInterval={ 40 } />
			</div>
		);
		await view.findByText( /No outbound call recorded yet/ );
		await wait( 200 );
		expect( network.requests ).toHaveLength( 1 );
	} );

	it( 'turns a 409 into a notice and shows the session that is already running', async () => {
		network.answerJson( 200, EMPTY );
		renderView();
		await view.findByRole( 'spinbutton', { name: 'Minutes' } );
		network.answerJson( 409, {
			code: 'proxy_health_evidence_session_active',
			message: 'An evidence session is already running; stop it first.',
			data: { status: 409 },
		} );
		network.answerJson( 200, {
			...EMPTY,
			session: { ...SESSION, debugConstants: false },
		} );
		await act( async () => {
			fireEvent.click(
				view.getByRole( 'button', { name: 'Start session' } )
			);
		} );
		expect(
			await view.findByText(
				/An evidence session is already running \(started from another tab/
			)
		).toBeTruthy();
		expect( view.getByText( 'Recording outbound calls' ) ).toBeTruthy();
		expect(
			view.getByText( 'wp-config.php is not changed by this session.' )
		).toBeTruthy();
	} );
} );
