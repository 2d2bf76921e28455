/**
 * A secret (an Application Password, a proxy password) that cannot leak by accident.
 *
 * Redaction at the source: whatever serialises or prints a `Secret` (JSON, template strings,
 * `console.log`, `util.inspect`) gets `[redacted]`. Only `reveal()` gives the value, and only
 * the transport calls it, to build an Authorization header.
 */

/**
 * External dependencies
 */
import { inspect } from 'node:util';

export const REDACTED = '[redacted]';

export class Secret {
	readonly #value: string;

	constructor( value: string ) {
		this.#value = value;
	}

	/** The value itself; for building an auth header, never for output. */
	reveal(): string {
		return this.#value;
	}

	toJSON(): string {
		return REDACTED;
	}

	toString(): string {
		return REDACTED;
	}

	[ inspect.custom ](): string {
		return REDACTED;
	}
}

/**
 * Replaces every occurrence of the given secrets (and their URL-encoded and Base64 Basic
 * forms) in a message. Used on error messages built from third-party errors, which may quote
 * a URL or header the secret was part of.
 *
 * @param text    Message.
 * @param secrets Values that must not appear.
 */
export function redactText(
	text: string,
	secrets: ReadonlyArray< string | undefined >
): string {
	let out = text;
	for ( const secret of secrets ) {
		if ( ! secret || secret.length < 3 ) {
			continue;
		}
		for ( const form of new Set( [
			secret,
			encodeURIComponent( secret ),
		] ) ) {
			out = out.split( form ).join( REDACTED );
		}
	}
	return out;
}

/**
 * A URL for display: credentials in it (user:password@) removed.
 *
 * @param url Any URL string.
 */
export function redactUrl( url: string ): string {
	try {
		const parsed = new URL( url );
		if ( parsed.username || parsed.password ) {
			parsed.username = '';
			parsed.password = '';
		}
		return parsed.href;
	} catch {
		// Not a URL: strip anything that looks like userinfo before an @.
		return url.replace( /\/\/[^/@\s]*@/g, '//' );
	}
}
