/**
 * Internal dependencies
 */
import type { SiteScanReport } from '../types';

/** A GET /scan answer: one plugin suspect with two hits, two skipped files. */
export const SCAN: SiteScanReport = {
	suspects: [
		{
			type: 'plugin',
			slug: 'bad',
			score: 16,
			hits: [
				{
					code: 'curl_proxy_option',
					weight: 9,
					file: 'plugins/bad/bad.php',
					line: 24,
					detail: 'curl_setopt( CURLOPT_PROXYUSERPWD )',
				},
				{
					code: 'hook_http_api_curl',
					weight: 7,
					file: 'plugins/bad/bad.php',
					line: 20,
					detail: "add_action( 'http_api_curl' )",
				},
			],
		},
	],
	problems: [
		{
			file: 'plugins/a/broken.php',
			line: 2,
			reason: 'parse_error',
			message: 'syntax error',
		},
		{
			file: 'plugins/a/big.php',
			line: null,
			reason: 'too_large',
			message: 'larger than 1048576 bytes; not scanned',
		},
	],
	filesScanned: 12,
	truncated: false,
	elapsedMs: 4,
};
