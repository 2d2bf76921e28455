/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { ProbeResult, TransportName } from '../../api/types';

/**
 * A transport's display name.
 *
 * @param transport A transport code.
 */
export function describeTransport( transport: TransportName ): string {
	return transport === 'curl'
		? __( 'cURL', 'proxy-health' )
		: __( 'fsockopen', 'proxy-health' );
}

/**
 * How the request left the server: through the proxy, or directly and why.
 *
 * @param result A probe result.
 */
export function describeRoute( result: ProbeResult ): string {
	if ( result.viaProxy ) {
		return __( 'Via proxy', 'proxy-health' );
	}
	switch ( result.bypassReason ) {
		case undefined:
			return __( 'Direct', 'proxy-health' );
		case 'no_proxy':
			return __( 'Direct (no proxy configured)', 'proxy-health' );
		case 'bypassed':
			// WP_HTTP_Proxy::send_through_proxy() said no: a bypass host, the site's own host, or a filter.
			return __(
				'Direct (the proxy is bypassed for this host)',
				'proxy-health'
			);
		default:
			return sprintf(
				/* translators: %s: reason code sent by the server, e.g. bypassed. */
				__( 'Direct (%s)', 'proxy-health' ),
				result.bypassReason
			);
	}
}
