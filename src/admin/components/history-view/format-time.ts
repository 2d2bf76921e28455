/**
 * A report's time in the browser's language and time zone, e.g. "Nov 26, 2026, 10:15 AM";
 * the ISO text itself when it does not parse.
 *
 * @param iso ISO 8601 time from the report.
 */
export function formatTime( iso: string ): string {
	const time = Date.parse( iso );
	if ( Number.isNaN( time ) ) {
		return iso;
	}
	return new Intl.DateTimeFormat(
		document.documentElement.lang || undefined,
		{
			dateStyle: 'medium',
			timeStyle: 'medium',
		}
	).format( time );
}
