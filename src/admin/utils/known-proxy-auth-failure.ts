/** Printed by `Admin_Page::render()` on the element the panel mounts into. */
const ROOT_ID = 'proxy-health-root';

/** A 407 the probe history already knows, before any run on this page. */
export interface KnownProxyAuthFailure {
	/** The diagnosis code (`proxy_auth_missing`, `proxy_auth_rejected`, …). */
	code: string;
	/** `WP_PROXY_USERNAME`, or null when wp-config.php defines none. */
	username: string | null;
}

/**
 * Whether the newest report of the site's own runs got a 407: the page says so on the panel's
 * root element (`data-proxy-auth-failure`, `data-proxy-username`), so the credentials test
 * can be offered before the first run.
 *
 * @param doc The document holding the panel.
 */
export function readKnownProxyAuthFailure(
	doc: Document = document
): KnownProxyAuthFailure | null {
	const root = doc.getElementById( ROOT_ID );
	const code = root?.dataset.proxyAuthFailure;
	if ( ! root || ! code ) {
		return null;
	}
	return { code, username: root.dataset.proxyUsername ?? null };
}
