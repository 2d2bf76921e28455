/**
 * A small typed client for the Proxy Health REST API, shared by the admin panel and the CLI.
 *
 * It knows routes and shapes only; how a request reaches the site (api-fetch with the REST
 * nonce in wp-admin, `fetch` with an Application Password in Node) is the transport's job.
 * Nothing here may import DOM or WordPress code.
 */

/**
 * Internal dependencies
 */
import { ProxyHealthApiError, toApiError } from './api-error';
import { isProbeReportDocument } from './contract/check/probe-report-document';
import { isStatusDocument } from './contract/check/status-document';
import { load } from './contract/load';
import type { ChangesDocument } from './contract/types';
import type {
	AlertSettings,
	AllowList,
	Bisection,
	BisectionRequest,
	PreparedBisectionStep,
	SandboxResult,
	Changes,
	Evidence,
	EvidenceSession,
	EvidenceSessionRequest,
	EvidenceSessionStopped,
	ExplainResult,
	HooksReport,
	ProbeHistoryPage,
	ProbeReport,
	ProxyConfigApplied,
	ProxyConfigRequest,
	ProxyConfigReverted,
	ReportDocument,
	ServerLogs,
	SiteScanReport,
	StatusResponse,
	TransportName,
} from './types';

export { ProxyHealthApiError, toApiError } from './api-error';
export type { ApiErrorKind } from './api-error';

/** REST namespace of every Proxy Health route. */
export const REST_NAMESPACE = 'proxy-health/v1';

/** A document validator (compiled from the contract by `npm run contract`). */
type Check< T > = ( body: unknown ) => body is T;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One REST call. `path` starts with `/` and is relative to the REST root (`/wp-json`). */
export interface TransportRequest {
	path: string;
	method: HttpMethod;
	data?: unknown;
	signal?: AbortSignal;
}

/**
 * Sends a request and resolves with the parsed JSON body; rejects with whatever the
 * underlying fetch threw (see `toApiError` for what is understood).
 */
export type Transport = ( request: TransportRequest ) => Promise< unknown >;

export interface RequestOptions {
	/** Aborts the request; the call then rejects with a `ProxyHealthApiError` of kind `aborted`. */
	signal?: AbortSignal;
}

export interface RunProbesOptions extends RequestOptions {
	/**
	 * http or https URLs to probe (at most 10); the site's default targets when left out.
	 * Invalid URLs make the call reject with kind `invalid_request` (`rest_invalid_param`).
	 */
	targets?: string[];
	/** Transports to probe with (`curl`, `fsockopen`); every available one when left out. */
	transports?: TransportName[];
	/**
	 * Proxy credentials for this run only; the site never stores them and never returns the
	 * password. When they work and wp-config.php's do not, `wpConfigLines` holds the lines to
	 * paste with the username and a placeholder for the password (see
	 * src/admin/utils/wp-config-lines.ts, which fills it).
	 */
	credentials?: { username: string; password: string };
}

export interface ListProbesOptions extends RequestOptions {
	/** Page from 1 (default 1). */
	page?: number;
	/** Reports per page, 1 to 50 (default 10). */
	perPage?: number;
}

export interface ExplainOptions extends RequestOptions {
	/**
	 * The http or https URL to explain (at most 2048 characters, no whitespace or control
	 * characters); otherwise the call rejects with kind `invalid_request` (`rest_invalid_param`).
	 */
	url: string;
}

export interface GetReportOptions extends RequestOptions {
	/** Probe now (the run is kept in the site's history) instead of returning the latest stored report. */
	run?: boolean;
	/** Also run the inbound check (requests to the site's own entry points). */
	inbound?: boolean;
}

export interface ApplyProxyConfigOptions
	extends RequestOptions, ProxyConfigRequest {}

export interface StartBisectionOptions
	extends RequestOptions, BisectionRequest {}

export interface StartEvidenceSessionOptions
	extends RequestOptions, Partial< EvidenceSessionRequest > {}

export interface GetEvidenceOptions extends RequestOptions {
	/** How much of the end of each log, in KB (1 to 64; the site's default when left out). */
	logKb?: number;
	/** Follow the redirect chains of home, robots.txt and the sitemap (default true; a few loopback requests). */
	chains?: boolean;
}

export interface ProxyHealthClient {
	/** `GET /status`: proxy configuration, transports, environment proxies, runtime. */
	getStatus: ( options?: RequestOptions ) => Promise< StatusResponse >;
	/**
	 * `POST /probes`: sends real requests through WordPress's HTTP API now and diagnoses
	 * them. Aborting stops waiting; the site still finishes the requests it has started.
	 */
	runProbes: ( options?: RunProbesOptions ) => Promise< ProbeReport >;
	/** `GET /probes`: a page of the stored reports (the last 50), newest first. */
	listProbes: ( options?: ListProbesOptions ) => Promise< ProbeHistoryPage >;
	/**
	 * `GET /probes/{id}`: one stored report. Rejects with kind `not_found`
	 * (`proxy_health_report_not_found`) for an id the history does not hold.
	 */
	getProbe: (
		id: string,
		options?: RequestOptions
	) => Promise< ProbeReport >;
	/**
	 * `POST /explain`: whether WordPress would send a URL through its proxy, and why,
	 * including callbacks on `pre_http_send_through_proxy`. Sends nothing to the URL.
	 */
	explain: ( options: ExplainOptions ) => Promise< ExplainResult >;
	/**
	 * `GET /hooks`: callbacks on the HTTP-related hooks, each with the plugin, theme,
	 * must-use plugin, drop-in or core file (and line) that declares it.
	 */
	getHooks: ( options?: RequestOptions ) => Promise< HooksReport >;
	/**
	 * `GET /scan`: the static scan of the active plugins, must-use plugins and theme (read, never
	 * run): the suspects a bisection tries first, with code and file:line.
	 */
	getScan: ( options?: RequestOptions ) => Promise< SiteScanReport >;
	/**
	 * `GET /report`: everything above in one redacted document, the one the batch CLI collects
	 * (and `wp proxy-health report --format=json` prints).
	 */
	getReport: ( options?: GetReportOptions ) => Promise< ReportDocument >;
	/**
	 * `GET /changes`: what changed between the last passing report and the first failing one
	 * after it; null when the history holds no such pair (the route's empty shape,
	 * `NothingToCompare`, or an earlier plugin's null).
	 */
	getChanges: ( options?: RequestOptions ) => Promise< Changes | null >;
	/** `GET /alerts`: the open alert (if any), the last check's verdict and the e-mail switch. */
	getAlerts: ( options?: RequestOptions ) => Promise< AlertSettings >;
	/**
	 * `GET /allow-list`: the destinations (scheme, host, port) of the latest probe report and
	 * the evidence session's recorded calls, with who calls them, whether they went through the
	 * proxy and when each was last seen. The text and CSV files of the same list are raw
	 * downloads (`?format=text|csv`), outside this JSON client.
	 */
	getAllowList: ( options?: RequestOptions ) => Promise< AllowList >;
	/** `POST /alerts`: switches the alert e-mail on or off; answers as `getAlerts`. */
	setAlertEmail: (
		enabled: boolean,
		options?: RequestOptions
	) => Promise< AlertSettings >;
	/**
	 * `POST /proxy-config`: probes through the configured proxy with these credentials and,
	 * only when every request gets through, writes them to wp-config.php with the safe editor.
	 * Rejects with code `proxy_health_credentials_not_verified` (409) when the proxy refuses
	 * them (the error's `cause.data.diagnoses` say why), and passes the editor's errors through
	 * (`proxy_health_config_unwritable`, `proxy_health_config_busy`, … all 409).
	 */
	applyProxyConfig: (
		options: ApplyProxyConfigOptions
	) => Promise< ProxyConfigApplied >;
	/** `DELETE /proxy-config`: restores wp-config.php as it was before the apply. */
	revertProxyConfig: (
		options?: RequestOptions
	) => Promise< ProxyConfigReverted >;
	/**
	 * `POST /bisections`: starts a bisection in a staging clone. With the server driver (chosen
	 * by `auto`, the default, when the site can reach itself) the answer is the finished run;
	 * with the client driver it is running and each step is sent with `prepareBisectionStep`,
	 * the sandbox request and `submitBisectionResult` (see `runClientStep`). Rejects with code
	 * `proxy_health_bisection_running` (status 409) while another run holds the site.
	 */
	startBisection: ( options?: StartBisectionOptions ) => Promise< Bisection >;
	/** `GET /bisections/{id}`; `proxy_health_bisection_not_found` (404) for an unknown id. */
	getBisection: (
		id: string,
		options?: RequestOptions
	) => Promise< Bisection >;
	/**
	 * `POST /bisections/{id}/step`: the site sends the next sandbox request to itself (needs
	 * loopback). A run that ended rejects with `proxy_health_bisection_finished` (409).
	 */
	stepBisection: (
		id: string,
		options?: RequestOptions
	) => Promise< Bisection >;
	/**
	 * `POST /bisections/{id}/step` `{ prepare: true }`: the next step's signed sandbox request,
	 * for the client to send; the Bisection when the run concluded without another probe.
	 */
	prepareBisectionStep: (
		id: string,
		options?: RequestOptions
	) => Promise< PreparedBisectionStep | Bisection >;
	/**
	 * `POST /bisections/{id}/step` `{ result }`: records the sandbox's signed answer. Forged,
	 * replayed, stale or out-of-order results reject (400/409, `proxy_health_bisection_result_*`,
	 * `proxy_health_bisection_step_conflict`, `proxy_health_bisection_finished`) and change nothing.
	 */
	submitBisectionResult: (
		id: string,
		result: SandboxResult,
		options?: RequestOptions
	) => Promise< Bisection >;
	/** `DELETE /bisections/{id}`: cancels; the clone is dropped and the lock released. */
	cancelBisection: (
		id: string,
		options?: RequestOptions
	) => Promise< Bisection >;
	/**
	 * `POST /evidence-sessions`: starts recording outbound calls (1 to 1440 minutes, 15 by
	 * default), optionally with WP_DEBUG switched on in wp-config.php until it ends. Rejects with
	 * code `proxy_health_evidence_session_active` (409) while one runs.
	 */
	startEvidenceSession: (
		options?: StartEvidenceSessionOptions
	) => Promise< EvidenceSession >;
	/** `GET /evidence-sessions/current`; `proxy_health_no_evidence_session` (404) when none runs. */
	getEvidenceSession: (
		options?: RequestOptions
	) => Promise< EvidenceSession >;
	/** `DELETE /evidence-sessions/current`: stops and reverts wp-config.php to its exact bytes. */
	stopEvidenceSession: (
		options?: RequestOptions
	) => Promise< EvidenceSessionStopped >;
	/** `GET /evidence`: recorded calls, log tails, the `.htaccess` audit and what changed. */
	getEvidence: ( options?: GetEvidenceOptions ) => Promise< Evidence >;
	/** `GET /evidence/server-logs`: the server logs listed for the log tails, and where they may live. */
	getServerLogs: ( options?: RequestOptions ) => Promise< ServerLogs >;
	/**
	 * `PUT /evidence/server-logs`: replaces the list (at most 10 absolute paths). Nothing is saved
	 * unless every path is a log file inside the server log folders: rejects with
	 * `proxy_health_log_path_not_allowed` (400) naming the path, or `rest_invalid_param` (400)
	 * for a path that is not absolute or a list that is too long.
	 */
	setServerLogs: (
		paths: string[],
		options?: RequestOptions
	) => Promise< ServerLogs >;
}

/**
 * Creates a client over a transport.
 *
 * Every method rejects with a `ProxyHealthApiError` only.
 *
 * @param transport Sends requests to one site.
 */
export function createClient( transport: Transport ): ProxyHealthClient {
	/*
	 * Sends one request and checks its answer with the document's validator, or with the one
	 * its loader's promise resolves with: validators of documents the first screen does not
	 * need load on demand, alongside the request.
	 */
	async function request< T >(
		{ path, method, data, signal }: TransportRequest,
		isValid: Check< T > | Promise< Check< T > >
	): Promise< T > {
		const checking = Promise.resolve( isValid );
		// A request that fails first leaves a loading failure unheard, not unhandled.
		checking.catch( () => undefined );
		let body: unknown;
		let check: Check< T >;
		try {
			body = await transport( {
				path: `/${ REST_NAMESPACE }${ path }`,
				method,
				...( data === undefined ? {} : { data } ),
				...( signal ? { signal } : {} ),
			} );
		} catch ( thrown ) {
			throw toApiError( thrown, signal );
		}
		if ( signal?.aborted ) {
			throw toApiError( signal.reason, signal );
		}
		try {
			check = await checking;
		} catch ( thrown ) {
			throw toApiError( thrown, signal );
		}
		if ( ! check( body ) ) {
			throw new ProxyHealthApiError(
				'invalid_response',
				'invalid_response',
				`The answer to ${ method } ${ path } does not match the Proxy Health schema.`
			);
		}
		return body;
	}

	return {
		getStatus( { signal } = {} ) {
			return request(
				{ path: '/status', method: 'GET', signal },
				isStatusDocument
			);
		},
		runProbes( { targets, transports, credentials, signal } = {} ) {
			const data = {
				...( targets === undefined ? {} : { targets } ),
				...( transports === undefined ? {} : { transports } ),
				...( credentials === undefined ? {} : { credentials } ),
			};
			return request(
				{
					path: '/probes',
					method: 'POST',
					data: Object.keys( data ).length > 0 ? data : undefined,
					signal,
				},
				isProbeReportDocument
			);
		},
		listProbes( { page, perPage, signal } = {} ) {
			const query = new URLSearchParams();
			if ( page !== undefined ) {
				query.set( 'page', String( page ) );
			}
			if ( perPage !== undefined ) {
				query.set( 'per_page', String( perPage ) );
			}
			const search = query.toString();
			return request(
				{
					path: search ? `/probes?${ search }` : '/probes',
					method: 'GET',
					signal,
				},
				load.ProbeHistoryDocument()
			);
		},
		getProbe( id, { signal } = {} ) {
			return request(
				{
					path: `/probes/${ encodeURIComponent( id ) }`,
					method: 'GET',
					signal,
				},
				isProbeReportDocument
			);
		},
		explain( { url, signal } ) {
			return request(
				{ path: '/explain', method: 'POST', data: { url }, signal },
				load.ExplanationDocument()
			);
		},
		getHooks( { signal } = {} ) {
			return request(
				{ path: '/hooks', method: 'GET', signal },
				load.HooksDocument()
			);
		},
		getScan( { signal } = {} ) {
			return request(
				{ path: '/scan', method: 'GET', signal },
				load.ScanDocument()
			);
		},
		getReport( { run, inbound, signal } = {} ) {
			const query = new URLSearchParams();
			if ( run ) {
				query.set( 'run', '1' );
			}
			if ( inbound ) {
				query.set( 'inbound', '1' );
			}
			const search = query.toString();
			return request(
				{
					path: search ? `/report?${ search }` : '/report',
					method: 'GET',
					signal,
				},
				load.ReportDocument()
			);
		},
		getAllowList( { signal } = {} ) {
			return request(
				{ path: '/allow-list', method: 'GET', signal },
				load.AllowListDocument()
			);
		},
		getAlerts( { signal } = {} ) {
			return request(
				{ path: '/alerts', method: 'GET', signal },
				load.AlertsDocument()
			);
		},
		setAlertEmail( enabled, { signal } = {} ) {
			return request(
				{
					path: '/alerts',
					method: 'POST',
					data: { emailEnabled: enabled },
					signal,
				},
				load.AlertsDocument()
			);
		},
		async getChanges( { signal } = {} ) {
			const changes = await request(
				{ path: '/changes', method: 'GET', signal },
				// Plugin versions before 0.2.0 answered nothing to compare with an empty body.
				load.ChangesDocument().then(
					( isChanges ) =>
						( body: unknown ): body is ChangesDocument | null =>
							body === null || isChanges( body )
				)
			);
			return changes === null || changes.from === null ? null : changes;
		},
		applyProxyConfig( { username, password, host, port, signal } ) {
			const data = {
				username,
				password,
				...( host === undefined ? {} : { host } ),
				...( port === undefined ? {} : { port } ),
			};
			return request(
				{ path: '/proxy-config', method: 'POST', data, signal },
				load.ProxyConfigAppliedDocument()
			);
		},
		revertProxyConfig( { signal } = {} ) {
			return request(
				{ path: '/proxy-config', method: 'DELETE', signal },
				load.ProxyConfigRevertedDocument()
			);
		},
		startBisection( {
			mode,
			driver,
			cloneMode,
			suspects,
			includeTheme,
			signal,
		} = {} ) {
			const data = {
				...( mode === undefined ? {} : { mode } ),
				...( driver === undefined ? {} : { driver } ),
				...( cloneMode === undefined ? {} : { cloneMode } ),
				...( suspects === undefined ? {} : { suspects } ),
				...( includeTheme === undefined ? {} : { includeTheme } ),
			};
			return request(
				{ path: '/bisections', method: 'POST', data, signal },
				load.BisectionDocument()
			);
		},
		getBisection( id, { signal } = {} ) {
			return request(
				{
					path: `/bisections/${ encodeURIComponent( id ) }`,
					method: 'GET',
					signal,
				},
				load.BisectionDocument()
			);
		},
		stepBisection( id, { signal } = {} ) {
			return request(
				{
					path: `/bisections/${ encodeURIComponent( id ) }/step`,
					method: 'POST',
					signal,
				},
				load.BisectionDocument()
			);
		},
		prepareBisectionStep( id, { signal } = {} ) {
			return request(
				{
					path: `/bisections/${ encodeURIComponent( id ) }/step`,
					method: 'POST',
					data: { prepare: true },
					signal,
				},
				Promise.all( [
					load.BisectionPreparedStepDocument(),
					load.BisectionDocument(),
				] ).then(
					( [ isPrepared, isBisection ] ) =>
						(
							body: unknown
						): body is PreparedBisectionStep | Bisection =>
							isPrepared( body ) || isBisection( body )
				)
			);
		},
		submitBisectionResult( id, result, { signal } = {} ) {
			return request(
				{
					path: `/bisections/${ encodeURIComponent( id ) }/step`,
					method: 'POST',
					data: { result },
					signal,
				},
				load.BisectionDocument()
			);
		},
		cancelBisection( id, { signal } = {} ) {
			return request(
				{
					path: `/bisections/${ encodeURIComponent( id ) }`,
					method: 'DELETE',
					signal,
				},
				load.BisectionDocument()
			);
		},
		startEvidenceSession( { minutes, debugConstants, signal } = {} ) {
			const data = {
				...( minutes === undefined ? {} : { minutes } ),
				...( debugConstants === undefined ? {} : { debugConstants } ),
			};
			return request(
				{ path: '/evidence-sessions', method: 'POST', data, signal },
				load.EvidenceSessionDocument()
			);
		},
		getEvidenceSession( { signal } = {} ) {
			return request(
				{ path: '/evidence-sessions/current', method: 'GET', signal },
				load.EvidenceSessionDocument()
			);
		},
		stopEvidenceSession( { signal } = {} ) {
			return request(
				{
					path: '/evidence-sessions/current',
					method: 'DELETE',
					signal,
				},
				load.EvidenceSessionStoppedDocument()
			);
		},
		getEvidence( { logKb, chains, signal } = {} ) {
			const query = new URLSearchParams();
			if ( logKb !== undefined ) {
				query.set( 'logKb', String( logKb ) );
			}
			if ( chains !== undefined ) {
				query.set( 'chains', chains ? '1' : '0' );
			}
			const search = query.toString();
			return request(
				{
					path: search ? `/evidence?${ search }` : '/evidence',
					method: 'GET',
					signal,
				},
				load.EvidenceDocument()
			);
		},
		getServerLogs( { signal } = {} ) {
			return request(
				{ path: '/evidence/server-logs', method: 'GET', signal },
				load.ServerLogsDocument()
			);
		},
		setServerLogs( paths, { signal } = {} ) {
			return request(
				{
					path: '/evidence/server-logs',
					method: 'PUT',
					data: { paths },
					signal,
				},
				load.ServerLogsDocument()
			);
		},
	};
}
