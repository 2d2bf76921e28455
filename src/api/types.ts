/**
 * Types that mirror the Proxy Health REST schemas (namespace `proxy-health/v1`).
 *
 * Field names are the contract shared with the PHP controllers, the panel and the CLI: add
 * fields, never rename them. `GET /status` mirrors `Status_Controller::get_item_schema()`,
 * `Proxy_Config::to_array()` and `Environment`; the other documents mirror their controllers'
 * `get_item_schema()` and are checked at run time by the guards in this folder.
 */

/* -------------------------------------------------------------------------------------------
 * GET /status
 * ---------------------------------------------------------------------------------------- */

/** The `WP_PROXY_*` values the report describes, keyed as in `Proxy_Config::CONSTANTS`. */
export type ProxyConfigField =
	'host' | 'port' | 'username' | 'password' | 'bypassHosts';

/** Where a proxy value came from: a `WP_PROXY_*` constant, or nowhere. */
export type ProxyValueSource = 'constant' | 'unset';

/** The outbound proxy as WordPress will use it. The password itself is never part of it. */
export interface ProxyConfig {
	/** True when both `WP_PROXY_HOST` and `WP_PROXY_PORT` are defined. */
	enabled: boolean;
	host: string | null;
	/** As WordPress sees it when it builds the proxy URL (a string, even if defined as an int). */
	port: string | null;
	username: string | null;
	hasPassword: boolean;
	/** True when WordPress will send credentials (username and password both defined). */
	authEnabled: boolean;
	/** `WP_PROXY_BYPASS_HOSTS` split the way WordPress splits it; null when undefined. */
	bypassHosts: string[] | null;
	sources: Record< ProxyConfigField, ProxyValueSource >;
}

/** libcurl as PHP sees it. */
export interface CurlTransport {
	available: boolean;
	version: string | null;
	sslVersion: string | null;
	/** Proxy auth schemes libcurl was built with (Basic and Digest always; NTLM, SPNEGO, …). */
	authSchemes: string[];
}

/** Transports WordPress (WpOrg\Requests) can use. */
export interface Transports {
	curl: CurlTransport;
	fsockopen: { available: boolean };
}

/**
 * Where PHP sees an environment variable: `getenv()` (the process environment, and FastCGI
 * parameters), `$_SERVER` (what the web server passes), or both.
 */
export type EnvironmentVariableSource = 'getenv' | 'server' | 'both';

/** A proxy environment variable visible to PHP, credentials in it redacted. */
export interface EnvironmentProxyVariable {
	name: string;
	/** The `getenv()` value when there is one, else the `$_SERVER` value. */
	value: string;
	seenBy: EnvironmentVariableSource;
}

/**
 * Why fsockopen probes run one after another: PHP before 8.1 has no Fibers, php-wasm
 * (WordPress Playground) cannot switch them, or the `proxy_health_probe_fibers` filter said no.
 */
export type SequentialFsockopenReason = 'php_version' | 'php_wasm' | 'filter';

/** Whether fsockopen probes run side by side (cURL probes always do). */
export interface ParallelFsockopen {
	available: boolean;
	/** Null when available. */
	reason: SequentialFsockopenReason | null;
}

/** The PHP runtime that answered. */
export interface Runtime {
	wordpress: string;
	php: string;
	sapi: string;
	parallelFsockopen: ParallelFsockopen;
}

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
export interface Finding {
	/**
	 * One of the stable codes, or a code of another plugin's own (the
	 * `proxy_health_config_checks` filter lets plugins add checks).
	 */
	code: FindingCode | ( string & Record< never, never > );
	severity: DiagnosisSeverity;
	title: string;
	detail: string;
	remedies: string[];
	/** The values and wp-config.php lines the finding rests on; never the password. */
	evidence: string[];
}

/** `GET /proxy-health/v1/status`. */
export interface StatusResponse {
	proxy: ProxyConfig;
	transports: Transports;
	environment: EnvironmentProxyVariable[];
	runtime: Runtime;
	/** Optional: earlier plugin versions do not send it. */
	writeFeatures?: WriteFeatures;
	/** Static findings about the configuration; always at least one. */
	findings: Finding[];
}

/* -------------------------------------------------------------------------------------------
 * Probes and diagnoses (POST /probes, GET /probes, GET /probes/{id})
 * ---------------------------------------------------------------------------------------- */

export type TransportName = 'curl' | 'fsockopen';

export type ProbeOutcome =
	| 'ok'
	| 'proxy_auth_required'
	| 'connect_failed'
	| 'timeout'
	| 'tls_error'
	| 'dns_error'
	| 'http_error'
	| 'proxy_denied';

/** Milliseconds per request phase, as far as the transport reports them. */
export interface TimingsMs {
	dns?: number;
	connect?: number;
	tls?: number;
	firstByte?: number;
	total: number;
}

/** A WordPress-side error (a `WP_Error`'s code and message). */
export interface ProbeError {
	code: string;
	message: string;
}

/** The certificate presented for an HTTPS target after a TLS failure (cURL only). */
export interface TlsCertificate {
	/** Subject of the leaf, e.g. `CN=api.wordpress.org`. */
	subject: string;
	/** Who issued it, e.g. `CN=Corp Inspection CA, O=Corp`. */
	issuer: string;
	/** Whether the chain reaches a certificate of the CA bundle WordPress verified with; null when unreadable. */
	chainsToBundle: boolean | null;
	/** That bundle, relative to the WordPress folder when inside it. */
	bundle: string;
}

/** One request of the probe grid: a target × transport. */
export interface ProbeResult {
	target: string;
	method: string;
	transport: TransportName;
	viaProxy: boolean;
	bypassReason?: string;
	outcome: ProbeOutcome;
	httpStatus?: number;
	/** Status of the CONNECT step for HTTPS targets through the proxy. */
	connectStatus?: number;
	/** Schemes from the proxy's `Proxy-Authenticate` headers. */
	proxyAuthOffered?: string[];
	proxyRealm?: string;
	proxyServer?: string;
	timingsMs: TimingsMs;
	error?: ProbeError;
	/**
	 * What the transport said and heard, credentials redacted: cURL's verbose log, or the request
	 * and reply headers fsockopen wrote and read (lines start with `> ` and `< `).
	 */
	transcript?: string[];
	/** After a TLS failure on cURL: the certificate presented for the target. */
	tlsCertificate?: TlsCertificate;
}

/** Whose proxy credentials a run sent: typed for this run only, wp-config.php's, or none. */
export type CredentialsSource = 'one-off' | 'wp-config' | 'none';

/** Stable diagnosis codes: extend, never rename. */
export type DiagnosisCode =
	| 'proxy_ok'
	| 'proxy_not_configured'
	| 'proxy_auth_missing'
	| 'proxy_auth_rejected'
	| 'proxy_auth_scheme_unsupported'
	| 'proxy_unreachable'
	| 'proxy_timeout'
	| 'proxy_protocol_error'
	| 'proxy_access_denied'
	| 'proxy_config_invalid'
	| 'proxy_bypass_misconfigured'
	| 'env_proxy_mismatch'
	| 'transport_cannot_tunnel'
	| 'dns_failure'
	| 'tls_failure'
	| 'tls_interception'
	| 'target_unreachable'
	| 'plugin_interference'
	| 'inbound_blocked'
	| 'redirect_to_auth_host'
	| 'proxy_credentials_verified';

/** Same levels as Site Health. */
export type DiagnosisSeverity = 'critical' | 'recommended' | 'good';

export interface Diagnosis {
	/**
	 * One of the stable codes, or a code of another plugin's own (the `proxy_health_diagnoses`
	 * filter lets plugins add diagnoses).
	 */
	code: DiagnosisCode | ( string & Record< never, never > );
	severity: DiagnosisSeverity;
	title: string;
	detail: string;
	remedies: string[];
	/** The observations the diagnosis rests on. */
	evidence: string[];
	/** `plugin_interference` only: the callbacks shown responsible, when any was on its own. */
	culprits?: InterferenceCulprit[];
}

/**
 * A callback on WordPress's HTTP hooks whose absence let the same request through the proxy
 * with the same WP_PROXY_* values (the probe left it out of one more request).
 */
export interface InterferenceCulprit {
	hook:
		| 'http_api_curl'
		| 'http_request_args'
		| 'pre_http_request'
		| 'pre_http_send_through_proxy';
	/** `function`, `Class::method` or `{closure}`. */
	callback: string;
	type: 'plugin' | 'mu-plugin' | 'theme' | 'drop-in' | 'unknown';
	slug: string | null;
	/** Plugin Name or theme name, else its slug or file. */
	name: string;
	/** Relative to wp-content for plugins, themes and must-use plugins. */
	file: string | null;
	line: number | null;
	/** What it changed, never the value. */
	changed: Array<
		| 'username'
		| 'password'
		| 'proxy'
		| 'scheme'
		| 'route'
		| 'response'
		| 'request'
	>;
	/** Transports it broke. */
	transports: TransportName[];
	/** The plugin file a bisection tries first, null when it is not an active plugin. */
	suspect: string | null;
}

/** What a report was taken against, so two reports can be compared ("what changed"). */
export interface EnvironmentFingerprint {
	wp: string;
	php: string;
	/** Plugin file => version. PHP sends `[]`, not `{}`, when no plugin is active. */
	plugins: Record< string, string >;
	/** Stylesheet and version, e.g. `twentytwentyfour@1.2`. */
	theme: string;
	proxyConfigHash: string;
	/** Null when the site has no readable `.htaccess`. */
	htaccessHash: string | null;
	/** Must-use plugin file => version and content hash (absent in reports made before 0.1.0 had it). */
	muPlugins?: Record< string, FileFingerprint >;
	/** Drop-in file (`db.php`, `object-cache.php`, …) => version and content hash. */
	dropins?: Record< string, FileFingerprint >;
}

/** A file in the fingerprint: its header version and the first 12 hex digits of its SHA-256. */
export interface FileFingerprint {
	version: string;
	hash: string;
}

export type Verdict = 'pass' | 'fail' | 'warn';

export interface ProbeReport {
	id: string;
	createdAt: string;
	verdict: Verdict;
	/** The configuration the probes ran with (added by `Probes_Controller`). */
	proxy: ProxyConfig;
	results: ProbeResult[];
	diagnoses: Diagnosis[];
	fingerprint: EnvironmentFingerprint;
	/** Whose credentials were sent (always present in reports from `POST /probes`). */
	credentialsSource?: CredentialsSource;
	/** Transports the run used. */
	transports?: TransportName[];
	/**
	 * Only in the `POST /probes` answer, when one-off credentials passed where wp-config.php's
	 * failed: the `define( 'WP_PROXY_USERNAME', … );` lines to paste, the typed password included.
	 * Never stored in the history; do not log or persist it.
	 */
	wpConfigLines?: string[];
}

/** Counts of one stored report, for the history list. */
export interface ProbeCounts {
	results: number;
	ok: number;
	failed: number;
	diagnoses: number;
}

/** One entry of `GET /probes`. */
export interface ProbeSummary {
	id: string;
	createdAt: string;
	verdict: Verdict;
	counts: ProbeCounts;
}

/** `GET /probes`: a page of the history (the last 50 reports), newest first. */
export interface ProbeHistoryPage {
	items: ProbeSummary[];
	total: number;
	page: number;
	perPage: number;
}

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

/** `POST /proxy-config`: what the safe editor wrote, and `GET /status` as the next request sees it. */
export interface ProxyConfigApplied {
	applied: {
		/** The editor's block name (`proxy`). */
		block: string;
		/** Constant names written (never their values). */
		constants: string[];
		/** Existing `define()`s wrapped in `if ( ! defined() )` so the new values win. */
		guarded: Array< { name: string; line: number } >;
	};
	status: StatusResponse;
}

/** `DELETE /proxy-config`: what taking the applied constants out did. */
export interface ProxyConfigReverted {
	config: ConfigRevert;
}

/* -------------------------------------------------------------------------------------------
 * Bisection (POST /bisections, GET /bisections/{id}, POST /bisections/{id}/step)
 * ---------------------------------------------------------------------------------------- */

export type BisectionStatus = 'running' | 'done' | 'failed' | 'cancelled';
export type BisectionMode = 'ddmin' | 'one-by-one';
/** Who sent each step: the site itself, the client (panel, CLI) or WP-CLI. */
export type BisectionDriver = 'server' | 'client' | 'cli';
/** Who should send each step; `auto` (the default) lets a short loopback check decide. */
export type BisectionDriverRequest = 'auto' | 'server' | 'client';

/**
 * Why a run has its driver. Codes: `loopback_ok`, `loopback_failed`, `requested`, `wp_cli`
 * (`wp proxy-health bisect`, steps in child WP-CLI processes), `wp_cli_no_launch` (WP-CLI could
 * not start a process, the server drove), `not_needed` (more may be added).
 */
export interface BisectionDriverReason {
	code: string;
	message: string;
}
export type BisectionConclusion =
	'culprit_found' | 'not_a_plugin' | 'inconclusive' | 'nothing_to_bisect';

export interface BisectionStep {
	/** Plugin files active in this probe. */
	subset: string[];
	outcome: 'pass' | 'fail' | 'crash';
	reportId?: string;
	/** One line per probe result (transport, target, outcome), or the fatal error of a crash. */
	evidence?: string[];
	/** Transports that got a 407 in this probe; the run's `failsOn` decides which one counts. */
	failedTransports?: string[];
}

/** Why the search tries a plugin where it does: live HTTP hook callbacks, the static scan, neither. */
export type BisectionOrderReason = 'hooks' | 'scan' | 'none';

export interface BisectionOrderEntry {
	plugin: string;
	reason: BisectionOrderReason;
}

export interface BisectionClone {
	prefix: string;
	state: 'creating' | 'ready' | 'dropped';
}

export interface Bisection {
	id: string;
	status: BisectionStatus;
	mode: BisectionMode;
	driver: BisectionDriver;
	/** Why the run has its driver (runs started before 0.2.0 have none). */
	driverReason?: BisectionDriverReason;
	/** Plugin files under test, and `theme:<stylesheet>` when the run tests the theme. */
	plugins: string[];
	/** The same plugins in the order the search tries them: suspects first. */
	order?: BisectionOrderEntry[];
	probesUsed: number;
	probesEstimated: number;
	steps: BisectionStep[];
	conclusion?: BisectionConclusion;
	/** Each inner list is one set of plugins that fails together. */
	culprits: string[][];
	clone: BisectionClone;
	cloneMode?: 'light' | 'full';
	createdAt?: string;
	updatedAt?: string;
	/** Why a run failed (loopback blocked, clone refused, …), with a stable code. */
	error?: { code: string; message: string };
	/**
	 * Which 407 fails a step, set by the first step: the transport WordPress uses when every
	 * candidate active fails there, else `any`.
	 */
	failsOn?: 'curl' | 'fsockopen' | 'any';
	/**
	 * Set when the run tests the active theme: its candidate in `plugins`, subsets and culprits
	 * is `theme:<stylesheet>`; steps without it run `fallback`.
	 */
	theme?: { stylesheet: string; fallback: string };
}

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
export interface SandboxRequest {
	/** The site's front page. */
	url: string;
	method: 'POST';
	/** Includes the single-use token header (`X-Proxy-Health-Sandbox`). */
	headers: Record< string, string >;
	/** JSON text, sent byte for byte. */
	body: string;
}

/** `POST /bisections/{id}/step` with `{ prepare: true }`: the next step's sandbox request. */
export interface PreparedBisectionStep {
	/** The step (1-based) the request is for. */
	step: number;
	/** The token in the request expires then (ISO 8601). */
	expiresAt: string;
	request: SandboxRequest;
}

/**
 * The sandbox's answer to a `SandboxRequest`, signed by the site; posted back unchanged as
 * `{ result }`. Only these fields are read by clients; the site checks all of them.
 */
export interface SandboxResult {
	proxyHealthSandbox: true;
	bisection: string;
	step: number;
	outcome: 'pass' | 'fail' | 'crash';
	signature: string;
	[ field: string ]: unknown;
}

/* -------------------------------------------------------------------------------------------
 * Evidence (POST /evidence-sessions, GET /evidence-sessions/current, GET /evidence)
 * ---------------------------------------------------------------------------------------- */

/** Body of `POST /evidence-sessions`. */
export interface EvidenceSessionRequest {
	minutes: number;
	debugConstants: boolean;
}

export interface EvidenceSession {
	id: string;
	startedAt: string;
	expiresAt: string;
	debugConstants: boolean;
}

export interface CallSource {
	type: 'plugin' | 'theme' | 'mu-plugin' | 'core';
	/** Plugin, theme or must-use plugin folder; for core, the function that made the call (e.g. `wp_version_check`). */
	slug: string;
}

/** What ending a session did to wp-config.php. */
export interface ConfigRevert {
	/** `block_removed`: the file changed meanwhile, so only Proxy Health's block was taken out. */
	status:
		'restored' | 'block_removed' | 'already_reverted' | 'nothing_to_revert';
	message: string;
}

/** Body of `DELETE /evidence-sessions/current`. */
export interface EvidenceSessionStopped {
	stopped: EvidenceSession;
	/** Null when the session did not switch debug constants on. */
	config: ConfigRevert | null;
}

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
export type HookOwnerType =
	'plugin' | 'mu-plugin' | 'theme' | 'core' | 'drop-in' | 'unknown';

export interface HookOwner {
	type: HookOwnerType;
	/** Plugin/theme folder (or single file without `.php`); null for core and unknown. */
	slug: string | null;
	/** Relative to WP_CONTENT_DIR (plugins, themes, drop-ins) or ABSPATH (core); null for PHP's own functions. */
	file: string | null;
	line: number | null;
}

export interface HookCallback {
	priority: number;
	/** `function`, `Class::method` or `{closure}` (`Class::{closure}` inside a class body). */
	callback: string;
	acceptedArgs: number;
	owner: HookOwner;
	/** Declared by Proxy Health itself. */
	proxyHealth: boolean;
}

export interface HookCallbacks {
	hook: string;
	/** In the order WordPress runs them. */
	callbacks: HookCallback[];
}

export interface HookOwnerCallback {
	hook: string;
	priority: number;
	callback: string;
	file: string | null;
	line: number | null;
}

export interface HookOwnerGroup {
	type: HookOwnerType;
	slug: string | null;
	proxyHealth: boolean;
	callbacks: HookOwnerCallback[];
}

export interface HooksReport {
	/** Every inspected hook, with or without callbacks. */
	hooks: HookCallbacks[];
	owners: HookOwnerGroup[];
}

/* -------------------------------------------------------------------------------------------
 * GET /scan (Scan_Controller, Site_Scanner); the CLI's `proxy-health scan` uses the same
 * suspect and problem shapes
 * ---------------------------------------------------------------------------------------- */

/** Pattern codes of the static scan (plugin/scan-patterns.json holds their weights). */
export type ScanPatternCode =
	| 'defines_wp_proxy_constant'
	| 'hook_pre_http_send_through_proxy'
	| 'hook_http_api_curl'
	| 'hook_pre_http_request'
	| 'hook_http_request_args'
	| 'hook_use_curl_transport'
	| 'hook_https_ssl_verify'
	| 'curl_proxy_option'
	| 'proxy_authorization_header'
	| 'stream_context_proxy'
	| 'raw_curl'
	| 'guzzle_client';

export interface ScanHit {
	code: ScanPatternCode;
	weight: number;
	/** GET /scan: relative to wp-content; the CLI: relative to the WordPress root. */
	file: string;
	line: number;
	/** What matched, e.g. `add_filter( 'http_api_curl' )`, `curl_setopt( CURLOPT_PROXYUSERPWD )`. */
	detail: string;
}

export type ScanComponentType = 'plugin' | 'mu-plugin' | 'theme';

export interface ScanSuspect {
	type: ScanComponentType;
	/** Plugin folder (or single-file plugin without `.php`), theme folder. */
	slug: string;
	score: number;
	/** Heaviest first, then by file and line. */
	hits: ScanHit[];
}

export interface ScanProblem {
	file: string;
	line?: number | null;
	reason: 'parse_error' | 'too_large' | 'unreadable';
	message: string;
}

export interface SiteScanReport {
	/** Most likely first; components without hits are left out. */
	suspects: ScanSuspect[];
	/** Files that could not be read or parsed; the scan went on without them. */
	problems: ScanProblem[];
	filesScanned: number;
	/** True when the file or time bound stopped the scan early. */
	truncated: boolean;
	elapsedMs: number;
}

/* -------------------------------------------------------------------------------------------
 * POST /explain (Explain_Controller, Proxy_Route_Explainer)
 * ---------------------------------------------------------------------------------------- */

/** The step of `WP_HTTP_Proxy::send_through_proxy()` that decided the route. */
export type ExplainReason =
	| 'proxy_disabled'
	| 'unparsable_url'
	| 'filter_override'
	| 'localhost'
	| 'site_host'
	| 'no_bypass_list'
	| 'bypass_wildcard_match'
	| 'bypass_exact_match'
	| 'not_in_bypass_list';

/** A near miss that explains why a host meant to be bypassed still goes through the proxy. */
export type ExplainHint =
	| 'bypass_entry_has_space'
	| 'wildcard_does_not_match_apex'
	| 'case_mismatch'
	| 'trailing_dot_mismatch'
	| 'port_in_bypass_entry'
	| 'cidr_in_bypass_entry'
	| 'ipv6_without_brackets'
	| 'url_has_no_host'
	| 'http_api_rejects_url';

/** A callback hooked on `pre_http_send_through_proxy`. */
export interface ExplainFilterCallback {
	/** "function", "Class::method", "Class->method" or "Closure at file:line". */
	name: string;
	priority: number;
}

/** Would WordPress send this URL through its proxy, and why. */
export interface ExplainResult {
	url: string;
	/** The host as PHP's `parse_url()` reads it (case kept); null when it finds none. */
	host: string | null;
	viaProxy: boolean;
	reason: ExplainReason;
	/** Translated sentence. */
	detail: string;
	/** The `WP_PROXY_BYPASS_HOSTS` entry that matched, as split from the constant. */
	matchedRule?: string;
	/** Present when callbacks are hooked on `pre_http_send_through_proxy`. */
	filter?: { callbacks: ExplainFilterCallback[] };
	/** Whether both `WP_PROXY_HOST` and `WP_PROXY_PORT` are defined. */
	proxyEnabled: boolean;
	/** `ExplainHint` codes; typed as strings so a newer site's new hint is not an error. */
	hints: string[];
}

/* -------------------------------------------------------------------------------------------
 * Inbound check (POST /inbound-checks) and the report (GET /report)
 * ---------------------------------------------------------------------------------------- */

export type InboundEntryPoint = 'home' | 'robots' | 'restApi';

/** One response on the way from an entry point to its final answer. */
export interface InboundHop {
	url: string;
	status: number;
	location?: string;
	server?: string;
	via?: string;
	/** `WWW-Authenticate` or `Proxy-Authenticate` as sent. */
	authenticate?: string;
}

export interface InboundChain {
	entryPoint: InboundEntryPoint;
	/** Which user agent asked (`browser`, `crawler`, …); kept open for new agents. */
	client: string;
	url: string;
	hops: InboundHop[];
	loop: boolean;
	tooManyHops: boolean;
	error?: { code: string; message: string };
}

/** What an anonymous browser and a crawler get from the site's entry points. */
export interface InboundCheck {
	createdAt: string;
	verdict: Verdict;
	chains: InboundChain[];
	diagnoses: Diagnosis[];
}

/**
 * Everything in one redacted document (`GET /report`; also `wp proxy-health report
 * --format=json`, byte for byte), as the batch CLI collects it.
 */
export interface ReportDocument {
	/** ISO 8601, UTC. */
	generatedAt: string;
	/** `url` is the home URL. */
	site: { url: string; wp: string; php: string };
	status: StatusResponse;
	/** The newest stored probe report, or the one run for the request (`run=1`); null when none. */
	latestProbeReport: ProbeReport | null;
	hooks: HooksReport;
	/** Only with `inbound=1`; null otherwise. */
	inbound: InboundCheck | null;
	/** What the evidence session recorded, added up; null from plugin builds without it. */
	evidence: EvidenceSummary | null;
	/** The kept bisection runs, newest first; null from plugin builds without them. */
	bisections: BisectionSummary[] | null;
}

/** The `evidence` part of the report: calls of the running (or last) session, added up. */
export interface EvidenceSummary {
	/** The running session; null when none runs. */
	session: EvidenceSession | null;
	calls: number;
	/** Calls whose outcome is not `ok`. */
	failedCalls: number;
	byOutcome: Partial< Record< ProbeOutcome, number > >;
	/** Busiest source first. */
	bySource: Array< CallSource & { calls: number; failed: number } >;
}

/** One item of the report's `bisections`; `GET /bisections/{id}` has the whole run. */
export type BisectionSummary = Pick<
	Bisection,
	'id' | 'status' | 'mode' | 'conclusion' | 'culprits' | 'probesUsed'
> & { createdAt: string };

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
 * Errors
 * ---------------------------------------------------------------------------------------- */

/** A `WP_Error` as the REST API serialises it. */
export interface RestErrorBody {
	code: string;
	message: string;
	data?: { status?: number };
}
