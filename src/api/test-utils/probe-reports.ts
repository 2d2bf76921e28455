/**
 * Internal dependencies
 */
import type { ProbeReport } from '../types';
import { STATUS } from './fake-fetch';

const FINGERPRINT: ProbeReport[ 'fingerprint' ] = {
	wp: '6.6.2',
	php: '8.2.26',
	plugins: { 'akismet/akismet.php': '5.3.3' },
	theme: 'twentytwentyfour@1.2',
	proxyConfigHash: '3f2a9c0d41be7e55',
	htaccessHash: null,
};

/**
 * A proxy that rejects WordPress's credentials, as `Probe_Runner` reports it: the HTTPS target
 * fails on CONNECT (a `WP_Error`, cURL error 56), the plain-HTTP one gets a 407 response with
 * the proxy's realm and `Via`.
 */
export const REPORT_407: ProbeReport = {
	id: '5b0c9d7e-8f4a-4d2b-9a61-2f0e8c1d3b47',
	createdAt: '2026-11-26T10:15:00+00:00',
	verdict: 'fail',
	proxy: STATUS.proxy,
	results: [
		{
			target: 'https://api.wordpress.org/core/version-check/1.7/',
			method: 'GET',
			transport: 'curl',
			viaProxy: true,
			outcome: 'proxy_auth_required',
			connectStatus: 407,
			proxyAuthOffered: [ 'Basic' ],
			timingsMs: {
				dns: 0.4,
				connect: 1.2,
				tls: 0,
				firstByte: 0,
				total: 3.6,
			},
			error: {
				code: 'http_request_failed',
				message: 'cURL error 56: CONNECT tunnel failed, response 407',
			},
		},
		{
			target: 'http://downloads.example.test/latest.zip',
			method: 'GET',
			transport: 'curl',
			viaProxy: true,
			outcome: 'proxy_auth_required',
			httpStatus: 407,
			proxyAuthOffered: [ 'Basic' ],
			proxyRealm: 'Corporate proxy',
			proxyServer: '1.1 proxy.example.test (squid/5.7)',
			timingsMs: {
				dns: 0.3,
				connect: 1.1,
				tls: 0,
				firstByte: 2.4,
				total: 2.6,
			},
		},
		{
			target: 'http://localhost/wp-cron.php',
			method: 'GET',
			transport: 'curl',
			viaProxy: false,
			bypassReason: 'bypassed',
			outcome: 'ok',
			httpStatus: 200,
			timingsMs: { total: 12.4 },
		},
		{
			target: 'http://example.test/',
			method: 'GET',
			transport: 'fsockopen',
			viaProxy: true,
			outcome: 'http_error',
			httpStatus: 502,
			timingsMs: { total: 48 },
		},
	],
	// In the order a filter might leave them: the panel sorts by severity.
	diagnoses: [
		{
			code: 'target_unreachable',
			severity: 'recommended',
			title: 'Some targets could not be reached',
			detail: 'The proxy accepted the request but the target failed or answered with an error.',
			remedies: [
				'Open the evidence below to see which target failed and how.',
			],
			evidence: [
				'GET http://example.test/ · via proxy · transport fsockopen · HTTP 502 → http_error',
			],
		},
		{
			code: 'proxy_auth_rejected',
			severity: 'critical',
			title: 'The proxy rejects the username or password WordPress sends',
			detail: 'WordPress sent credentials for "alice" and the proxy still answered 407 Proxy Authentication Required.',
			remedies: [
				'Check WP_PROXY_USERNAME and WP_PROXY_PASSWORD in wp-config.php for typos, expired passwords and a missing DOMAIN\\ prefix.',
				'Compare the schemes the proxy offers with the ones your PHP cURL supports (Tools → Proxy Health shows both).',
			],
			evidence: [
				'GET https://api.wordpress.org/core/version-check/1.7/ · via proxy · transport curl · CONNECT 407 · proxy offers Basic · cURL error 56: CONNECT tunnel failed, response 407 → proxy_auth_required',
				'GET http://downloads.example.test/latest.zip · via proxy · transport curl · HTTP 407 · proxy offers Basic → proxy_auth_required',
			],
		},
	],
	fingerprint: FINGERPRINT,
};

/** Every probe reached its target through the proxy. */
export const REPORT_PASS: ProbeReport = {
	id: 'c1f7a3b2-6d4e-4f80-8b19-7a2e5d0c9f13',
	createdAt: '2026-11-26T10:20:00+00:00',
	verdict: 'pass',
	proxy: STATUS.proxy,
	results: [
		{
			target: 'https://api.wordpress.org/core/version-check/1.7/',
			method: 'GET',
			transport: 'curl',
			viaProxy: true,
			outcome: 'ok',
			httpStatus: 200,
			connectStatus: 200,
			timingsMs: {
				dns: 0.4,
				connect: 1.2,
				tls: 38.5,
				firstByte: 180.2,
				total: 181.7,
			},
		},
	],
	diagnoses: [
		{
			code: 'proxy_ok',
			severity: 'good',
			title: 'Outbound requests work through the proxy',
			detail: 'Every probe reached its target through proxy.example.test:3128.',
			remedies: [],
			evidence: [
				'GET https://api.wordpress.org/core/version-check/1.7/ · via proxy · transport curl · CONNECT 200 · HTTP 200 → ok',
			],
		},
	],
	fingerprint: { ...FINGERPRINT, plugins: {} },
};
