/**
 * Reporters by `--format` name.
 */

/**
 * Internal dependencies
 */
import type { BatchReport } from '../lib/batch';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderJunit } from './junit';
import { renderBatchTable } from './table';

export const BATCH_FORMATS = [ 'table', 'json', 'junit', 'html' ] as const;
export type BatchFormat = ( typeof BATCH_FORMATS )[ number ];

export const BATCH_REPORTERS: Record<
	BatchFormat,
	( report: BatchReport ) => string
> = {
	table: renderBatchTable,
	json: renderJson,
	junit: renderJunit,
	html: renderHtml,
};

export { renderJson, renderJunit, renderHtml, renderBatchTable };
export { renderSiteDetail } from './table';
