/**
 * Password file lines for squid's auth helpers, made in Node so the lab needs no `htpasswd`.
 */

/* eslint-disable no-bitwise -- MD5-crypt is defined in bit operations. */

/**
 * External dependencies
 */
import crypto from 'node:crypto';

const ITOA64 =
	'./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * MD5-crypt (`$1$salt$hash`, the FreeBSD/glibc scheme), which `basic_ncsa_auth` checks with its
 * own implementation, so it works whatever crypt(3) the system has. Squid 5.7 on Debian also
 * accepted `$apr1$`, `$6$`, bcrypt and a bare MD5 hex digest when tried; `$1$` is the one squid
 * itself implements.
 *
 * @param password Plain password.
 * @param salt     Up to 8 characters of [./0-9A-Za-z]; random when omitted.
 */
export function md5Crypt(
	password: string,
	salt: string = randomSalt()
): string {
	const magic = '$1$';
	const pw = Buffer.from( password, 'utf8' );
	const saltBytes = Buffer.from( salt.slice( 0, 8 ), 'utf8' );

	const alternate = md5( pw, saltBytes, pw );
	const parts: Buffer[] = [ pw, Buffer.from( magic ), saltBytes ];
	for ( let left = pw.length; left > 0; left -= 16 ) {
		parts.push( alternate.subarray( 0, Math.min( left, 16 ) ) );
	}
	for ( let bits = pw.length; bits > 0; bits >>= 1 ) {
		parts.push( bits & 1 ? Buffer.from( [ 0 ] ) : pw.subarray( 0, 1 ) );
	}
	let digest = md5( ...parts );

	// 1000 rounds, as the algorithm defines, to slow down guessing.
	for ( let round = 0; round < 1000; round++ ) {
		const roundParts: Buffer[] = [ round & 1 ? pw : digest ];
		if ( round % 3 ) {
			roundParts.push( saltBytes );
		}
		if ( round % 7 ) {
			roundParts.push( pw );
		}
		roundParts.push( round & 1 ? digest : pw );
		digest = md5( ...roundParts );
	}

	const byte = ( index: number ): number => digest[ index ] ?? 0;
	let encoded = '';
	for ( const [ a, b, c ] of [
		[ 0, 6, 12 ],
		[ 1, 7, 13 ],
		[ 2, 8, 14 ],
		[ 3, 9, 15 ],
		[ 4, 10, 5 ],
	] as const ) {
		encoded += to64(
			( byte( a ) << 16 ) | ( byte( b ) << 8 ) | byte( c ),
			4
		);
	}
	encoded += to64( byte( 11 ), 2 );
	return `${ magic }${ saltBytes.toString( 'utf8' ) }$${ encoded }`;
}

/**
 * A `basic_ncsa_auth` password file line.
 *
 * @param username User name (no colon, no whitespace).
 * @param password Plain password.
 */
export function ncsaLine( username: string, password: string ): string {
	return `${ username }:${ md5Crypt( password ) }\n`;
}

/**
 * A `digest_file_auth -c` line: `user:realm:HA1`, so the plain password is not on disk and may
 * contain a colon (the plain-text format of that helper rejects such passwords).
 *
 * @param username User name (no colon, no whitespace).
 * @param realm    Digest realm squid announces.
 * @param password Plain password.
 */
export function digestLine(
	username: string,
	realm: string,
	password: string
): string {
	const ha1 = crypto
		.createHash( 'md5' )
		.update( `${ username }:${ realm }:${ password }`, 'utf8' )
		.digest( 'hex' );
	return `${ username }:${ realm }:${ ha1 }\n`;
}

function md5( ...parts: Buffer[] ): Buffer {
	const hash = crypto.createHash( 'md5' );
	for ( const part of parts ) {
		hash.update( part );
	}
	return hash.digest();
}

function to64( value: number, count: number ): string {
	let out = '';
	for ( let i = 0; i < count; i++ ) {
		out += ITOA64[ value & 0x3f ];
		value >>= 6;
	}
	return out;
}

function randomSalt(): string {
	return Array.from(
		crypto.randomBytes( 8 ),
		( b ) => ITOA64[ b & 0x3f ]
	).join( '' );
}
