/**
 * `proxy-health explain <url> --config <wp-config.php>`: the TypeScript twin of
 * `WP_HTTP_Proxy::send_through_proxy()` over constants read from disk.
 */

/**
 * External dependencies
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { effectiveConstants, readWpConfigSource } from '../../analysis/scan';
import {
	explainSendThroughProxy,
	type SendThroughProxyExplanation,
} from '../../analysis/send-through-proxy';
import { EXIT_OK, UsageError, type CliIo, type ExitCode } from '../lib/io';

export interface ExplainCommandOptions {
	url: string;
	config: string;
	siteUrl?: string;
	format: 'table' | 'json';
}

/**
 * `define( 'WP_SITEURL', '…' )` / WP_HOME as literals, for the site-host rule.
 * @param source
 */
function siteUrlFromConfig( source: string ): string | null {
	const match =
		/define\s*\(\s*['"](WP_SITEURL|WP_HOME)['"]\s*,\s*['"]([^'"]+)['"]/.exec(
			source
		);
	return match?.[ 2 ] ?? null;
}

/**
 * @param options Parsed options.
 * @param io      Streams.
 */
export function runExplainCommand(
	options: ExplainCommandOptions,
	io: CliIo
): ExitCode {
	const file = path.resolve( io.cwd, options.config );
	if ( ! existsSync( file ) ) {
		throw new UsageError(
			`--config: ${ options.config } does not exist.`,
			'explain'
		);
	}
	const source = readFileSync( file, 'utf8' );
	const reading = readWpConfigSource( source, options.config );
	if ( reading.parseError ) {
		throw new UsageError(
			`${ options.config } does not parse (line ${ reading.parseError.line ?? '?' }): ${ reading.parseError.message }`,
			'explain'
		);
	}
	const constants = effectiveConstants( reading );
	const unresolved = Object.values( constants ).filter(
		( definition ) =>
			definition &&
			definition.name !== 'WP_PROXY_PASSWORD' &&
			definition.value === null
	);
	const siteUrl = options.siteUrl ?? siteUrlFromConfig( source ) ?? '';
	const explanation: SendThroughProxyExplanation = explainSendThroughProxy(
		options.url,
		{
			proxyHost: constants.WP_PROXY_HOST
				? ( constants.WP_PROXY_HOST.value ?? '' )
				: null,
			proxyPort: constants.WP_PROXY_PORT
				? ( constants.WP_PROXY_PORT.value ?? '' )
				: null,
			bypassHosts: constants.WP_PROXY_BYPASS_HOSTS
				? ( constants.WP_PROXY_BYPASS_HOSTS.value ?? '' )
				: null,
			siteUrl,
		}
	);
	const notes = [
		...( siteUrl
			? []
			: [
					'The site URL is unknown (no WP_SITEURL/WP_HOME in wp-config.php): pass --site-url to apply the site-host rule.',
				] ),
		...unresolved.map(
			( definition ) =>
				`${ definition?.name } is not a literal (${ definition?.expression ?? 'expression' }) at ${ definition?.file }:${ definition?.line }; its value is unknown without running PHP.`
		),
		...reading.definitions
			.filter( ( definition ) => definition.afterSettings )
			.map(
				( definition ) =>
					`${ definition.name } is defined after wp-settings.php (${ definition.file }:${ definition.line }): too late for code that runs while WordPress loads.`
			),
	];
	if ( options.format === 'json' ) {
		io.stdout.write(
			`${ JSON.stringify( { url: options.url, siteUrl: siteUrl || null, ...explanation, notes }, null, 2 ) }\n`
		);
		return EXIT_OK;
	}
	const lines = [
		`${ options.url }: ${ explanation.viaProxy ? 'THROUGH the proxy' : 'DIRECT (not through the proxy)' }`,
		`  reason: ${ explanation.reason }${ explanation.matchedRule !== undefined ? ` (bypass rule "${ explanation.matchedRule }")` : '' }`,
		`  host:   ${ explanation.host ?? '(none)' }`,
		...explanation.hints.map( ( hint ) => `  hint:   ${ hint }` ),
		...notes.map( ( note ) => `  note:   ${ note }` ),
	];
	io.stdout.write( `${ lines.join( '\n' ) }\n` );
	return EXIT_OK;
}
