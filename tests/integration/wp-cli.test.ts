/**
 * `wp proxy-health …` under the real WP-CLI 2.10 (src/lab/wp-cli.ts finds it: PROXY_HEALTH_WP_CLI,
 * the checksum-verified phar beside the project, or `wp` on PATH) against a lab site on real
 * PHP, behind squid, with the lab's wrong proxy password in wp-config.php.
 *
 * Covers every subcommand (status, check, explain, hooks, scan, report, allow-list, debug
 * on/off/status, bisect and bisect status/cancel): `--format=json` is byte for byte what the
 * REST route answers (allow-list's text and csv too), `table`, `csv` and `yaml` where lists are
 * printed, `--fields`, exit codes (1 on a fail verdict and on errors), arguments WP-CLI itself
 * refuses from the synopsis (unknown flags, values outside a list, missing or extra
 * positionals), the progress bar on a terminal (run through `script`, which gives WP-CLI a
 * pseudo-terminal), wp-config.php put back byte for byte, and neither the proxy password nor
 * the Application Password in any output.
 */

/**
 * External dependencies
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import {
	runWpCli,
	wpCliCommandLine,
	wpCliEnv,
	type WpCliResult,
} from '../../src/lab/wp-cli';
import { wpCommandLine } from '../../src/cli/commands/lab';
import { enableDebugLog, sharedLab } from '../support/lab';
import { rest } from '../support/rest';

jest.setTimeout( 300_000 );

const lab = sharedLab( { runtime: 'php', proxyEngine: 'squid' } );

/** Everything every WP-CLI run printed, for the secret check at the end. */
const transcript: string[] = [];

async function wp( ...args: string[] ): Promise< WpCliResult > {
	const result = await runWpCli(
		{ path: lab().site.root, url: lab().server.url },
		args
	);
	transcript.push( result.stdout, result.stderr );
	return result;
}

/**
 * The REST route's body, as bytes (text), as the administrator.
 * @param route
 * @param init
 * @param init.method
 * @param init.body
 */
async function restText(
	route: string,
	init: { method?: string; body?: unknown } = {}
): Promise< string > {
	const answer = await rest( lab().server.url, lab().site, route, init );
	expect( answer.status ).toBe( 200 );
	return answer.text;
}

/**
 * A REST body as WP-CLI prints it: the one field that tells which PHP answers (`runtime.sapi`,
 * cli-server for the lab's `php -S`) says `cli` under WP-CLI.
 * @param text
 */
const asCli = ( text: string ) =>
	text.replace( /"sapi":"cli-server"/g, '"sapi":"cli"' );

const wpConfig = () =>
	readFileSync( path.join( lab().site.root, 'wp-config.php' ), 'utf8' );

describe( 'wp proxy-health under WP-CLI 2.10', () => {
	it( 'runs under WP-CLI 2.10 and lists every subcommand', async () => {
		const version = await wp( '--version' );
		expect( version.stdout ).toMatch( /^WP-CLI 2\.10\.\d+\n$/ );
		const help = await wp( 'help', 'proxy-health' );
		expect( help.status ).toBe( 0 );
		for ( const subcommand of [
			'allow-list',
			'bisect',
			'check',
			'debug',
			'explain',
			'hooks',
			'report',
			'scan',
			'status',
		] ) {
			expect( help.stdout ).toMatch(
				new RegExp( `\\n\\s+${ subcommand }\\s` )
			);
		}
	} );

	it( 'the command line `proxy-health lab` prints for its site runs', async () => {
		const line = wpCommandLine( lab() );
		expect( line ).toMatch(
			/^php \S+wp-cli\S*\.phar --path=\S+ --url=http:\/\/127\.0\.0\.1:\d+ --allow-root proxy-health status$/
		);
		const [ command, ...args ] = line.split( ' ' );
		const output = await new Promise< {
			code: number | null;
			out: string;
		} >( ( resolve, reject ) => {
			const child = spawn( command as string, args, {
				env: wpCliEnv(),
				stdio: [ 'ignore', 'pipe', 'pipe' ],
			} );
			let out = '';
			child.stdout.on( 'data', ( chunk ) => ( out += chunk ) );
			child.stderr.on( 'data', ( chunk ) => ( out += chunk ) );
			child.once( 'error', reject );
			child.once( 'close', ( code ) => resolve( { code, out } ) );
		} );
		transcript.push( output.out );
		expect( output.code ).toBe( 0 );
		expect( output.out ).toContain( 'Proxy enabled\tyes\n' );
	} );

	it( 'status: json is GET /status byte for byte; table and yaml summarise it', async () => {
		const json = await wp( 'proxy-health', 'status', '--format=json' );
		expect( json.status ).toBe( 0 );
		expect( json.stderr ).toBe( '' );
		expect( json.stdout ).toContain( '"sapi":"cli"' );
		expect( json.stdout ).toBe(
			asCli( await restText( '/proxy-health/v1/status' ) ) + '\n'
		);

		const table = await wp( 'proxy-health', 'status' );
		expect( table.status ).toBe( 0 );
		// WP-CLI's table without a terminal: a header row, then tab-separated rows.
		expect( table.stdout ).toMatch( /^field\tvalue\nProxy enabled\tyes\n/ );
		expect( table.stdout ).toContain( '\nPassword set\tyes\n' );

		const yaml = await wp( 'proxy-health', 'status', '--format=yaml' );
		expect( yaml.stdout ).toMatch( /^---\nproxy:\n {2}enabled: true\n/ );
		expect( yaml.stdout ).toMatch( /\n {2}port: "\d+"\n/ );
	} );

	it( 'check: exit code 1 on a fail verdict, json is a ProbeReport, csv and --fields list the results', async () => {
		const target = `${ lab().httpTarget.url }/`;
		const json = await wp(
			'proxy-health',
			'check',
			target,
			'--format=json'
		);
		expect( json.status ).toBe( 1 );
		expect( json.stderr ).toBe( '' );
		const report = JSON.parse( json.stdout );
		expect( report.verdict ).toBe( 'fail' );
		expect( report.results[ 0 ] ).toMatchObject( {
			target,
			httpStatus: 407,
		} );
		expect(
			report.diagnoses.map( ( d: { code: string } ) => d.code )
		).toContain( 'proxy_auth_rejected' );
		// Kept in the history, as the panel's checks are. The history keeps the first lines of
		// each cURL transcript only (its size is bounded), so transcripts are compared as prefixes.
		type Result = { transcript?: string[] };
		const stored = JSON.parse(
			await restText( `/proxy-health/v1/probes/${ report.id }` )
		) as { results: Result[] };
		const withoutTranscripts = ( doc: { results: Result[] } ) => ( {
			...doc,
			results: doc.results.map(
				( { transcript: _kept, ...other } ) => other
			),
		} );
		expect( withoutTranscripts( stored ) ).toEqual(
			withoutTranscripts( report )
		);
		stored.results.forEach( ( result, i ) => {
			const printed: string[] = report.results[ i ].transcript ?? [];
			const kept = ( result.transcript ?? [] ).filter(
				( line ) => ! / more lines not kept in history$/.test( line )
			);
			expect( printed.slice( 0, kept.length ) ).toEqual( kept );
		} );

		const https = `${ lab().httpsTarget.url }/`;
		const table = await wp(
			'proxy-health',
			'check',
			`--target=${ https }`
		);
		expect( table.status ).toBe( 1 );
		const lines = table.stdout.split( '\n' );
		expect( lines[ 0 ] ).toBe(
			'target\ttransport\tviaProxy\toutcome\thttp\tconnect\ttotalMs'
		);
		expect( lines[ 1 ] ).toMatch(
			new RegExp(
				`^${ https.replace( /[.]/g, '\\.' ) }\tcurl\tyes\tproxy_auth_required\t\t407\t[0-9.]+$`
			)
		);
		expect( lines ).toContain( 'code\tseverity\ttitle' );
		expect( table.stdout ).toContain( '\nVerdict: fail\n' );

		const csv = await wp(
			'proxy-health',
			'check',
			target,
			'--format=csv',
			'--fields=target,transport,outcome,http'
		);
		expect( csv.status ).toBe( 1 );
		const rows = csv.stdout.trimEnd().split( '\n' );
		expect( rows[ 0 ] ).toBe( 'target,transport,outcome,http' );
		expect( rows ).toContain( `${ target },curl,proxy_auth_required,407` );
		expect( csv.stdout ).not.toContain( 'Verdict' );

		const yaml = await wp(
			'proxy-health',
			'check',
			target,
			'--format=yaml'
		);
		expect( yaml.status ).toBe( 1 );
		expect( yaml.stdout ).toMatch( /^---\n/ );
		expect( yaml.stdout ).toContain( '\nverdict: fail\n' );
	} );

	it( 'check on a terminal shows a progress bar over the probes (make_progress_bar)', async () => {
		const target = `${ lab().httpTarget.url }/`;
		const command = wpCliCommandLine(
			{ path: lab().site.root, url: lab().server.url },
			[ 'proxy-health', 'check', target ]
		);
		const output = await new Promise< string >( ( resolve, reject ) => {
			// util-linux `script` runs the command on a pseudo-terminal, as a person would.
			const child = spawn( 'script', [ '-qec', command, '/dev/null' ], {
				env: wpCliEnv( { TERM: 'xterm', COLUMNS: '120' } ),
				stdio: [ 'ignore', 'pipe', 'pipe' ],
			} );
			let text = '';
			child.stdout.on( 'data', ( chunk ) => ( text += chunk ) );
			child.stderr.on( 'data', ( chunk ) => ( text += chunk ) );
			child.once( 'error', reject );
			child.once( 'close', () => resolve( text ) );
		} );
		transcript.push( output );
		expect( output ).toContain( 'Probing through the proxy' );
		expect( output ).toMatch( /100%/ );
		expect( output ).toContain( 'Verdict: fail' );

		// Piped (as in every other test here), the bar prints nothing.
		const piped = await wp( 'proxy-health', 'check', target );
		expect( piped.stdout + piped.stderr ).not.toContain(
			'Probing through the proxy'
		);
	} );

	it( 'explain: json is POST /explain byte for byte; a missing URL is refused by WP-CLI', async () => {
		for ( const url of [
			`${ lab().httpTarget.url }/`,
			`${ lab().server.url }/`,
			'HTTP://LOCALHOST:8080/',
		] ) {
			const json = await wp(
				'proxy-health',
				'explain',
				url,
				'--format=json'
			);
			expect( json.status ).toBe( 0 );
			expect( json.stdout ).toBe(
				( await restText( '/proxy-health/v1/explain', {
					method: 'POST',
					body: { url },
				} ) ) + '\n'
			);
		}
		const table = await wp(
			'proxy-health',
			'explain',
			`${ lab().httpTarget.url }/`
		);
		expect( table.stdout ).toContain( '\nThrough the proxy\tyes\n' );

		const none = await wp( 'proxy-health', 'explain' );
		expect( none.status ).toBe( 1 );
		expect( none.stdout + none.stderr ).toContain(
			'usage: wp proxy-health explain <url>'
		);
		const bad = await wp( 'proxy-health', 'explain', 'ftp://127.0.0.2/' );
		expect( bad.status ).toBe( 1 );
		expect( bad.stderr ).toBe(
			'Error: url must be an absolute URL starting with http:// or https://.\n'
		);
	} );

	it( 'hooks: json is GET /hooks byte for byte; table, csv, yaml and --fields', async () => {
		const json = await wp( 'proxy-health', 'hooks', '--format=json' );
		expect( json.status ).toBe( 0 );
		expect( json.stdout ).toBe(
			( await restText( '/proxy-health/v1/hooks' ) ) + '\n'
		);

		const table = await wp( 'proxy-health', 'hooks' );
		expect( table.stdout.split( '\n' )[ 0 ] ).toBe(
			'hook\tpriority\tcallback\towner\tfile'
		);
		expect( table.stdout ).toMatch(
			/\nhttp_request_args\t\d+\t[^\t]+\tmu-plugin:proxy-health-lab-ca\t/
		);

		const csv = await wp(
			'proxy-health',
			'hooks',
			'--format=csv',
			'--fields=hook,owner'
		);
		expect( csv.status ).toBe( 0 );
		expect( csv.stdout ).toMatch( /^hook,owner\n/ );
		expect( csv.stdout ).toContain(
			'\nhttp_request_args,mu-plugin:proxy-health-lab-ca\n'
		);

		const yaml = await wp( 'proxy-health', 'hooks', '--format=yaml' );
		expect( yaml.stdout ).toMatch( /^---\nhooks:\n/ );
	} );

	it( 'scan: json is GET /scan (its timing aside); table and csv list each finding', async () => {
		const json = await wp( 'proxy-health', 'scan', '--format=json' );
		expect( json.status ).toBe( 0 );
		const cli = JSON.parse( json.stdout );
		const route = JSON.parse( await restText( '/proxy-health/v1/scan' ) );
		delete cli.elapsedMs;
		delete route.elapsedMs;
		expect( cli ).toEqual( route );
		expect( cli.suspects.length ).toBeGreaterThan( 0 );

		const table = await wp( 'proxy-health', 'scan' );
		expect( table.stdout ).toMatch(
			/\nmu-plugin:proxy-health-lab-ca\t\d+\thook_http_request_args\tmu-plugins\/proxy-health-lab-ca\.php:\d+\t/
		);
		const csv = await wp(
			'proxy-health',
			'scan',
			'--format=csv',
			'--fields=suspect,code'
		);
		expect( csv.stdout ).toMatch( /^suspect,code\n/ );
		expect( csv.stdout ).toContain(
			'\nmu-plugin:proxy-health-lab-ca,hook_http_request_args\n'
		);
	} );

	it( 'report: json is GET /report byte for byte (its generation time aside)', async () => {
		const json = await wp( 'proxy-health', 'report', '--format=json' );
		expect( json.status ).toBe( 0 );
		const route = asCli( await restText( '/proxy-health/v1/report' ) );
		const time = ( text: string ) =>
			/"generatedAt":"([^"]+)"/.exec( text )?.[ 1 ] ?? '';
		expect( time( json.stdout ) ).toMatch(
			/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/
		);
		expect( json.stdout ).toBe(
			route.replace( time( route ), time( json.stdout ) ) + '\n'
		);
		const table = await wp( 'proxy-health', 'report' );
		expect( table.stdout ).toContain( '\nLatest probe verdict\tfail (' );
		const yaml = await wp( 'proxy-health', 'report', '--format=yaml' );
		expect( yaml.stdout ).toMatch( /^---\ngeneratedAt: / );
	} );

	it( 'allow-list: json, text and csv are GET /allow-list?format= byte for byte (its generation time aside); the table lists each destination', async () => {
		const target = new URL( lab().httpTarget.url );
		const address = `http://${ target.hostname }:${ target.port }`;
		const time = ( text: string ) =>
			/"generatedAt":"([^"]+)"|Generated: (\S+)/
				.exec( text )
				?.slice( 1 )
				.find( Boolean ) ?? '';

		const json = await wp( 'proxy-health', 'allow-list', '--format=json' );
		expect( json.status ).toBe( 0 );
		expect( json.stderr ).toBe( '' );
		const route = await restText( '/proxy-health/v1/allow-list' );
		expect( time( json.stdout ) ).toMatch(
			/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/
		);
		expect( json.stdout ).toBe(
			route.replace( time( route ), time( json.stdout ) ) + '\n'
		);
		// The check run earlier in this file probed the lab's HTTP target through the proxy.
		expect( JSON.parse( json.stdout ).destinations ).toContainEqual(
			expect.objectContaining( {
				scheme: 'http',
				host: target.hostname,
				port: Number( target.port ),
				viaProxy: 'yes',
			} )
		);

		const text = await wp( 'proxy-health', 'allow-list', '--format=text' );
		expect( text.status ).toBe( 0 );
		const textRoute = await restText(
			'/proxy-health/v1/allow-list&format=text'
		);
		expect( text.stdout ).toBe(
			textRoute.replace( time( textRoute ), time( text.stdout ) )
		);
		expect( text.stdout ).toContain( `\n${ address }\n  Called by: ` );

		const csv = await wp( 'proxy-health', 'allow-list', '--format=csv' );
		expect( csv.status ).toBe( 0 );
		expect( csv.stdout ).toBe(
			await restText( '/proxy-health/v1/allow-list&format=csv' )
		);
		expect( csv.stdout ).toMatch(
			/^"scheme","host","port","callers","via_proxy","last_seen","seen_in","requests"\r\n/
		);

		const table = await wp( 'proxy-health', 'allow-list' );
		expect( table.status ).toBe( 0 );
		expect( table.stdout.split( '\n' )[ 0 ] ).toBe(
			'destination\tcallers\tviaProxy\tlastSeen\trequests'
		);
		expect( table.stdout ).toMatch(
			new RegExp( `\\n${ address }\\t[^\\t]+\\tyes\\t\\d{4}-` )
		);
	} );

	it( 'debug on/status/off: the session routes’ documents, wp-config.php put back byte for byte', async () => {
		const before = wpConfig();
		try {
			await debugRoundTrip( before );
		} finally {
			// Whatever failed, no session (nor WP_DEBUG) is left on for the tests after this one.
			if ( wpConfig() !== before ) {
				await wp( 'proxy-health', 'debug', 'off' );
			}
		}
	} );

	async function debugRoundTrip( before: string ): Promise< void > {
		const on = await wp(
			'proxy-health',
			'debug',
			'on',
			'--minutes=5',
			'--debug-constants',
			'--format=json'
		);
		expect( on.status ).toBe( 0 );
		const session = JSON.parse( on.stdout );
		expect( session.debugConstants ).toBe( true );
		expect( on.stdout ).toBe(
			( await restText( '/proxy-health/v1/evidence-sessions/current' ) ) +
				'\n'
		);
		expect( wpConfig() ).toContain( "define( 'WP_DEBUG', true );" );

		const again = await wp( 'proxy-health', 'debug', 'on' );
		expect( again.status ).toBe( 1 );
		expect( again.stderr ).toBe(
			'Error: An evidence session is already running; stop it first.\n'
		);

		const status = await wp(
			'proxy-health',
			'debug',
			'status',
			'--format=json'
		);
		expect( status.status ).toBe( 0 );
		expect( JSON.parse( status.stdout ).session ).toEqual( session );
		const report = JSON.parse(
			await restText( '/proxy-health/v1/report' )
		);
		expect( JSON.parse( status.stdout ) ).toEqual( report.evidence );
		const table = await wp( 'proxy-health', 'debug', 'status' );
		expect( table.stdout ).toContain( `Session\t${ session.id }\n` );
		expect( table.stdout ).toContain( 'Debug constants\tyes\n' );

		const wrongOption = await wp(
			'proxy-health',
			'debug',
			'off',
			'--minutes=5'
		);
		expect( wrongOption.status ).toBe( 1 );
		expect( wrongOption.stderr ).toBe(
			'Error: --minutes only go with wp proxy-health debug on.\n'
		);

		const off = await wp( 'proxy-health', 'debug', 'off' );
		expect( off.status ).toBe( 0 );
		expect( off.stdout ).toContain(
			`Success: Evidence session ${ session.id } stopped.\n`
		);
		expect( wpConfig() ).toBe( before );

		const offAgain = await wp( 'proxy-health', 'debug', 'off' );
		expect( offAgain.status ).toBe( 1 );
		expect( offAgain.stderr ).toBe(
			'Error: No evidence session is running.\n'
		);

		const minutes = await wp(
			'proxy-health',
			'debug',
			'on',
			'--minutes=0'
		);
		expect( minutes.status ).toBe( 1 );
		expect( minutes.stderr ).toContain(
			'minutes must be a whole number from 1 to 1440.'
		);
	}

	it( 'with WP_DEBUG on, loading the command writes no PHP notice, warning or deprecation', async () => {
		const file = path.join( lab().site.root, 'wp-config.php' );
		const before = wpConfig();
		await enableDebugLog( lab() );
		try {
			const status = await wp( 'proxy-health', 'status' );
			const help = await wp( 'help', 'proxy-health', 'check' );
			expect( status.status ).toBe( 0 );
			expect( help.status ).toBe( 0 );
			expect(
				[ status, help ]
					.flatMap( ( r ) =>
						`${ r.stdout }\n${ r.stderr }`.split( '\n' )
					)
					.filter( ( line ) =>
						/(Notice|Warning|Deprecated|Fatal error):/.test( line )
					)
			).toEqual( [] );
		} finally {
			writeFileSync( file, before );
		}
	} );

	it( 'bisect: runs under WP-CLI with exit code 0, then status and cancel show the run as GET /bisections/{id} does', async () => {
		// Only Proxy Health is active in this lab: nothing to bisect among the plugins.
		const json = await wp( 'proxy-health', 'bisect', '--format=json' );
		expect( json.status ).toBe( 0 );
		const run = JSON.parse( json.stdout );
		expect( run ).toMatchObject( {
			status: 'done',
			conclusion: 'nothing_to_bisect',
		} );
		expect( json.stdout ).toBe(
			( await restText( `/proxy-health/v1/bisections/${ run.id }` ) ) +
				'\n'
		);

		const status = await wp( 'proxy-health', 'bisect', 'status', run.id );
		expect( status.status ).toBe( 0 );
		expect( status.stdout ).toContain( '\nStatus\tdone\n' );
		const statusJson = await wp(
			'proxy-health',
			'bisect',
			'status',
			run.id,
			'--format=json'
		);
		expect( statusJson.stdout ).toBe( json.stdout );

		const cancel = await wp( 'proxy-health', 'bisect', 'cancel', run.id );
		expect( cancel.status ).toBe( 0 );
		expect( cancel.stderr ).toBe(
			`Warning: Bisection ${ run.id } is not running (done); nothing to cancel.\n`
		);

		const unknown = await wp(
			'proxy-health',
			'bisect',
			'status',
			'00000000-0000-0000-0000-000000000000'
		);
		expect( unknown.status ).toBe( 1 );
		expect( unknown.stderr ).toBe( 'Error: No bisection with that id.\n' );
		const noId = await wp( 'proxy-health', 'bisect', 'cancel' );
		expect( noId.status ).toBe( 1 );
		expect( noId.stderr ).toBe(
			'Error: Name the run: wp proxy-health bisect cancel <id>.\n'
		);
		const modeWithStatus = await wp(
			'proxy-health',
			'bisect',
			'status',
			run.id,
			'--mode=ddmin'
		);
		expect( modeWithStatus.status ).toBe( 1 );
		expect( modeWithStatus.stderr ).toBe(
			'Error: --mode only go with wp proxy-health bisect.\n'
		);
	} );

	it( 'bisect --include-theme: the theme is the one candidate; steps and the conclusion are printed', async () => {
		const table = await wp( 'proxy-health', 'bisect', '--include-theme' );
		expect( table.stderr ).toBe( '' );
		expect( table.status ).toBe( 0 );
		expect( table.stdout ).toContain(
			': 0 plugins under test, staging clone '
		);
		expect( table.stdout ).toMatch(
			/The active theme \(\S+\) is tested too: steps without it run \S+\./
		);
		expect( table.stdout ).toMatch( /Step 1\/~\d+: theme:\S+ → fail\n/ );
		expect( table.stdout ).toMatch(
			/\nSuccess: Bisection [0-9a-f-]{36} concluded not_a_plugin\.\n$/
		);
	} );

	it( 'bisect refuses while another run holds the lock and names it', async () => {
		const holder = '11111111-1111-4111-8111-111111111111';
		const locked = await wp(
			'eval',
			`var_export( ProxyHealth\\Bisection\\Lock::acquire( '${ holder }' ) );`
		);
		expect( locked.stdout ).toBe( 'true' );
		try {
			const refused = await wp(
				'proxy-health',
				'bisect',
				'--format=json'
			);
			expect( refused.status ).toBe( 1 );
			expect( refused.stdout ).toBe( '' );
			expect( refused.stderr ).toContain(
				`Running now: bisection ${ holder } (wp proxy-health bisect status ${ holder }).`
			);
		} finally {
			await wp(
				'eval',
				`ProxyHealth\\Bisection\\Lock::release( '${ holder }' );`
			);
		}
	} );

	it.each( [
		[
			'an unknown flag',
			[ 'status', '--verbose' ],
			/^Error: Parameter errors:\n unknown --verbose parameter/,
		],
		[
			'a format outside the list',
			[ 'status', '--format=xml' ],
			/^Error: Parameter errors:\n Invalid value specified for 'format'/,
		],
		[
			'csv where no list is printed',
			[ 'report', '--format=csv' ],
			/^Error: Parameter errors:\n Invalid value specified for 'format'/,
		],
		[
			'two formats at once',
			[ 'hooks', '--format=json,csv' ],
			/^Error: Invalid value for --format; use one of: table, json, csv, yaml\.\n$/,
		],
		[
			'allow-list in a format it does not print',
			[ 'allow-list', '--format=yaml' ],
			/^Error: Parameter errors:\n Invalid value specified for 'format'/,
		],
		[
			'allow-list in two formats at once',
			[ 'allow-list', '--format=text,csv' ],
			/^Error: Invalid value for --format; use one of: table, json, text, csv\.\n$/,
		],
		[
			'--fields with json',
			[ 'hooks', '--format=json', '--fields=hook' ],
			/^Error: --fields picks the columns of --format=table or csv/,
		],
		[
			'an unknown column',
			[ 'scan', '--fields=suspect,colour' ],
			/^Error: Invalid value for --fields; use some of: suspect, score, code, file, detail\.\n$/,
		],
		[
			'a positional argument where none is taken',
			[ 'hooks', 'extra' ],
			/^Error: Too many positional arguments: extra\n$/,
		],
		[
			// WP-CLI 2.10 does not enforce the synopsis' list for this one; the command does.
			'an unknown debug action',
			[ 'debug', 'start' ],
			/^Error: Name what to do: wp proxy-health debug on\|off\|status\.\n$/,
		],
		[
			'an unknown bisect action',
			[ 'bisect', 'run' ],
			/^Error: Invalid value specified for positional arg\.\n$/,
		],
		[
			'an unknown bisection mode',
			[ 'bisect', '--mode=binary' ],
			/^Error: Parameter errors:\n Invalid value specified for 'mode'/,
		],
		[
			'the driver option, which WP-CLI does not take',
			[ 'bisect', '--driver=client' ],
			/^Error: Parameter errors:\n unknown --driver parameter/,
		],
		[
			'a file URL',
			[ 'check', 'file:///etc/passwd' ],
			/^Error: targets\[0\] must be an absolute http:\/\/ or https:\/\/ URL/,
		],
	] )(
		'WP-CLI refuses %s with exit code 1 and runs nothing',
		async ( _name, args, message ) => {
			const result = await wp( 'proxy-health', ...args );
			expect( result.status ).toBe( 1 );
			expect( result.stdout ).toBe( '' );
			expect( result.stderr ).toMatch( message );
		}
	);

	it( 'no output contains the proxy password or the Application Password', () => {
		const password = lab().proxy.credentials?.password;
		expect( password ).toBeTruthy();
		const secrets = [
			password as string,
			Buffer.from(
				`${ lab().proxy.credentials?.username }:${ password }`
			).toString( 'base64' ),
			lab().site.admin.applicationPassword,
			lab().site.admin.applicationPassword.replace( / /g, '' ),
		];
		const all = transcript.join( '\n' );
		expect( all ).toContain( 'Proxy-Authorization' ); // The report says credentials were sent…
		for ( const secret of secrets ) {
			expect( all ).not.toContain( secret ); // …never what they were.
		}
	} );
} );
