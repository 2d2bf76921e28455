/**
 * Bad input on every route, as an administrator (the only caller who gets past the permission
 * check): routes and argument schemas come from the live REST index, so new routes are covered
 * without being listed here.
 *
 * Each bad value must get a 400 with a stable code, never a 5xx; the lab's PHP log and the
 * site's debug log gain no warning, notice or fatal; and nothing is written (Proxy Health's
 * options, tables and wp-content files are the same before and after).
 *
 * Table-driven cases come first (one per kind of bad value), then fast-check generates more
 * from each argument's schema, bounded per route so the file stays near a minute.
 */

/**
 * External dependencies
 */
import fc from 'fast-check';
import path from 'node:path';

/**
 * Internal dependencies
 */
import {
	debugLogFile,
	enableDebugLog,
	logMarks,
	newPhpProblems,
	sharedLab,
} from '../support/lab';
import {
	discoverEndpoints,
	label,
	sampleBody,
	type ArgSchema,
	type Endpoint,
} from '../support/rest-routes';
import {
	applicationPasswordCaller,
	call,
	errorCode,
	siteState,
	type Answer,
	type Caller,
	type SiteState,
} from '../support/wp-session';

jest.setTimeout( 300_000 );

/** fast-check runs per route; PROXY_HEALTH_FUZZ_RUNS raises it for a longer local hunt. */
const RUNS_PER_ROUTE = Number( process.env.PROXY_HEALTH_FUZZ_RUNS ?? 10 );

/** Codes a 400 may carry: WordPress's own for schema failures and bad JSON, or the plugin's. */
const STABLE_CODE =
	/^(rest_invalid_param|rest_missing_callback_param|rest_invalid_json|proxy_health_[a-z0-9_]+)$/;

let admin: Caller;
let endpoints: Endpoint[] = [];

const lab = sharedLab( { runtime: 'php', proxyEngine: 'squid' } );

beforeAll( async () => {
	// WP_DEBUG on so that notices reach the debug log; WP-Cron off (see enableDebugLog).
	await enableDebugLog( lab() );
	admin = applicationPasswordCaller( lab().site );
	endpoints = await discoverEndpoints( lab().server.url, admin );
} );

/** Log files whose growth a test checks, with the size they had before. */
function siteLogMarks(): Map< string, number > {
	return logMarks( [ lab().server.logFile, debugLogFile( lab() ) ] );
}

/**
 * Sends one argument with a bad value: in the JSON body for writes, in the query for reads; the
 * other arguments keep their valid samples so only the bad one can be the cause.
 *
 * @param endpoint Endpoint.
 * @param name     Argument name.
 * @param value    Bad value.
 */
function sendArg(
	endpoint: Endpoint,
	name: string,
	value: unknown
): Promise< Answer > {
	if ( endpoint.method === 'GET' || endpoint.method === 'DELETE' ) {
		const query = new URLSearchParams();
		appendQuery( query, name, value );
		return call(
			lab().server.url,
			admin,
			`${ endpoint.path }?${ query.toString() }`,
			{ method: endpoint.method }
		);
	}
	const body = {
		...sampleBody( endpoint, { targetUrl: lab().httpTarget.url } ),
		[ name ]: value,
	};
	return call( lab().server.url, admin, endpoint.path, {
		method: endpoint.method,
		body,
	} );
}

function appendQuery( query: URLSearchParams, name: string, value: unknown ) {
	if ( Array.isArray( value ) ) {
		value.forEach( ( item ) => appendQuery( query, `${ name }[]`, item ) );
	} else if ( value !== null && typeof value === 'object' ) {
		for ( const [ key, item ] of Object.entries( value ) ) {
			appendQuery( query, `${ name }[${ key }]`, item );
		}
	} else {
		query.append( name, String( value ) );
	}
}

/**
 * The one documented exception: POST /explain exists to explain what WordPress does with odd
 * URLs, so an http(s) URL that PHP's parse_url() cannot read (port out of range, no host) is
 * explained — reason `unparsable_url` — instead of refused. It only reads; nothing runs.
 *
 * @param endpoint Endpoint.
 * @param answer   Its answer.
 */
function documentedAnswer( endpoint: Endpoint, answer: Answer ): boolean {
	return (
		label( endpoint ) === 'POST /explain' &&
		answer.status === 200 &&
		( answer.body as { reason?: unknown } | null )?.reason ===
			'unparsable_url'
	);
}

/**
 * Why an answer to a bad value is wrong, or null when it is the 400 it should be.
 *
 * @param endpoint Endpoint asked.
 * @param answer   Its answer.
 */
function problemWith( endpoint: Endpoint, answer: Answer ): string | null {
	if ( documentedAnswer( endpoint, answer ) ) {
		return null;
	}
	if ( answer.status !== 400 ) {
		return `status ${ answer.status }: ${ answer.text.slice( 0, 300 ) }`;
	}
	const code = errorCode( answer );
	if ( ! code || ! STABLE_CODE.test( code ) ) {
		return `code ${ String( code ) }: ${ answer.text.slice( 0, 300 ) }`;
	}
	return null;
}

function typeOf( schema: ArgSchema ): string {
	return (
		( Array.isArray( schema.type ) ? schema.type[ 0 ] : schema.type ) ?? ''
	);
}

const OVERSIZE = 'a'.repeat( 70_000 );
const NASTY_STRINGS = [
	'line\r\nInjected: header',
	'nul\u0000byte',
	'../../../../wp-config.php',
	'..%2f..%2f..%2fetc%2fpasswd',
	'/etc/passwd',
	'\u202egnp.exe',
	'😀🔥 ünïcödé ǅ',
	'\uFEFF\u200B',
];
const NASTY_URLS = [
	'file:///etc/passwd',
	'gopher://127.0.0.2:70/_GET',
	'javascript:alert(1)',
	'data:text/plain,hi',
	'ftp://127.0.0.2/',
	'http://127.0.0.2:70000/',
	'http://127.0.0.2:-1/',
	'http://127.0.0.2:99999999999/',
	'http://',
	'//127.0.0.2/',
	'http://127.0.0.2/\r\nHost: evil',
	'http://127.0.0.2/\u0000',
	'http:// 127.0.0.2/',
	`http://127.0.0.2/${ 'a'.repeat( 5000 ) }`,
];

/**
 * Whether an argument holds a URL (by name or format), so URL-shaped garbage applies.
 * @param name
 * @param schema
 */
function isUrlArg( name: string, schema: ArgSchema ): boolean {
	return (
		/url|target|uri/i.test( name ) ||
		schema.format === 'uri' ||
		schema.format === 'url'
	);
}

/**
 * Values the schema can never accept, by type: WordPress coerces numeric strings, '' for
 * booleans and objects, and scalars into one-item lists, so those are left out on purpose.
 *
 * @param name   Argument name.
 * @param schema Argument schema.
 */
function tableValues( name: string, schema: ArgSchema ): unknown[] {
	const type = typeOf( schema );
	const values: unknown[] = [];
	switch ( type ) {
		case 'integer':
		case 'number':
			values.push( 'abc', 1.5, { a: 1 }, [ 1, 2 ], 'NaN', '1e999x' );
			if ( schema.minimum !== undefined ) {
				values.push( schema.minimum - 1, -2_147_483_649 );
			}
			if ( schema.maximum !== undefined ) {
				values.push( schema.maximum + 1, Number.MAX_SAFE_INTEGER );
			}
			break;
		case 'boolean':
			values.push( 'maybe', 2, { a: 1 }, 'yes please' );
			break;
		case 'string':
			values.push( 12, true, { a: 1 }, [ 'a', 'b' ] );
			if ( schema.enum ) {
				values.push(
					'not-an-option',
					NASTY_STRINGS[ 0 ],
					NASTY_STRINGS[ 6 ]
				);
			}
			if ( schema.maxLength !== undefined ) {
				values.push( 'a'.repeat( schema.maxLength + 1 ), OVERSIZE );
			}
			if ( schema.pattern ) {
				values.push( ...NASTY_STRINGS );
			}
			if ( isUrlArg( name, schema ) ) {
				values.push( ...NASTY_STRINGS, ...NASTY_URLS );
			}
			break;
		case 'array': {
			values.push( { a: 1 } );
			if ( schema.maxItems !== undefined ) {
				values.push(
					Array.from(
						{ length: schema.maxItems + 1 },
						( _item, index ) =>
							schema.items?.enum?.[ 0 ] ??
							`${ lab().httpTarget.url }/${ index }`
					)
				);
			}
			if ( schema.uniqueItems && schema.items?.enum?.[ 0 ] ) {
				values.push( [
					schema.items.enum[ 0 ],
					schema.items.enum[ 0 ],
				] );
			}
			if ( schema.items ) {
				for ( const item of tableValues( name, schema.items ) ) {
					values.push( [ item ] );
				}
			}
			break;
		}
		case 'object':
			values.push( 'a string', 42, true, { unexpected: 'key' } );
			break;
	}
	return values;
}

/** Short strings of any code points, and the same with a control character inside. */
const noise = fc.string( { unit: 'grapheme', maxLength: 40 } );
const control = fc
	.tuple(
		noise,
		fc.constantFrom( '\r', '\n', '\u0000', '\t', '\u007f' ),
		noise
	)
	.map( ( parts ) => parts.join( '' ) );

/**
 * The same kinds of bad value, generated: fast-check explores lengths, code points and
 * combinations the table does not list.
 *
 * @param name   Argument name.
 * @param schema Argument schema.
 */
function badArbitrary(
	name: string,
	schema: ArgSchema
): fc.Arbitrary< unknown > | null {
	const type = typeOf( schema );
	switch ( type ) {
		case 'integer':
		case 'number':
			return fc.oneof(
				noise.filter(
					( value ) =>
						! /^\s*[-+]?[\d.eE]+\s*$/.test( value ) &&
						value.trim() !== ''
				),
				fc.double( {
					noInteger: true,
					noNaN: true,
					noDefaultInfinity: true,
				} ),
				fc.integer( { max: ( schema.minimum ?? -1e9 ) - 1 } ),
				fc.integer( { min: ( schema.maximum ?? 1e9 ) + 1 } )
			);
		case 'boolean':
			return noise.filter(
				( value ) =>
					! [ '', '0', '1', 'true', 'false' ].includes( value )
			);
		case 'string':
			if ( isUrlArg( name, schema ) ) {
				return fc.oneof(
					fc
						.tuple(
							fc.constantFrom(
								'file:',
								'gopher:',
								'javascript:',
								'dict:',
								'ldap:',
								'ftp:'
							),
							fc.constantFrom( '', '//', '///' ),
							noise
						)
						.map( ( parts ) => parts.join( '' ) ),
					fc
						.integer( { min: 65_536, max: 2 ** 40 } )
						.map( ( port ) => `http://127.0.0.2:${ port }/` ),
					control.map( ( value ) => `http://127.0.0.2/${ value }` ),
					fc
						.string( { minLength: 3000, maxLength: 6000 } )
						.map( ( value ) => `http://127.0.0.2/${ value }` )
						.filter(
							() =>
								( schema.maxLength ?? 0 ) > 0 &&
								( schema.maxLength ?? 0 ) < 3000
						),
					fc.oneof(
						fc.integer(),
						fc.boolean(),
						fc.array( noise, { minLength: 1, maxLength: 3 } )
					)
				);
			}
			if ( schema.enum ) {
				return fc.oneof(
					noise.filter(
						( value ) => ! schema.enum?.includes( value )
					),
					control,
					fc.integer()
				);
			}
			return fc.oneof(
				fc.integer(),
				fc.boolean(),
				fc.dictionary( noise, noise, { minKeys: 1, maxKeys: 3 } )
			);
		case 'array': {
			const item = schema.items
				? badArbitrary( name, schema.items )
				: null;
			return item
				? fc.array( item, { minLength: 1, maxLength: 3 } )
				: null;
		}
		case 'object':
			return fc.oneof(
				noise.filter( ( value ) => value !== '' ),
				fc.integer(),
				fc.dictionary(
					noise.filter(
						( key ) =>
							! [ 'username', 'password' ].includes( key ) &&
							key !== ''
					),
					noise,
					{ minKeys: 1, maxKeys: 3 }
				)
			);
	}
	return null;
}

/** The routes with arguments, found when the file runs (before tests are defined jest needs a list). */
function withArgs(): Endpoint[] {
	return endpoints.filter(
		( endpoint ) => Object.keys( endpoint.args ).length > 0
	);
}

async function assertNothingWritten(
	before: SiteState,
	marks: Map< string, number >
): Promise< void > {
	expect( newPhpProblems( marks ) ).toEqual( [] );
	// The debug log is checked line by line above; any other change is a write.
	const after = await siteState( lab().site );
	const debugLog = path.join( 'wp-content', 'debug.log' );
	delete after.files[ debugLog ];
	delete before.files[ debugLog ];
	expect( after ).toEqual( before );
}

test( 'the index shows routes with argument schemas to test', () => {
	expect( withArgs().map( label ) ).toEqual(
		expect.arrayContaining( [ 'POST /probes', 'POST /explain' ] )
	);
} );

test( 'table: every kind of bad value on every argument of every route gets a 400 with a stable code', async () => {
	const before = await siteState( lab().site );
	const marks = siteLogMarks();
	const wrong: string[] = [];
	let cases = 0;
	for ( const endpoint of withArgs() ) {
		for ( const [ name, schema ] of Object.entries( endpoint.args ) ) {
			for ( const value of tableValues( name, schema ) ) {
				cases++;
				const answer = await sendArg( endpoint, name, value );
				const problem = problemWith( endpoint, answer );
				if ( problem ) {
					wrong.push(
						`${ label( endpoint ) } ${ name }=${ JSON.stringify(
							value
						).slice( 0, 80 ) } → ${ problem }`
					);
				}
			}
		}
	}
	expect( cases ).toBeGreaterThan( 20 );
	expect( wrong ).toEqual( [] );
	await assertNothingWritten( before, marks );
} );

test( 'table: broken bodies, and bad path parameters', async () => {
	const before = await siteState( lab().site );
	const marks = siteLogMarks();
	const wrong: string[] = [];
	const writes = endpoints.filter( ( endpoint ) =>
		[ 'POST', 'PUT', 'PATCH' ].includes( endpoint.method )
	);
	for ( const endpoint of writes ) {
		for ( const raw of [
			'{',
			'{"url": "http://x/"',
			`[${ '['.repeat( 600 ) }`,
		] ) {
			const answer = await call( lab().server.url, admin, endpoint.path, {
				method: endpoint.method,
				rawBody: raw,
			} );
			if (
				answer.status !== 400 ||
				errorCode( answer ) !== 'rest_invalid_json'
			) {
				wrong.push(
					`${ label( endpoint ) } body ${ raw.slice( 0, 20 ) } → ${ answer.status } ${ answer.text.slice( 0, 200 ) }`
				);
			}
		}
	}
	// A bad path parameter either matches no route (WordPress's 404) or fails the arg schema.
	for ( const endpoint of endpoints.filter(
		( candidate ) =>
			Object.keys( candidate.pathParams ).length > 0 &&
			candidate.method === 'GET'
	) ) {
		for ( const bad of [
			'..%2F..%2Fwp-config.php',
			'%00',
			'ZZZZ',
			'a'.repeat( 3000 ),
			'%E2%80%AE',
		] ) {
			let concrete = endpoint.path;
			for ( const sample of Object.values( endpoint.pathParams ) ) {
				concrete = concrete.replace( sample, bad );
			}
			const answer = await call( lab().server.url, admin, concrete, {
				method: endpoint.method,
			} );
			const code = errorCode( answer ) ?? '';
			const fine =
				( answer.status === 404 &&
					( code === 'rest_no_route' ||
						code.startsWith( 'proxy_health_' ) ) ) ||
				problemWith( endpoint, answer ) === null;
			if ( ! fine ) {
				wrong.push(
					`${ label( endpoint ) } id=${ bad.slice( 0, 30 ) } → ${ answer.status } ${ answer.text.slice( 0, 200 ) }`
				);
			}
		}
	}
	expect( wrong ).toEqual( [] );
	await assertNothingWritten( before, marks );
} );

test( 'property: generated bad values on every route with arguments get a 400 with a stable code', async () => {
	const before = await siteState( lab().site );
	const marks = siteLogMarks();
	let routes = 0;
	for ( const endpoint of withArgs() ) {
		const args = Object.entries( endpoint.args )
			.map( ( [ name, schema ] ) => {
				const arbitrary = badArbitrary( name, schema );
				return arbitrary
					? arbitrary.map( ( value ) => ( { name, value } ) )
					: null;
			} )
			.filter( ( arbitrary ) => arbitrary !== null );
		if ( args.length === 0 ) {
			continue;
		}
		routes++;
		await fc.assert(
			fc.asyncProperty(
				fc.oneof( ...args ),
				async ( { name, value } ) => {
					const answer = await sendArg( endpoint, name, value );
					const problem = problemWith( endpoint, answer );
					if ( problem ) {
						throw new Error(
							`${ label( endpoint ) } ${ name }=${ JSON.stringify( value ).slice( 0, 120 ) } → ${ problem }`
						);
					}
				}
			),
			{ numRuns: RUNS_PER_ROUTE, endOnFailure: true }
		);
	}
	expect( routes ).toBeGreaterThan( 0 );
	await assertNothingWritten( before, marks );
} );
