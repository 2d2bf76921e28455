/**
 * Escaping for the XML and HTML reporters.
 */

/**
 * Characters XML 1.0 forbids even escaped (C0 controls except tab, LF, CR; lone surrogates;
 * U+FFFE/U+FFFF). They can arrive in error messages from broken servers.
 */

const INVALID_XML =
	/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text safe inside XML/HTML element content and double- or single-quoted attributes.
 *
 * @param value Anything printable.
 */
export function escapeMarkup( value: unknown ): string {
	return String( value )
		.replace( INVALID_XML, '\uFFFD' )
		.replace( /&/g, '&amp;' )
		.replace( /</g, '&lt;' )
		.replace( />/g, '&gt;' )
		.replace( /"/g, '&quot;' )
		.replace( /'/g, '&#39;' );
}
