/**
 * JSON reporter: the REST documents per site (`status`, `report`) plus `site`, `ok`, `error`.
 */

/**
 * Internal dependencies
 */
import type { BatchMeta, BatchReport } from '../lib/batch';
import type { SiteResult } from '../lib/check-site';

/**
 * @param report Batch or a single site's result.
 */
export function renderJson( report: BatchReport | SiteResult ): string {
	// Secrets are `Secret` objects and serialise as [redacted]; results never hold them anyway.
	return `${ JSON.stringify( report, null, 2 ) }\n`;
}

/**
 * One entry of `sites[]` exactly as `renderJson` indents it inside the report.
 *
 * @param site Result.
 */
export function renderJsonSite( site: SiteResult ): string {
	return `    ${ JSON.stringify( site, null, 2 ).split( '\n' ).join( '\n    ' ) }`;
}

/**
 * The JSON report around entries from `renderJsonSite`: `renderJson` of the same report, byte
 * for byte, without holding the sites.
 *
 * @param meta  Everything but the sites.
 * @param count How many entries follow.
 * @return Text before the first entry, separator, text after the last.
 */
export function jsonFrame(
	meta: BatchMeta,
	count: number
): { head: string; separator: string; foot: string } {
	const empty = JSON.stringify( { ...meta, sites: [] }, null, 2 );
	if ( count === 0 ) {
		return { head: `${ empty }\n`, separator: '', foot: '' };
	}
	return {
		head: `${ empty.slice( 0, -'[]\n}'.length ) }[\n`,
		separator: ',\n',
		foot: '\n  ]\n}\n',
	};
}
