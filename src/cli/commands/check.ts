/**
 * `proxy-health check <url> --user <login>`: one site.
 */

/**
 * Internal dependencies
 */
import { checkSite, type CheckOptions } from '../lib/check-site';
import {
	EXIT_FAILURE,
	EXIT_OK,
	UsageError,
	type CliIo,
	type ExitCode,
} from '../lib/io';
import { proxyForUrl, ProxyEnvError } from '../lib/proxy-env';
import { Secret } from '../lib/secret';
import {
	cleartextWarning,
	parseSiteUrl,
	type InputError,
} from '../lib/sites-file';
import { renderJson, renderSiteDetail } from '../reporters';

/** The only place `check` reads the Application Password from. */
export const PASSWORD_VARIABLE = 'PROXY_HEALTH_APP_PASSWORD';

export interface CheckCommandOptions {
	url: string;
	user: string;
	format: 'table' | 'json';
	timeoutMs: number;
	retries: number;
	/** For tests: backoff and transport overrides. */
	check?: Partial< CheckOptions >;
}

/**
 * @param options Parsed options.
 * @param io      Streams and environment.
 */
export async function runCheckCommand(
	options: CheckCommandOptions,
	io: CliIo
): Promise< ExitCode > {
	let url: string;
	try {
		// The same URL rules as a sites file (http/https, no credentials inside).
		url = parseSiteUrl( options.url );
	} catch ( error ) {
		throw new UsageError(
			`<url>: ${ ( error as InputError ).message }`,
			'check'
		);
	}
	const password = io.env[ PASSWORD_VARIABLE ];
	if ( ! password ) {
		throw new UsageError(
			`set the Application Password in the ${ PASSWORD_VARIABLE } environment variable (it is never taken from a flag).`,
			'check'
		);
	}
	try {
		proxyForUrl( new URL( url ), io.env );
	} catch ( error ) {
		if ( error instanceof ProxyEnvError ) {
			throw new UsageError( error.message, 'check' );
		}
		throw error;
	}
	const warning = cleartextWarning( [ url ] );
	if ( warning ) {
		io.stderr.write( warning );
	}
	const result = await checkSite(
		{ url, user: options.user, password: new Secret( password ) },
		{
			timeoutMs: options.timeoutMs,
			retries: options.retries,
			env: io.env,
			...options.check,
		}
	);
	io.stdout.write(
		options.format === 'json'
			? renderJson( result )
			: renderSiteDetail( result )
	);
	return result.ok ? EXIT_OK : EXIT_FAILURE;
}
