/**
 * Checks one site: `GET /status`, then `POST /probes`, with retries on 5xx and timeouts.
 */

/**
 * Internal dependencies
 */
import { createClient, type Transport } from '../../api/client';
import type { ProbeReport, StatusResponse, Verdict } from '../../api/types';
import { createNodeTransport } from './node-transport';
import type { Secret } from './secret';
import { isRetryable, toSiteError, type SiteError } from './site-error';

/** A site to check. The password is a `Secret`: it never serialises. */
export interface SiteTarget {
	url: string;
	user: string;
	password: Secret;
}

/**
 * What the CLI knows about one site: the REST documents verbatim, plus `site`, `ok` and
 * `error` when it could not be checked.
 */
export interface SiteResult {
	site: string;
	user: string;
	/** True when the probes ran and the verdict is not `fail` (a `warn` passes). */
	ok: boolean;
	verdict?: Verdict;
	status?: StatusResponse;
	report?: ProbeReport;
	error?: SiteError;
	/** Requests made, retries included. */
	attempts: number;
	durationMs: number;
}

export interface CheckOptions {
	/** Per request, milliseconds. */
	timeoutMs: number;
	/** Retries after the first attempt of each request. */
	retries: number;
	/** First backoff delay; doubled each retry (plus jitter). Default 500 ms. */
	backoffMs?: number;
	env?: Readonly< Record< string, string | undefined > >;
	/** Extra trusted CA (PEM) for HTTPS sites. */
	ca?: string;
	/** For tests and benchmarks: another transport for the site. */
	transportFor?: ( target: SiteTarget, timeoutMs: number ) => Transport;
	/** Ctrl-C: aborts the requests in flight and the backoff waits (the site ends `aborted`). */
	signal?: AbortSignal;
}

/**
 * Waits, or less when the signal aborts.
 *
 * @param ms     Milliseconds.
 * @param signal Abort.
 */
const sleep = ( ms: number, signal?: AbortSignal ) =>
	new Promise< void >( ( resolve ) => {
		if ( signal?.aborted ) {
			resolve();
			return;
		}
		const done = () => {
			clearTimeout( timer );
			signal?.removeEventListener( 'abort', done );
			resolve();
		};
		const timer = setTimeout( done, ms );
		signal?.addEventListener( 'abort', done, { once: true } );
	} );

/**
 * Runs one client call, retrying on 5xx and timeouts with exponential backoff.
 *
 * @param call    The call.
 * @param options Retries and backoff.
 * @param count   Counts attempts.
 */
async function withRetries< T >(
	call: () => Promise< T >,
	options: CheckOptions,
	count: () => void
): Promise< T > {
	const base = options.backoffMs ?? 500;
	for ( let attempt = 0; ; attempt++ ) {
		count();
		try {
			return await call();
		} catch ( thrown ) {
			const error = toSiteError( thrown );
			if (
				attempt >= options.retries ||
				! isRetryable( error ) ||
				options.signal?.aborted
			) {
				throw thrown;
			}
			const delay = base * 2 ** attempt;
			await sleep( delay + Math.random() * delay * 0.2, options.signal );
		}
	}
}

/**
 * Checks one site; never throws: failures become `error` with a stable code.
 *
 * @param target  Site and credentials.
 * @param options Timeout, retries, environment.
 */
export async function checkSite(
	target: SiteTarget,
	options: CheckOptions
): Promise< SiteResult > {
	const started = performance.now();
	let attempts = 0;
	const count = () => {
		attempts++;
	};
	const transport = options.transportFor
		? options.transportFor( target, options.timeoutMs )
		: createNodeTransport( {
				siteUrl: target.url,
				user: target.user,
				password: target.password,
				timeoutMs: options.timeoutMs,
				env: options.env,
				ca: options.ca,
			} );
	const client = createClient( transport );
	const base = { site: target.url, user: target.user };
	// A signal of this site's own, following the run's: requests combine it with their timeout,
	// and a combination with the run-wide signal would stay registered on it for the whole run.
	const site = new AbortController();
	const follow = () => site.abort( options.signal?.reason );
	options.signal?.addEventListener( 'abort', follow, { once: true } );
	const signal = options.signal ? { signal: site.signal } : {};
	let status: StatusResponse | undefined;
	try {
		status = await withRetries(
			() => client.getStatus( signal ),
			options,
			count
		);
		const report = await withRetries(
			() => client.runProbes( signal ),
			options,
			count
		);
		return {
			...base,
			ok: report.verdict !== 'fail',
			verdict: report.verdict,
			status,
			report,
			attempts,
			durationMs: Math.round( performance.now() - started ),
		};
	} catch ( thrown ) {
		return {
			...base,
			ok: false,
			...( status ? { status } : {} ),
			error: toSiteError( thrown ),
			attempts,
			durationMs: Math.round( performance.now() - started ),
		};
	} finally {
		options.signal?.removeEventListener( 'abort', follow );
	}
}
