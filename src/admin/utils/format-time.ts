/**
 * Internal dependencies
 */
import { panelSettings } from '../settings';
import type { PanelSettings } from '../settings';

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/**
 * A time the site reported (a report, a recorded call, a session's end), e.g.
 * "Nov 26, 2026, 10:15:00 AM GMT+1": in the admin's language and in the site's time zone
 * (the one WordPress shows everywhere else in wp-admin), named so nobody takes it for the
 * browser's. Without settings, the page's language and the browser's time zone. The text
 * itself when it is not a time.
 *
 * @param iso      ISO 8601 time.
 * @param settings Locale and time zone; the page's by default.
 */
export function formatTime(
	iso: string,
	settings: PanelSettings = panelSettings()
): string {
	const time = Date.parse( iso );
	if ( Number.isNaN( time ) ) {
		return iso;
	}
	const locale =
		settings.locale ||
		( typeof document !== 'undefined'
			? document.documentElement.lang
			: '' ) ||
		undefined;
	const { timeZone } = settings;
	if ( ! timeZone ) {
		return new Intl.DateTimeFormat( locale, {
			dateStyle: 'medium',
			timeStyle: 'medium',
		} ).format( time );
	}
	try {
		return new Intl.DateTimeFormat( locale, {
			dateStyle: 'medium',
			timeStyle: 'long',
			timeZone,
		} ).format( time );
	} catch {
		// Engines that know only IANA names refuse a fixed offset: shift by hand and name it.
	}
	const offset = OFFSET.exec( timeZone );
	const minutes = offset
		? ( offset[ 1 ] === '-' ? -1 : 1 ) *
			( Number( offset[ 2 ] ) * 60 + Number( offset[ 3 ] ) )
		: 0;
	const shifted = new Intl.DateTimeFormat( locale, {
		dateStyle: 'medium',
		timeStyle: 'medium',
		timeZone: 'UTC',
	} ).format( time + minutes * 60_000 );
	return `${ shifted } UTC${ offset ? timeZone : '' }`;
}
