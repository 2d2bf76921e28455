/**
 * Writes lab `wp-config.php` files, including the `WP_PROXY_*` block the lab scenarios switch.
 */

/**
 * External dependencies
 */
import { randomBytes } from 'node:crypto';

/**
 * The proxy constants WordPress reads (`WP_HTTP_Proxy`). Each field is optional so scenarios can
 * leave one out; a number port is written as a PHP integer, a string port as a PHP string.
 */
export interface ProxyConstants {
	/** `WP_PROXY_HOST`. */
	host?: string;
	/** `WP_PROXY_PORT`. */
	port?: string | number;
	/** `WP_PROXY_USERNAME`. */
	username?: string;
	/** `WP_PROXY_PASSWORD`. */
	password?: string;
	/** `WP_PROXY_BYPASS_HOSTS`, comma separated. */
	bypassHosts?: string;
	/** Raw PHP placed inside the proxy block after the constants (e.g. a scenario's own hook). */
	extraPhp?: string;
}

/** Where the site keeps its tables. */
export type WpConfigDatabase =
	| { type: 'sqlite' }
	| {
			type: 'mariadb';
			host: string;
			port: number;
			name: string;
			user: string;
			password: string;
	  };

export interface WpConfigOptions {
	database: WpConfigDatabase;
	/** The proxy block; null or absent writes an empty block that `setProxy` can fill later. */
	proxy?: ProxyConstants | null;
	/** Table prefix, `wp_` by default. */
	tablePrefix?: string;
	/** `WP_ENVIRONMENT_TYPE`; `local` makes Application Passwords available without HTTPS. */
	environmentType?: 'local' | 'development' | 'staging' | 'production';
	/** `WP_DEBUG` (log only, never displayed). */
	debug?: boolean;
	/** Salts and keys by constant name; random when absent. */
	salts?: Partial< Record< ( typeof SALT_NAMES )[ number ], string > >;
}

/** Lines that enclose the proxy block; `replaceProxyBlock` finds them. */
export const PROXY_BLOCK_BEGIN =
	'/* BEGIN Proxy Health lab: proxy constants. Rewritten by the lab. */';
export const PROXY_BLOCK_END = '/* END Proxy Health lab: proxy constants. */';

/** File next to wp-config.php that defines the site URL once a server knows its port. */
export const LAB_URL_FILE = 'wp-config-lab-url.php';

const SALT_NAMES = [
	'AUTH_KEY',
	'SECURE_AUTH_KEY',
	'LOGGED_IN_KEY',
	'NONCE_KEY',
	'AUTH_SALT',
	'SECURE_AUTH_SALT',
	'LOGGED_IN_SALT',
	'NONCE_SALT',
] as const;

/**
 * Quotes a value as a PHP single-quoted string literal.
 *
 * Inside single quotes only `\` and `'` are special, so `$`, `"` and newlines stay literal.
 *
 * @param value Any string, including quotes, backslashes and `$`.
 */
export function phpString( value: string ): string {
	return `'${ value.replace( /\\/g, '\\\\' ).replace( /'/g, "\\'" ) }'`;
}

/**
 * Renders a `define()` line.
 *
 * @param name  Constant name.
 * @param value String (quoted), number or boolean.
 */
export function phpDefine(
	name: string,
	value: string | number | boolean
): string {
	let literal: string;
	if ( typeof value === 'string' ) {
		literal = phpString( value );
	} else if ( typeof value === 'number' ) {
		if ( ! Number.isFinite( value ) ) {
			throw new Error( `${ name } must be a finite number.` );
		}
		literal = String( value );
	} else {
		literal = value ? 'true' : 'false';
	}
	return `define( ${ phpString( name ) }, ${ literal } );`;
}

/**
 * Renders the proxy block, markers included.
 *
 * @param proxy Constants to define, or null for an empty block (no proxy).
 */
export function renderProxyBlock(
	proxy: ProxyConstants | null | undefined
): string {
	const lines = [ PROXY_BLOCK_BEGIN ];
	if ( proxy ) {
		const constants: Array< [ string, string | number | undefined ] > = [
			[ 'WP_PROXY_HOST', proxy.host ],
			[ 'WP_PROXY_PORT', proxy.port ],
			[ 'WP_PROXY_USERNAME', proxy.username ],
			[ 'WP_PROXY_PASSWORD', proxy.password ],
			[ 'WP_PROXY_BYPASS_HOSTS', proxy.bypassHosts ],
		];
		for ( const [ name, value ] of constants ) {
			if ( value !== undefined ) {
				lines.push( phpDefine( name, value ) );
			}
		}
		if ( proxy.extraPhp ) {
			if ( proxy.extraPhp.includes( PROXY_BLOCK_END ) ) {
				throw new Error(
					'extraPhp must not contain the end marker of the proxy block.'
				);
			}
			lines.push( proxy.extraPhp.trim() );
		}
	}
	lines.push( PROXY_BLOCK_END );
	return lines.join( '\n' );
}

/**
 * Replaces the proxy block of an existing wp-config.php source.
 *
 * @param source wp-config.php as written by `renderWpConfig`.
 * @param proxy  New constants, or null to remove the proxy.
 */
export function replaceProxyBlock(
	source: string,
	proxy: ProxyConstants | null
): string {
	const begin = source.indexOf( PROXY_BLOCK_BEGIN );
	const end = source.indexOf( PROXY_BLOCK_END );
	if ( begin < 0 || end < begin ) {
		throw new Error( 'This wp-config.php has no lab proxy block.' );
	}
	return (
		source.slice( 0, begin ) +
		renderProxyBlock( proxy ) +
		source.slice( end + PROXY_BLOCK_END.length )
	);
}

/**
 * Renders a complete wp-config.php for a lab site.
 *
 * Paths are relative to `__DIR__` so the same file works on real PHP (the host folder) and in
 * Playground (the folder mounted at /wordpress). The proxy block sits before wp-settings.php is
 * required, where WordPress expects it.
 *
 * @param options Database, proxy and environment.
 */
export function renderWpConfig( options: WpConfigOptions ): string {
	const { database } = options;
	const tablePrefix = options.tablePrefix ?? 'wp_';
	if ( ! /^[A-Za-z0-9_]+$/.test( tablePrefix ) ) {
		throw new Error(
			'The table prefix may contain only letters, digits and underscores.'
		);
	}
	const databaseLines =
		database.type === 'sqlite'
			? [
					"define( 'DB_NAME', 'wordpress' );",
					"define( 'DB_USER', '' );",
					"define( 'DB_PASSWORD', '' );",
					"define( 'DB_HOST', '' );",
					"define( 'DB_DIR', __DIR__ . '/wp-content/database/' );",
					"define( 'DB_FILE', '.ht.sqlite' );",
				]
			: [
					phpDefine( 'DB_NAME', database.name ),
					phpDefine( 'DB_USER', database.user ),
					phpDefine( 'DB_PASSWORD', database.password ),
					phpDefine(
						'DB_HOST',
						`${ database.host }:${ database.port }`
					),
				];
	const saltLines = SALT_NAMES.map( ( name ) =>
		phpDefine(
			name,
			options.salts?.[ name ] ?? randomBytes( 32 ).toString( 'base64' )
		)
	);
	return [
		'<?php',
		'/**',
		' * WordPress configuration of a Proxy Health lab site. Generated by src/lab/wordpress/wp-config.ts.',
		' */',
		'',
		...databaseLines,
		"define( 'DB_CHARSET', 'utf8mb4' );",
		"define( 'DB_COLLATE', '' );",
		'',
		...saltLines,
		'',
		`$table_prefix = ${ phpString( tablePrefix ) };`,
		'',
		phpDefine( 'WP_ENVIRONMENT_TYPE', options.environmentType ?? 'local' ),
		phpDefine( 'WP_DEBUG', options.debug ?? false ),
		"define( 'WP_DEBUG_DISPLAY', false );",
		"define( 'WP_DEBUG_LOG', WP_DEBUG );",
		// The lab has no internet; core updates would only produce noise and slow requests.
		"define( 'AUTOMATIC_UPDATER_DISABLED', true );",
		"define( 'FS_METHOD', 'direct' );",
		'',
		'// The lab knows the port only when a server starts; it writes the URL to this file then.',
		`if ( is_file( __DIR__ . '/${ LAB_URL_FILE }' ) ) {`,
		`\trequire __DIR__ . '/${ LAB_URL_FILE }';`,
		'}',
		'',
		renderProxyBlock( options.proxy ),
		'',
		"if ( ! defined( 'ABSPATH' ) ) {",
		"\tdefine( 'ABSPATH', __DIR__ . '/' );",
		'}',
		'',
		"require_once ABSPATH . 'wp-settings.php';",
		'',
	].join( '\n' );
}

/**
 * Renders the site URL include (`WP_HOME`, `WP_SITEURL`).
 *
 * Guarded, because a runtime may already define them (Playground does for its own URL).
 *
 * @param url Site URL without a trailing slash, e.g. http://127.0.0.1:8123.
 */
export function renderLabUrlFile( url: string ): string {
	const clean = url.replace( /\/+$/, '' );
	return [
		'<?php',
		'// Written by the Proxy Health lab when a server starts.',
		`if ( ! defined( 'WP_HOME' ) ) {`,
		`\t${ phpDefine( 'WP_HOME', clean ) }`,
		'}',
		`if ( ! defined( 'WP_SITEURL' ) ) {`,
		`\t${ phpDefine( 'WP_SITEURL', clean ) }`,
		'}',
		'',
	].join( '\n' );
}

/** The proxy misconfigurations the lab reproduces. */
export type ProxyScenario =
	| 'right-credentials'
	| 'wrong-credentials'
	| 'missing-credentials'
	| 'host-with-scheme'
	| 'non-numeric-port'
	| 'bypass-list';

export interface ProxyEndpoint {
	/** Loopback address of the proxy, e.g. 127.0.0.2. */
	host: string;
	port: number;
	username: string;
	password: string;
}

/**
 * Proxy constants for a lab scenario against a running proxy.
 *
 * @param scenario    Which misconfiguration to write.
 * @param proxy       The proxy and its real credentials.
 * @param bypassHosts For `bypass-list`: the list to write (default: `localhost` and 127.0.0.3).
 */
export function proxyScenario(
	scenario: ProxyScenario,
	proxy: ProxyEndpoint,
	bypassHosts = 'localhost, 127.0.0.3'
): ProxyConstants {
	const right: ProxyConstants = {
		host: proxy.host,
		port: String( proxy.port ),
		username: proxy.username,
		password: proxy.password,
	};
	switch ( scenario ) {
		case 'right-credentials':
			return right;
		case 'wrong-credentials':
			return { ...right, password: `${ proxy.password }-wrong` };
		case 'missing-credentials':
			return { host: right.host, port: right.port };
		case 'host-with-scheme':
			return { ...right, host: `http://${ proxy.host }` };
		case 'non-numeric-port':
			// A classic copy-and-paste from "host:port".
			return { ...right, port: `:${ proxy.port }` };
		case 'bypass-list':
			return { ...right, bypassHosts };
	}
}
