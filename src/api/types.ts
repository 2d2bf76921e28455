/**
 * Names for the Proxy Health REST documents (namespace `proxy-health/v1`) and their parts.
 *
 * The documents are generated from the plugin's own schemas (each route's item schema) by
 * `npm run contract` into contract/types.ts, with the parts the schemas name
 * (`Schema::named()`) and the code lists they export (diagnosis and finding codes, explain
 * hints, scan patterns); this file only names their parts. Request bodies, which the REST index
 * describes as arguments, are still written here. To change a document, change its PHP schema
 * and run `npm run contract`; contract/validators.ts has each document's compiled validator.
 */

/**
 * Internal dependencies
 */
import type {
	Diagnosis,
	EvidenceCall,
	HtaccessAudit,
	ProxyConfig,
	AlertsDocument,
	AllowListDocument,
	BisectionDocument,
	BisectionPreparedStepDocument,
	ChangeSetDocument,
	EvidenceBundleDocument,
	EvidenceDocument,
	EvidenceSessionDocument,
	EvidenceSessionStoppedDocument,
	ExplanationDocument,
	HooksDocument,
	InboundCheckDocument,
	NothingToCompareDocument,
	ProbeHistoryDocument,
	ProbeReportDocument,
	ProxyConfigAppliedDocument,
	ProxyConfigRevertedDocument,
	ReportDocument,
	SandboxResultDocument,
	ScanDocument,
	ServerLogsDocument,
	StatusDocument,
} from './contract/types';

export {
	DIAGNOSIS_CODES,
	EXPLAIN_HINTS,
	FINDING_CODES,
	SCAN_PATTERN_CODES,
} from './contract/types';
export type {
	CallSource,
	ConfigRevert,
	Diagnosis,
	EnvironmentFingerprint,
	EvidenceCall,
	EvidenceLog,
	FileFingerprint,
	HtaccessAudit,
	InboundHop,
	InterferenceCulprit,
	ProxyConfig,
	ReportRef,
	SetDiff,
	TimingsMs,
	ValueChange,
	ErrorInfo as ProbeError,
	DiagnosisCode,
	ExplainHint,
	FindingCode,
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
export type WriteFeatureReason = NonNullable< WriteFeature[ 'reason' ] >;

/** Whether a feature that writes files is available on this site. */
export type WriteFeature = WriteFeatures[ 'debugSwitch' ];

/** The features that write files: the debug switch and "Apply" (wp-config.php), bisection (must-use loader). */
export type WriteFeatures = NonNullable< StatusResponse[ 'writeFeatures' ] >;

/** One result of the static lint of the proxy configuration, shaped like a diagnosis. */
export type Finding = StatusResponse[ 'findings' ][ number ];

/** `GET /proxy-health/v1/status`. */
export type StatusResponse = StatusDocument;

/* -------------------------------------------------------------------------------------------
 * Probes and diagnoses (POST /probes, GET /probes, GET /probes/{id})
 * ---------------------------------------------------------------------------------------- */

export type TransportName = ProbeResult[ 'transport' ];

export type ProbeOutcome = ProbeResult[ 'outcome' ];

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

/** Body of `DELETE /evidence-sessions/current`. */
export type EvidenceSessionStopped = EvidenceSessionStoppedDocument;

export type CallContext = EvidenceCall[ 'context' ];

export type HtaccessFlagReason = HtaccessChain[ 'flags' ][ number ][ 'reason' ];

/** The inbound redirect chain of one entry point, followed hop by hop as an anonymous browser. */
export type HtaccessChain = HtaccessAudit[ 'chains' ][ number ];

/**
 * What changed between the last passing probe report and the first failing one after it
 * (`GET /changes`, `Evidence.changes`).
 */
export type Changes = ChangeSetDocument;

/** `GET /changes` when the history holds no pass → fail pair: the `Changes` shape, empty. */
export type NothingToCompare = NothingToCompareDocument;

/** The server logs listed for the evidence log tails (`GET` and `PUT /evidence/server-logs`). */
export type ServerLogs = ServerLogsDocument;

/** `GET /evidence/bundle?format=json`: one redacted document to send to a host. */
export type EvidenceBundle = EvidenceBundleDocument;

/** `GET /evidence`. */
export type Evidence = EvidenceDocument;

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
 * GET /scan (Documents\Scan_Document, Site_Scanner); the CLI's `proxy-health scan` uses the same
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
export type VerdictAlert = NonNullable< AlertSettings[ 'alert' ] >;

/** `GET` and `POST /alerts`. */
export type AlertSettings = AlertsDocument;

/* -------------------------------------------------------------------------------------------
 * GET /allow-list (Allow_List_Controller, Documents\Allow_List_Document)
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
