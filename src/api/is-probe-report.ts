/**
 * Internal dependencies
 */
import { isProxyConfig } from './is-proxy-config';
import {
	arrayOf,
	hasShape,
	isBoolean,
	isNullableString,
	isNumber,
	isRecord,
	isString,
	isStringArray,
	oneOf,
	optional,
} from './shape-guards';
import type { Guard } from './shape-guards';
import type {
	CredentialsSource,
	DiagnosisSeverity,
	ProbeOutcome,
	ProbeReport,
	TransportName,
	Verdict,
} from './types';

const VERDICTS: readonly Verdict[] = [ 'pass', 'fail', 'warn' ];
const TRANSPORTS: readonly TransportName[] = [ 'curl', 'fsockopen' ];
const OUTCOMES: readonly ProbeOutcome[] = [
	'ok',
	'proxy_auth_required',
	'connect_failed',
	'timeout',
	'tls_error',
	'dns_error',
	'http_error',
	'proxy_denied',
];
const CREDENTIALS_SOURCES: readonly CredentialsSource[] = [
	'one-off',
	'wp-config',
	'none',
];
const SEVERITIES: readonly DiagnosisSeverity[] = [
	'critical',
	'recommended',
	'good',
];

const isOptionalNumber = optional( isNumber );

const isTimings: Guard = ( value ) =>
	hasShape( value, {
		dns: isOptionalNumber,
		connect: isOptionalNumber,
		tls: isOptionalNumber,
		firstByte: isOptionalNumber,
		total: isNumber,
	} );

const isResult: Guard = ( value ) =>
	hasShape( value, {
		target: isString,
		method: isString,
		transport: oneOf( TRANSPORTS ),
		viaProxy: isBoolean,
		bypassReason: optional( isString ),
		outcome: oneOf( OUTCOMES ),
		httpStatus: isOptionalNumber,
		connectStatus: isOptionalNumber,
		proxyAuthOffered: optional( isStringArray ),
		proxyRealm: optional( isString ),
		proxyServer: optional( isString ),
		timingsMs: isTimings,
		error: optional( ( error ) =>
			hasShape( error, { code: isString, message: isString } )
		),
		transcript: optional( isStringArray ),
		tlsCertificate: optional( ( certificate ) =>
			hasShape( certificate, {
				subject: isString,
				issuer: isString,
				chainsToBundle: ( chains ) =>
					chains === null || isBoolean( chains ),
				bundle: isString,
			} )
		),
	} );

/*
 * Diagnosis codes are not checked against the known list: the `proxy_health_diagnoses`
 * filter lets other plugins add diagnoses with codes of their own.
 */
const isDiagnosis: Guard = ( value ) =>
	hasShape( value, {
		code: isString,
		severity: oneOf( SEVERITIES ),
		title: isString,
		detail: isString,
		remedies: isStringArray,
		evidence: isStringArray,
	} );

/*
 * PHP encodes an empty associative array as `[]`, so a site without active plugins sends
 * `plugins: []`; it means the same as `{}`.
 */
const isPluginVersions: Guard = ( value ) =>
	( Array.isArray( value ) && value.length === 0 ) ||
	( isRecord( value ) && Object.values( value ).every( isString ) );

const isFingerprint: Guard = ( value ) =>
	hasShape( value, {
		wp: isString,
		php: isString,
		plugins: isPluginVersions,
		theme: isString,
		proxyConfigHash: isString,
		// Null when the site has no readable .htaccess (`Fingerprint::current()`).
		htaccessHash: isNullableString,
	} );

/**
 * Checks a `POST /probes` body (a `ProbeReport`) against `Probes_Controller::get_item_schema()`
 * and `Probe_Runner::run()`, so that anything else is reported as an invalid response instead
 * of crashing whatever renders it. Extra fields are allowed (the contract only adds fields).
 *
 * @param value A parsed response body.
 */
export function isProbeReport( value: unknown ): value is ProbeReport {
	return hasShape( value, {
		id: isString,
		createdAt: isString,
		verdict: oneOf( VERDICTS ),
		proxy: isProxyConfig,
		results: arrayOf( isResult ),
		diagnoses: arrayOf( isDiagnosis ),
		fingerprint: isFingerprint,
		credentialsSource: optional( oneOf( CREDENTIALS_SOURCES ) ),
		transports: optional( arrayOf( oneOf( TRANSPORTS ) ) ),
		wpConfigLines: optional( isStringArray ),
	} );
}
