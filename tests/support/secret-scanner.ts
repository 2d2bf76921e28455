/**
 * Finds secrets where they must never be: response bodies, files a run wrote, log files, table
 * dumps. A secret is searched in every form it can leak in — as is, URL-encoded, form-encoded,
 * JSON-escaped, and inside a base64 `user:password` pair (a `Proxy-Authorization` or
 * `Authorization` header value) — so a leak through a transcript or a header dump is caught too.
 *
 * Used by the secret audit; the CLI batch, evidence and bisection suites can reuse it.
 */

/**
 * External dependencies
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** One secret to look for, with the login it pairs with in Basic auth, if any. */
export interface Secret {
	/** Label for messages; never the secret itself. */
	name: string;
	value: string;
	username?: string;
}

/** Where a form of a secret was found. */
export interface Leak {
	secret: string;
	form: string;
	where: string;
	/** A few characters around the find, with the secret masked. */
	context: string;
}

/**
 * Every form a secret can take on the way out.
 *
 * @param secret The secret.
 */
export function secretForms(
	secret: Secret
): Array< { form: string; text: string } > {
	const forms = new Map< string, string >();
	const add = ( form: string, text: string ) => {
		if ( text.length >= 6 && ! [ ...forms.values() ].includes( text ) ) {
			forms.set( form, text );
		}
	};
	const value = secret.value;
	add( 'raw', value );
	add( 'url-encoded', encodeURIComponent( value ) );
	add(
		'form-encoded',
		new URLSearchParams( { v: value } ).toString().slice( 2 )
	);
	add( 'json-escaped', JSON.stringify( value ).slice( 1, -1 ) );
	add( 'php json_encode', phpJson( value ) );
	add(
		'base64',
		Buffer.from( value ).toString( 'base64' ).replace( /=+$/, '' )
	);
	if ( value.includes( ' ' ) ) {
		// Application Passwords are shown in groups of four and accepted without the spaces.
		add( 'without spaces', value.replace( / /g, '' ) );
	}
	if ( secret.username !== undefined ) {
		const pair = `${ secret.username }:${ value }`;
		add( 'base64 user:pass', Buffer.from( pair ).toString( 'base64' ) );
		add(
			'base64url user:pass',
			Buffer.from( pair ).toString( 'base64url' )
		);
		add(
			'url user:pass',
			`${ encodeURIComponent( secret.username ) }:${ encodeURIComponent( value ) }@`
		);
	}
	return [ ...forms ].map( ( [ form, text ] ) => ( { form, text } ) );
}

/**
 * A string as PHP's json_encode() writes it by default: slashes escaped, non-ASCII as \uXXXX.
 *
 * @param value String.
 */
function phpJson( value: string ): string {
	return JSON.stringify( value )
		.slice( 1, -1 )
		.replace( /\//g, '\\/' )
		.replace(
			/[\u0080-\uffff]/g,
			( char ) =>
				`\\u${ char.charCodeAt( 0 ).toString( 16 ).padStart( 4, '0' ) }`
		);
}

/** Collects leaks of a set of secrets across texts and files. */
export class SecretScanner {
	readonly leaks: Leak[] = [];
	/** Every place looked at, so a test can assert the audit covered what it meant to. */
	readonly scanned: string[] = [];
	private readonly forms: Array< {
		secret: string;
		form: string;
		text: string;
	} >;

	/**
	 * @param secrets Secrets to look for.
	 */
	constructor( secrets: readonly Secret[] ) {
		this.forms = secrets.flatMap( ( secret ) =>
			secretForms( secret ).map( ( form ) => ( {
				secret: secret.name,
				...form,
			} ) )
		);
	}

	/**
	 * Scans one text (a response body, a table dump, a log).
	 *
	 * @param where Label for the place.
	 * @param text  Content.
	 */
	scanText( where: string, text: string ): void {
		this.scanned.push( where );
		for ( const { secret, form, text: needle } of this.forms ) {
			let at = text.indexOf( needle );
			while ( at >= 0 ) {
				this.leaks.push( {
					secret,
					form,
					where,
					context: text
						.slice(
							Math.max( 0, at - 40 ),
							at + needle.length + 40
						)
						.replace( needle, `<${ secret }>` ),
				} );
				at = text.indexOf( needle, at + needle.length );
			}
		}
	}

	/**
	 * Scans every file under a folder modified at or after `sinceMs` (binary files too, as
	 * latin1 so every byte sequence is searchable). Symlinks are not followed.
	 *
	 * @param root    Folder.
	 * @param sinceMs Epoch milliseconds; 0 scans everything.
	 * @param exclude Paths relative to `root` that may hold the secret by design.
	 */
	async scanFiles(
		root: string,
		sinceMs: number,
		exclude: readonly string[] = []
	): Promise< void > {
		const entries = await readdir( root, {
			recursive: true,
			withFileTypes: true,
		} );
		for ( const entry of entries ) {
			if ( ! entry.isFile() ) {
				continue;
			}
			const full = path.join(
				entry.parentPath ?? entry.path,
				entry.name
			);
			const relative = path.relative( root, full );
			if ( exclude.includes( relative ) ) {
				continue;
			}
			const info = await stat( full );
			if ( info.mtimeMs < sinceMs ) {
				continue;
			}
			const content = await readFile( full );
			this.scanText( full, content.toString( 'latin1' ) );
			// Files are bytes: a UTF-8 secret must be searched as its UTF-8 bytes read as latin1.
			this.scanTextAsBytes( full, content );
		}
	}

	private scanTextAsBytes( where: string, content: Buffer ): void {
		for ( const { secret, form, text } of this.forms ) {
			const bytes = Buffer.from( text, 'utf8' );
			if ( bytes.length === text.length ) {
				continue; // ASCII: already found by scanText.
			}
			if ( content.indexOf( bytes ) >= 0 ) {
				this.leaks.push( { secret, form, where, context: '(binary)' } );
			}
		}
	}

	/** One line per leak, for a failing assertion's message. */
	report(): string[] {
		return this.leaks.map(
			( leak ) =>
				`${ leak.secret } (${ leak.form }) in ${ leak.where }: …${ leak.context }…`
		);
	}
}
