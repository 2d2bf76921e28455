/**
 * External dependencies
 */
import { act, fireEvent } from '@testing-library/react';

/**
 * Internal dependencies
 */
import UrlExplainer from '..';
import { describeHint, describeReason } from '../describe-explanation';
import {
	fakeNetworkForEachTest,
	renderForTest,
	type ViewQueries,
} from '../../../test-utils/view';
import type {
	ExplainHint,
	ExplainReason,
	ExplainResult,
} from '../../../../api/types';

let view: ViewQueries;

function renderView() {
	( { view } = renderForTest( <UrlExplainer /> ) );
}

const network = fakeNetworkForEachTest();

const VIA_PROXY: ExplainResult = {
	url: 'https://api.wordpress.org/',
	host: 'api.wordpress.org',
	viaProxy: true,
	reason: 'not_in_bypass_list',
	detail: 'The host api.wordpress.org does not match any entry.',
	proxyEnabled: true,
	hints: [ 'wildcard_does_not_match_apex', 'hint_from_the_future' ],
	filter: { callbacks: [ { name: 'my_route_filter', priority: 20 } ] },
};

const BYPASSED: ExplainResult = {
	url: 'https://a.intranet.test/',
	host: 'a.intranet.test',
	viaProxy: false,
	reason: 'bypass_wildcard_match',
	detail: '…',
	matchedRule: '*.intranet.test',
	proxyEnabled: true,
	hints: [],
};

function typeUrl( value: string ) {
	fireEvent.change( view.getByRole( 'textbox', { name: 'URL' } ), {
		target: { value },
	} );
}

function submit() {
	fireEvent.click( view.getByRole( 'button', { name: 'Explain' } ) );
}

describe( 'UrlExplainer', () => {
	it( 'explains a URL that goes through the proxy: route, reason, near misses and filter callbacks', async () => {
		network.answerJson( 200, VIA_PROXY );
		renderView();

		typeUrl( '  https://api.wordpress.org/ ' );
		submit();

		const route = await view.findByText( 'Through the proxy' );
		expect( route ).toBeTruthy();
		expect( network.requests[ 0 ]?.url ).toBe(
			'/proxy-health/v1/explain?_locale=user'
		);
		expect(
			JSON.parse( String( network.requests[ 0 ]?.init?.body ) )
		).toEqual( { url: 'https://api.wordpress.org/' } );
		expect(
			view.getByText(
				'api.wordpress.org matches no entry of WP_PROXY_BYPASS_HOSTS, so the request goes through the proxy.'
			)
		).toBeTruthy();
		expect(
			view
				.getByRole( 'region', { name: 'Route' } )
				.querySelector( '[data-route]' )
				?.getAttribute( 'data-route' )
		).toBe( 'proxy' );
		expect( view.getByText( /matches subdomains only/ ) ).toBeTruthy();
		expect(
			view.getByText(
				'Another near miss was found (code hint_from_the_future).'
			)
		).toBeTruthy();
		expect( view.getByText( 'my_route_filter' ) ).toBeTruthy();
		expect( view.getByText( '(priority 20)' ) ).toBeTruthy();
	} );

	it( 'explains a bypassed URL with the rule that matched', async () => {
		network.answerJson( 200, BYPASSED );
		renderView();

		typeUrl( 'https://a.intranet.test/' );
		submit();

		expect(
			await view.findByText( 'Direct, not through the proxy' )
		).toBeTruthy();
		expect( view.getByText( '*.intranet.test' ).tagName ).toBe( 'CODE' );
		expect( view.getByText( /Matched rule:/ ) ).toBeTruthy();
		expect(
			view.getByText(
				/matches the WP_PROXY_BYPASS_HOSTS entry "\*\.intranet\.test"/
			)
		).toBeTruthy();
	} );

	it( 'checks the URL before asking the site', () => {
		renderView();
		const input = view.getByRole( 'textbox', { name: 'URL' } );

		submit();
		expect( view.getByText( /Enter the URL to explain/ ) ).toBeTruthy();
		expect( input.getAttribute( 'aria-invalid' ) ).toBe( 'true' );

		typeUrl( 'api.wordpress.org' );
		submit();
		expect(
			view.getByText( /Start the URL with http:\/\/ or https:\/\// )
		).toBeTruthy();

		typeUrl( 'https://exa mple.com/' );
		submit();
		expect( view.getByText( /cannot contain spaces/ ) ).toBeTruthy();
		expect( network.requests ).toHaveLength( 0 );
	} );

	it( "shows the site's reason when it refuses the URL", async () => {
		network.answerJson( 400, {
			code: 'rest_invalid_param',
			message: 'Invalid parameter(s): url',
			data: {
				status: 400,
				params: {
					url: 'url must be an absolute URL starting with http:// or https://.',
				},
			},
		} );
		renderView();

		typeUrl( 'https://example.com/' );
		submit();

		expect(
			await view.findByText(
				'The site did not accept this URL: url must be an absolute URL starting with http:// or https://.'
			)
		).toBeTruthy();
		expect( view.getByText( /Correct the URL/ ) ).toBeTruthy();
	} );

	it( 'turns a 403 into actionable advice with a Retry that asks again', async () => {
		network.answerJson( 403, {
			code: 'rest_forbidden',
			message: 'Sorry, you are not allowed to do that.',
			data: { status: 403 },
		} );
		renderView();

		typeUrl( 'https://example.com/' );
		submit();

		expect(
			await view.findByText( 'The URL could not be explained.' )
		).toBeTruthy();
		expect(
			view.getByText( /only available to administrators/ )
		).toBeTruthy();

		network.answerJson( 200, BYPASSED );
		await act( async () => {
			fireEvent.click( view.getByRole( 'button', { name: 'Retry' } ) );
		} );
		expect(
			await view.findByText( 'Direct, not through the proxy' )
		).toBeTruthy();
		expect( network.requests ).toHaveLength( 2 );
	} );

	it( 'has words for every reason and hint code of the PHP explainer', () => {
		const reasons: ExplainReason[] = [
			'proxy_disabled',
			'unparsable_url',
			'filter_override',
			'localhost',
			'site_host',
			'no_bypass_list',
			'bypass_wildcard_match',
			'bypass_exact_match',
			'not_in_bypass_list',
		];
		const hints: ExplainHint[] = [
			'bypass_entry_has_space',
			'wildcard_does_not_match_apex',
			'case_mismatch',
			'trailing_dot_mismatch',
			'port_in_bypass_entry',
			'cidr_in_bypass_entry',
			'ipv6_without_brackets',
			'url_has_no_host',
			'http_api_rejects_url',
		];
		const sentences = reasons.map( ( reason ) =>
			describeReason( { ...VIA_PROXY, reason } )
		);
		expect( new Set( sentences ).size ).toBe( reasons.length );
		const advice = hints.map( describeHint );
		expect( new Set( advice ).size ).toBe( hints.length );
		expect(
			[ ...sentences, ...advice ].every( ( text ) => text.length > 20 )
		).toBe( true );
	} );
} );
