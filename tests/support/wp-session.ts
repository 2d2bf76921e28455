/**
 * Who is asking: helpers that make REST calls to a lab site as a real browser session (cookie
 * login through wp-login.php plus the REST nonce), with an Application Password, or as nobody;
 * users of any role made through the REST API; and lab-only PHP run against the site's own
 * database for state snapshots that no route exposes.
 */

/**
 * External dependencies
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Internal dependencies
 */
import type { LabSite } from '../../src/lab/wordpress/site';

/** A REST answer as the tests read it. */
export interface Answer {
	status: number;
	/** Parsed JSON, or null when the body is not JSON. */
	body: unknown;
	text: string;
	headers: Headers;
}

/** How a request authenticates; `headers` are added to every request made as this caller. */
export interface Caller {
	name: string;
	headers: Record< string, string >;
}

export const ANONYMOUS: Caller = { name: 'anonymous', headers: {} };

/**
 * The site's administrator with its Application Password (HTTP Basic), as scripts and the CLI.
 *
 * @param site Lab site.
 */
export function applicationPasswordCaller( site: LabSite ): Caller {
	return {
		name: 'administrator (Application Password)',
		headers: {
			Authorization: basicAuth(
				site.admin.username,
				site.admin.applicationPassword
			),
		},
	};
}

/**
 * `Basic …` header value.
 *
 * @param user     Login.
 * @param password Password.
 */
export function basicAuth( user: string, password: string ): string {
	return `Basic ${ Buffer.from( `${ user }:${ password }` ).toString(
		'base64'
	) }`;
}

/**
 * Calls a REST route (`/proxy-health/v1/status`) through `?rest_route=`, which works on every
 * lab runtime.
 *
 * @param siteUrl      Base URL of the site.
 * @param caller       Who asks.
 * @param route        Route, may carry its own query after `?` (turned into `&`).
 * @param init         Method, JSON body (or a raw string sent as is), extra headers.
 * @param init.method
 * @param init.body
 * @param init.rawBody
 * @param init.headers
 */
export async function call(
	siteUrl: string,
	caller: Caller,
	route: string,
	init: {
		method?: string;
		body?: unknown;
		rawBody?: string;
		headers?: Record< string, string >;
	} = {}
): Promise< Answer > {
	const headers: Record< string, string > = {
		Accept: 'application/json',
		...caller.headers,
		...init.headers,
	};
	let body: string | undefined;
	if ( init.rawBody !== undefined ) {
		body = init.rawBody;
		headers[ 'Content-Type' ] ??= 'application/json';
	} else if ( init.body !== undefined ) {
		body = JSON.stringify( init.body );
		headers[ 'Content-Type' ] = 'application/json';
	}
	const [ routePath, query ] = splitOnce( route, '?' );
	const response = await fetch(
		`${ siteUrl }/?rest_route=${ encodeURI( routePath ) }${
			query === undefined ? '' : `&${ query }`
		}`,
		{
			method: init.method ?? 'GET',
			headers,
			body,
			redirect: 'manual',
			signal: AbortSignal.timeout( 120_000 ),
		}
	);
	const text = await response.text();
	let parsed: unknown = null;
	try {
		parsed = JSON.parse( text );
	} catch {
		// Left null: callers assert on status and text.
	}
	return {
		status: response.status,
		body: parsed,
		text,
		headers: response.headers,
	};
}

function splitOnce( value: string, separator: string ): [ string, string? ] {
	const at = value.indexOf( separator );
	return at < 0 ? [ value ] : [ value.slice( 0, at ), value.slice( at + 1 ) ];
}

/**
 * The `code` of a REST error body, or undefined.
 * @param answer
 */
export function errorCode( answer: Answer ): string | undefined {
	const body = answer.body as { code?: unknown } | null;
	return typeof body?.code === 'string' ? body.code : undefined;
}

/**
 * Creates a user through `POST /wp/v2/users` as the administrator.
 *
 * @param siteUrl Base URL.
 * @param site    Lab site (its admin's Application Password makes the call).
 * @param role    WordPress role.
 * @return The login and password of the new user.
 */
export async function createUser(
	siteUrl: string,
	site: LabSite,
	role: string
): Promise< { username: string; password: string; id: number } > {
	const username = `${ role }-${ randomBytes( 4 ).toString( 'hex' ) }`;
	const password = randomBytes( 15 ).toString( 'base64url' );
	const answer = await call(
		siteUrl,
		applicationPasswordCaller( site ),
		'/wp/v2/users',
		{
			method: 'POST',
			body: {
				username,
				password,
				email: `${ username }@example.test`,
				roles: [ role ],
			},
		}
	);
	if ( answer.status !== 201 ) {
		throw new Error(
			`Creating a ${ role } failed: ${ answer.status } ${ answer.text }`
		);
	}
	return { username, password, id: ( answer.body as { id: number } ).id };
}

/** A logged-in browser session: its cookies and the REST nonce WordPress issued for them. */
export interface CookieSession {
	cookie: string;
	nonce: string;
}

/**
 * Logs in through wp-login.php as a browser does (test cookie first, then the form post) and
 * fetches the REST nonce from admin-ajax.php, which any logged-in user may ask for.
 *
 * @param siteUrl  Base URL.
 * @param username Login.
 * @param password Password.
 */
export async function logIn(
	siteUrl: string,
	username: string,
	password: string
): Promise< CookieSession > {
	const jar = new Map< string, string >( [
		[ 'wordpress_test_cookie', 'WP%20Cookie%20check' ],
	] );
	const response = await fetch( `${ siteUrl }/wp-login.php`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Cookie: cookieHeader( jar ),
		},
		body: new URLSearchParams( {
			log: username,
			pwd: password,
			'wp-submit': 'Log In',
			redirect_to: `${ siteUrl }/wp-admin/`,
			testcookie: '1',
		} ).toString(),
	} );
	for ( const line of response.headers.getSetCookie() ) {
		const [ pair ] = line.split( ';' );
		const [ name, value = '' ] = splitOnce( pair ?? '', '=' );
		if ( /expires=Thu, 01[- ]Jan[- ]1970/i.test( line ) || value === '' ) {
			jar.delete( name );
		} else {
			jar.set( name, value );
		}
	}
	if (
		response.status !== 302 ||
		! [ ...jar.keys() ].some( ( name ) =>
			name.startsWith( 'wordpress_logged_in_' )
		)
	) {
		throw new Error(
			`Logging in as ${ username } failed: ${
				response.status
			} ${ ( await response.text() ).slice( 0, 300 ) }`
		);
	}
	const cookie = cookieHeader( jar );
	const nonceAnswer = await fetch(
		`${ siteUrl }/wp-admin/admin-ajax.php?action=rest-nonce`,
		{ headers: { Cookie: cookie } }
	);
	const nonce = ( await nonceAnswer.text() ).trim();
	if ( nonceAnswer.status !== 200 || ! /^[0-9a-f]{10}$/.test( nonce ) ) {
		throw new Error(
			`No REST nonce for ${ username }: ${ nonceAnswer.status } ${ nonce }`
		);
	}
	return { cookie, nonce };
}

function cookieHeader( jar: Map< string, string > ): string {
	return [ ...jar ]
		.map( ( [ name, value ] ) => `${ name }=${ value }` )
		.join( '; ' );
}

/**
 * A caller that sends the session's cookies, with the REST nonce (`nonce: true`), without it
 * (`false`), or with a forged one (a string).
 *
 * @param name    Label for messages.
 * @param session Logged-in session.
 * @param nonce   Which nonce to send.
 */
export function cookieCaller(
	name: string,
	session: CookieSession,
	nonce: boolean | string
): Caller {
	const headers: Record< string, string > = { Cookie: session.cookie };
	if ( nonce !== false ) {
		headers[ 'X-WP-Nonce' ] = nonce === true ? session.nonce : nonce;
	}
	return { name, headers };
}

/**
 * Runs lab-only PHP inside the site (wp-load.php loaded, the plugin active as on any request)
 * with the PHP CLI and returns what the code returns, as JSON. The script lives outside the
 * WordPress folder so it never shows up as a file the site wrote.
 *
 * @param site Lab site.
 * @param body PHP statements ending in `return <value>;`.
 */
export async function runSitePhp< T = unknown >(
	site: LabSite,
	body: string
): Promise< T > {
	const dir = await mkdtemp( path.join( site.stateDir, 'php-eval-' ) );
	const file = path.join( dir, 'eval.php' );
	await writeFile(
		file,
		[
			'<?php',
			'// Lab-only state reader for the Proxy Health test suites.',
			`require ${ JSON.stringify( path.join( site.root, 'wp-load.php' ) ) };`,
			'$proxy_health_lab_result = ( static function () {',
			body,
			'} )();',
			'echo "\\nPROXY_HEALTH_LAB_EVAL " . json_encode( $proxy_health_lab_result, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE ) . "\\n";',
			'',
		].join( '\n' )
	);
	try {
		const stdout = await new Promise< string >( ( resolve, reject ) => {
			execFile(
				'php',
				[ '-d', 'display_errors=stderr', file ],
				{
					cwd: site.root,
					maxBuffer: 64 * 1024 * 1024,
					timeout: 60_000,
				},
				( error, out, err ) =>
					error
						? reject( new Error( `${ error.message }\n${ err }` ) )
						: resolve( out )
			);
		} );
		const line = stdout
			.split( '\n' )
			.find( ( candidate ) =>
				candidate.startsWith( 'PROXY_HEALTH_LAB_EVAL ' )
			);
		if ( line === undefined ) {
			throw new Error(
				`No result from lab PHP: ${ stdout.slice( 0, 500 ) }`
			);
		}
		return JSON.parse( line.slice( 'PROXY_HEALTH_LAB_EVAL '.length ) ) as T;
	} finally {
		await rm( dir, { recursive: true, force: true } );
	}
}

/** What a request could have changed: Proxy Health's options, the tables, wp-content's files. */
export interface SiteState {
	options: Record< string, string >;
	tables: string[];
	/** Path under the site folder → size and modification time. */
	files: Record< string, string >;
}

/**
 * Proxy Health's rows in the options table (hashed values) and the list of tables, so that a
 * before/after comparison shows any write (history, bisection runs, locks, clone tables).
 * Cron and WordPress's own transients are left out: they change on any request.
 *
 * @param site Lab site.
 */
export async function siteState( site: LabSite ): Promise< SiteState > {
	const database = await runSitePhp< Omit< SiteState, 'files' > >(
		site,
		`global $wpdb;
	$rows = $wpdb->get_results( "SELECT option_name, option_value FROM {$wpdb->options} WHERE option_name LIKE '%proxy%health%' OR option_name LIKE '%proxy_health%'", ARRAY_A );
	$options = array();
	foreach ( $rows as $row ) {
		$options[ $row['option_name'] ] = md5( (string) $row['option_value'] );
	}
	ksort( $options );
	$tables = $wpdb->get_col( 'SHOW TABLES' );
	sort( $tables );
	return array( 'options' => (object) $options, 'tables' => $tables );`
	);
	return { ...database, files: await filesUnder( site, 'wp-content' ) };
}

/**
 * Files under a folder of the site, with size and mtime; the SQLite database is left out (every
 * request writes to it) and symlinked plugins are not followed.
 *
 * @param site   Lab site.
 * @param folder Folder relative to the site root.
 */
export async function filesUnder(
	site: LabSite,
	folder: string
): Promise< Record< string, string > > {
	const files: Record< string, string > = {};
	const entries = await readdir( path.join( site.root, folder ), {
		recursive: true,
		withFileTypes: true,
	} );
	for ( const entry of entries ) {
		if ( ! entry.isFile() ) {
			continue;
		}
		const full = path.join( entry.parentPath ?? entry.path, entry.name );
		const relative = path.relative( site.root, full );
		if ( relative.startsWith( path.join( 'wp-content', 'database' ) ) ) {
			continue;
		}
		const info = await stat( full );
		files[ relative ] = `${ info.size }@${ info.mtimeMs }`;
	}
	return files;
}
