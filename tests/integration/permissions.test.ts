/**
 * The permission matrix: every route and method under proxy-health/v1 (read from the live REST
 * index, so new routes are covered the day they are registered) × every kind of caller, against
 * a real WordPress on PHP behind squid.
 *
 * Only an administrator with a cookie and the REST nonce, or with an Application Password, gets
 * through. Everyone else gets WordPress's answer for them — 401 `rest_forbidden` when WordPress
 * sees nobody (anonymous, or a cookie sent without the nonce, which WordPress treats as logged
 * out), 403 `rest_forbidden` for logged-in users without the capability, 403
 * `rest_cookie_invalid_nonce` for a forged nonce — and nothing on the site changes.
 */

/**
 * Internal dependencies
 */
import { sharedLab } from '../support/lab';
import {
	discoverEndpoints,
	label,
	sampleBody,
	undoPath,
	type Endpoint,
} from '../support/rest-routes';
import {
	ANONYMOUS,
	applicationPasswordCaller,
	call,
	cookieCaller,
	createUser,
	errorCode,
	logIn,
	siteState,
	type Caller,
} from '../support/wp-session';

jest.setTimeout( 300_000 );

let endpoints: Endpoint[] = [];
const callers: Record<
	| 'anonymous'
	| 'subscriber'
	| 'editor'
	| 'adminNoNonce'
	| 'adminForgedNonce'
	| 'adminCookie'
	| 'adminAppPassword',
	Caller
> = {} as never;

const lab = sharedLab( { runtime: 'php', proxyEngine: 'squid' } );

beforeAll( async () => {
	const url = lab().server.url;
	const admin = applicationPasswordCaller( lab().site );
	endpoints = await discoverEndpoints( url, admin );

	const subscriber = await createUser( url, lab().site, 'subscriber' );
	const editor = await createUser( url, lab().site, 'editor' );
	const adminSession = await logIn(
		url,
		lab().site.admin.username,
		lab().site.admin.password
	);
	callers.anonymous = ANONYMOUS;
	callers.subscriber = cookieCaller(
		'subscriber (cookie + nonce)',
		await logIn( url, subscriber.username, subscriber.password ),
		true
	);
	callers.editor = cookieCaller(
		'editor (cookie + nonce)',
		await logIn( url, editor.username, editor.password ),
		true
	);
	callers.adminNoNonce = cookieCaller(
		'administrator (cookie, no nonce)',
		adminSession,
		false
	);
	callers.adminForgedNonce = cookieCaller(
		'administrator (cookie, forged nonce)',
		adminSession,
		'0123456789'
	);
	callers.adminCookie = cookieCaller(
		'administrator (cookie + nonce)',
		adminSession,
		true
	);
	callers.adminAppPassword = admin;
} );

function request( caller: Caller, endpoint: Endpoint ) {
	return call( lab().server.url, caller, endpoint.path, {
		method: endpoint.method,
		body: sampleBody( endpoint, { targetUrl: lab().httpTarget.url } ),
	} );
}

test( 'the REST index lists the plugin routes, each with at least one method', () => {
	const routes = new Set(
		endpoints.map( ( endpoint ) => label( endpoint ) )
	);
	// The two routes every release has; the rest are found, not listed.
	expect( routes ).toContain( 'GET /status' );
	expect( routes ).toContain( 'POST /probes' );
	expect( endpoints.length ).toBeGreaterThanOrEqual( 2 );
} );

describe.each( [
	[ 'anonymous', 401, 'rest_forbidden' ],
	[ 'adminNoNonce', 401, 'rest_forbidden' ],
	[ 'subscriber', 403, 'rest_forbidden' ],
	[ 'editor', 403, 'rest_forbidden' ],
	[ 'adminForgedNonce', 403, 'rest_cookie_invalid_nonce' ],
] as const )( '%s', ( who, status, code ) => {
	test( `gets ${ status } ${ code } on every route and changes nothing`, async () => {
		const caller = callers[ who ];
		const wrong: string[] = [];
		// One snapshot around the whole pass keeps the file fast; the diff names what changed.
		const before = await siteState( lab().site );
		for ( const endpoint of endpoints ) {
			const answer = await request( caller, endpoint );
			if ( answer.status !== status || errorCode( answer ) !== code ) {
				wrong.push(
					`${ label( endpoint ) }: ${ answer.status } ${ answer.text.slice(
						0,
						200
					) }`
				);
			}
		}
		const after = await siteState( lab().site );
		expect( wrong ).toEqual( [] );
		expect( diff( before, after ) ).toEqual( {
			options: [],
			files: [],
			tables: [],
		} );
	} );
} );

describe.each( [ [ 'adminCookie' ], [ 'adminAppPassword' ] ] as const )(
	'%s',
	( who ) => {
		test( 'gets through on every route (no 401/403, no 5xx) and leaves nothing running', async () => {
			const caller = callers[ who ];
			const wrong: string[] = [];
			const tablesBefore = ( await siteState( lab().site ) ).tables;
			for ( const endpoint of endpoints ) {
				const answer = await request( caller, endpoint );
				if (
					answer.status === 401 ||
					answer.status === 403 ||
					answer.status >= 500
				) {
					wrong.push(
						`${ label( endpoint ) }: ${ answer.status } ${ answer.text.slice(
							0,
							300
						) }`
					);
				}
				// A path parameter is a sample id: a 404 with the plugin's own code is a pass.
				if (
					answer.status === 404 &&
					! (
						Object.keys( endpoint.pathParams ).length > 0 &&
						/^proxy_health_/.test( errorCode( answer ) ?? '' )
					)
				) {
					wrong.push(
						`${ label( endpoint ) }: unexpected 404 ${ answer.text.slice(
							0,
							200
						) }`
					);
				}
				const id = ( answer.body as { id?: unknown } | null )?.id;
				const undo =
					answer.status < 300 && typeof id === 'string'
						? undoPath( endpoints, endpoint, id )
						: undefined;
				if ( undo ) {
					const undone = await call( lab().server.url, caller, undo, {
						method: 'DELETE',
					} );
					if ( undone.status >= 300 ) {
						wrong.push(
							`DELETE ${ undo }: ${ undone.status } ${ undone.text.slice(
								0,
								200
							) }`
						);
					}
				}
			}
			expect( wrong ).toEqual( [] );
			// Bisection clones and anything else that makes tables must be gone again.
			expect( ( await siteState( lab().site ) ).tables ).toEqual(
				tablesBefore
			);
		} );
	}
);

function diff(
	before: Awaited< ReturnType< typeof siteState > >,
	after: Awaited< ReturnType< typeof siteState > >
): Record< string, unknown > {
	const changed = (
		a: Record< string, string >,
		b: Record< string, string >
	) =>
		[ ...new Set( [ ...Object.keys( a ), ...Object.keys( b ) ] ) ].filter(
			( key ) => a[ key ] !== b[ key ]
		);
	return {
		options: changed( before.options, after.options ),
		files: changed( before.files, after.files ),
		tables: after.tables.filter(
			( table ) => ! before.tables.includes( table )
		),
	};
}
