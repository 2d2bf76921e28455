/**
 * JSON reporter: the REST documents per site (`status`, `report`) plus `site`, `ok`, `error`.
 */

/**
 * Internal dependencies
 */
import type { BatchReport } from '../lib/batch';
import type { SiteResult } from '../lib/check-site';

/**
 * @param report Batch or a single site's result.
 */
export function renderJson( report: BatchReport | SiteResult ): string {
	// Secrets are `Secret` objects and serialise as [redacted]; results never hold them anyway.
	return `${ JSON.stringify( report, null, 2 ) }\n`;
}
