/**
 * Static findings on the proxy constants, with the same stable codes and severities as the
 * plugin's lint in `GET /status` (`plugin/includes/Lint/Checks/`), for a site the CLI can
 * only read from disk. A subset: the checks that need nothing but wp-config.php.
 */

/**
 * Internal dependencies
 */
import {
	effectiveConstants,
	type ProxyConstantDefinition,
	type WpConfigReading,
} from './wp-config';

export interface ConfigFinding {
	code:
		| 'proxy_constants_after_settings'
		| 'proxy_half_configured'
		| 'proxy_credentials_incomplete'
		| 'proxy_host_empty'
		| 'proxy_host_has_scheme'
		| 'proxy_host_has_path'
		| 'proxy_host_has_port'
		| 'proxy_port_invalid'
		| 'bypass_entry_whitespace'
		| 'bypass_entry_empty'
		| 'bypass_entry_has_port';
	severity: 'critical' | 'recommended';
	message: string;
	/** `file:line` of the definitions it rests on. */
	evidence: string[];
}

/**
 * Schemes libcurl speaks to a proxy besides plain HTTP: WordPress's cURL requests need them
 * written in WP_PROXY_HOST (the plugin's `proxy_host_socks_scheme` and `proxy_host_https_scheme`
 * explain them with the transport in view), so they are not "a scheme to remove".
 */
const PROXY_SCHEMES = [ 'socks4', 'socks4a', 'socks5', 'socks5h', 'https' ];

const where = ( definition: ProxyConstantDefinition ) =>
	`${ definition.file }:${ definition.line }`;

/**
 * @param reading wp-config reading.
 */
export function lintProxyConstants(
	reading: WpConfigReading
): ConfigFinding[] {
	const findings: ConfigFinding[] = [];
	const late = reading.definitions.filter(
		( definition ) => definition.afterSettings
	);
	if ( late.length > 0 ) {
		findings.push( {
			code: 'proxy_constants_after_settings',
			severity: 'critical',
			message: `${ [ ...new Set( late.map( ( d ) => d.name ) ) ].join(
				', '
			) } defined after wp-settings.php is required (line ${
				reading.settingsLine
			}): WordPress has already made its HTTP settings by then. Move them above the "That's all, stop editing!" line.`,
			evidence: late.map( where ),
		} );
	}
	const c = effectiveConstants( reading );
	const host = c.WP_PROXY_HOST;
	const port = c.WP_PROXY_PORT;
	if ( Boolean( host ) !== Boolean( port ) ) {
		const present = ( host ?? port ) as ProxyConstantDefinition;
		findings.push( {
			code: 'proxy_half_configured',
			severity: 'critical',
			message: `${ present.name } is defined but ${
				host ? 'WP_PROXY_PORT' : 'WP_PROXY_HOST'
			} is not: WordPress uses the proxy only when both are defined, so requests go direct.`,
			evidence: [ where( present ) ],
		} );
	}
	const user = c.WP_PROXY_USERNAME;
	const password = c.WP_PROXY_PASSWORD;
	if ( Boolean( user ) !== Boolean( password ) ) {
		const present = ( user ?? password ) as ProxyConstantDefinition;
		findings.push( {
			code: 'proxy_credentials_incomplete',
			severity: 'critical',
			message: `${ present.name } is defined but ${
				user ? 'WP_PROXY_PASSWORD' : 'WP_PROXY_USERNAME'
			} is not: WordPress sends proxy credentials only when both are defined.`,
			evidence: [ where( present ) ],
		} );
	}
	if ( host && host.value !== null ) {
		const written = host.value.trim();
		const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec( written );
		const proxyScheme =
			scheme !== null &&
			PROXY_SCHEMES.includes( scheme[ 1 ]?.toLowerCase() ?? '' );
		// A SOCKS or HTTPS proxy keeps its scheme; the rest is checked like a bare host.
		const value =
			proxyScheme && scheme
				? written.slice( scheme[ 0 ].length )
				: written;
		if ( written === '' ) {
			findings.push( {
				code: 'proxy_host_empty',
				severity: 'critical',
				message: 'WP_PROXY_HOST is empty.',
				evidence: [ where( host ) ],
			} );
		} else if ( scheme && ! proxyScheme ) {
			findings.push( {
				code: 'proxy_host_has_scheme',
				severity:
					scheme[ 1 ]?.toLowerCase() === 'http'
						? 'recommended'
						: 'critical',
				message: `WP_PROXY_HOST "${ value }" starts with ${ scheme[ 0 ] }: write the host name alone.`,
				evidence: [ where( host ) ],
			} );
		} else if ( value.includes( '/' ) ) {
			findings.push( {
				code: 'proxy_host_has_path',
				severity: 'critical',
				message: `WP_PROXY_HOST "${ value }" has a path: write the host name alone.`,
				evidence: [ where( host ) ],
			} );
		} else if (
			/^[^:\]]+:\d+$/.test( value ) ||
			/^\[.*\]:\d+$/.test( value )
		) {
			findings.push( {
				code: 'proxy_host_has_port',
				severity: 'critical',
				message: `WP_PROXY_HOST "${ value }" carries a port: put the port in WP_PROXY_PORT.`,
				evidence: [ where( host ) ],
			} );
		}
	}
	if ( port && port.value !== null ) {
		const value = port.value;
		if (
			! /^\d{1,5}$/.test( value ) ||
			Number( value ) < 1 ||
			Number( value ) > 65535
		) {
			findings.push( {
				code: 'proxy_port_invalid',
				severity: 'critical',
				message: `WP_PROXY_PORT is "${ value }", not a number from 1 to 65535.`,
				evidence: [ where( port ) ],
			} );
		}
	}
	const bypass = c.WP_PROXY_BYPASS_HOSTS;
	if ( bypass && bypass.value !== null ) {
		// WordPress splits with preg_split( '|,\s*|' ): spaces before a comma stay in the entry.
		const entries = bypass.value.split( /,\s*/ );
		if ( entries.some( ( entry ) => entry === '' ) ) {
			findings.push( {
				code: 'bypass_entry_empty',
				severity: 'recommended',
				message:
					'WP_PROXY_BYPASS_HOSTS has an empty entry (a doubled or trailing comma).',
				evidence: [ where( bypass ) ],
			} );
		}
		if ( entries.some( ( entry ) => /\s/.test( entry ) ) ) {
			findings.push( {
				code: 'bypass_entry_whitespace',
				severity: 'recommended',
				message:
					'An entry of WP_PROXY_BYPASS_HOSTS contains whitespace, so it never matches a host.',
				evidence: [ where( bypass ) ],
			} );
		}
		if ( entries.some( ( entry ) => /:\d+$/.test( entry.trim() ) ) ) {
			findings.push( {
				code: 'bypass_entry_has_port',
				severity: 'recommended',
				message:
					'An entry of WP_PROXY_BYPASS_HOSTS has a port; WordPress compares host names only.',
				evidence: [ where( bypass ) ],
			} );
		}
	}
	return findings;
}
