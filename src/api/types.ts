/**
 * Names for the Proxy Health REST documents (namespace `proxy-health/v1`) and their parts.
 *
 * The documents are generated from the plugin's own schemas (each controller's
 * `get_item_schema()`) by `npm run contract` into contract/types.ts, with the code lists the
 * schemas export (diagnosis codes, explain hints, scan patterns); this file only names their
 * parts. Request bodies, which the REST index describes as arguments, are still written here.
 * To change a document, change its PHP schema and run `npm run contract`.
 */

/**
 * Internal dependencies
 */
import type {
	AllowListDocument,
	BisectionDocument,
	BisectionPreparedStepDocument,
	EvidenceSessionDocument,
	EvidenceSessionStoppedDocument,
	ExplanationDocument,
	HooksDocument,
	InboundCheckDocument,
	ProbeHistoryDocument,
	ProbeReportDocument,
	ProxyConfigAppliedDocument,
	ProxyConfigRevertedDocument,
	ReportDocument,
	SandboxResultDocument,
	ScanDocument,
	StatusDocument,
} from './contract/types';

export {
	DIAGNOSIS_CODES,
	EXPLAIN_HINTS,
	SCAN_PATTERN_CODES,
} from './contract/types';
export type {
	DiagnosisCode,
	ExplainHint,
	ReportDocument,
	ScanPatternCode,
} from './contract/types';

/* -------------------------------------------------------------------------------------------
 * GET /status
 * ---------------------------------------------------------------------------------------- */

/** The `WP_PROXY_*` values the report describes, keyed as in `Proxy_Config::CONSTANTS`. */
export type ProxyConfigField = keyof ProxyConfig[ 'sources' ];

/** Where a proxy value came from. */
export type ProxyValueSource = ProxyConfig[ 'sources' ][ ProxyConfigField ];

/** The outbound proxy as WordPress will use it. */
export type ProxyConfig = StatusResponse[ 'proxy' ];

/** libcurl as PHP sees it. */
export type CurlTransport = Transports[ 'curl' ];

/** Transports WordPress (WpOrg\Requests) can use. */
export type Transports = StatusResponse[ 'transports' ];

/** Where PHP sees an environment variable. */
export type EnvironmentVariableSource = EnvironmentProxyVariable[ 'seenBy' ];

/** A proxy environment variable visible to PHP, credentials in it redacted. */
export type EnvironmentProxyVariable =
	StatusResponse[ 'environment' ][ number ];

/** Why fsockopen probes run one after another. */
export type SequentialFsockopenReason = NonNullable<
	ParallelFsockopen[ 'reason' ]
>;

/** Whether fsockopen probes run side by side (cURL probes always do). */
export type ParallelFsockopen = Runtime[ 'parallelFsockopen' ];

/** The PHP runtime that answered. */
export type Runtime = StatusResponse[ 'runtime' ];

/**
 * Why a feature that writes files is off: `DISALLOW_FILE_MODS` (or core's `file_mod_allowed`
 * filter), wp-config.php missing or not writable by PHP, or the must-use plugins folder not
 * writable (the bisection's sandbox loader).
 */
export type WriteFeatureReason =
	| 'file_mods_disallowed'
	| 'config_not_found'
	| 'config_unwritable'
	| 'mu_plugins_unwritable';

/** Whether a feature that writes files is available on this site. */
export interface WriteFeature {
	available: boolean;
	/** Null when available. */
	reason: WriteFeatureReason | null;
}

/** The features that write files: the debug switch and "Apply" (wp-config.php), bisection (must-use loader). */
export interface WriteFeatures {
	debugSwitch: WriteFeature;
	applyCredentials: WriteFeature;
	bisection: WriteFeature;
}

/** Stable codes of the configuration lint (`plugin/includes/Lint/Checks/`): extend, never rename. */
export type FindingCode =
	| 'proxy_config_ok'
	| 'proxy_not_configured'
	| 'proxy_host_has_scheme'
	| 'proxy_host_has_path'
	| 'proxy_host_has_port'
	| 'proxy_host_empty'
	| 'proxy_host_socks_scheme'
	| 'proxy_host_https_scheme'
	| 'proxy_port_invalid'
	| 'proxy_half_configured'
	| 'proxy_credentials_incomplete'
	| 'proxy_username_domain_form'
	| 'proxy_username_has_colon'
	| 'proxy_credentials_percent_decoded'
	| 'bypass_entry_whitespace'
	| 'bypass_wildcard_excludes_apex'
	| 'bypass_entry_has_port'
	| 'bypass_entry_cidr'
	| 'bypass_entry_case'
	| 'bypass_entry_empty'
	| 'site_home_host_mismatch'
	| 'proxy_constants_after_settings'
	| 'env_proxy_mismatch'
	| 'env_proxy_socks_scheme'
	| 'env_proxy_https_scheme';

/** One result of the static lint of the proxy configuration, shaped like a diagnosis. */
export type Finding = StatusResponse[ 'findings' ][ number ];

/** `GET /proxy-health/v1/status`. */
export type StatusResponse = StatusDocument;

/* -------------------------------------------------------------------------------------------
 * Probes and diagnoses (POST /probes, GET /probes, GET /probes/{id})
 * ---------------------------------------------------------------------------------------- */

export type TransportName = ProbeResult[ 'transport' ];

export type ProbeOutcome = ProbeResult[ 'outcome' ];

/** Milliseconds per request phase, as far as the transport reports them. */
export type TimingsMs = ProbeResult[ 'timingsMs' ];

/** A WordPress-side error (a `WP_Error`'s code and message). */
export type ProbeError = NonNullable< ProbeResult[ 'error' ] >;

/** The certificate presented for an HTTPS target after a TLS failure (cURL only). */
export type TlsCertificate = NonNullable< ProbeResult[ 'tlsCertificate' ] >;

/** One request of the probe grid. */
export type ProbeResult = ProbeReport[ 'results' ][ number ];

/** Whose proxy credentials a run sent. */
export type CredentialsSource = NonNullable<
	ProbeReport[ 'credentialsSource' ]
>;

/** Same levels as Site Health. */
export type DiagnosisSeverity = Diagnosis[ 'severity' ];

export type Diagnosis = ProbeReport[ 'diagnoses' ][ number ];

/** A callback on WordPress's HTTP hooks shown to change what a request sent (`plugin_interference`). */
export type InterferenceCulprit = NonNullable<
	Diagnosis[ 'culprits' ]
>[ number ];

/** What a report was taken against, so two reports can be compared ("what changed"). */
export type EnvironmentFingerprint = ProbeReport[ 'fingerprint' ];

/** A file in the fingerprint: its header version and the first 12 hex digits of its SHA-256. */
export interface FileFingerprint {
	version: string;
	hash: string;
}

export type Verdict = ProbeReport[ 'verdict' ];

export type ProbeReport = ProbeReportDocument;

/** Counts of one stored report, for the history list. */
export type ProbeCounts = ProbeSummary[ 'counts' ];

/** One entry of `GET /probes`. */
export type ProbeSummary = ProbeHistoryPage[ 'items' ][ number ];

/** `GET /probes`. */
export type ProbeHistoryPage = ProbeHistoryDocument;

/* -------------------------------------------------------------------------------------------
 * Proxy credentials written to wp-config.php (POST and DELETE /proxy-config)
 * ---------------------------------------------------------------------------------------- */

/** Body of `POST /proxy-config`: credentials the proxy must accept before anything is written. */
export interface ProxyConfigRequest {
	username: string;
	password: string;
	/** When given, must equal `WP_PROXY_HOST` (the proxy the credentials are verified through). */
	host?: string;
	/** When given, must equal `WP_PROXY_PORT`. */
	port?: number;
}

/** `POST /proxy-config`. */
export type ProxyConfigApplied = ProxyConfigAppliedDocument;

/** `DELETE /proxy-config`. */
export type ProxyConfigReverted = ProxyConfigRevertedDocument;

/* -------------------------------------------------------------------------------------------
 * Bisection (POST /bisections, GET /bisections/{id}, POST /bisections/{id}/step)
 * ---------------------------------------------------------------------------------------- */

export type BisectionStatus = Bisection[ 'status' ];
export type BisectionMode = Bisection[ 'mode' ];
/** Who sent each step. */
export type BisectionDriver = Bisection[ 'driver' ];
/** Who should send each step; `auto` (the default) lets a short loopback check decide. */
export type BisectionDriverRequest = 'auto' | 'server' | 'client';

/** Why a run has its driver. */
export type BisectionDriverReason = NonNullable< Bisection[ 'driverReason' ] >;
export type BisectionConclusion = NonNullable< Bisection[ 'conclusion' ] >;

export type BisectionStep = Bisection[ 'steps' ][ number ];

/** Why the search tries a plugin where it does. */
export type BisectionOrderReason = BisectionOrderEntry[ 'reason' ];

export type BisectionOrderEntry = NonNullable< Bisection[ 'order' ] >[ number ];

export type BisectionClone = Bisection[ 'clone' ];

export type Bisection = BisectionDocument;

/** Body of `POST /bisections`. */
export interface BisectionRequest {
	mode?: BisectionMode;
	driver?: BisectionDriverRequest;
	cloneMode?: 'light' | 'full';
	/** Plugin files from the static scan, most likely first; each must be an active plugin. */
	suspects?: string[];
	/** Also test the active theme (steps that leave it out run another installed theme). */
	includeTheme?: boolean;
}

/** A signed sandbox request the client sends to the site as it is (client driver). */
export type SandboxRequest = PreparedBisectionStep[ 'request' ];

/** `POST /bisections/{id}/step` with `{ prepare. */
export type PreparedBisectionStep = BisectionPreparedStepDocument;

export type SandboxResult = SandboxResultDocument;

/* -------------------------------------------------------------------------------------------
 * Evidence (POST /evidence-sessions, GET /evidence-sessions/current, GET /evidence)
 * ---------------------------------------------------------------------------------------- */

/** Body of `POST /evidence-sessions`. */
export interface EvidenceSessionRequest {
	minutes: number;
	debugConstants: boolean;
}

export type EvidenceSession = EvidenceSessionDocument;

export interface CallSource {
	type: 'plugin' | 'theme' | 'mu-plugin' | 'core';
	/** Plugin, theme or must-use plugin folder; for core, the function that made the call (e.g. `wp_version_check`). */
	slug: string;
}

/** What ending a session did to wp-config.php. */
export type ConfigRevert = ProxyConfigReverted[ 'config' ];

/** Body of `DELETE /evidence-sessions/current`. */
export type EvidenceSessionStopped = EvidenceSessionStoppedDocument;

export type CallContext = 'cron' | 'admin' | 'rest' | 'front' | 'cli';

/** One outbound HTTP call recorded during an evidence session. */
export interface EvidenceCall {
	at: string;
	url: string;
	method: string;
	source: CallSource;
	context: CallContext;
	viaProxy: boolean;
	outcome: ProbeOutcome;
	httpStatus?: number;
	connectStatus?: number;
	proxyAuthOffered?: string[];
	timingsMs: TimingsMs;
	error?: ProbeError;
}

export interface EvidenceLog {
	/** Relative to the WordPress root when inside it; the private folder's random name masked. */
	file: string;
	/** The last lines (at most `logKb` KB), redacted. */
	lines: string[];
	/** Why no lines were read. */
	skipped?: 'outside_allowed_roots' | 'missing' | 'unreadable';
}

/** A `RewriteCond` above a `RewriteRule`. */
export interface HtaccessCondition {
	line: number;
	/** TestString, e.g. `%{HTTPS}`. */
	test: string;
	/** CondPattern, e.g. `off` or `!-f`. */
	pattern: string;
	/** E.g. `[ 'NC', 'OR' ]`. */
	flags: string[];
}

/** One redirect rule found in an `.htaccess` file (targets with a password are redacted). */
export interface HtaccessRule {
	/** `.htaccess` (WordPress root), or e.g. `../.htaccess` for the home folder's. */
	file: string;
	/** 1-based; a directive continued with `\` carries its first line. */
	line: number;
	directive:
		| 'Redirect'
		| 'RedirectMatch'
		| 'RedirectPermanent'
		| 'RedirectTemp'
		| 'RewriteRule';
	/** The directive as written. */
	text: string;
	pattern: string;
	/** `prefix`: Redirect's path prefix; `regex`: RedirectMatch / RewriteRule. */
	match: 'prefix' | 'regex';
	target: string;
	/** 301, 302, 303, 307, 308 (a RewriteRule to an absolute URL without [R] is 302). */
	status: number;
	flags: string[];
	conditions: HtaccessCondition[];
}

export interface HtaccessFile {
	file: string;
	found: boolean;
	/** MD5 of the contents, as `EnvironmentFingerprint.htaccessHash`. */
	hash: string | null;
}

export type HtaccessFlagReason = 'other_host' | 'loop' | 'auth_required';

/** A hop worth a look, and the rule that likely made it. */
export interface HtaccessFlag {
	/** Index into the chain's `hops`. */
	hop: number;
	reason: HtaccessFlagReason;
	url: string;
	status: number;
	location?: string;
	/** Null when no rule matches (a plugin or the server configuration made it, or a 401 on the first hop). */
	rule: Pick< HtaccessRule, 'file' | 'line' | 'directive' > | null;
}

/** The inbound redirect chain of one entry point, followed hop by hop as an anonymous browser. */
export interface HtaccessChain {
	entryPoint: 'home' | 'robots' | 'sitemap';
	url: string;
	hops: InboundHop[];
	loop: boolean;
	tooManyHops: boolean;
	error?: { code: string; message: string };
	flags: HtaccessFlag[];
}

/** `.htaccess` audit in `GET /evidence` (`chains` empty with `chains=false`). */
export interface HtaccessAudit {
	files: HtaccessFile[];
	rules: HtaccessRule[];
	chains: HtaccessChain[];
}

export interface ReportRef {
	id: string;
	createdAt: string;
	verdict: string;
}

export interface ValueChange {
	from: string | null;
	to: string | null;
}

/** Files added, removed or updated; must-use plugins and drop-ins show versions as `1.0 #<hash>`. */
export interface SetDiff {
	added: Array< { file: string; version: string } >;
	removed: Array< { file: string; version: string } >;
	updated: Array< { file: string; from: string; to: string } >;
}

/**
 * What changed between the last passing probe report and the first failing one after it
 * (`GET /changes`, `Evidence.changes`). A null part did not change; `muPlugins` and `dropins`
 * are also null when either report predates them.
 */
export interface Changes {
	from: ReportRef;
	to: ReportRef;
	/** Number of changed items. */
	count: number;
	plugins: SetDiff;
	muPlugins: SetDiff | null;
	dropins: SetDiff | null;
	theme: ValueChange | null;
	wp: ValueChange | null;
	php: ValueChange | null;
	proxyConfigHash: ValueChange | null;
	htaccessHash: ValueChange | null;
}

/**
 * `GET /changes` when the history holds no pass → fail pair: the `Changes` shape with nothing in
 * it (`from` and `to` null, `count` 0, `plugins` with empty lists, every other part null). Plugin
 * versions before 0.2.0 answered an empty body instead.
 */
export interface NothingToCompare {
	from: null;
	to: null;
	count: 0;
	plugins: SetDiff;
	muPlugins: null;
	dropins: null;
	theme: null;
	wp: null;
	php: null;
	proxyConfigHash: null;
	htaccessHash: null;
}

/**
 * The server logs an admin lists for the evidence log tails (`GET` and `PUT
 * /evidence/server-logs`): each path is a log file inside one of `roots`.
 */
export interface ServerLogs {
	paths: string[];
	/** The folders a listed log may live in (filter `proxy_health_server_log_roots`). */
	roots: string[];
}

/** `GET /evidence/bundle?format=json`: one redacted document to send to a host. */
export interface EvidenceBundle {
	generatedAt: string;
	site: { url: string; host: string; wp: string; php: string };
	status: StatusResponse;
	latestProbeReport: ProbeReport | null;
	evidence: Pick< Evidence, 'session' | 'calls' | 'logs' >;
	htaccess: HtaccessAudit;
	changes: Changes | null;
	hooks: HooksReport;
}

export interface Evidence {
	session: EvidenceSession | null;
	calls: EvidenceCall[];
	/** Calls the store's bound dropped (oldest first, or beyond one request's 50). */
	droppedCalls?: number;
	logs: EvidenceLog[];
	htaccess: HtaccessAudit;
	/** Null when the probe history holds no pass → fail pair. */
	changes: Changes | null;
}

/* -------------------------------------------------------------------------------------------
 * GET /hooks (Hook_Inspector)
 * ---------------------------------------------------------------------------------------- */

/** Who declared a callback, from its file's real path. */
export type HookOwnerType = HookOwner[ 'type' ];

export type HookOwner = HookCallback[ 'owner' ];

export type HookCallback = HookCallbacks[ 'callbacks' ][ number ];

export type HookCallbacks = HooksReport[ 'hooks' ][ number ];

export type HookOwnerCallback = HookOwnerGroup[ 'callbacks' ][ number ];

export type HookOwnerGroup = HooksReport[ 'owners' ][ number ];

export type HooksReport = HooksDocument;

/* -------------------------------------------------------------------------------------------
 * GET /scan (Scan_Controller, Site_Scanner); the CLI's `proxy-health scan` uses the same
 * suspect and problem shapes
 * ---------------------------------------------------------------------------------------- */

export type ScanHit = ScanSuspect[ 'hits' ][ number ];

export type ScanComponentType = ScanSuspect[ 'type' ];

export type ScanSuspect = SiteScanReport[ 'suspects' ][ number ];

export type ScanProblem = SiteScanReport[ 'problems' ][ number ];

export type SiteScanReport = ScanDocument;

/* -------------------------------------------------------------------------------------------
 * POST /explain (Explain_Controller, Proxy_Route_Explainer)
 * ---------------------------------------------------------------------------------------- */

/** The step of `WP_HTTP_Proxy::send_through_proxy()` that decided the route. */
export type ExplainReason = ExplainResult[ 'reason' ];

/** A callback hooked on `pre_http_send_through_proxy`. */
export type ExplainFilterCallback = NonNullable<
	ExplainResult[ 'filter' ]
>[ 'callbacks' ][ number ];

/** Would WordPress send this URL through its proxy, and why. */
export type ExplainResult = ExplanationDocument;

/* -------------------------------------------------------------------------------------------
 * Inbound check (POST /inbound-checks) and the report (GET /report)
 * ---------------------------------------------------------------------------------------- */

export type InboundEntryPoint = InboundChain[ 'entryPoint' ];

/** One response on the way from an entry point to its final answer. */
export type InboundHop = InboundChain[ 'hops' ][ number ];

export type InboundChain = InboundCheck[ 'chains' ][ number ];

/** What an anonymous browser and a crawler get from the site's entry points. */
export type InboundCheck = InboundCheckDocument;

/** The `evidence` part of the report. */
export type EvidenceSummary = NonNullable< ReportDocument[ 'evidence' ] >;

/** One item of the report's `bisections`; `GET /bisections/{id}` has the whole run. */
export type BisectionSummary = NonNullable<
	ReportDocument[ 'bisections' ]
>[ number ];

/* -------------------------------------------------------------------------------------------
 * Alerts
 * ---------------------------------------------------------------------------------------- */

/** The alert a check that failed after one that did not opened; a passing check closes it. */
export interface VerdictAlert {
	/** Id of the report that opened it (a dismissal hides this alert only). */
	id: string;
	/** When it opened (ISO 8601, UTC). */
	since: string;
	/** Code of the first critical diagnosis ('' when none). */
	code: string;
	/** Its title ('' when none). */
	title: string;
}

/** `GET` and `POST /alerts`. */
export interface AlertSettings {
	/** Whether an alert also e-mails the site's admin address (at most once a day). */
	emailEnabled: boolean;
	/** Verdict of the last check made with the site's own settings; null before the first. */
	lastVerdict: Verdict | null;
	/** When that check ran (ISO 8601, UTC), or null. */
	checkedAt: string | null;
	/** The open alert, or null. */
	alert: VerdictAlert | null;
	/** When the last alert e-mail went out (ISO 8601, UTC), or null. */
	lastMailAt: string | null;
}

/* -------------------------------------------------------------------------------------------
 * GET /allow-list (Allow_List_Controller, Report\Allow_List)
 * ---------------------------------------------------------------------------------------- */

/** The formats `GET /allow-list` answers in: the JSON document, or a text or CSV file. */
export type AllowListFormat = 'json' | 'text' | 'csv';

/** One destination (scheme, host, port) with its callers, proxy use and last sighting. */
export type AllowListDestination = AllowList[ 'destinations' ][ number ];

/** Who sends requests to a destination: WordPress core, a plugin, theme, must-use plugin or a probe target. */
export type AllowListCaller = AllowListDestination[ 'callers' ][ number ];

/** `GET /allow-list`: where the site's outbound requests go, for the network team. */
export type AllowList = AllowListDocument;

/* -------------------------------------------------------------------------------------------
 * Errors
 * ---------------------------------------------------------------------------------------- */

/** A `WP_Error` as the REST API serialises it. */
export interface RestErrorBody {
	code: string;
	message: string;
	data?: { status?: number };
}
