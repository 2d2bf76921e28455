/**
 * PHP's `parse_url()` (PHP 8) for the parts WordPress's proxy decision reads: whether parsing
 * fails, the scheme, and the host.
 *
 * `new URL()` cannot stand in for it. WHATWG parsing lower-cases and IDNA-encodes hosts,
 * percent-decodes them (`%6Cocalhost` → `localhost`), rewrites IPv4 shorthand (`127.1` →
 * `127.0.0.1`), reads `\` as `/` in http URLs, and rejects inputs PHP accepts (`http://a b/`),
 * while PHP keeps the host byte for byte and fails on others (`http://x:99999/`). WordPress
 * compares hosts exactly, so a port of PHP's own scanner is the only way to agree with it.
 *
 * PHP works on bytes and this works on UTF-16 code units; every delimiter it looks for is ASCII,
 * so the split points are the same.
 */

/** The components `send_through_proxy()` uses; absent when PHP would leave the key out. */
export interface PhpUrlParts {
	scheme?: string;
	host?: string;
	port?: number;
}

const isAsciiAlpha = ( c: string ) => /^[A-Za-z]$/.test( c );
const isAsciiDigit = ( c: string ) => c >= '0' && c <= '9';

/**
 * PHP replaces C0 controls and DEL with `_` in every component it returns.
 *
 * @param value A component.
 */
function replaceControlChars( value: string ): string {
	return value.replace( /[\x00-\x1f\x7f]/g, '_' );
}

/**
 * Index of the first of `chars` at or after `from`, or the length when there is none.
 *
 * @param url   Whole string.
 * @param from  Start index.
 * @param chars Characters to look for.
 */
function firstOf( url: string, from: number, chars: string ): number {
	let end = url.length;
	for ( const char of chars ) {
		const at = url.indexOf( char, from );
		if ( at !== -1 && at < end ) {
			end = at;
		}
	}
	return end;
}

/**
 * C `strtol` on a string of at most five characters, as PHP reads a port: leading digits count,
 * anything after them is ignored; null when there are no leading digits.
 *
 * @param text Port text.
 */
function readPort( text: string ): number | null {
	const digits = /^[\t\n\v\f\r ]*[+-]?\d+/.exec( text );
	return digits ? parseInt( digits[ 0 ], 10 ) : null;
}

/**
 * Parses like PHP's `parse_url()`.
 *
 * @param url Any string.
 * @return The scheme, host and port PHP would report, or false where PHP returns false.
 */
export function phpParseUrl( url: string ): PhpUrlParts | false {
	const parts: PhpUrlParts = {};
	const length = url.length;
	let s = 0;
	const colon = url.indexOf( ':' );
	let gotoParsePort = false;

	if ( colon > 0 ) {
		// A scheme is letters, digits, "+", "-" and "." only.
		for ( let p = 0; p < colon; p++ ) {
			const c = url.charAt( p );
			if (
				! isAsciiAlpha( c ) &&
				! isAsciiDigit( c ) &&
				c !== '+' &&
				c !== '.' &&
				c !== '-'
			) {
				if ( colon + 1 < length && colon < firstOf( url, 0, '?#' ) ) {
					gotoParsePort = true;
				} else if ( url.startsWith( '//' ) ) {
					return parseHost( url, 2, parts );
				} else {
					return parts;
				}
				break;
			}
		}
		if ( ! gotoParsePort ) {
			if ( colon + 1 === length ) {
				parts.scheme = replaceControlChars( url.slice( 0, colon ) );
				return parts;
			}
			if ( url.charAt( colon + 1 ) !== '/' ) {
				// "host:80" reads as a host and port, "mailto:x" as a scheme and path.
				let p = colon + 1;
				while ( p < length && isAsciiDigit( url.charAt( p ) ) ) {
					p++;
				}
				if (
					( p === length || url.charAt( p ) === '/' ) &&
					p - colon < 7
				) {
					gotoParsePort = true;
				} else {
					parts.scheme = replaceControlChars( url.slice( 0, colon ) );
					return parts;
				}
			} else {
				parts.scheme = replaceControlChars( url.slice( 0, colon ) );
				if ( colon + 2 < length && url.charAt( colon + 2 ) === '/' ) {
					s = colon + 3;
					if (
						parts.scheme.toLowerCase() === 'file' &&
						colon + 3 < length &&
						url.charAt( colon + 3 ) === '/'
					) {
						return parts;
					}
					return parseHost( url, s, parts );
				}
				return parts;
			}
		}
	} else if ( colon === -1 ) {
		if ( url.startsWith( '//' ) ) {
			return parseHost( url, 2, parts );
		}
		return parts;
	}

	// parse_port: the text after the first colon may be a port ("example.com:8080/x", ":80").
	const p = colon + 1;
	let pp = p;
	while ( pp < length && pp - p < 6 && isAsciiDigit( url.charAt( pp ) ) ) {
		pp++;
	}
	if (
		pp - p > 0 &&
		pp - p < 6 &&
		( pp === length || url.charAt( pp ) === '/' )
	) {
		const port = readPort( url.slice( p, pp ) );
		if ( port === null || port < 0 || port > 65535 ) {
			return false;
		}
		parts.port = port;
		if ( url.startsWith( '//' ) ) {
			s = 2;
		}
	} else if ( p === pp && pp === length ) {
		return false;
	} else if ( url.startsWith( '//' ) ) {
		s = 2;
	} else {
		return parts;
	}
	return parseHost( url, s, parts );
}

/**
 * The authority part: userinfo, host, port.
 *
 * @param url   Whole string.
 * @param start Where the authority starts.
 * @param parts Components found so far.
 */
function parseHost(
	url: string,
	start: number,
	parts: PhpUrlParts
): PhpUrlParts | false {
	let s = start;
	const e = firstOf( url, s, '/?#' );
	// The last "@" ends the userinfo.
	const at = url.lastIndexOf( '@', e - 1 );
	if ( at >= s ) {
		s = at + 1;
	}
	let p: number;
	if (
		s < url.length &&
		url.charAt( s ) === '[' &&
		url.charAt( e - 1 ) === ']'
	) {
		// A bracketed IPv6 literal: its colons are not a port separator.
		p = -1;
	} else {
		const lastColon = url.lastIndexOf( ':', e - 1 );
		p = lastColon >= s ? lastColon : -1;
	}
	if ( p !== -1 ) {
		// PHP tests the port value, not whether one was read, so a port 0 is read again.
		if ( ! parts.port ) {
			const portText = url.slice( p + 1, e );
			if ( portText.length > 5 ) {
				return false;
			}
			if ( portText.length > 0 ) {
				const port = readPort( portText );
				if ( port === null || port < 0 || port > 65535 ) {
					return false;
				}
				parts.port = port;
			}
		}
	} else {
		p = e;
	}
	if ( p - s < 1 ) {
		return false;
	}
	parts.host = replaceControlChars( url.slice( s, p ) );
	return parts;
}
