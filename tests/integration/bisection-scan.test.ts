/**
 * The plugin's own static scan feeds the bisection, against a real lab (WordPress on php -S, a
 * real squid with the right credentials, real fixture plugins):
 *
 * - `GET /scan` reads the active plugins, must-use plugins and theme with PHP's tokenizer and
 *   answers what the CLI's php-parser scan finds in the same folder, with paths relative to
 *   wp-content only;
 * - a bisection started over REST without `suspects` tries the scan's plugins first:
 *   `scan-raw-curl-proxy` has no callback on any HTTP hook (its raw cURL call with a hand-set
 *   proxy runs from a cron event), so only the scan can name it (`reason: 'scan'`);
 * - suspects the client sends still come first.
 */

/**
 * External dependencies
 */
import path from 'node:path';

/**
 * Internal dependencies
 */
import { scanWordPress } from '../../src/analysis/scan';
import { isScanDocument as isSiteScanReport } from '../../src/api/contract/validators';
import type {
	Bisection,
	ScanSuspect,
	SiteScanReport,
} from '../../src/api/types';
import type { Lab } from '../../src/lab/scenario';
import {
	expectCleanAfter,
	file,
	startBisectionLab,
} from '../support/bisection-lab';
import { rest } from '../support/rest';

jest.setTimeout( 180_000 );

const ROUTE = '/proxy-health/v1/bisections';
const RAW = 'scan-raw-curl-proxy';
const RAW_FILE = `${ RAW }/${ RAW }.php`;
const ACTIVE = [
	file( 'bisect-quiet-a' ),
	RAW_FILE,
	file( 'bisect-noisy' ),
	file( 'bisect-bad-proxy-auth' ),
];

const harness = startBisectionLab( 'sqlite', {
	[ RAW ]: path.resolve( __dirname, '..', 'fixtures', 'plugins', RAW ),
} );
let lab: Lab;
let url: string;

beforeAll( async () => {
	lab = await harness.start();
	url = lab.server.url;
	// An Application Password's first use of the day writes usermeta: the admin's doing, not the run's.
	await rest( url, lab.site, '/proxy-health/v1/status' );
	harness.activateFiles( lab, ACTIVE );
} );
afterAll( async () => {
	await lab?.stop();
	harness.cleanup();
} );

/**
 * Starts a client-driven run, reads its order, cancels it.
 * @param body Request body.
 */
async function orderOf( body: Record< string, unknown > ) {
	const started = await rest< Bisection >( url, lab.site, ROUTE, {
		method: 'POST',
		body: { driver: 'client', ...body },
	} );
	expect( started.status ).toBe( 201 );
	const cancelled = await rest< Bisection >(
		url,
		lab.site,
		`${ ROUTE }/${ started.body.id }`,
		{ method: 'DELETE' }
	);
	expect( cancelled.body.status ).toBe( 'cancelled' );
	return started.body.order ?? [];
}

test( 'GET /scan answers what the CLI scan finds in the same folder, for the active code only', async () => {
	const answer = await rest< SiteScanReport >(
		url,
		lab.site,
		'/proxy-health/v1/scan'
	);
	expect( answer.status ).toBe( 200 );
	expect( isSiteScanReport( answer.body ) ).toBe( true );
	expect( answer.text ).not.toContain( lab.site.root );
	expect( answer.body.truncated ).toBe( false );

	const raw = answer.body.suspects.find( ( s ) => s.slug === RAW );
	expect( raw ).toMatchObject( { type: 'plugin', score: 12 } );
	expect( raw?.hits.map( ( hit ) => [ hit.code, hit.file ] ) ).toEqual( [
		[ 'curl_proxy_option', `plugins/${ RAW_FILE }` ],
		[ 'raw_curl', `plugins/${ RAW_FILE }` ],
	] );
	// Linked into the lab but not active: not scanned.
	expect( answer.body.suspects.map( ( s ) => s.slug ) ).not.toContain(
		'bisect-pair-trigger'
	);

	const { stylesheet } = harness.snapshot( lab );
	const cli = scanWordPress( lab.site.root, { theme: stylesheet } );
	const activeSlugs = new Set(
		ACTIVE.map( ( plugin ) => plugin.split( '/' )[ 0 ] )
	);
	const comparable = ( suspects: ScanSuspect[] ) =>
		suspects
			.filter( ( s ) => s.type !== 'plugin' || activeSlugs.has( s.slug ) )
			.map( ( s ) => ( {
				...s,
				hits: s.hits.map( ( hit ) => ( {
					...hit,
					file: hit.file.replace( /^wp-content\//, '' ),
				} ) ),
			} ) );
	expect( comparable( answer.body.suspects ) ).toEqual(
		comparable( cli.suspects )
	);
} );

test( 'a bisection started without suspects tries the scan-detected plugin right after the hooked one', async () => {
	const before = harness.snapshot( lab );
	const order = await orderOf( {} );
	expect( order ).toEqual( [
		{ plugin: file( 'bisect-bad-proxy-auth' ), reason: 'hooks' },
		{ plugin: RAW_FILE, reason: 'scan' },
		{ plugin: file( 'bisect-quiet-a' ), reason: 'none' },
		{ plugin: file( 'bisect-noisy' ), reason: 'none' },
	] );
	expectCleanAfter( before, harness.snapshot( lab ) );
} );

test( 'suspects the client sends come before the scan’s own', async () => {
	const order = await orderOf( { suspects: [ file( 'bisect-noisy' ) ] } );
	expect( order.map( ( entry ) => entry.reason ) ).toEqual( [
		'hooks',
		'scan',
		'scan',
		'none',
	] );
	expect( order[ 1 ]?.plugin ).toBe( file( 'bisect-noisy' ) );
	expect( order[ 2 ]?.plugin ).toBe( RAW_FILE );
} );
