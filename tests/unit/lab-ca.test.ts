/**
 * @jest-environment node
 */

/**
 * External dependencies
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { createLabCa } from '../../src/lab/ca';

describe( 'lab CA', () => {
	let dir: string;

	beforeAll( () => {
		dir = fs.mkdtempSync(
			path.join( os.tmpdir(), 'proxy-health-lab-ca-' )
		);
	} );

	afterAll( () => {
		fs.rmSync( dir, { recursive: true, force: true } );
	} );

	it( 'issues a server certificate that verifies against the CA for its IP and DNS names', () => {
		const ca = createLabCa( dir );
		const root = new X509Certificate( ca.certPem );
		const issued = ca.issue( [ '127.0.0.2', 'lab.test' ] );
		const leaf = new X509Certificate( issued.certPem );

		expect( root.ca ).toBe( true );
		expect( leaf.ca ).toBe( false );
		expect( leaf.verify( root.publicKey ) ).toBe( true );
		expect( leaf.checkIssued( root ) ).toBe( true );
		expect( leaf.checkIP( '127.0.0.2' ) ).toBe( '127.0.0.2' );
		expect( leaf.checkIP( '127.0.0.3' ) ).toBeUndefined();
		expect( leaf.checkHost( 'lab.test' ) ).toBe( 'lab.test' );
		expect( leaf.keyUsage ).toContain( '1.3.6.1.5.5.7.3.1' );
		// The key handed out belongs to the certificate.
		expect(
			leaf.checkPrivateKey( createPrivateKey( issued.keyPem ) )
		).toBe( true );
		expect( root.publicKey.asymmetricKeyDetails?.modulusLength ).toBe(
			2048
		);
		expect( leaf.publicKey.asymmetricKeyDetails?.modulusLength ).toBe(
			2048
		);

		// A certificate from a different CA does not pass.
		const other = createLabCa( path.join( dir, 'other' ) );
		expect(
			leaf.verify( new X509Certificate( other.certPem ).publicKey )
		).toBe( false );
	} );

	it( 'reuses the CA already in the folder', () => {
		const first = createLabCa( dir );
		const second = createLabCa( dir );
		expect( second.certPem ).toBe( first.certPem );
		expect( second.certFile ).toBe( path.join( dir, 'ca.pem' ) );
		// Only the owner may read the CA key.
		expect(
			fs.statSync( path.join( dir, 'ca-key.pem' ) ).mode.toString( 8 )
		).toMatch( /600$/ );
		const leaf = new X509Certificate(
			second.issue( [ '127.0.0.5' ] ).certPem
		);
		expect(
			leaf.verify( new X509Certificate( first.certPem ).publicKey )
		).toBe( true );
	} );
} );
