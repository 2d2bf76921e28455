/**
 * The WordPress versions the lab runs, and which one it runs by default. No imports: the CLI's
 * argument layer validates `--wp` with this list without loading the lab (which needs the
 * development dependencies).
 */

/** Every version `startLab( { version } )` and `proxy-health lab --wp` accept. */
export const WORDPRESS_VERSIONS = [ '7.1', '6.6', '6.5', 'nightly' ] as const;

export type WordPressVersion = ( typeof WORDPRESS_VERSIONS )[ number ];

/**
 * Versions that are official release zips (found through an environment variable, the
 * `../shared/wordpress/` folder next to the checkout, or a download), with the exact release
 * each one means and the variable that names a zip for it.
 */
export const WORDPRESS_RELEASES = {
	'7.1': { release: '7.1.0', zipEnv: 'PROXY_HEALTH_WP_ZIP_7_1' },
	'6.6': { release: '6.6.2', zipEnv: 'PROXY_HEALTH_WP_ZIP_6_6' },
} as const;

export type WordPressRelease = keyof typeof WORDPRESS_RELEASES;

/**
 * The lab's default: the current release. 6.6 (the plugin's "Requires at least") is the other
 * version `npm test` runs on.
 */
export const DEFAULT_WORDPRESS_VERSION: WordPressVersion = '7.1';

/** Environment variable that changes the lab's default version (the test matrix sets it). */
export const WORDPRESS_VERSION_ENV = 'PROXY_HEALTH_WP';

/**
 * Whether `value` is a version the lab runs.
 *
 * @param value Any string.
 */
export function isWordPressVersion( value: string ): value is WordPressVersion {
	return ( WORDPRESS_VERSIONS as readonly string[] ).includes( value );
}

/**
 * The version a lab runs when none is asked for: `PROXY_HEALTH_WP` when set, else 7.1.
 *
 * @param env Environment (process.env by default).
 * @return The version; throws when the variable names one the lab does not have.
 */
export function defaultWordPressVersion(
	env: Readonly< Record< string, string | undefined > > = process.env
): WordPressVersion {
	const wanted = env[ WORDPRESS_VERSION_ENV ]?.trim();
	if ( ! wanted ) {
		return DEFAULT_WORDPRESS_VERSION;
	}
	if ( ! isWordPressVersion( wanted ) ) {
		throw new Error(
			`${ WORDPRESS_VERSION_ENV }=${ wanted } is not a lab WordPress version; use one of ${ WORDPRESS_VERSIONS.join(
				', '
			) }.`
		);
	}
	return wanted;
}
