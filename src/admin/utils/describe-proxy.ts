/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { ProxyConfig } from '../../api/types';

/**
 * One sentence on what WordPress does with outbound requests under this configuration.
 *
 * @param proxy The proxy configuration from `GET /status`.
 */
export function describeProxy( proxy: ProxyConfig ): string {
	if ( ! proxy.enabled ) {
		return __(
			'No proxy is configured: WordPress connects directly (WP_PROXY_HOST and WP_PROXY_PORT are both needed).',
			'proxy-health'
		);
	}
	const address = `${ proxy.host ?? '' }:${ proxy.port ?? '' }`;
	return proxy.authEnabled
		? sprintf(
				/* translators: %s: proxy host and port, e.g. proxy.example.com:3128. */
				__(
					'WordPress sends outbound requests through the proxy %s, with credentials.',
					'proxy-health'
				),
				address
			)
		: sprintf(
				/* translators: %s: proxy host and port, e.g. proxy.example.com:3128. */
				__(
					'WordPress sends outbound requests through the proxy %s, without credentials.',
					'proxy-health'
				),
				address
			);
}
