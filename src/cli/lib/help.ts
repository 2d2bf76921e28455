/**
 * Help texts for the tool and each command.
 */

export const COMMANDS = [
	'check',
	'batch',
	'merge',
	'scan',
	'explain',
	'lab',
	'bisect',
] as const;
export type CommandName = ( typeof COMMANDS )[ number ];

export const TOOL_HELP = `proxy-health: find out why WordPress sites get "407 Proxy Authentication Required".

Usage: proxy-health <command> [options]

Commands:
  check <url> --user <login>   Check one site over REST (password from PROXY_HEALTH_APP_PASSWORD)
  batch <sites-file>           Check many sites; table, JSON, JUnit, HTML or NDJSON report
  merge <ndjson…>              Combine NDJSON reports (the shards of a fleet) into one report
  scan <wordpress-root>        Read wp-config.php and scan plugins/themes for proxy-related code
  explain <url> --config <wp-config.php>
                               Would WordPress send this URL through the proxy, and why
  lab [scenario]               Start a local WordPress behind a proxy that answers 407
  bisect --site <url> --user <login>
                               Find the plugin that breaks proxy auth, in a staging clone

Options:
  -h, --help     Help for the tool or a command (proxy-health <command> --help)
  -v, --version  Print the version

Exit codes: 0 all pass, 1 any failure, 2 usage or input error.
The CLI's own connections honour HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case);
a 407 from that proxy is reported as cli_proxy_auth_required, apart from the sites' results.
`;

export const COMMAND_HELP: Record< CommandName, string > = {
	bisect: `Usage: proxy-health bisect --site <url> --user <login> [options]

Finds the plugin (or the pair of plugins) that breaks the site's outbound proxy auth. The site
copies its tables to a staging clone and probes subsets of its active plugins there; the live
site, its plugins and its visitors are never touched. With --driver auto (the default) the
site runs every step itself when it can reach itself (a check of a few seconds); when it cannot,
this command sends each step's signed sandbox request to the site and posts the site's signed
answer back, so it works where the site cannot call itself. It prints which driver ran and why,
and the culprits with evidence.

The Application Password is read from the PROXY_HEALTH_APP_PASSWORD environment variable only.

Options:
  --site <url>                 The site (required)
  --user <login>               WordPress administrator login (required)
  --mode ddmin|one-by-one      Delta debugging (about log2 N probes) or one plugin at a time
                               (default: ddmin)
  --driver auto|server|client  Who sends each step: auto (the site when its loopback works, else
                               this command), server (the site itself), client (this command)
                               (default: auto)
  --clone light|full           Copy only the tables a probe needs, or every table (default: light)
  --suspects-from <wp-root>    Scan this WordPress folder statically and try its ranked plugins first
  --include-theme              Test the active theme too (steps without it run the default theme)
  --format table|json          Output format (default: table)
  --timeout <seconds>          Per request (default: 180)
  -h, --help                   This help

Progress goes to stderr (step k/estimated). Ctrl-C cancels the run on the site (the clone is
dropped) and exits with 130.

Exit codes: 0 the run reached a conclusion, 1 the run failed or the site could not be reached,
2 usage error, 130 interrupted.
`,
	check: `Usage: proxy-health check <url> --user <login> [options]

Runs GET /status and POST /probes on one site with an Application Password and prints the
verdict, the diagnoses and the probe results.

The Application Password is read from the PROXY_HEALTH_APP_PASSWORD environment variable
only (never from a flag, so it stays out of shell history and process lists).

Options:
  --user <login>          WordPress administrator login (required)
  --format table|json     Output format (default: table)
  --timeout <seconds>     Per request (default: 60)
  --retries <n>           Retries on 5xx and timeouts, with backoff (default: 2)
  -h, --help              This help

Exit codes: 0 pass (or warn), 1 fail or site unreachable, 2 usage error.
`,
	batch: `Usage: proxy-health batch <sites-file> [options]

Checks many sites. The sites file is a JSON array, a YAML list or a CSV with a header, of
{ url, user, passwordEnv }: passwordEnv names the environment variable holding that site's
Application Password. Alternatively --credentials names a JSON file
{ "<url>": { "user": "…", "password": "…" } } that only its owner may read (chmod 600).

Options:
  --credentials <file>    Credentials file (mode 0600), used before passwordEnv
  --concurrency <n>       Sites checked at once (default: 8)
  --timeout <seconds>     Per request (default: 60)
  --retries <n>           Retries on 5xx and timeouts, with backoff (default: 2)
  --shard <i/n>           Check only shard i of n (sites k with k mod n = i-1, counting
                          every entry of the sites file from 0)
  --format <name>         table, json, junit, html or ndjson (default: table)
  --output <path>         Write the report to a file instead of stdout
  --resume <ndjson>       Skip the sites this NDJSON report already holds and append the rest
                          to it (implies --format ndjson; a missing file starts a new one)
  --quiet                 No progress bar (it is only drawn on a terminal outside CI anyway)
  -h, --help              This help

ndjson writes one line per site as soon as it is checked (each line is an entry of the json
report's "sites"; no summary line). The other formats list the sites in the sites file's
order once the run ends. Memory stays flat however many sites there are.

Per-site failures (dns_error, tls_error, connection_failed, timeout, unauthorized,
rest_no_route, invalid_json, server_error, cli_proxy_auth_required, …) are recorded and the
batch goes on. Ctrl-C (or SIGTERM) stops: the report of the sites checked so far is written
(valid JSON, XML or HTML; ndjson lines are already there) and the exit code is 130.

Exit codes: 0 every site passes, 1 any site fails or cannot be checked, 2 usage or input error,
130 interrupted.
`,
	merge: `Usage: proxy-health merge <ndjson-file>… [options]

Combines NDJSON reports (from batch --format ndjson, e.g. one per --shard of a CI matrix) into
one report. Sites keep the order of the files, then of their lines.

Options:
  --format <name>         table, json, junit, html or ndjson (default: table)
  --output <path>         Write the report to a file instead of stdout
  -h, --help              This help

Exit codes: 0 every site passes, 1 any site fails or could not be checked, 2 usage or input
error (a missing file, or a line that is not a site result: the message names file:line).
`,
	scan: `Usage: proxy-health scan <wordpress-root> [options]

Reads wp-config.php without running it (proxy constants, where they are defined, whether
they come after wp-settings.php) and scans plugins, must-use plugins and themes for code
that touches HTTP or proxies. Prints ranked suspects with file:line.

Options:
  --format table|json     Output format (default: table)
  --theme <slug>          Scan only this theme (default: every theme, since the active one
                          is in the database)
  -h, --help              This help

Exit codes: 0 scanned (findings are information), 2 not a WordPress folder or usage error.
`,
	explain: `Usage: proxy-health explain <url> --config <wp-config.php> [options]

Would WordPress send a request for <url> through the proxy, and why? Reads the WP_PROXY_*
constants from wp-config.php without running it.

Options:
  --config <file>         The site's wp-config.php (required)
  --site-url <url>        The site's own URL (WordPress never proxies its own host)
  --format table|json     Output format (default: table)
  -h, --help              This help
`,
	lab: `Usage: proxy-health lab [scenario] [options]

Starts a local WordPress with Proxy Health behind a real proxy and local HTTP/HTTPS targets,
to reproduce a customer's problem. Ctrl-C stops everything.

Scenarios (what wp-config.php says about the proxy; default: wrong-credentials):
  right-credentials, wrong-credentials, missing-credentials, host-with-scheme,
  non-numeric-port, bypass-list, no-proxy

Options:
  --runtime php|playground         Real PHP or WordPress Playground (default: php)
  --proxy basic|digest|ntlm|deny|open
                                   How the proxy authenticates (default: basic)
  --engine squid|node              Proxy implementation (default: squid when installed)
  --wp 7.1|6.6|6.5|nightly         WordPress version: 7.1 (7.1.0, the current release), 6.6
                                   (6.6.2, the oldest the plugin supports), 6.5, nightly
                                   (default: $PROXY_HEALTH_WP, else 7.1)
  --db sqlite|mariadb              Database (default: sqlite)
  --php 7.4|8.0|8.1|8.2|8.3|8.4|8.5
                                   PHP version, with --runtime playground only (default:
                                   Playground's own)
  --state-dir <dir>                Where the lab's files go (default: a new temporary folder,
                                   removed on stop)
  -h, --help                       This help
`,
};
