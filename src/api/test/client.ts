/**
 * @jest-environment node
 */

/**
 * Internal dependencies
 */
import { createClient, ProxyHealthApiError } from '../client';
import type { Transport, TransportRequest } from '../client';
import { isKnownExplainHint } from '../contract/types';
import { STATUS } from '../test-utils/fake-fetch';
import { REPORT_407, REPORT_PASS } from '../test-utils/probe-reports';
import type { AllowList, ExplainResult, HooksReport } from '../types';

/**
 * A WordPress REST error body as api-fetch rejects with it.
 *
 * @param code    Error code.
 * @param message Error message.
 * @param status  HTTP status.
 */
function restError( code: string, message: string, status: number ) {
	return { code, message, data: { status } };
}

function rejecting( thrown: unknown ): Transport {
	return () => Promise.reject( thrown );
}

async function failureOf( transport: Transport, signal?: AbortSignal ) {
	try {
		await createClient( transport ).getStatus( { signal } );
	} catch ( error ) {
		return error;
	}
	throw new Error( 'getStatus resolved' );
}

describe( 'createClient', () => {
	it( 'requests GET /proxy-health/v1/status and resolves with the body', async () => {
		const requests: TransportRequest[] = [];
		const client = createClient( async ( request ) => {
			requests.push( request );
			return STATUS;
		} );

		await expect( client.getStatus() ).resolves.toEqual( STATUS );
		expect( requests ).toEqual( [
			{ path: '/proxy-health/v1/status', method: 'GET' },
		] );
	} );

	it( 'passes the abort signal to the transport', async () => {
		const controller = new AbortController();
		let received: AbortSignal | undefined;
		const client = createClient( async ( request ) => {
			received = request.signal;
			return STATUS;
		} );

		await client.getStatus( { signal: controller.signal } );
		expect( received ).toBe( controller.signal );
	} );

	it.each( [
		[
			'network failure (api-fetch)',
			{
				code: 'fetch_error',
				message: 'Could not get a valid response from the server.',
			},
			{ kind: 'network', code: 'fetch_error', status: undefined },
		],
		[
			'browser offline (api-fetch)',
			{ code: 'offline_error', message: 'Unable to connect.' },
			{ kind: 'network', code: 'offline_error', status: undefined },
		],
		[
			'network failure (Node fetch)',
			new TypeError( 'fetch failed' ),
			{ kind: 'network', code: 'fetch_error', message: 'fetch failed' },
		],
		[
			'401 not logged in',
			restError(
				'rest_forbidden',
				'Sorry, only site administrators can use Proxy Health.',
				401
			),
			{
				kind: 'unauthorized',
				code: 'rest_forbidden',
				status: 401,
				message:
					'Sorry, only site administrators can use Proxy Health.',
			},
		],
		[
			'403 expired cookie session',
			restError(
				'rest_cookie_invalid_nonce',
				'Cookie check failed',
				403
			),
			{
				kind: 'unauthorized',
				code: 'rest_cookie_invalid_nonce',
				status: 403,
			},
		],
		[
			'403 not an administrator',
			restError(
				'rest_forbidden',
				'Sorry, only site administrators can use Proxy Health.',
				403
			),
			{ kind: 'forbidden', code: 'rest_forbidden', status: 403 },
		],
		[
			'404 rest_no_route',
			restError(
				'rest_no_route',
				'No route was found matching the URL and request method.',
				404
			),
			{ kind: 'no_route', code: 'rest_no_route', status: 404 },
		],
		[
			'404 other',
			restError( 'proxy_health_not_found', 'No such report.', 404 ),
			{ kind: 'not_found', status: 404 },
		],
		[
			'500 critical error',
			restError(
				'internal_server_error',
				'There has been a critical error on this website.',
				500
			),
			{ kind: 'server', code: 'internal_server_error', status: 500 },
		],
		[
			'400 invalid parameter',
			restError(
				'rest_invalid_param',
				'Invalid parameter(s): targets',
				400
			),
			{ kind: 'invalid_request', status: 400 },
		],
		[
			'invalid JSON',
			{
				code: 'invalid_json',
				message: 'The response is not a valid JSON response.',
			},
			{
				kind: 'invalid_response',
				code: 'invalid_json',
				status: undefined,
			},
		],
		[
			'invalid JSON with a 502 status (HTML error page)',
			restError(
				'invalid_json',
				'The response is not a valid JSON response.',
				502
			),
			{ kind: 'server', code: 'invalid_json', status: 502 },
		],
		[
			'abort (DOMException)',
			new DOMException( 'This operation was aborted', 'AbortError' ),
			{ kind: 'aborted', code: 'aborted' },
		],
		[
			'something unrecognisable',
			'boom',
			{ kind: 'invalid_response', code: 'unknown_error' },
		],
	] )( 'maps %s', async ( _name, thrown, expected ) => {
		const error = await failureOf( rejecting( thrown ) );

		expect( error ).toBeInstanceOf( ProxyHealthApiError );
		expect( error ).toMatchObject( expected );
		expect( ( error as ProxyHealthApiError ).cause ).toBe( thrown );
	} );

	it( 'reports an abort even when the transport throws something else once aborted', async () => {
		const controller = new AbortController();
		controller.abort();

		const error = await failureOf(
			rejecting( { code: 'fetch_error', message: 'Failed' } ),
			controller.signal
		);

		expect( error ).toMatchObject( { kind: 'aborted' } );
	} );

	it( 'rejects as aborted when the signal fires while a transport ignores it', async () => {
		const controller = new AbortController();
		const client = createClient( async () => {
			controller.abort();
			return STATUS;
		} );

		await expect(
			client.getStatus( { signal: controller.signal } )
		).rejects.toMatchObject( { kind: 'aborted' } );
	} );

	it.each( [
		[ 'an HTML page', '<html>Access denied</html>' ],
		[ 'null', null ],
		[ 'a body without transports', { ...STATUS, transports: undefined } ],
		[
			'a port given as a number',
			{ ...STATUS, proxy: { ...STATUS.proxy, port: 3128 } },
		],
		[
			'an unknown value source',
			{
				...STATUS,
				proxy: {
					...STATUS.proxy,
					sources: { ...STATUS.proxy.sources, host: 'guess' },
				},
			},
		],
	] )( 'rejects %s as an invalid response', async ( _name, body ) => {
		const error = await failureOf( async () => body );

		expect( error ).toMatchObject( {
			kind: 'invalid_response',
			code: 'invalid_response',
		} );
	} );

	it( 'accepts added fields (the contract only adds fields)', async () => {
		const body = {
			...STATUS,
			lint: [],
			proxy: { ...STATUS.proxy, scheme: 'http' },
		};

		await expect(
			createClient( async () => body ).getStatus()
		).resolves.toEqual( body );
	} );
} );

describe( 'runProbes', () => {
	it( 'sends POST /proxy-health/v1/probes without a body for the default targets', async () => {
		const requests: TransportRequest[] = [];
		const client = createClient( async ( request ) => {
			requests.push( request );
			return REPORT_407;
		} );

		await expect( client.runProbes() ).resolves.toEqual( REPORT_407 );
		expect( requests ).toEqual( [
			{ path: '/proxy-health/v1/probes', method: 'POST' },
		] );
	} );

	it( 'sends the targets and the abort signal', async () => {
		const controller = new AbortController();
		const requests: TransportRequest[] = [];
		const client = createClient( async ( request ) => {
			requests.push( request );
			return REPORT_PASS;
		} );

		await client.runProbes( {
			targets: [ 'https://example.test/' ],
			signal: controller.signal,
		} );

		expect( requests ).toEqual( [
			{
				path: '/proxy-health/v1/probes',
				method: 'POST',
				data: { targets: [ 'https://example.test/' ] },
				signal: controller.signal,
			},
		] );
	} );

	it( 'reports invalid targets (rest_invalid_param) as an invalid request', async () => {
		const thrown = {
			code: 'rest_invalid_param',
			message: 'Invalid parameter(s): targets',
			data: { status: 400, params: { targets: 'targets[0] must be…' } },
		};

		await expect(
			createClient( rejecting( thrown ) ).runProbes( {
				targets: [ 'ftp://example.test/' ],
			} )
		).rejects.toMatchObject( {
			kind: 'invalid_request',
			code: 'rest_invalid_param',
			status: 400,
		} );
	} );

	it( 'rejects as aborted when aborted', async () => {
		const controller = new AbortController();
		controller.abort();

		await expect(
			createClient(
				rejecting( new DOMException( 'Aborted', 'AbortError' ) )
			).runProbes( { signal: controller.signal } )
		).rejects.toMatchObject( { kind: 'aborted' } );
	} );

	const [ firstResult ] = REPORT_407.results;
	const [ firstDiagnosis ] = REPORT_407.diagnoses;

	it.each( [
		[ 'a status document', STATUS ],
		[ 'an HTML page', '<html>Proxy error</html>' ],
		[ 'an unknown verdict', { ...REPORT_407, verdict: 'maybe' } ],
		[ 'a report without proxy', { ...REPORT_407, proxy: undefined } ],
		[
			'an unknown outcome',
			{
				...REPORT_407,
				results: [ { ...firstResult, outcome: 'refused' } ],
			},
		],
		[
			'a result without timings',
			{
				...REPORT_407,
				results: [ { ...firstResult, timingsMs: undefined } ],
			},
		],
		[
			'a CONNECT status of null',
			{
				...REPORT_407,
				results: [ { ...firstResult, connectStatus: null } ],
			},
		],
		[
			'an unknown severity',
			{
				...REPORT_407,
				diagnoses: [ { ...firstDiagnosis, severity: 'fatal' } ],
			},
		],
		[
			'remedies that are not strings',
			{
				...REPORT_407,
				diagnoses: [ { ...firstDiagnosis, remedies: [ 1 ] } ],
			},
		],
		[
			'a report without fingerprint',
			{ ...REPORT_407, fingerprint: null },
		],
	] )( 'rejects %s as an invalid response', async ( _name, body ) => {
		await expect(
			createClient( async () => body ).runProbes()
		).rejects.toMatchObject( {
			kind: 'invalid_response',
			code: 'invalid_response',
		} );
	} );

	it.each( [
		[
			'a site without active plugins (PHP sends plugins: [])',
			{
				...REPORT_PASS,
				fingerprint: { ...REPORT_PASS.fingerprint, plugins: [] },
			},
		],
		[
			'a diagnosis code added by another plugin',
			{
				...REPORT_PASS,
				diagnoses: [
					...REPORT_PASS.diagnoses,
					{
						code: 'acme_firewall_blocks',
						severity: 'recommended',
						title: 'A firewall rule blocks some hosts',
						detail: 'Added by another plugin.',
						remedies: [],
						evidence: [],
					},
				],
			},
		],
		[
			'added fields',
			{
				...REPORT_PASS,
				durationMs: 190,
				results: REPORT_PASS.results.map( ( result ) => ( {
					...result,
					transcript: [],
				} ) ),
			},
		],
	] )( 'accepts %s', async ( _name, body ) => {
		await expect(
			createClient( async () => body ).runProbes()
		).resolves.toEqual( body );
	} );
} );

const NTLM_CALLBACK: HooksReport[ 'hooks' ][ number ][ 'callbacks' ][ number ] =
	{
		priority: 5,
		callback: 'proxy_interference_force_ntlm',
		acceptedArgs: 1,
		owner: {
			type: 'plugin',
			slug: 'proxy-interference',
			file: 'plugins/proxy-interference/proxy-interference.php',
			line: 22,
		},
		proxyHealth: false,
	};

const HOOKS: HooksReport = {
	hooks: [
		{
			hook: 'http_api_curl',
			callbacks: [
				{
					priority: 5,
					callback: 'proxy_interference_force_ntlm',
					acceptedArgs: 1,
					owner: {
						type: 'plugin',
						slug: 'proxy-interference',
						file: 'plugins/proxy-interference/proxy-interference.php',
						line: 22,
					},
					proxyHealth: false,
				},
				{
					priority: 10,
					callback: 'strtolower',
					acceptedArgs: 1,
					owner: {
						type: 'unknown',
						slug: null,
						file: null,
						line: null,
					},
					proxyHealth: false,
				},
			],
		},
		{ hook: 'use_curl_transport', callbacks: [] },
	],
	owners: [
		{
			type: 'plugin',
			slug: 'proxy-interference',
			proxyHealth: false,
			callbacks: [
				{
					hook: 'http_api_curl',
					priority: 5,
					callback: 'proxy_interference_force_ntlm',
					file: 'plugins/proxy-interference/proxy-interference.php',
					line: 22,
				},
			],
		},
	],
};

describe( 'getHooks', () => {
	it( 'requests GET /proxy-health/v1/hooks and resolves with the report', async () => {
		const requests: TransportRequest[] = [];
		const client = createClient( async ( request ) => {
			requests.push( request );
			return HOOKS;
		} );

		await expect( client.getHooks() ).resolves.toEqual( HOOKS );
		expect( requests ).toEqual( [
			{ path: '/proxy-health/v1/hooks', method: 'GET' },
		] );
	} );

	it.each( [
		[ 'a status document', STATUS ],
		[ 'hooks that are not a list', { ...HOOKS, hooks: {} } ],
		[
			'an owner type outside the schema',
			{
				...HOOKS,
				owners: HOOKS.owners.map( ( owner ) => ( {
					...owner,
					type: 'library',
				} ) ),
			},
		],
		[
			'a line given as text',
			{
				...HOOKS,
				hooks: [
					{
						hook: 'http_api_curl',
						callbacks: [
							{
								...NTLM_CALLBACK,
								owner: {
									...NTLM_CALLBACK.owner,
									line: '22',
								},
							},
						],
					},
				],
			},
		],
		[
			'a callback without proxyHealth',
			{
				...HOOKS,
				hooks: [
					{
						hook: 'http_api_curl',
						callbacks: [
							{
								priority: 5,
								callback: 'x',
								acceptedArgs: 1,
								owner: NTLM_CALLBACK.owner,
							},
						],
					},
				],
			},
		],
	] )( 'rejects %s as an invalid response', async ( _name, body ) => {
		const failure = createClient( async () => body ).getHooks();
		await expect( failure ).rejects.toBeInstanceOf( ProxyHealthApiError );
		await expect( failure ).rejects.toMatchObject( {
			kind: 'invalid_response',
		} );
	} );
} );

describe( 'explain', () => {
	const EXPLAINED: ExplainResult = {
		url: 'https://Downloads.WordPress.org/',
		host: 'Downloads.WordPress.org',
		viaProxy: true,
		reason: 'not_in_bypass_list',
		detail: 'The host Downloads.WordPress.org does not match any entry of WP_PROXY_BYPASS_HOSTS, so the request goes through the proxy.',
		proxyEnabled: true,
		hints: [ 'case_mismatch' ],
	};

	it( 'sends POST /proxy-health/v1/explain with the URL and the abort signal', async () => {
		const controller = new AbortController();
		const requests: TransportRequest[] = [];
		const client = createClient( async ( request ) => {
			requests.push( request );
			return EXPLAINED;
		} );

		await expect(
			client.explain( {
				url: 'https://Downloads.WordPress.org/',
				signal: controller.signal,
			} )
		).resolves.toEqual( EXPLAINED );
		expect( requests ).toEqual( [
			{
				path: '/proxy-health/v1/explain',
				method: 'POST',
				data: { url: 'https://Downloads.WordPress.org/' },
				signal: controller.signal,
			},
		] );
	} );

	it( 'accepts a filter override with its callbacks and a matched rule', async () => {
		const body: ExplainResult = {
			...EXPLAINED,
			viaProxy: false,
			reason: 'filter_override',
			matchedRule: '*.wordpress.org',
			filter: {
				callbacks: [ { name: 'my_plugin_bypass', priority: 10 } ],
			},
			hints: [],
		};
		await expect(
			createClient( async () => body ).explain( { url: body.url } )
		).resolves.toEqual( body );
	} );

	it( 'accepts a hint code it does not know yet, and a null host', async () => {
		const body = {
			...EXPLAINED,
			host: null,
			reason: 'unparsable_url',
			hints: [ 'http_api_rejects_url', 'some_future_hint' ],
		};
		const result = await createClient( async () => body ).explain( {
			url: 'http://x:99999/',
		} );
		expect( result.hints.filter( isKnownExplainHint ) ).toEqual( [
			'http_api_rejects_url',
		] );
	} );

	it.each( [
		[ 'an unknown reason', { ...EXPLAINED, reason: 'because' } ],
		[ 'viaProxy missing', { ...EXPLAINED, viaProxy: undefined } ],
		[ 'a numeric host', { ...EXPLAINED, host: 42 } ],
		[ 'a null matchedRule', { ...EXPLAINED, matchedRule: null } ],
		[
			'callbacks without names',
			{ ...EXPLAINED, filter: { callbacks: [ { priority: 10 } ] } },
		],
		[ 'hints that are not strings', { ...EXPLAINED, hints: [ 1 ] } ],
		[ 'an error body', { code: 'rest_forbidden', message: 'No' } ],
	] )(
		'rejects an answer with %s as invalid_response',
		async ( _label, body ) => {
			await expect(
				createClient( async () => body ).explain( { url: 'http://x/' } )
			).rejects.toMatchObject( {
				kind: 'invalid_response',
				code: 'invalid_response',
			} );
		}
	);

	it( 'reports a refused URL (rest_invalid_param) as an invalid request', async () => {
		const thrown = {
			code: 'rest_invalid_param',
			message: 'Invalid parameter(s): url',
			data: {
				status: 400,
				params: {
					url: 'url must be an absolute URL starting with http:// or https://.',
				},
			},
		};
		await expect(
			createClient( rejecting( thrown ) ).explain( {
				url: 'gopher://example.test/',
			} )
		).rejects.toMatchObject( {
			kind: 'invalid_request',
			code: 'rest_invalid_param',
			status: 400,
		} );
	} );
} );

describe( 'getAllowList', () => {
	const ALLOW_LIST: AllowList = {
		generatedAt: '2026-12-02T08:40:00+00:00',
		probeReport: { id: 'r1', createdAt: '2026-12-02T08:39:00+00:00' },
		evidenceSessionId: null,
		destinations: [
			{
				scheme: 'https',
				host: 'api.wordpress.org',
				port: 443,
				callers: [
					{
						type: 'core',
						slug: 'wordpress',
						name: 'WordPress core (update checks)',
					},
				],
				viaProxy: 'yes',
				lastSeen: '2026-12-02T08:39:00+00:00',
				seenIn: [ 'probe' ],
				requests: 2,
			},
		],
	};

	it( 'requests GET /proxy-health/v1/allow-list and resolves with the list', async () => {
		const requests: TransportRequest[] = [];
		const client = createClient( async ( request ) => {
			requests.push( request );
			return ALLOW_LIST;
		} );

		await expect( client.getAllowList() ).resolves.toEqual( ALLOW_LIST );
		expect( requests ).toEqual( [
			{ path: '/proxy-health/v1/allow-list', method: 'GET' },
		] );
	} );

	it.each( [
		[ 'a CSV file', '"scheme","host"\r\n' ],
		[
			'a port given as text',
			{
				...ALLOW_LIST,
				destinations: [
					{ ...ALLOW_LIST.destinations[ 0 ], port: '443' },
				],
			},
		],
		[
			'a proxy use outside the schema',
			{
				...ALLOW_LIST,
				destinations: [
					{ ...ALLOW_LIST.destinations[ 0 ], viaProxy: 'maybe' },
				],
			},
		],
	] )( 'rejects %s as an invalid response', async ( _name, body ) => {
		const failure = createClient( async () => body ).getAllowList();
		await expect( failure ).rejects.toMatchObject( {
			kind: 'invalid_response',
		} );
	} );
} );
