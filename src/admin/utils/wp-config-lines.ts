/**
 * What POST /probes writes where the password goes in `wpConfigLines` (the plugin's
 * Credentials::PASSWORD_PLACEHOLDER, named in the contract's description of the field): the
 * password never leaves the server, so the panel, which still holds what the admin typed, puts
 * it back here.
 */
export const PASSWORD_PLACEHOLDER = '<the password you tested>';

/** The password line exactly as the server writes it. */
const PLACEHOLDER_LINE = `define( 'WP_PROXY_PASSWORD', '${ PASSWORD_PLACEHOLDER }' );`;

/**
 * A value written inside a PHP single-quoted string: only \ and ' are special there, as in the
 * plugin's Credentials::php_quote().
 *
 * @param value Any text.
 */
export function phpQuote( value: string ): string {
	return value.replace( /[\\']/g, ( character ) => `\\${ character }` );
}

/**
 * The wp-config.php lines with the password in place of the placeholder, escaped for PHP.
 * Only the WP_PROXY_PASSWORD line the server wrote is changed; every other line comes back as
 * it is.
 *
 * @param lines    `wpConfigLines` as POST /probes answered them.
 * @param password The password the test sent.
 */
export function withPassword(
	lines: readonly string[],
	password: string
): string[] {
	const line = `define( 'WP_PROXY_PASSWORD', '${ phpQuote( password ) }' );`;
	return lines.map( ( each ) => ( each === PLACEHOLDER_LINE ? line : each ) );
}
