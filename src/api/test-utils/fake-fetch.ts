/**
 * Internal dependencies
 */
import type { StatusResponse } from '../types';

/** A `GET /status` body with every field filled. */
export const STATUS: StatusResponse = {
	proxy: {
		enabled: true,
		host: 'proxy.example.test',
		port: '3128',
		username: 'alice',
		hasPassword: true,
		authEnabled: true,
		bypassHosts: [ 'localhost', '*.intranet.test' ],
		sources: {
			host: 'constant',
			port: 'constant',
			username: 'constant',
			password: 'constant',
			bypassHosts: 'constant',
		},
	},
	transports: {
		curl: {
			available: true,
			version: '7.88.1',
			sslVersion: 'OpenSSL/3.0.15',
			authSchemes: [ 'Basic', 'Digest', 'NTLM', 'SPNEGO' ],
		},
		fsockopen: { available: true },
	},
	environment: [
		{
			name: 'https_proxy',
			value: 'http://***@proxy.example.test:3128',
			seenBy: 'getenv',
		},
	],
	runtime: {
		wordpress: '6.6.2',
		php: '8.2.26',
		sapi: 'fpm-fcgi',
		parallelFsockopen: { available: true, reason: null },
	},
	writeFeatures: {
		debugSwitch: { available: true, reason: null },
		applyCredentials: { available: true, reason: null },
		bisection: { available: true, reason: null },
	},
	findings: [
		{
			code: 'proxy_config_ok',
			severity: 'good',
			title: 'The proxy configuration is well formed',
			detail: 'WP_PROXY_* are complete and written the way WordPress expects.',
			remedies: [],
			evidence: [ "WP_PROXY_HOST = 'proxy.example.test'" ],
		},
	],
};

/** What the fake network does with one request. */
export type FakeAnswer =
	{ status: number; body: string } | { networkError: true };

/** The parts of `Response` that api-fetch reads. */
interface FakeResponse {
	ok: boolean;
	status: number;
	text: () => Promise< string >;
}

/**
 * Replaces `fetch` (jsdom has none) with a queue of answers, so the panel runs through the
 * real api-fetch and the real transport. Each call takes the next answer; `hold` keeps a
 * call pending until `release` is called.
 */
export function installFakeFetch() {
	const answers: FakeAnswer[] = [];
	const requests: Array< { url: string; init: RequestInit | undefined } > =
		[];
	let held: ( () => void ) | null = null;
	let holdNext = false;

	const fakeFetch = ( url: string, init?: RequestInit ) => {
		requests.push( { url, init } );
		const answer = answers.shift();
		if ( ! answer ) {
			return Promise.reject(
				new Error( `Unexpected request to ${ url }` )
			);
		}
		const respond = (): Promise< FakeResponse > => {
			if ( 'networkError' in answer ) {
				return Promise.reject( new TypeError( 'Failed to fetch' ) );
			}
			return Promise.resolve( {
				ok: answer.status >= 200 && answer.status < 300,
				status: answer.status,
				text: () => Promise.resolve( answer.body ),
			} );
		};
		if ( ! holdNext ) {
			return respond();
		}
		holdNext = false;
		return new Promise< FakeResponse >( ( resolve, reject ) => {
			const signal = init?.signal;
			signal?.addEventListener( 'abort', () =>
				reject(
					new DOMException(
						'The operation was aborted.',
						'AbortError'
					)
				)
			);
			held = () => respond().then( resolve, reject );
		} );
	};

	const original = globalThis.fetch;
	globalThis.fetch = fakeFetch as unknown as typeof fetch;

	return {
		requests,
		/**
		 * Queues the answer to the next request.
		 * @param next
		 */
		answer( next: FakeAnswer ) {
			answers.push( next );
		},
		/**
		 * Queues a JSON answer.
		 * @param status
		 * @param body
		 */
		answerJson( status: number, body: unknown ) {
			answers.push( { status, body: JSON.stringify( body ) } );
		},
		/** Keeps the next request pending until `release()`. */
		holdNext() {
			holdNext = true;
		},
		release() {
			held?.();
			held = null;
		},
		restore() {
			globalThis.fetch = original;
		},
	};
}
