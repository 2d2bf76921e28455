/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type {
	BisectionOrderReason,
	ScanComponentType,
	ScanHit,
	ScanPatternCode,
	ScanProblem,
	ScanSuspect,
	SiteScanReport,
} from '../../../api/types';

/**
 * What a pattern of the static scan means, in words (the codes are in plugin/scan-patterns.json).
 *
 * @param code Pattern code.
 */
export function describePattern( code: ScanPatternCode ): string {
	switch ( code ) {
		case 'proxy_authorization_header':
			return __(
				'Builds its own Proxy-Authorization header',
				'proxy-health'
			);
		case 'hook_pre_http_send_through_proxy':
			return __(
				'Decides which requests go through the proxy (pre_http_send_through_proxy)',
				'proxy-health'
			);
		case 'curl_proxy_option':
			return __( 'Sets cURL proxy options', 'proxy-health' );
		case 'defines_wp_proxy_constant':
			return __(
				'Defines a WP_PROXY_* constant outside wp-config.php',
				'proxy-health'
			);
		case 'hook_http_api_curl':
			return __(
				'Changes WordPress’s cURL handle (http_api_curl)',
				'proxy-health'
			);
		case 'stream_context_proxy':
			return __(
				'Opens connections through a proxy of its own (stream context)',
				'proxy-health'
			);
		case 'hook_pre_http_request':
			return __(
				'Can answer requests itself (pre_http_request)',
				'proxy-health'
			);
		case 'hook_http_request_args':
			return __(
				'Changes the arguments of outbound requests (http_request_args)',
				'proxy-health'
			);
		case 'hook_use_curl_transport':
			return __(
				'Chooses the HTTP transport (use_curl_transport)',
				'proxy-health'
			);
		case 'hook_https_ssl_verify':
			return __(
				'Changes TLS certificate checks (https_ssl_verify)',
				'proxy-health'
			);
		case 'raw_curl':
			return __(
				'Uses cURL directly, around the WordPress HTTP API',
				'proxy-health'
			);
		case 'guzzle_client':
			return __(
				'Uses Guzzle, around the WordPress HTTP API',
				'proxy-health'
			);
	}
}

/**
 * The kind of component a suspect is.
 *
 * @param type Component type.
 */
export function describeComponentType( type: ScanComponentType ): string {
	switch ( type ) {
		case 'plugin':
			return __( 'Plugin', 'proxy-health' );
		case 'mu-plugin':
			return __( 'Must-use plugin', 'proxy-health' );
		case 'theme':
			return __( 'Theme', 'proxy-health' );
	}
}

/**
 * Where a hit is, as `file:line` (relative to wp-content).
 *
 * @param hit A scan hit.
 */
export function hitLocation( hit: Pick< ScanHit, 'file' | 'line' > ): string {
	return `${ hit.file }:${ hit.line }`;
}

/**
 * Why a file was left out of the scan.
 *
 * @param problem A scan problem.
 */
export function describeProblem( problem: ScanProblem ): string {
	switch ( problem.reason ) {
		case 'parse_error':
			return __( 'Not valid PHP; not scanned', 'proxy-health' );
		case 'too_large':
			return __( 'Too large; not scanned', 'proxy-health' );
		case 'unreadable':
			return __( 'Could not be read', 'proxy-health' );
	}
}

/**
 * The folder (or single-file name) a bisection's plugin file belongs to: how the scan names
 * plugins (`akismet/akismet.php` => `akismet`, `hello.php` => `hello`).
 *
 * @param plugin Plugin file.
 */
export function pluginSlug( plugin: string ): string {
	const slash = plugin.indexOf( '/' );
	return slash === -1
		? plugin.replace( /\.php$/, '' )
		: plugin.slice( 0, slash );
}

/**
 * The scan's suspect for a bisection's plugin file, if the scan ranked it.
 *
 * @param scan   The scan report, when loaded.
 * @param plugin Plugin file.
 */
export function suspectOf(
	scan: SiteScanReport | null,
	plugin: string
): ScanSuspect | undefined {
	const slug = pluginSlug( plugin );
	return scan?.suspects.find(
		( suspect ) => suspect.type === 'plugin' && suspect.slug === slug
	);
}

/**
 * Why the search tries a plugin where it does.
 *
 * @param reason  The order entry's reason.
 * @param suspect The scan's suspect for that plugin, when the scan was loaded here.
 */
export function describeOrderReason(
	reason: BisectionOrderReason,
	suspect?: ScanSuspect
): string {
	const scanned = suspect
		? sprintf(
				/* translators: 1: the scan's score, e.g. 16. 2: what the scan found, e.g. "Sets cURL proxy options". */
				__( 'The static scan scored it %1$d: %2$s.', 'proxy-health' ),
				suspect.score,
				[ ...new Set( suspect.hits.map( ( hit ) => hit.code ) ) ]
					.map( describePattern )
					.join( '; ' )
			)
		: '';
	switch ( reason ) {
		case 'hooks':
			return [
				__(
					'Tried first: it has callbacks on WordPress’s HTTP hooks on the live site.',
					'proxy-health'
				),
				scanned,
			]
				.filter( ( part ) => part !== '' )
				.join( ' ' );
		case 'scan':
			return [
				__(
					'Tried early: the static scan found code in it that touches HTTP or proxies.',
					'proxy-health'
				),
				scanned,
			]
				.filter( ( part ) => part !== '' )
				.join( ' ' );
		case 'none':
			return __(
				'No sign of HTTP or proxy code: tried in its usual place.',
				'proxy-health'
			);
	}
}
