/**
 * REST answers of record: a fixed set of requests to every proxy-health/v1 route, sent to a lab
 * site (real WordPress on real PHP behind squid answering 407 to the wrong credentials
 * wp-config.php holds), with each answer's status and body kept after normalising the values
 * that change from one run to the next.
 *
 * Refactors of the PHP must leave these answers unchanged: tests/fixtures/rest-answers.json holds
 * them as the plugin gave them before, and tests/integration/rest-answers.test.ts records them
 * again and compares. Record the fixture again only when an answer is meant to change:
 *
 *     npx tsx tests/support/rest-answers.ts --write   (writes tests/fixtures/rest-answers.json)
 *     npx tsx tests/support/rest-answers.ts           (prints the answers as JSON)
 *
 * The requests run in order on one site and some depend on earlier ones (the probe report that
 * GET /probes/{id} reads, the evidence session that is started, read and stopped). Nothing else
 * is touched: the credentials Apply is only sent with credentials the proxy refuses, so
 * wp-config.php is never written. The REST index and OPTIONS answers (schemas) are left out;
 * `npm run contract -- --check` covers those.
 *
 * The normaliser replaces, never drops (see normalise()):
 * - the lab's addresses: site URL, target URLs, proxy host:port, ports, state folder paths;
 * - the machine's PHP, cURL and TLS library versions (patch releases differ between machines);
 * - the machine's PHP, cURL and TLS library versions (patch releases differ between machines);
 * - ISO-8601 and MySQL-style date-times, UNIX timestamps and durations (by key name), dates
 *   in log lines;
 * - UUIDs, hex digests of 32+ characters, signatures and nonces (by key name);
 * - the proxy password: `{secret}`. No answer holds it: the wp-config.php lines to paste
 *   (wpConfigLines) that POST /probes returns for one-off credentials the proxy accepted have a
 *   placeholder where the password goes, so `{secret}` in a recording is a leak.
 * Two recordings on the same tree give the same JSON byte for byte.
 */

/**
 * External dependencies
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { withLab, type Lab, type LabOptions } from '../../src/lab/scenario';

type Json =
	null | boolean | number | string | Json[] | { [ key: string ]: Json };

const NAMESPACE = '/proxy-health/v1';

export const FIXTURE = path.resolve(
	__dirname,
	'..',
	'fixtures',
	'rest-answers.json'
);

/** The lab the answers are recorded on. */
export const REST_ANSWERS_LAB: Omit< LabOptions, 'stateDir' > = {
	runtime: 'php',
	// The answers name WordPress's version and default theme: pinned, whatever PROXY_HEALTH_WP says.
	version: '7.1',
	proxyEngine: 'squid',
	scenario: 'wrong-credentials',
};

/** One request of the fixed set. */
export interface RestRequest {
	/** HTTP method. */
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/**
	 * Route under the namespace; `{probe}` and `{bisection}` are the ids of the last report
	 * POST /probes and the last run POST /bisections answered.
	 */
	path: string;
	/**
	 * Query arguments (GET, DELETE) or the JSON body (POST, PUT). String values may hold
	 * `{site}`, `{httpTarget}`, `{httpsTarget}`, `{proxyHost}`, `{proxyPort}`, `{proxyUser}`,
	 * `{proxyPassword}` and `{siteRoot}`; a string that is only `{proxyPort}` is sent as a number.
	 */
	params?: Record< string, Json >;
	/** Sent without credentials (the permission answer). */
	anonymous?: boolean;
	/** Why this request is in the set. */
	why: string;
}

/** One recorded answer, as the fixture holds it. */
export interface RestAnswerRecord {
	method: string;
	path: string;
	params: Record< string, Json > | null;
	anonymous: boolean;
	status: number;
	/** Media type of the answer without parameters (application/json, text/csv, …). */
	type: string;
	/** Parsed JSON for JSON answers, the text otherwise; normalised. */
	body: Json;
}

const bad = ( why: string ) => `bad input: ${ why }`;

/** The fixed set of requests, in the order they are sent. */
export const REST_REQUESTS: readonly RestRequest[] = [
	// Status and permissions.
	{ method: 'GET', path: '/status', why: 'status before any check' },
	{
		method: 'GET',
		path: '/status',
		anonymous: true,
		why: 'permission: anonymous callers are refused',
	},
	// Probes: history empty, a run through the proxy, its history, bad input.
	{ method: 'GET', path: '/probes', why: 'history before any run' },
	{
		method: 'GET',
		path: '/changes',
		why: 'what changed, before any run',
	},
	{ method: 'POST', path: '/probes', params: {}, why: 'default check' },
	{
		method: 'POST',
		path: '/probes',
		params: {
			targets: [ '{httpTarget}/' ],
			transports: [ 'curl' ],
			credentials: {
				username: '{proxyUser}',
				password: '{proxyPassword}',
			},
		},
		why: 'one-off credentials the proxy accepts, one target, cURL only',
	},
	{
		method: 'POST',
		path: '/probes',
		params: { targets: 'not-a-list' },
		why: bad( 'targets not an array' ),
	},
	{
		method: 'POST',
		path: '/probes',
		params: { targets: [ 'ftp://127.0.0.2/' ] },
		why: bad( 'target scheme' ),
	},
	{
		method: 'POST',
		path: '/probes',
		params: { transports: [ 'gopher' ] },
		why: bad( 'unknown transport' ),
	},
	{
		method: 'POST',
		path: '/probes',
		params: { credentials: { username: 'only-a-user' } },
		why: bad( 'credentials without a password' ),
	},
	{ method: 'GET', path: '/probes', why: 'history after two runs' },
	{
		method: 'GET',
		path: '/probes',
		params: { page: 2, per_page: 1 },
		why: 'history, second page of one',
	},
	{
		method: 'GET',
		path: '/probes',
		params: { page: 0 },
		why: bad( 'page 0' ),
	},
	{
		method: 'GET',
		path: '/probes',
		params: { per_page: 1000 },
		why: bad( 'per_page too large' ),
	},
	{ method: 'GET', path: '/probes/{probe}', why: 'one stored report' },
	{
		method: 'GET',
		path: '/probes/no-such-report',
		why: bad( 'report id that is not a UUID' ),
	},
	{
		method: 'GET',
		path: '/probes/0f5e0c2a-1b2c-4d3e-8f40-123456789abc',
		why: bad( 'unknown report' ),
	},
	// Report.
	{ method: 'GET', path: '/report', why: 'report from stored runs' },
	{
		method: 'GET',
		path: '/report',
		params: { run: 'maybe' },
		why: bad( 'run not a boolean' ),
	},
	// Explain.
	{
		method: 'POST',
		path: '/explain',
		params: { url: '{httpTarget}/page' },
		why: 'plain HTTP target through the proxy',
	},
	{
		method: 'POST',
		path: '/explain',
		params: { url: '{httpsTarget}/' },
		why: 'HTTPS target (CONNECT)',
	},
	{
		method: 'POST',
		path: '/explain',
		params: { url: 'http://localhost/wp-cron.php' },
		why: 'localhost, bypassed by WordPress',
	},
	{
		method: 'POST',
		path: '/explain',
		params: { url: '{site}/wp-json/' },
		why: "the site's own host, bypassed",
	},
	{
		method: 'POST',
		path: '/explain',
		params: { url: 'https://api.wordpress.org/core/version-check/1.7/' },
		why: 'a WordPress.org call',
	},
	{
		method: 'POST',
		path: '/explain',
		params: {},
		why: bad( 'url missing' ),
	},
	{
		method: 'POST',
		path: '/explain',
		params: { url: 'not a url' },
		why: bad( 'url not a URL' ),
	},
	// Read-only inventories.
	{ method: 'GET', path: '/hooks', why: 'proxy hooks and their owners' },
	{ method: 'GET', path: '/scan', why: 'code that sends requests' },
	{ method: 'GET', path: '/changes', why: 'what changed, after runs' },
	{ method: 'GET', path: '/site-health', why: 'Site Health tests' },
	{
		method: 'GET',
		path: '/hooks',
		anonymous: true,
		why: 'permission: anonymous callers are refused',
	},
	// Evidence and sessions.
	{ method: 'GET', path: '/evidence', why: 'evidence without a session' },
	{
		method: 'GET',
		path: '/evidence',
		params: { logKb: 1 },
		why: 'evidence with a 1 KB log tail',
	},
	{
		method: 'GET',
		path: '/evidence',
		params: { logKb: -1 },
		why: bad( 'negative logKb' ),
	},
	{
		method: 'GET',
		path: '/evidence',
		params: { chains: 'sometimes' },
		why: bad( 'chains not a boolean' ),
	},
	{
		method: 'GET',
		path: '/evidence-sessions/current',
		why: 'no session yet',
	},
	{
		method: 'DELETE',
		path: '/evidence-sessions/current',
		why: 'stopping when none runs',
	},
	{
		method: 'POST',
		path: '/evidence-sessions',
		params: { minutes: 0 },
		why: bad( 'zero minutes' ),
	},
	{
		method: 'POST',
		path: '/evidence-sessions',
		params: { minutes: 100000 },
		why: bad( 'too many minutes' ),
	},
	{
		method: 'POST',
		path: '/evidence-sessions',
		params: { debugConstants: 'yes please' },
		why: bad( 'debugConstants not a boolean' ),
	},
	{
		method: 'POST',
		path: '/evidence-sessions',
		params: { minutes: 5, debugConstants: false },
		why: 'start a session (wp-config.php untouched)',
	},
	{
		method: 'POST',
		path: '/evidence-sessions',
		params: { minutes: 5 },
		why: 'start a second session while one runs',
	},
	{
		method: 'POST',
		path: '/probes',
		params: { targets: [ '{httpTarget}/during-session' ] },
		why: 'a check the session records',
	},
	{
		method: 'GET',
		path: '/evidence-sessions/current',
		why: 'the running session',
	},
	{ method: 'GET', path: '/evidence', why: 'evidence during a session' },
	{
		method: 'GET',
		path: '/allow-list',
		why: 'allow-list (json by default)',
	},
	{
		method: 'GET',
		path: '/allow-list',
		params: { format: 'text' },
		why: 'allow-list as text',
	},
	{
		method: 'GET',
		path: '/allow-list',
		params: { format: 'csv' },
		why: 'allow-list as CSV',
	},
	{
		method: 'GET',
		path: '/allow-list',
		params: { format: 'xml' },
		why: bad( 'unknown format' ),
	},
	{
		method: 'DELETE',
		path: '/evidence-sessions/current',
		why: 'stop the session',
	},
	{
		method: 'GET',
		path: '/evidence/bundle',
		why: 'bundle (json by default)',
	},
	{
		method: 'GET',
		path: '/evidence/bundle',
		params: { format: 'html' },
		why: 'bundle as HTML',
	},
	{
		method: 'GET',
		path: '/evidence/bundle',
		params: { format: 'xml' },
		why: bad( 'unknown format' ),
	},
	// Server logs.
	{
		method: 'GET',
		path: '/evidence/server-logs',
		why: 'chosen server logs and allowed roots',
	},
	{
		method: 'POST',
		path: '/evidence/server-logs',
		params: {},
		why: bad( 'paths missing' ),
	},
	{
		method: 'POST',
		path: '/evidence/server-logs',
		params: { paths: [ '/etc/passwd' ] },
		why: bad( 'a file outside the allowed roots' ),
	},
	{
		method: 'PUT',
		path: '/evidence/server-logs',
		params: { paths: 'error.log' },
		why: bad( 'paths not an array' ),
	},
	{
		method: 'POST',
		path: '/evidence/server-logs',
		params: { paths: [] },
		why: 'no server logs (the state it started in)',
	},
	// Alerts.
	{ method: 'GET', path: '/alerts', why: 'alert settings' },
	{
		method: 'POST',
		path: '/alerts',
		params: {},
		why: bad( 'emailEnabled missing' ),
	},
	{
		method: 'POST',
		path: '/alerts',
		params: { emailEnabled: 'sometimes' },
		why: bad( 'emailEnabled not a boolean' ),
	},
	{
		method: 'POST',
		path: '/alerts',
		params: { emailEnabled: false },
		why: 'e-mail alerts off',
	},
	{
		method: 'POST',
		path: '/alerts',
		params: { emailEnabled: true },
		why: 'e-mail alerts back on',
	},
	// Proxy credentials Apply: refused before anything is written.
	{
		method: 'POST',
		path: '/proxy-config',
		params: { username: '{proxyUser}' },
		why: bad( 'password missing' ),
	},
	{
		method: 'POST',
		path: '/proxy-config',
		params: { username: 'user\nname', password: 'x' },
		why: bad( 'a line break in the username' ),
	},
	{
		method: 'POST',
		path: '/proxy-config',
		params: {
			username: '{proxyUser}',
			password: 'x',
			host: 'http://bad/host',
		},
		why: bad( 'host with a scheme and path' ),
	},
	{
		method: 'POST',
		path: '/proxy-config',
		params: { username: '{proxyUser}', password: 'x', port: 0 },
		why: bad( 'port 0' ),
	},
	{
		method: 'POST',
		path: '/proxy-config',
		params: {
			username: '{proxyUser}',
			password: 'x',
			host: 'other-proxy.example',
			port: '{proxyPort}',
		},
		why: 'refused: not the proxy WordPress uses',
	},
	{
		method: 'POST',
		path: '/proxy-config',
		params: {
			username: '{proxyUser}',
			password: 'not-the-password',
			host: '{proxyHost}',
			port: '{proxyPort}',
		},
		why: 'refused: the proxy does not accept these credentials (nothing written)',
	},
	{
		method: 'DELETE',
		path: '/proxy-config',
		why: 'revert when nothing was applied',
	},
	// Bisections: refusals and unknown runs (nothing starts).
	{
		method: 'POST',
		path: '/bisections',
		params: { mode: 'bogus' },
		why: bad( 'unknown mode' ),
	},
	{
		method: 'POST',
		path: '/bisections',
		params: { driver: 'telepathy' },
		why: bad( 'unknown driver' ),
	},
	{
		method: 'POST',
		path: '/bisections',
		params: { suspects: [ 'no-such/plugin.php' ] },
		why: bad( 'a suspect that is not an active plugin' ),
	},
	{
		method: 'POST',
		path: '/bisections',
		params: { driver: 'client' },
		why: 'a client-driven run: only Proxy Health is active, so nothing to test',
	},
	{
		method: 'GET',
		path: '/bisections/{bisection}',
		why: 'the run just started',
	},
	{
		method: 'POST',
		path: '/bisections/{bisection}/step',
		params: { prepare: true },
		why: 'prepare a step of that run',
	},
	{
		method: 'DELETE',
		path: '/bisections/{bisection}',
		why: 'cancel that run',
	},
	{
		method: 'GET',
		path: '/bisections/0f5e0c2a-1b2c-4d3e-8f40-123456789abc',
		why: bad( 'unknown run' ),
	},
	{
		method: 'POST',
		path: '/bisections/0f5e0c2a-1b2c-4d3e-8f40-123456789abc/step',
		params: { prepare: true },
		why: bad( 'prepare a step of an unknown run' ),
	},
	{
		method: 'POST',
		path: '/bisections/0f5e0c2a-1b2c-4d3e-8f40-123456789abc/step',
		params: { result: 'not a sandbox answer' },
		why: bad( 'malformed step result' ),
	},
	{
		method: 'DELETE',
		path: '/bisections/0f5e0c2a-1b2c-4d3e-8f40-123456789abc',
		why: bad( 'cancel an unknown run' ),
	},
	{
		method: 'GET',
		path: '/bisections/not-a-uuid',
		why: bad( 'id that is not a UUID (no route)' ),
	},
	// Inbound checks.
	{
		method: 'POST',
		path: '/inbound-checks',
		params: {},
		why: 'inbound redirect chain of the site',
	},
	// Report with everything above stored, and an unknown route.
	{ method: 'GET', path: '/report', why: 'report after the runs' },
	{ method: 'GET', path: '/status', why: 'status after the runs' },
	{
		method: 'GET',
		path: '/no-such-route',
		why: bad( 'unknown route' ),
	},
];

/**
 * The PHP the lab serves the site with (the php on the PATH), its cURL and TLS library: their
 * patch versions differ between machines, and the answers report them.
 */
let machineVersions: Array< [ string, string ] > | null = null;
function machineValues(): Array< [ string, string ] > {
	if ( ! machineVersions ) {
		const [ php, curl, ssl ] = JSON.parse(
			execFileSync(
				'php',
				[
					'-r',
					'$c = function_exists( "curl_version" ) ? curl_version() : array(); echo json_encode( array( PHP_VERSION, $c["version"] ?? "", $c["ssl_version"] ?? "" ) );',
				],
				{ encoding: 'utf8' }
			)
		) as string[];
		machineVersions = (
			[
				[ php, '{phpVersion}' ],
				[ curl, '{curlVersion}' ],
				[ ssl, '{sslVersion}' ],
			] as Array< [ string, string ] >
		 ).filter( ( [ value ] ) => value !== '' );
	}
	return machineVersions;
}

/**
 * Run-specific values of one lab, longest first so that URLs win over their ports.
 *
 * @param lab Lab.
 */
function labValues( lab: Lab ): Array< [ string, string ] > {
	const values: Array< [ string, string ] > = [
		...machineValues(),
		[ lab.server.url, '{site}' ],
		[ lab.httpTarget.url, '{httpTarget}' ],
		[ lab.httpsTarget.url, '{httpsTarget}' ],
		[ lab.proxy.url, '{proxyUrl}' ],
		[
			`${ lab.proxy.host }:${ lab.proxy.port }`,
			'{proxyHost}:{proxyPort}',
		],
		[ path.dirname( lab.site.root ), '{labDir}' ],
	];
	const password = lab.proxy.credentials?.password;
	if ( password ) {
		values.push( [ password, '{secret}' ] );
	}
	return values.sort( ( a, b ) => b[ 0 ].length - a[ 0 ].length );
}

/**
 * The lab's ports (site, proxy, targets): replaced where they stand alone.
 *
 * @param lab Lab.
 */
function labPorts( lab: Lab ): Map< number, string > {
	const port = ( url: string ) => Number( new URL( url ).port );
	return new Map( [
		[ port( lab.server.url ), '{sitePort}' ],
		[ lab.proxy.port, '{proxyPort}' ],
		[ port( lab.httpTarget.url ), '{httpTargetPort}' ],
		[ port( lab.httpsTarget.url ), '{httpsTargetPort}' ],
	] );
}

/** Last words of keys whose number is a point in time. */
const TIME_WORDS = new Set( [
	'at',
	'time',
	'timestamp',
	'expires',
	'expiry',
	'started',
	'ended',
	'since',
	'until',
	'created',
	'updated',
	'modified',
	'mtime',
] );
/** Last words of keys whose number is a duration. */
const DURATION_WORDS = new Set( [
	'ms',
	'duration',
	'elapsed',
	'took',
	'seconds',
	'remaining',
] );
/** Last words of keys whose string is a signature, nonce or token. */
const TOKEN_WORDS = new Set( [ 'signature', 'nonce', 'token', 'hmac' ] );
/** Last words of keys whose string is a hash of run-specific input (the lab's ports, times). */
const HASH_WORDS = new Set( [ 'hash' ] );

/**
 * The last word of a key: `startedAt` → `at`, `duration_ms` → `ms`, `expires` → `expires`.
 *
 * @param key Object key.
 */
const lastWord = ( key: string ): string =>
	( key.match( /[A-Z]?[a-z0-9]+$/ )?.[ 0 ] ?? key ).toLowerCase();

const ISO_TIME =
	/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}| ?UTC| ?GMT)?/g;
const LOG_TIME =
	/\[\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}:\d{2}(?: [A-Za-z/_]+)?\]/g;
const HTTP_DATE =
	/(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEX_DIGEST = /\b[0-9a-f]{32,}\b/gi;
/**
 * A key and its scalar value in the HTML evidence bundle (`<dt>key</dt><dd>value</dd>`): the
 * same key rules apply there, and the parts of a timingsMs object are durations.
 */
const HTML_ENTRY = /<dt>([A-Za-z_]+)<\/dt><dd>([^<]*)<\/dd>/g;
const TIMING_PARTS = new Set( [
	'dns',
	'connect',
	'tls',
	'firstByte',
	'total',
] );
/** Addresses and connection numbers in cURL's verbose log. */
const POINTER = /\b0x[0-9a-f]{6,}\b/g;
const CURL_CONNECTION = /(connection #?|\(#)\d+/gi;
const TMP_PATH = /\/tmp\/proxy-health-[A-Za-z0-9._-]+/g;

/** The UUID every fixture request uses for an unknown run: kept so its errors read as sent. */
const FIXED_UUID = '0f5e0c2a-1b2c-4d3e-8f40-123456789abc';

/**
 * Replaces the run-specific parts of a string with placeholders.
 *
 * @param text   String from an answer.
 * @param values Lab values (labValues()).
 * @param ports  Lab ports (labPorts()).
 */
function normaliseText(
	text: string,
	values: Array< [ string, string ] >,
	ports: Map< number, string >
): string {
	let out = text.replace( HTML_ENTRY, ( whole, key: string ) => {
		const word = lastWord( key );
		if ( TIME_WORDS.has( word ) ) {
			return `<dt>${ key }</dt><dd>{time}</dd>`;
		}
		if ( DURATION_WORDS.has( word ) || TIMING_PARTS.has( key ) ) {
			return `<dt>${ key }</dt><dd>{duration}</dd>`;
		}
		if ( HASH_WORDS.has( word ) ) {
			return `<dt>${ key }</dt><dd>{hash}</dd>`;
		}
		return whole;
	} );
	for ( const [ value, placeholder ] of values ) {
		out = out.split( value ).join( placeholder );
		// JSON inside HTML or text answers escapes slashes.
		out = out.split( value.replace( /\//g, '\\/' ) ).join( placeholder );
	}
	out = out
		.replace( TMP_PATH, '{tmp}' )
		.replace( ISO_TIME, '{time}' )
		.replace( LOG_TIME, '[{time}]' )
		.replace( HTTP_DATE, '{time}' )
		.replace( UUID, ( id ) =>
			id.toLowerCase() === FIXED_UUID ? id : '{uuid}'
		)
		.replace( HEX_DIGEST, '{hex}' )
		.replace( POINTER, '0x{pointer}' )
		.replace( CURL_CONNECTION, '$1{n}' );
	for ( const [ port, placeholder ] of ports ) {
		out = out.replace(
			new RegExp( `(?<![0-9.])${ port }(?![0-9])`, 'g' ),
			placeholder
		);
	}
	return out;
}

/**
 * Normalises an answer: every field stays, only volatile values are replaced.
 * - any string: lab URLs, ports and folders, date-times, UUIDs and 32+ hex digests become
 *   placeholders ({site}, {proxyPort}, {labDir}, {time}, {uuid}, {hex}, …);
 * - a number equal to a lab port: its placeholder;
 * - a number under a time key (…At, expires, since, …): `{time}`; under a duration key
 *   (…Ms, duration, elapsed, …) or inside an object under one (timingsMs): `{duration}`
 *   (null stays null);
 * - a string under a signature key (signature, nonce, token, hmac): `{token}`; a hex string
 *   under a hash key (proxyConfigHash, fingerprint parts: they hash the lab's ports): `{hash}`;
 * - in strings: cURL's verbose log's handle addresses and connection numbers; in the HTML
 *   bundle, `<dt>key</dt><dd>value</dd>` pairs by the same key rules (and timingsMs' parts).
 *
 * @param value Parsed answer (or a part of it).
 * @param lab   The lab it came from.
 * @param key   Key the value is stored under in its parent object.
 */
export function normalise( value: Json, lab: Lab, key = '' ): Json {
	const values = labValues( lab );
	const ports = labPorts( lab );
	const walk = (
		item: Json,
		itemKey: string,
		inDurations: boolean
	): Json => {
		if ( Array.isArray( item ) ) {
			return item.map( ( entry ) => walk( entry, itemKey, inDurations ) );
		}
		const word = lastWord( itemKey );
		if ( item !== null && typeof item === 'object' ) {
			// An object under a duration key (timingsMs) holds durations only.
			const durations = inDurations || DURATION_WORDS.has( word );
			const out: { [ k: string ]: Json } = {};
			for ( const [ k, v ] of Object.entries( item ) ) {
				out[ k ] = walk( v, k, durations );
			}
			return out;
		}
		if ( typeof item === 'number' ) {
			if ( TIME_WORDS.has( word ) ) {
				return '{time}';
			}
			if ( inDurations || DURATION_WORDS.has( word ) ) {
				return '{duration}';
			}
			return ports.get( item ) ?? item;
		}
		if ( typeof item === 'string' ) {
			if ( TOKEN_WORDS.has( word ) && item !== '' ) {
				return '{token}';
			}
			if ( HASH_WORDS.has( word ) && /^[0-9a-f]{8,}$/i.test( item ) ) {
				return '{hash}';
			}
			if ( TIME_WORDS.has( word ) && /^\d+(\.\d+)?$/.test( item ) ) {
				return '{time}';
			}
			return normaliseText( item, values, ports );
		}
		return item;
	};
	return walk( value, key, false );
}

/**
 * Fills a request's placeholders with the lab's values.
 *
 * @param value Template (params or path).
 * @param lab   Lab.
 * @param ids   Ids of earlier answers: `probe`, `bisection`.
 */
function expand( value: Json, lab: Lab, ids: Record< string, string > ): Json {
	const fill = ( text: string ): string =>
		text
			.replace( /\{site\}/g, lab.server.url )
			.replace( /\{httpTarget\}/g, lab.httpTarget.url )
			.replace( /\{httpsTarget\}/g, lab.httpsTarget.url )
			.replace( /\{proxyHost\}/g, lab.proxy.host )
			.replace( /\{proxyUser\}/g, lab.proxy.credentials?.username ?? '' )
			.replace(
				/\{proxyPassword\}/g,
				lab.proxy.credentials?.password ?? ''
			)
			.replace( /\{siteRoot\}/g, lab.site.root )
			.replace( /\{(probe|bisection)\}/g, ( _all, name: string ) =>
				String( ids[ name ] )
			);
	if ( value === '{proxyPort}' ) {
		return lab.proxy.port;
	}
	if ( typeof value === 'string' ) {
		return fill( value );
	}
	if ( Array.isArray( value ) ) {
		return value.map( ( entry ) => expand( entry, lab, ids ) );
	}
	if ( value !== null && typeof value === 'object' ) {
		return Object.fromEntries(
			Object.entries( value ).map( ( [ k, v ] ) => [
				k,
				expand( v, lab, ids ),
			] )
		);
	}
	return value;
}

/**
 * Turns the lab's WP-Cron off (a constant in wp-config.php, as the integration suites do): a
 * cron run fires update checks at random moments, and the evidence session and the allow-list
 * would record them.
 *
 * @param lab Lab.
 */
async function holdCron( lab: Lab ): Promise< void > {
	const config = path.join( lab.site.root, 'wp-config.php' );
	const source = await readFile( config, 'utf8' );
	if ( source.includes( "'DISABLE_WP_CRON'" ) ) {
		return;
	}
	const held = source.replace(
		"define( 'WP_DEBUG', false );",
		"define( 'WP_DEBUG', false );\ndefine( 'DISABLE_WP_CRON', true );"
	);
	if ( held === source ) {
		throw new Error( "The lab's wp-config.php has no WP_DEBUG line." );
	}
	await writeFile( config, held );
}

/** Routes whose POST answer's id later requests use, by placeholder name. */
const CREATES: Record< string, string > = {
	'/probes': 'probe',
	'/bisections': 'bisection',
};

/**
 * Sends the fixed requests to a lab site, in order, and returns the normalised answers.
 *
 * @param lab A lab started with REST_ANSWERS_LAB, used by nothing else meanwhile.
 */
export async function recordRestAnswers(
	lab: Lab
): Promise< RestAnswerRecord[] > {
	await holdCron( lab );
	const authorization = `Basic ${ Buffer.from(
		`${ lab.site.admin.username }:${ lab.site.admin.applicationPassword }`
	).toString( 'base64' ) }`;
	const ids: Record< string, string > = {
		probe: 'none-yet',
		bisection: 'none-yet',
	};
	const records: RestAnswerRecord[] = [];
	for ( const request of REST_REQUESTS ) {
		const route = NAMESPACE + String( expand( request.path, lab, ids ) );
		const params = request.params
			? ( expand( request.params, lab, ids ) as Record< string, Json > )
			: undefined;
		const sendsBody = request.method === 'POST' || request.method === 'PUT';
		const query =
			! sendsBody && params
				? Object.entries( params )
						.map(
							( [ k, v ] ) =>
								`&${ encodeURIComponent(
									k
								) }=${ encodeURIComponent( String( v ) ) }`
						)
						.join( '' )
				: '';
		const headers: Record< string, string > = {
			Accept: 'application/json',
		};
		if ( ! request.anonymous ) {
			headers.Authorization = authorization;
		}
		if ( sendsBody ) {
			headers[ 'Content-Type' ] = 'application/json';
		}
		const response = await fetch(
			`${ lab.server.url }/?rest_route=${ encodeURIComponent(
				route
			) }${ query }`,
			{
				method: request.method,
				headers,
				body: sendsBody ? JSON.stringify( params ?? {} ) : undefined,
			}
		);
		const text = await response.text();
		const type = ( response.headers.get( 'content-type' ) ?? '' ).replace(
			/;.*$/s,
			''
		);
		let body: Json = text;
		if ( type === 'application/json' ) {
			try {
				body = JSON.parse( text ) as Json;
			} catch {
				// Kept as text: a broken JSON answer is a difference worth seeing.
			}
		}
		const created = CREATES[ request.path ];
		if (
			created &&
			request.method === 'POST' &&
			response.ok &&
			body !== null &&
			typeof body === 'object' &&
			! Array.isArray( body ) &&
			typeof body.id === 'string'
		) {
			ids[ created ] = body.id;
		}
		records.push( {
			method: request.method,
			path: NAMESPACE + request.path,
			params: request.params ?? null,
			anonymous: request.anonymous === true,
			status: response.status,
			type,
			body: normalise( body, lab ),
		} );
	}
	return records;
}

/**
 * Differences between two recordings, one line per request and JSON path (`#5 POST
 * /proxy-health/v1/probes {} → body.verdict: before "fail", after "warn"`): what the fixture
 * holds (before) and what was recorded now (after). A change of key order counts too.
 *
 * @param before Fixture.
 * @param after  New recording.
 */
export function answerDifferences(
	before: readonly RestAnswerRecord[],
	after: readonly RestAnswerRecord[]
): string[] {
	const lines: string[] = [];
	let label = '';
	const show = ( value: Json | undefined ) =>
		value === undefined
			? '(absent)'
			: JSON.stringify( value ).slice( 0, 300 );
	const compare = (
		where: string,
		a: Json | undefined,
		b: Json | undefined
	): void => {
		const isObject = (
			v: Json | undefined
		): v is { [ k: string ]: Json } =>
			v !== null && typeof v === 'object' && ! Array.isArray( v );
		if ( isObject( a ) && isObject( b ) ) {
			const keys = new Set( [
				...Object.keys( a ),
				...Object.keys( b ),
			] );
			for ( const k of keys ) {
				compare( where ? `${ where }.${ k }` : k, a[ k ], b[ k ] );
			}
			const order = ( v: { [ k: string ]: Json } ) =>
				JSON.stringify( Object.keys( v ) );
			// Only when the same keys are there: an added or missing key has its own line.
			const sameKeys =
				Object.keys( a ).length === keys.size &&
				Object.keys( b ).length === keys.size;
			if ( sameKeys && order( a ) !== order( b ) ) {
				lines.push(
					`${ label } → ${ where || '(record)' }: key order before ${ order(
						a
					) }, after ${ order( b ) }`
				);
			}
			return;
		}
		if ( Array.isArray( a ) && Array.isArray( b ) ) {
			for ( let i = 0; i < Math.max( a.length, b.length ); i++ ) {
				compare( `${ where }[${ i }]`, a[ i ], b[ i ] );
			}
			return;
		}
		if ( JSON.stringify( a ) !== JSON.stringify( b ) ) {
			lines.push(
				`${ label } → ${ where }: before ${ show( a ) }, after ${ show(
					b
				) }`
			);
		}
	};
	for ( let i = 0; i < Math.max( before.length, after.length ); i++ ) {
		const a = before[ i ];
		const b = after[ i ];
		label = `#${ i + 1 } ${ ( a ?? b )?.method } ${ ( a ?? b )?.path }${
			( a ?? b )?.params ? ' ' + JSON.stringify( ( a ?? b )?.params ) : ''
		}`;
		if ( ! a || ! b ) {
			lines.push(
				`${ label }: only in the ${ a ? 'fixture' : 'recording' }`
			);
			continue;
		}
		compare( '', a as unknown as Json, b as unknown as Json );
	}
	return lines;
}

/**
 * `npx tsx tests/support/rest-answers.ts [--write]`.
 */
async function main(): Promise< number > {
	const started = Date.now();
	const records = await withLab( REST_ANSWERS_LAB, recordRestAnswers );
	const json = JSON.stringify( records, null, '\t' ) + '\n';
	if ( process.argv.includes( '--write' ) ) {
		writeFileSync( FIXTURE, json );
		console.error(
			`rest-answers: ${ records.length } answers written to ${ path.relative(
				process.cwd(),
				FIXTURE
			) } in ${ Math.round( ( Date.now() - started ) / 1000 ) } s.`
		);
	} else {
		process.stdout.write( json );
		console.error(
			`rest-answers: ${ records.length } answers in ${ Math.round(
				( Date.now() - started ) / 1000
			) } s.`
		);
	}
	return 0;
}

if ( require.main === module ) {
	main().then(
		( code ) => process.exit( code ),
		( error: unknown ) => {
			console.error( error instanceof Error ? error.stack : error );
			process.exit( 1 );
		}
	);
}
