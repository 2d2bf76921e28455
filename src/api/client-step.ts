/**
 * One client-driven bisection step, shared by the panel and the CLI: ask the site for the
 * next step's signed sandbox request, send it to the site as it is, and post the sandbox's
 * signed answer back. The site records it only if its signature checks out and it is for the
 * step the run expects, so this module never decides an outcome.
 */

/**
 * Internal dependencies
 */
import { ProxyHealthApiError, toApiError } from './api-error';
import type { ProxyHealthClient, RequestOptions } from './client';
import { isBisectionDocument as isBisection } from './contract/check/bisection-document';
import { isSandboxResultDocument as isSandboxResult } from './contract/check/sandbox-result-document';
import type { Bisection, SandboxRequest } from './types';

/** What the site answered to a sandbox request. */
export interface SandboxAnswer {
	status: number;
	text: string;
}

/**
 * Sends a sandbox request to the site exactly as given (browser: same-origin `fetch`; CLI:
 * Node's http with the CLI's proxy). Rejects when no HTTP answer arrived.
 */
export type SandboxSender = (
	request: SandboxRequest,
	signal?: AbortSignal
) => Promise< SandboxAnswer >;

/**
 * Runs the next step of a run from the client.
 *
 * Rejects with a `ProxyHealthApiError`: the site's refusals as they come, `aborted`, or
 * `proxy_health_sandbox_unreachable` / `proxy_health_sandbox_unanswered` when the sandbox
 * request got no signed answer (nothing is recorded then; the step can be tried again).
 *
 * @param client         REST client of the site.
 * @param id             Run id.
 * @param send           Sends the sandbox request.
 * @param options        Abort signal.
 * @param options.signal
 * @return The updated run (or the run as it ended).
 */
export async function runClientStep(
	client: ProxyHealthClient,
	id: string,
	send: SandboxSender,
	{ signal }: RequestOptions = {}
): Promise< Bisection > {
	const prepared = await client.prepareBisectionStep( id, { signal } );
	if ( isBisection( prepared ) ) {
		return prepared;
	}
	let answer: SandboxAnswer;
	try {
		answer = await send( prepared.request, signal );
	} catch ( thrown ) {
		const error = toApiError( thrown, signal );
		if ( error.kind === 'aborted' ) {
			throw error;
		}
		throw new ProxyHealthApiError(
			'network',
			'proxy_health_sandbox_unreachable',
			`The sandbox request for step ${ prepared.step } did not reach the site: ${ error.message }`,
			undefined,
			{ cause: thrown }
		);
	}
	if ( signal?.aborted ) {
		throw toApiError( signal.reason, signal );
	}
	let parsed: unknown = null;
	try {
		parsed = JSON.parse( answer.text );
	} catch {
		// Not JSON: reported below.
	}
	if ( ! isSandboxResult( parsed ) ) {
		throw new ProxyHealthApiError(
			'invalid_response',
			'proxy_health_sandbox_unanswered',
			`The site answered the sandbox request for step ${ prepared.step } with HTTP ${ answer.status } but without the sandbox's signed result: the must-use loader may not be loaded, or a cache or firewall answered instead.`,
			answer.status
		);
	}
	return client.submitBisectionResult( id, parsed, { signal } );
}
