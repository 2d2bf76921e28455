/**
 * What the page says about the site before the panel's first request, printed by
 * `Admin_Page::settings()` as `window.proxyHealthPanel`.
 */
export interface PanelSettings {
	/** The admin's locale as a BCP 47 tag, e.g. `ja` or `en-US`. */
	locale?: string;
	/**
	 * The site's time zone (Settings → General): an IANA name such as `Europe/Berlin`, or an
	 * offset such as `+02:00` when the site is set to a fixed UTC offset.
	 */
	timeZone?: string;
	/**
	 * The newest stored report made with the site's own settings (preloaded into the page);
	 * null when there is none, and the panel then runs the checks as it opens.
	 */
	lastReportId?: string | null;
}

declare global {
	interface Window {
		proxyHealthPanel?: PanelSettings;
	}
}

/** The settings the page printed; none in tests or when the page did not print them. */
export function panelSettings(): PanelSettings {
	return ( typeof window !== 'undefined' && window.proxyHealthPanel ) || {};
}

/** The pages whose checks-on-opening ran (one settings object per page). */
const checkedOnOpen = new WeakSet< PanelSettings >();

/**
 * Whether the Overview should run the checks now, as the page opens: true once per page, when
 * the page says the site has no stored report (`lastReportId: null`, as Site Health runs its
 * tests on opening); false after that, so coming back to the Overview does not run them again,
 * and false when the page printed no settings.
 */
export function takeCheckOnOpen(): boolean {
	const settings = panelSettings();
	if ( settings.lastReportId !== null || checkedOnOpen.has( settings ) ) {
		return false;
	}
	checkedOnOpen.add( settings );
	return true;
}
