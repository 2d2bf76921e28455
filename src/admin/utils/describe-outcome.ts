/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { ProbeOutcome } from '../../api/types';
import type { BadgeTone } from '../components/badge';

/**
 * An outcome code in words.
 *
 * @param outcome A probe outcome code.
 */
export function describeOutcome( outcome: ProbeOutcome ): string {
	switch ( outcome ) {
		case 'ok':
			return __( 'OK', 'proxy-health' );
		case 'proxy_auth_required':
			return __( 'Proxy authentication required', 'proxy-health' );
		case 'proxy_denied':
			return __( 'Proxy denied access', 'proxy-health' );
		case 'connect_failed':
			return __( 'Connection failed', 'proxy-health' );
		case 'timeout':
			return __( 'Timed out', 'proxy-health' );
		case 'tls_error':
			return __( 'TLS error', 'proxy-health' );
		case 'dns_error':
			return __( 'DNS lookup failed', 'proxy-health' );
		case 'http_error':
			return __( 'HTTP error from the target', 'proxy-health' );
	}
}

/**
 * The badge colour of an outcome: an error answer from the target itself is a warning, since
 * the way out (the proxy) worked.
 *
 * @param outcome A probe outcome code.
 */
export function outcomeTone( outcome: ProbeOutcome ): BadgeTone {
	if ( outcome === 'ok' ) {
		return 'success';
	}
	return outcome === 'http_error' ? 'warning' : 'error';
}
