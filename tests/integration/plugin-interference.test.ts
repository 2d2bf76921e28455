/**
 * plugin_interference through the lab's real squid, with the RIGHT credentials in wp-config.php
 * and a fixture plugin that breaks proxy auth the way real plugins do:
 *
 * - `bisect-bad-proxy-auth`: an `http_api_curl` callback replaces CURLOPT_PROXYUSERPWD;
 * - `bisect-request-args-auth`: an `http_request_args` filter adds a stale, hand-built
 *   Proxy-Authorization header (squid refuses fsockopen, which sends it first).
 *
 * The first Run checks (`POST /probes`, what the panel's button sends) names the plugin and
 * file:line of its callback and what it changed, never advises changing the credentials, and
 * `wp proxy-health check --format=json` says the same.
 */

/**
 * External dependencies
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import type {
	Diagnosis,
	InterferenceCulprit,
	ProbeReport,
} from '../../src/api/types';
import type { Lab } from '../../src/lab/scenario';
import { runWpCli } from '../../src/lab/wp-cli';
import { startBisectionLab } from '../support/bisection-lab';
import { rest } from '../support/rest';

jest.setTimeout( 180_000 );

const FIXTURES = path.resolve( __dirname, '..', 'fixtures', 'plugins' );
const pluginFile = ( slug: string ) => `${ slug }/${ slug }.php`;
/** The credential remedy of proxy_auth_rejected: wrong advice when the credentials work. */
const CREDENTIAL_REMEDY = /Check WP_PROXY_USERNAME and WP_PROXY_PASSWORD/;

const harness = startBisectionLab( 'sqlite', {
	'bisect-request-args-auth': path.join(
		FIXTURES,
		'bisect-request-args-auth'
	),
} );
let lab: Lab;

beforeAll( async () => {
	lab = await harness.start();
} );
afterAll( async () => {
	await lab?.stop();
	harness.cleanup();
} );

/**
 * The line of a fixture's hooked closure (where Reflection says it starts).
 *
 * @param slug   Fixture folder.
 * @param marker Text of the closure's first line.
 */
function lineOf( slug: string, marker: string ): number {
	const lines = readFileSync(
		path.join( FIXTURES, slug, `${ slug }.php` ),
		'utf8'
	).split( '\n' );
	const index = lines.findIndex( ( line ) => line.includes( marker ) );
	expect( index ).toBeGreaterThan( -1 );
	return index + 1;
}

async function runChecks(): Promise< ProbeReport > {
	const answer = await rest< ProbeReport >(
		lab.server.url,
		lab.site,
		'/proxy-health/v1/probes',
		{
			method: 'POST',
			body: {
				targets: [ `${ lab.httpTarget.url }/` ],
				transports: [ 'curl', 'fsockopen' ],
			},
		}
	);
	expect( answer.status ).toBe( 200 );
	return answer.body;
}

function interference( report: ProbeReport ): Diagnosis {
	const found = report.diagnoses.find(
		( diagnosis ) => diagnosis.code === 'plugin_interference'
	);
	expect( found ).toBeDefined();
	return found as Diagnosis;
}

function expectNoCredentialAdvice( report: ProbeReport ) {
	const codes = report.diagnoses.map( ( diagnosis ) => diagnosis.code );
	expect( codes ).not.toContain( 'proxy_auth_rejected' );
	for ( const diagnosis of report.diagnoses ) {
		for ( const remedy of diagnosis.remedies ) {
			expect( remedy ).not.toMatch( CREDENTIAL_REMEDY );
		}
	}
}

test( 'an http_api_curl callback that replaces the proxy credentials is named by the first Run checks and by WP-CLI', async () => {
	harness.activateFiles( lab, [ pluginFile( 'bisect-bad-proxy-auth' ) ] );
	const report = await runChecks();
	expect(
		report.results.map( ( result ) => [ result.transport, result.outcome ] )
	).toEqual( [
		[ 'curl', 'proxy_auth_required' ],
		[ 'fsockopen', 'ok' ],
	] );
	expect( report.verdict ).toBe( 'fail' );

	const diagnosis = interference( report );
	const line = lineOf(
		'bisect-bad-proxy-auth',
		'static function ( $handle ): void {'
	);
	const where = `plugins/bisect-bad-proxy-auth/bisect-bad-proxy-auth.php:${ line }`;
	expect( diagnosis.severity ).toBe( 'critical' );
	expect( diagnosis.culprits ).toEqual( [
		expect.objectContaining< Partial< InterferenceCulprit > >( {
			hook: 'http_api_curl',
			type: 'plugin',
			slug: 'bisect-bad-proxy-auth',
			name: 'Bisect Bad Proxy Auth (Proxy Health bisection fixture)',
			file: 'plugins/bisect-bad-proxy-auth/bisect-bad-proxy-auth.php',
			line,
			changed: [ 'password' ],
			transports: [ 'curl' ],
			suspect: pluginFile( 'bisect-bad-proxy-auth' ),
		} ),
	] );
	expect( diagnosis.detail ).toContain(
		`Bisect Bad Proxy Auth (Proxy Health bisection fixture) (plugin) changes the proxy password in its http_api_curl callback at ${ where }`
	);
	expect( diagnosis.remedies.join( '\n' ) ).toContain(
		`HTTP hooks first, ${ pluginFile( 'bisect-bad-proxy-auth' ) } among them`
	);
	expectNoCredentialAdvice( report );
	// What was changed is named, never the value.
	expect( JSON.stringify( report ) ).not.toContain( 'not-the-password' );
	expect( JSON.stringify( report ) ).not.toContain(
		lab.proxy.credentials?.password ?? '(no password)'
	);

	// `wp proxy-health check` diagnoses the same from the same evidence.
	const cli = await runWpCli( { path: lab.site.root, url: lab.server.url }, [
		'proxy-health',
		'check',
		`${ lab.httpTarget.url }/`,
		'--format=json',
	] );
	expect( cli.status ).toBe( 1 );
	const fromCli = JSON.parse( cli.stdout ) as ProbeReport;
	const cliDiagnosis = interference( fromCli );
	expect( cliDiagnosis.culprits?.[ 0 ] ).toMatchObject( {
		hook: 'http_api_curl',
		file: 'plugins/bisect-bad-proxy-auth/bisect-bad-proxy-auth.php',
		line,
	} );
	expect( cliDiagnosis.title ).toBe( diagnosis.title );
	expectNoCredentialAdvice( fromCli );
	expect( cli.stdout ).not.toContain( 'not-the-password' );
} );

test( 'an http_request_args filter with a stale Proxy-Authorization header is named for the transport it breaks', async () => {
	harness.activateFiles( lab, [ pluginFile( 'bisect-request-args-auth' ) ] );
	const report = await runChecks();
	expect(
		report.results.map( ( result ) => [ result.transport, result.outcome ] )
	).toEqual( [
		[ 'curl', 'ok' ],
		[ 'fsockopen', 'proxy_auth_required' ],
	] );

	const diagnosis = interference( report );
	expect( diagnosis.culprits ).toEqual( [
		expect.objectContaining< Partial< InterferenceCulprit > >( {
			hook: 'http_request_args',
			name: 'Bisect Request Args Auth (Proxy Health bisection fixture)',
			file: 'plugins/bisect-request-args-auth/bisect-request-args-auth.php',
			line: lineOf(
				'bisect-request-args-auth',
				'static function ( array $args ): array {'
			),
			changed: [ 'password' ],
			transports: [ 'fsockopen' ],
		} ),
	] );
	// WordPress uses cURL here, which works: information, not a failure.
	expect( diagnosis.severity ).toBe( 'good' );
	expect( report.verdict ).toBe( 'pass' );
	expectNoCredentialAdvice( report );
} );

test( 'without a plugin in the way, nothing is blamed', async () => {
	harness.activateFiles( lab, [] );
	const report = await runChecks();
	expect( report.verdict ).toBe( 'pass' );
	expect(
		report.diagnoses.map( ( diagnosis ) => diagnosis.code )
	).not.toContain( 'plugin_interference' );
} );
