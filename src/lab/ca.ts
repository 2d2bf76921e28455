/**
 * A throw-away certificate authority for the lab's HTTPS targets.
 *
 * WordPress and cURL get the CA file and verify for real; the lab never switches verification off.
 */

/**
 * External dependencies
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import forge from 'node-forge';

export interface IssuedCertificate {
	/** Leaf certificate, PEM. */
	certPem: string;
	/** Unencrypted PKCS#8 private key of the leaf, PEM. */
	keyPem: string;
}

export interface LabCa {
	/** Absolute path of the CA certificate (hand this to cURL / `sslcertificates`). */
	certFile: string;
	/** The CA certificate, PEM. */
	certPem: string;
	/**
	 * Issues a server certificate for the given names.
	 *
	 * @param names IP addresses (become IP SANs) or DNS names; the first one is also the CN.
	 */
	issue: ( names: string[] ) => IssuedCertificate;
}

const CA_SUBJECT = [
	{ name: 'commonName', value: 'Proxy Health Lab CA' },
	{ name: 'organizationName', value: 'Proxy Health Lab' },
];
const CA_VALIDITY_DAYS = 3650;
// Stay under the 398 days clients accept for server certificates.
const LEAF_VALIDITY_DAYS = 365;
// A CA that expires within this window is replaced rather than reused.
const CA_RENEW_BEFORE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Names of a lab CA other than the default one (e.g. the inspection CA of an intercepting proxy). */
export interface LabCaName {
	commonName: string;
	organizationName: string;
}

/**
 * Creates a lab CA in `dir` (ca.pem and ca-key.pem), or reuses the one already there.
 *
 * @param dir    Folder for the CA files; created if missing.
 * @param caName Subject of a new CA; default `Proxy Health Lab CA`. A CA in `dir` with another
 *               subject is replaced.
 */
export function createLabCa( dir: string, caName?: LabCaName ): LabCa {
	fs.mkdirSync( dir, { recursive: true } );
	const certFile = path.resolve( dir, 'ca.pem' );
	const keyFile = path.resolve( dir, 'ca-key.pem' );

	const subject = caName
		? [
				{ name: 'commonName', value: caName.commonName },
				{ name: 'organizationName', value: caName.organizationName },
			]
		: CA_SUBJECT;
	const loaded = loadCa( certFile, keyFile );
	const reusable =
		loaded &&
		(
			loaded.cert.subject.getField( 'CN' ) as {
				value?: unknown;
			} | null
		 )?.value === subject[ 0 ]?.value
			? loaded
			: null;
	const { cert: caCert, key: caKey } =
		reusable ?? writeCa( certFile, keyFile, subject );
	const certPem = forge.pki.certificateToPem( caCert );
	const caKeyId = caCert.generateSubjectKeyIdentifier().getBytes();

	return {
		certFile,
		certPem,
		issue( names: string[] ): IssuedCertificate {
			if ( names.length === 0 ) {
				throw new Error(
					'A lab certificate needs at least one host name or IP address.'
				);
			}
			const keys = forge.pki.rsa.generateKeyPair( { bits: 2048 } );
			const cert = newCertificate( keys.publicKey, LEAF_VALIDITY_DAYS );
			cert.setSubject( [ { name: 'commonName', value: names[ 0 ] } ] );
			cert.setIssuer( caCert.subject.attributes );
			cert.setExtensions( [
				{ name: 'basicConstraints', cA: false, critical: true },
				{
					name: 'keyUsage',
					critical: true,
					digitalSignature: true,
					keyEncipherment: true,
				},
				{ name: 'extKeyUsage', serverAuth: true },
				{
					name: 'subjectAltName',
					altNames: names.map( ( name ) =>
						net.isIP( name )
							? { type: 7, ip: name }
							: { type: 2, value: name }
					),
				},
				{ name: 'subjectKeyIdentifier' },
				{ name: 'authorityKeyIdentifier', keyIdentifier: caKeyId },
			] );
			cert.sign( caKey, forge.md.sha256.create() );
			return {
				certPem: forge.pki.certificateToPem( cert ),
				keyPem: forge.pki.privateKeyInfoToPem(
					forge.pki.wrapRsaPrivateKey(
						forge.pki.privateKeyToAsn1( keys.privateKey )
					)
				),
			};
		},
	};
}

interface CaPair {
	cert: forge.pki.Certificate;
	key: forge.pki.rsa.PrivateKey;
}

/**
 * Reads an existing CA; answers null when it is missing, unreadable or about to expire.
 *
 * @param certFile CA certificate path.
 * @param keyFile  CA key path.
 */
function loadCa( certFile: string, keyFile: string ): CaPair | null {
	if ( ! fs.existsSync( certFile ) || ! fs.existsSync( keyFile ) ) {
		return null;
	}
	try {
		const cert = forge.pki.certificateFromPem(
			fs.readFileSync( certFile, 'utf8' )
		);
		const key = forge.pki.privateKeyFromPem(
			fs.readFileSync( keyFile, 'utf8' )
		);
		const renewAt =
			cert.validity.notAfter.getTime() - CA_RENEW_BEFORE_DAYS * DAY_MS;
		const publicKey = cert.publicKey as forge.pki.rsa.PublicKey;
		// A key that does not belong to the certificate would sign leaves nobody can verify.
		if ( Date.now() > renewAt || publicKey.n.compareTo( key.n ) !== 0 ) {
			return null;
		}
		return { cert, key };
	} catch {
		return null;
	}
}

/**
 * Generates a new self-signed CA and writes it, key first, each file through a rename so a
 * concurrent reader never sees half a file.
 *
 * @param certFile CA certificate path.
 * @param keyFile  CA key path.
 * @param subject  The CA's subject (and issuer).
 */
function writeCa(
	certFile: string,
	keyFile: string,
	subject: forge.pki.CertificateField[]
): CaPair {
	const keys = forge.pki.rsa.generateKeyPair( { bits: 2048 } );
	const cert = newCertificate( keys.publicKey, CA_VALIDITY_DAYS );
	cert.setSubject( subject );
	cert.setIssuer( subject );
	cert.setExtensions( [
		{ name: 'basicConstraints', cA: true, critical: true },
		{
			name: 'keyUsage',
			critical: true,
			keyCertSign: true,
			cRLSign: true,
			digitalSignature: true,
		},
		{ name: 'subjectKeyIdentifier' },
	] );
	cert.sign( keys.privateKey, forge.md.sha256.create() );

	writeAtomically(
		keyFile,
		forge.pki.privateKeyToPem( keys.privateKey ),
		0o600
	);
	writeAtomically( certFile, forge.pki.certificateToPem( cert ), 0o644 );
	return { cert, key: keys.privateKey };
}

function newCertificate(
	publicKey: forge.pki.PublicKey,
	validityDays: number
): forge.pki.Certificate {
	const cert = forge.pki.createCertificate();
	cert.publicKey = publicKey;
	cert.serialNumber = randomSerial();
	// Back-date a little so a clock that is slightly behind still accepts the certificate.
	cert.validity.notBefore = new Date( Date.now() - DAY_MS );
	cert.validity.notAfter = new Date( Date.now() + validityDays * DAY_MS );
	return cert;
}

/**
 * 16 random bytes as hex; the first byte is kept in 0x40–0x7f so the DER integer is positive and
 * minimally encoded (strict parsers reject a needless leading zero byte).
 */
function randomSerial(): string {
	const bytes = crypto.randomBytes( 16 );
	bytes[ 0 ] = 0x40 + ( ( bytes[ 0 ] ?? 0 ) % 0x40 );
	return bytes.toString( 'hex' );
}

function writeAtomically( file: string, contents: string, mode: number ): void {
	const temporary = `${ file }.${ process.pid }.${ crypto.randomBytes( 4 ).toString( 'hex' ) }.tmp`;
	fs.writeFileSync( temporary, contents, { mode } );
	fs.renameSync( temporary, file );
}
