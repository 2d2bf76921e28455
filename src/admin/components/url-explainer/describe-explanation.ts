/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { isKnownExplainHint } from '../../../api/contract/types';
import type { ExplainHint, ExplainResult } from '../../../api/types';

/**
 * The verdict in a few words: through the proxy, or direct.
 *
 * @param result The explanation.
 */
export function describeRoute( result: ExplainResult ): string {
	return result.viaProxy
		? __( 'Through the proxy', 'proxy-health' )
		: __( 'Direct, not through the proxy', 'proxy-health' );
}

/**
 * Why WordPress decides as it does, in one or two sentences, for each step of
 * `WP_HTTP_Proxy::send_through_proxy()` that can decide (`Proxy_Route_Explainer::REASONS`).
 *
 * @param result The explanation.
 */
export function describeReason( result: ExplainResult ): string {
	const host = result.host ?? __( '(none)', 'proxy-health' );
	switch ( result.reason ) {
		case 'proxy_disabled':
			return __(
				'WordPress connects directly: it uses a proxy only when both WP_PROXY_HOST and WP_PROXY_PORT are defined in wp-config.php.',
				'proxy-health'
			);
		case 'unparsable_url':
			return __(
				'PHP\'s parse_url() cannot read this URL, so WordPress\'s proxy check answers "through the proxy". The WordPress HTTP API itself refuses such a URL before sending anything.',
				'proxy-health'
			);
		case 'filter_override':
			return result.viaProxy
				? __(
						"A callback on the pre_http_send_through_proxy filter sends this URL through the proxy, before WordPress's own rules are checked.",
						'proxy-health'
					)
				: __(
						"A callback on the pre_http_send_through_proxy filter makes this URL bypass the proxy, before WordPress's own rules are checked.",
						'proxy-health'
					);
		case 'localhost':
			return __(
				'WordPress never sends requests to the host "localhost" through the proxy.',
				'proxy-health'
			);
		case 'site_host':
			return sprintf(
				/* translators: %s: host name, e.g. example.com. */
				__(
					"%s is this site's own host (from the WordPress Address, siteurl), and WordPress never sends requests to its own host through the proxy.",
					'proxy-health'
				),
				host
			);
		case 'no_bypass_list':
			return __(
				"WP_PROXY_BYPASS_HOSTS is not defined, so every host other than localhost and the site's own goes through the proxy.",
				'proxy-health'
			);
		case 'bypass_wildcard_match':
			return sprintf(
				/* translators: 1: host name, e.g. api.example.com. 2: entry of WP_PROXY_BYPASS_HOSTS, e.g. *.example.com. */
				__(
					'%1$s matches the WP_PROXY_BYPASS_HOSTS entry "%2$s". Because the list contains a *, WordPress compares every entry as a case-insensitive pattern in which * stands for one or more characters.',
					'proxy-health'
				),
				host,
				result.matchedRule ?? ''
			);
		case 'bypass_exact_match':
			return sprintf(
				/* translators: %s: host name, e.g. example.com. */
				__(
					'%s is listed in WP_PROXY_BYPASS_HOSTS, so WordPress connects to it directly.',
					'proxy-health'
				),
				host
			);
		case 'not_in_bypass_list':
			return sprintf(
				/* translators: %s: host name, e.g. example.com. */
				__(
					'%s matches no entry of WP_PROXY_BYPASS_HOSTS, so the request goes through the proxy.',
					'proxy-health'
				),
				host
			);
	}
}

/**
 * Advice for a near miss (`Bypass_Traps::HINTS`): why a host meant to be bypassed still goes
 * through the proxy, and how to fix the entry.
 *
 * @param hint A hint code.
 */
export function describeHint( hint: ExplainHint ): string {
	switch ( hint ) {
		case 'bypass_entry_has_space':
			return __(
				'An entry of WP_PROXY_BYPASS_HOSTS would match this host but has a space around it. WordPress only removes spaces after a comma, so a space before a comma or at the end stays part of the entry. Remove it.',
				'proxy-health'
			);
		case 'wildcard_does_not_match_apex':
			return __(
				'A wildcard entry such as *.example.com matches subdomains only, never example.com itself. Add the bare domain as an entry of its own.',
				'proxy-health'
			);
		case 'case_mismatch':
			return __(
				"An entry (or the site's own host) differs from this host only in upper and lower case. Without a * in the list, WordPress compares hosts case-sensitively: write both in lower case.",
				'proxy-health'
			);
		case 'trailing_dot_mismatch':
			return __(
				'The host or an entry ends with a dot (example.com. and example.com). WordPress treats them as different hosts: remove the trailing dot.',
				'proxy-health'
			);
		case 'port_in_bypass_entry':
			return __(
				'An entry carries a port (host:8080). WordPress compares host names only, so an entry with a port never matches: remove the port.',
				'proxy-health'
			);
		case 'cidr_in_bypass_entry':
			return __(
				'An entry is an address range in CIDR notation (10.0.0.0/8). WordPress does not understand ranges: list the addresses, or use a pattern such as 10.*.',
				'proxy-health'
			);
		case 'ipv6_without_brackets':
			return __(
				"The URL's IPv6 host is written in brackets ([::1]) but the entry is not. WordPress compares the host with its brackets: write the entry as [::1].",
				'proxy-health'
			);
		case 'url_has_no_host':
			return __(
				'PHP finds no host in this URL, so no bypass entry can match it.',
				'proxy-health'
			);
		case 'http_api_rejects_url':
			return __(
				'The WordPress HTTP API refuses this URL (it needs an absolute http:// or https:// URL that PHP can read), so no request would be sent at all.',
				'proxy-health'
			);
	}
}

/**
 * Words for any hint, including a code from a newer version of the plugin.
 *
 * @param hint A hint code from an `ExplainResult`.
 */
export function describeAnyHint( hint: string ): string {
	return isKnownExplainHint( hint )
		? describeHint( hint )
		: sprintf(
				/* translators: %s: a hint code, e.g. bypass_entry_has_space. */
				__( 'Another near miss was found (code %s).', 'proxy-health' ),
				hint
			);
}

/**
 * A light check before asking the site, so typos get a precise message at once. The site
 * validates again and has the last word.
 *
 * @param value What the admin typed (trimmed by the caller).
 * @return A translated problem, or null when the URL may be sent.
 */
export function checkUrl( value: string ): string | null {
	if ( value === '' ) {
		return __(
			'Enter the URL to explain, e.g. https://api.wordpress.org/.',
			'proxy-health'
		);
	}

	if ( /[\u0000-\u0020\u007f]/.test( value ) ) {
		return __(
			'A URL cannot contain spaces or line breaks. Check what you pasted.',
			'proxy-health'
		);
	}
	if ( ! /^https?:\/\//i.test( value ) ) {
		return __(
			'Start the URL with http:// or https://, e.g. https://api.wordpress.org/.',
			'proxy-health'
		);
	}
	if ( value.length > 2048 ) {
		return __(
			'This URL is longer than 2048 characters. Shorten it: the host is what matters here.',
			'proxy-health'
		);
	}
	return null;
}
