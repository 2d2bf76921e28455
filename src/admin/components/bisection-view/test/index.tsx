/**
 * External dependencies
 */
import { act, fireEvent, within } from '@testing-library/react';

/**
 * Internal dependencies
 */
import BisectionView from '..';
import {
	fakeNetworkForEachTest,
	renderForTest,
	type ViewQueries,
} from '../../../test-utils/view';
import type { Bisection } from '../../../../api/types';

let view: ViewQueries;

function renderView() {
	( { view } = renderForTest( <BisectionView /> ) );
}

const network = fakeNetworkForEachTest();

const BAD = 'bad-proxy-auth/bad-proxy-auth.php';
const QUIET = 'quiet/quiet.php';
const NOISY = 'noisy/noisy.php';
const PLUGINS = [
	{ plugin: 'bad-proxy-auth/bad-proxy-auth', name: 'Bad Proxy Auth' },
	{ plugin: 'quiet/quiet', name: 'Quiet' },
	{ plugin: 'noisy/noisy', name: 'Noisy' },
];

const RUNNING: Bisection = {
	id: '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b',
	status: 'running',
	mode: 'ddmin',
	driver: 'client',
	cloneMode: 'light',
	plugins: [ BAD, QUIET, NOISY ],
	probesUsed: 0,
	probesEstimated: 4,
	steps: [],
	culprits: [],
	clone: { prefix: 'wp_phbx1a2b_', state: 'ready' },
	driverReason: {
		code: 'loopback_failed',
		message: 'The site could not reach itself within 5 seconds.',
	},
};

const FAIL_ALL = {
	subset: [ BAD, QUIET, NOISY ],
	outcome: 'fail' as const,
	evidence: [ 'curl http://127.0.0.2/: proxy_auth_required (HTTP 407)' ],
};
const PASS_NONE = {
	subset: [],
	outcome: 'pass' as const,
	evidence: [ 'curl http://127.0.0.2/: ok (HTTP 200)' ],
};
const FAIL_BAD = {
	subset: [ BAD ],
	outcome: 'fail' as const,
	evidence: [ 'curl https://127.0.0.3/: proxy_auth_required (CONNECT 407)' ],
};

const STEP_1: Bisection = { ...RUNNING, probesUsed: 1, steps: [ FAIL_ALL ] };
const STEP_2: Bisection = {
	...RUNNING,
	probesUsed: 2,
	steps: [ FAIL_ALL, PASS_NONE ],
};
const DONE: Bisection = {
	...RUNNING,
	status: 'done',
	probesUsed: 3,
	steps: [ FAIL_ALL, PASS_NONE, FAIL_BAD ],
	conclusion: 'culprit_found',
	culprits: [ [ BAD ] ],
	clone: { prefix: 'wp_phbx1a2b_', state: 'dropped' },
};

/**
 * One client-sent step on the fake network: the site's signed sandbox request for step `step`,
 * the sandbox's signed answer to it, then the run the site answers after recording it.
 *
 * @param step  Step number (1-based).
 * @param after The run once the step is recorded (left out: the step never gets that far).
 */
function answerStep( step: number, after?: Bisection ) {
	network.answerJson( 200, {
		step,
		expiresAt: '2026-01-01T00:01:00+00:00',
		request: {
			url: 'http://localhost/',
			method: 'POST',
			headers: {
				'X-Proxy-Health-Sandbox': `token-${ step }`,
				'Content-Type': 'application/json',
			},
			body: '{"prefix":"wp_phbx1a2b_","subset":[]}',
		},
	} );
	network.answerJson( 200, {
		proxyHealthSandbox: true,
		bisection: RUNNING.id,
		step,
		outcome: 'fail',
		signature: 'f'.repeat( 64 ),
	} );
	if ( after ) {
		network.answerJson( 200, after );
	}
}

function start() {
	fireEvent.click( view.getByRole( 'button', { name: 'Start' } ) );
}

describe( 'BisectionView', () => {
	it( 'drives a run step by step to the culprit, named from its plugin header, with evidence and cleanup', async () => {
		network.answerJson( 200, PLUGINS );
		network.answerJson( 201, RUNNING );
		answerStep( 1, STEP_1 );
		answerStep( 2, STEP_2 );
		answerStep( 3, DONE );
		renderView();

		fireEvent.click(
			view.getByRole( 'radio', { name: /One plugin at a time/ } )
		);
		fireEvent.click(
			view.getByRole( 'radio', { name: /Full: every table/ } )
		);
		start();

		const result = await view.findByRole( 'region', { name: 'Result' } );
		expect(
			network.requests.map( ( { url, init } ) => [
				init?.method ?? 'GET',
				url,
			] )
		).toEqual( [
			[ 'GET', '/wp/v2/plugins?_fields=plugin%2Cname&_locale=user' ],
			[ 'POST', '/proxy-health/v1/bisections?_locale=user' ],
			// Each step: the signed request asked for, sent to the site, its answer posted back.
			...[ 1, 2, 3 ].flatMap( () => [
				[
					'POST',
					`/proxy-health/v1/bisections/${ RUNNING.id }/step?_locale=user`,
				],
				[ 'POST', 'http://localhost/' ],
				[
					'POST',
					`/proxy-health/v1/bisections/${ RUNNING.id }/step?_locale=user`,
				],
			] ),
		] );
		expect(
			JSON.parse( String( network.requests[ 1 ]?.init?.body ) )
		).toEqual( {
			mode: 'one-by-one',
			cloneMode: 'full',
			includeTheme: false,
			driver: 'auto',
		} );
		expect(
			JSON.parse( String( network.requests[ 2 ]?.init?.body ) )
		).toEqual( { prepare: true } );
		// The sandbox request goes as the site handed it, without cookies.
		expect( network.requests[ 3 ]?.init ).toMatchObject( {
			method: 'POST',
			credentials: 'omit',
			headers: { 'X-Proxy-Health-Sandbox': 'token-1' },
			body: '{"prefix":"wp_phbx1a2b_","subset":[]}',
		} );
		expect(
			JSON.parse( String( network.requests[ 4 ]?.init?.body ) )
		).toEqual( {
			result: {
				proxyHealthSandbox: true,
				bisection: RUNNING.id,
				step: 1,
				outcome: 'fail',
				signature: 'f'.repeat( 64 ),
			},
		} );
		const driver = view.getByText(
			'The site could not reach itself within 5 seconds.'
		);
		expect( driver.getAttribute( 'data-driver' ) ).toBe( 'client' );
		expect( driver.getAttribute( 'data-driver-reason' ) ).toBe(
			'loopback_failed'
		);

		expect(
			within( result ).getByText(
				'Found the plugin that breaks outbound requests'
			)
		).toBeTruthy();
		const culprit = result.querySelector( '[data-culprit]' ) as HTMLElement;
		expect( culprit.getAttribute( 'data-culprit' ) ).toBe( BAD );
		expect( within( culprit ).getByText( 'Bad Proxy Auth' ) ).toBeTruthy();
		expect(
			within( culprit ).getByText(
				'curl https://127.0.0.3/: proxy_auth_required (CONNECT 407)'
			)
		).toBeTruthy();

		const steps = within( view.getByRole( 'region', { name: 'Steps' } ) )
			.getAllByRole( 'listitem' )
			.filter( ( item ) => item.hasAttribute( 'data-outcome' ) );
		expect(
			steps.map( ( step ) => step.getAttribute( 'data-outcome' ) )
		).toEqual( [ 'fail', 'pass', 'fail' ] );
		expect( steps[ 0 ]?.textContent ).toContain(
			'Bad Proxy Auth, Quiet, Noisy'
		);
		expect( steps[ 1 ]?.textContent ).toContain(
			'No plugins (all switched off)'
		);
		expect(
			within( steps[ 1 ] as HTMLElement ).getByText( 'Pass' )
		).toBeTruthy();

		expect( view.getByText( '3 probes run' ) ).toBeTruthy();
		expect( view.getByRole( 'progressbar' ).getAttribute( 'value' ) ).toBe(
			'100'
		);
		const cleanup = view.getByRole( 'region', { name: 'Cleanup' } );
		expect(
			cleanup
				.querySelector( '[data-clone-state]' )
				?.getAttribute( 'data-clone-state' )
		).toBe( 'dropped' );
		expect(
			within( cleanup ).getByText( /The live site was never changed/ )
		).toBeTruthy();
		expect( view.queryByRole( 'button', { name: 'Cancel' } ) ).toBeNull();
		expect(
			(
				view.getByRole( 'button', {
					name: 'Start',
				} ) as HTMLButtonElement
			 ).disabled
		).toBe( false );
	} );

	it( 'with "Also test the active theme" checked, asks for it and names a theme culprit as a theme', async () => {
		const theme = 'theme:shiny';
		const withTheme: Bisection = {
			...RUNNING,
			plugins: [ BAD, theme ],
			theme: { stylesheet: 'shiny', fallback: 'twentytwentyfour' },
		};
		network.answerJson( 200, PLUGINS );
		network.answerJson( 201, withTheme );
		network.answerJson( 200, {
			...withTheme,
			status: 'done',
			probesUsed: 1,
			failsOn: 'curl',
			steps: [
				{ subset: [ BAD, theme ], outcome: 'fail', evidence: [] },
			],
			conclusion: 'culprit_found',
			culprits: [ [ theme ] ],
			clone: { prefix: 'wp_phbx1a2b_', state: 'dropped' },
		} );
		renderView();

		fireEvent.click(
			view.getByRole( 'checkbox', { name: 'Also test the active theme' } )
		);
		start();

		const result = await view.findByRole( 'region', { name: 'Result' } );
		expect(
			JSON.parse( String( network.requests[ 1 ]?.init?.body ) )
		).toMatchObject( { includeTheme: true } );
		expect(
			within( result ).getByText(
				/Steps failed on a 407 over cURL, the transport WordPress uses/
			)
		).toBeTruthy();
		const culprit = result.querySelector( '[data-culprit]' ) as HTMLElement;
		expect( culprit.getAttribute( 'data-culprit' ) ).toBe( theme );
		expect( within( culprit ).getByText( 'Theme: shiny' ) ).toBeTruthy();
	} );

	it( 'cancels a running bisection: the pending step is dropped and DELETE ends the run', async () => {
		network.answerJson( 200, PLUGINS );
		network.answerJson( 201, RUNNING );
		answerStep( 1, STEP_1 );
		answerStep( 2 );
		// Keep the second step's sandbox request pending, as a slow probe would be, when it is sent.
		const fakeFetch = globalThis.fetch;
		let sandboxRequests = 0;
		globalThis.fetch = ( ( url: string, init?: RequestInit ) => {
			if ( url === 'http://localhost/' && ++sandboxRequests === 2 ) {
				network.holdNext();
			}
			return fakeFetch( url, init );
		} ) as typeof fetch;
		renderView();
		start();

		const cancel = await view.findByRole( 'button', { name: 'Cancel' } );
		expect( await view.findByText( 'Probe 1 of about 4' ) ).toBeTruthy();
		network.answerJson( 200, {
			...STEP_1,
			status: 'cancelled',
			clone: { prefix: 'wp_phbx1a2b_', state: 'dropped' },
		} );
		await act( async () => {
			fireEvent.click( cancel );
		} );

		expect(
			await view.findByText( 'The bisection was cancelled.' )
		).toBeTruthy();
		const last = network.requests[ network.requests.length - 1 ];
		// api-fetch sends DELETE as POST with a method override header.
		expect(
			( last?.init?.headers as Record< string, string > )[
				'X-HTTP-Method-Override'
			]
		).toBe( 'DELETE' );
		expect( last?.url ).toBe(
			`/proxy-health/v1/bisections/${ RUNNING.id }?_locale=user`
		);
		// Start, step 1 (three requests), step 2's request and its held sandbox request, DELETE.
		expect( network.requests ).toHaveLength( 8 );
		expect( view.queryByRole( 'region', { name: 'Result' } ) ).toBeNull();
		expect(
			view.getByText(
				/the tables with the prefix wp_phbx1a2b_ were dropped/
			)
		).toBeTruthy();
		expect( view.queryByRole( 'button', { name: 'Cancel' } ) ).toBeNull();
	} );

	it( 'turns a 409 into a notice that opens the running bisection, which can then be cancelled', async () => {
		network.answerJson( 200, PLUGINS );
		network.answerJson( 409, {
			code: 'proxy_health_bisection_running',
			message: 'A bisection is already running on this site.',
			data: { status: 409, bisectionId: RUNNING.id },
		} );
		renderView();
		start();

		expect(
			await view.findByText( /Another bisection is already running/ )
		).toBeTruthy();
		expect( view.queryByText( /could not be started/ ) ).toBeNull();

		network.answerJson( 200, { ...STEP_2, driver: 'server' } );
		await act( async () => {
			fireEvent.click(
				view.getByRole( 'button', {
					name: 'Open the running bisection',
				} )
			);
		} );
		expect( await view.findByText( 'Probe 2 of about 4' ) ).toBeTruthy();
		expect( network.requests[ 2 ]?.url ).toBe(
			`/proxy-health/v1/bisections/${ RUNNING.id }?_locale=user`
		);
		expect( network.requests[ 2 ]?.init?.method ).toBe( 'GET' );
		expect(
			view.queryByText( /Another bisection is already running/ )
		).toBeNull();
		// A server-driven run is followed, not driven from here.
		expect(
			view.queryByRole( 'button', { name: 'Continue here' } )
		).toBeNull();
		expect( view.getByRole( 'button', { name: 'Cancel' } ) ).toBeTruthy();
		expect( view.getByText( /Staging copy in use/ ) ).toBeTruthy();
	} );

	it( 'says "not a plugin" with a link to the Overview, and names unknown plugins by file', async () => {
		network.answerJson( 404, {
			code: 'rest_no_route',
			message: 'No route',
			data: { status: 404 },
		} );
		network.answerJson( 201, {
			...RUNNING,
			status: 'done',
			probesUsed: 3,
			steps: [ FAIL_ALL, { ...PASS_NONE, outcome: 'fail' } ],
			conclusion: 'not_a_plugin',
			clone: { prefix: 'wp_phbx1a2b_', state: 'dropped' },
		} );
		renderView();
		start();

		const result = await view.findByRole( 'region', { name: 'Result' } );
		expect( within( result ).getByText( /not the cause/ ) ).toBeTruthy();
		// The run did not test the theme: the admin is told how to rule it out.
		expect(
			within( result ).getByText( /Also test the active theme/ )
		).toBeTruthy();
		expect(
			within( result )
				.getByRole( 'link', { name: 'Open the Overview' } )
				.getAttribute( 'href' )
		).not.toContain( 'view=' );
		const firstStep = view
			.getByRole( 'region', { name: 'Steps' } )
			.querySelector( '[data-outcome]' );
		expect( firstStep?.textContent ).toContain(
			`${ BAD }, ${ QUIET }, ${ NOISY }`
		);
		// Done at once: no step was sent.
		expect( network.requests ).toHaveLength( 2 );
	} );
} );
