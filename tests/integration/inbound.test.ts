/**
 * POST /proxy-health/v1/inbound-checks against a live lab site on real PHP: what an anonymous
 * browser and a crawler get from the home page, robots.txt and the REST root, hop by hop.
 *
 * The interfering redirects are a real must-use plugin written into the lab site, the kind of
 * rule an .htaccess file or a redirect plugin adds; the 407 comes from the lab's HTTP target.
 */

/**
 * External dependencies
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { withLab, type Lab } from '../../src/lab/scenario';
import { rest } from '../support/rest';

jest.setTimeout( 240_000 );

interface Hop {
	url: string;
	status: number;
	location?: string;
	server?: string;
	via?: string;
}

interface Chain {
	entryPoint: 'home' | 'robots' | 'restApi';
	client: 'anonymous' | 'crawler';
	url: string;
	hops: Hop[];
	loop: boolean;
	tooManyHops: boolean;
	error?: { code: string; message: string };
}

interface InboundCheck {
	verdict: 'pass' | 'warn' | 'fail';
	chains: Chain[];
	diagnoses: Array< {
		code: string;
		severity: string;
		title: string;
		detail: string;
		remedies: string[];
		evidence: string[];
	} >;
}

const ROUTE = '/proxy-health/v1/inbound-checks';
const MU_PLUGIN = 'proxy-health-test-inbound-redirects.php';

/**
 * A must-use plugin that answers /robots.txt with a redirect (for every client, or for
 * crawlers only) and /private-area/ with 401.
 *
 * @param robotsTo    Where robots.txt redirects.
 * @param crawlerOnly Redirect only User-Agents that look like Googlebot.
 */
function redirectsPlugin( robotsTo: string, crawlerOnly: boolean ): string {
	return `<?php
declare(strict_types = 1);
$proxy_health_test_path = (string) parse_url( (string) ( $_SERVER['REQUEST_URI'] ?? '' ), PHP_URL_PATH );
$proxy_health_test_ua   = (string) ( $_SERVER['HTTP_USER_AGENT'] ?? '' );
if ( '/private-area/' === $proxy_health_test_path ) {
	header( 'WWW-Authenticate: Basic realm="members"', true, 401 );
	exit;
}
if ( '/loop/' === $proxy_health_test_path ) {
	header( 'Location: /robots.txt', true, 302 );
	exit;
}
if ( '/robots.txt' === $proxy_health_test_path && ( ! ${ String(
		crawlerOnly
	) } || str_contains( $proxy_health_test_ua, 'Googlebot' ) ) ) {
	header( 'Location: ' . ${ JSON.stringify( robotsTo ) }, true, 302 );
	exit;
}
`;
}

async function check( lab: Lab ): Promise< InboundCheck > {
	const answer = await rest< InboundCheck >(
		lab.server.url,
		lab.site,
		ROUTE,
		{ method: 'POST' }
	);
	expect( answer.status ).toBe( 200 );
	return answer.body;
}

/**
 * The item at an index, or a thrown error naming what is missing.
 *
 * @param list  Items.
 * @param index Position.
 */
function nth< T >( list: readonly T[], index: number ): T {
	const item = list[ index ];
	if ( item === undefined ) {
		throw new Error( `no item ${ index } in ${ JSON.stringify( list ) }` );
	}
	return item;
}

const codes = ( result: InboundCheck ) =>
	result.diagnoses.map( ( diagnosis ) => diagnosis.code ).sort();

const chainOf = (
	result: InboundCheck,
	entryPoint: Chain[ 'entryPoint' ],
	client: Chain[ 'client' ]
) => {
	const found = result.chains.find(
		( chain ) => chain.entryPoint === entryPoint && chain.client === client
	);
	if ( ! found ) {
		throw new Error( `no ${ client } chain for ${ entryPoint }` );
	}
	return found;
};

it( 'follows redirects hop by hop and flags 401/407, auth hosts, off-site redirects and loops', () =>
	withLab( { runtime: 'php' }, async ( lab ) => {
		const muPlugin = path.join(
			lab.site.root,
			'wp-content',
			'mu-plugins',
			MU_PLUGIN
		);
		const site = new URL( lab.server.url );

		// Only administrators.
		const anonymous = await rest( lab.server.url, null, ROUTE, {
			method: 'POST',
		} );
		expect( anonymous.status ).toBe( 401 );

		// Baseline: every entry point answers both clients on the site itself.
		const baseline = await check( lab );
		expect( codes( baseline ) ).toEqual( [ 'inbound_ok' ] );
		expect( baseline.verdict ).toBe( 'pass' );
		expect( baseline.chains ).toHaveLength( 6 );
		for ( const chain of baseline.chains ) {
			expect( chain.error ).toBeUndefined();
			expect( chain.hops.length ).toBeGreaterThan( 0 );
			for ( const hop of chain.hops ) {
				expect( new URL( hop.url ).host ).toBe( site.host );
			}
			expect( chain.hops.at( -1 )?.status ).toBe( 200 );
		}
		expect(
			chainOf( baseline, 'robots', 'crawler' ).hops.at( -1 )?.url
		).toBe( `${ lab.server.url }/robots.txt` );

		try {
			// Crawlers only: robots.txt → a host that answers 407.
			const authHost = `${ lab.httpTarget.url }/status/407`;
			writeFileSync( muPlugin, redirectsPlugin( authHost, true ) );
			const toAuthHost = await check( lab );
			expect( codes( toAuthHost ) ).toEqual( [
				'redirect_to_auth_host',
			] );
			expect( toAuthHost.verdict ).toBe( 'fail' );
			const crawler = chainOf( toAuthHost, 'robots', 'crawler' );
			expect( crawler.hops.map( ( hop ) => hop.status ) ).toEqual( [
				302, 407,
			] );
			expect( nth( crawler.hops, 0 ).location ).toBe( authHost );
			expect( nth( crawler.hops, 1 ).url ).toBe( authHost );
			// Straight to the target, not through the site's outbound proxy.
			expect( nth( crawler.hops, 1 ).via ).toBeUndefined();
			expect( nth( crawler.hops, 1 ).server ?? '' ).not.toMatch(
				/squid/i
			);
			expect(
				chainOf( toAuthHost, 'robots', 'anonymous' ).hops.map(
					( hop ) => hop.status
				)
			).toEqual( [ 200 ] );
			const diagnosis = nth( toAuthHost.diagnoses, 0 );
			expect( diagnosis.severity ).toBe( 'critical' );
			expect( diagnosis.remedies.length ).toBeGreaterThan( 0 );
			expect( diagnosis.evidence ).toHaveLength( 1 );
			expect( nth( diagnosis.evidence, 0 ) ).toContain( authHost );
			expect( nth( diagnosis.evidence, 0 ) ).toContain(
				'crawler robots'
			);

			// Everyone: robots.txt → a path on the site that answers 401.
			writeFileSync(
				muPlugin,
				redirectsPlugin( '/private-area/', false )
			);
			const blocked = await check( lab );
			expect( codes( blocked ) ).toEqual( [ 'inbound_blocked' ] );
			expect( nth( blocked.diagnoses, 0 ).evidence ).toHaveLength( 2 );
			const hops = chainOf( blocked, 'robots', 'anonymous' ).hops;
			expect( hops.map( ( hop ) => hop.status ) ).toEqual( [ 302, 401 ] );
			expect( nth( hops, 1 ).url ).toBe(
				`${ lab.server.url }/private-area/`
			);

			// Off-site but open: a recommended note, not a failure.
			writeFileSync(
				muPlugin,
				redirectsPlugin( `${ lab.httpTarget.url }/status/200`, false )
			);
			const offsite = await check( lab );
			expect( codes( offsite ) ).toEqual( [
				'inbound_redirect_offsite',
			] );
			expect( offsite.verdict ).toBe( 'warn' );

			// robots.txt → /loop/ → robots.txt.
			writeFileSync( muPlugin, redirectsPlugin( '/loop/', false ) );
			const loop = await check( lab );
			expect( codes( loop ) ).toEqual( [ 'inbound_redirect_loop' ] );
			const looped = chainOf( loop, 'robots', 'crawler' );
			expect( looped.loop ).toBe( true );
			expect( looped.hops.map( ( hop ) => hop.status ) ).toEqual( [
				302, 302,
			] );
		} finally {
			rmSync( muPlugin, { force: true } );
		}
	} ) );
