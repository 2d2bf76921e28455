/**
 * Plain-text reporters for a terminal: one line per site for a batch, and the full picture
 * (verdict, diagnoses, results) for one site.
 */

/**
 * Internal dependencies
 */
import type { BatchMeta, BatchReport } from '../lib/batch';
import type { SiteResult } from '../lib/check-site';

/**
 * One row of left-aligned columns: every cell but the last padded to its column's width.
 *
 * @param row    Cells.
 * @param widths Width of each column.
 */
export function formatRow(
	row: readonly string[],
	widths: readonly number[]
): string {
	return row
		.map( ( cell, column ) =>
			column === row.length - 1
				? cell
				: cell.padEnd( widths[ column ] ?? 0 )
		)
		.join( '  ' )
		.trimEnd();
}

/**
 * Widens `widths` (in place) to fit a row.
 *
 * @param widths Running widths.
 * @param row    Cells.
 */
export function fitRow( widths: number[], row: readonly string[] ): void {
	row.forEach( ( cell, column ) => {
		widths[ column ] = Math.max( widths[ column ] ?? 0, cell.length );
	} );
}

/**
 * Left-aligned columns.
 *
 * @param rows Cells; the first row is the header.
 */
export function formatColumns( rows: readonly string[][] ): string {
	const widths: number[] = [];
	for ( const row of rows ) {
		fitRow( widths, row );
	}
	return rows.map( ( row ) => formatRow( row, widths ) ).join( '\n' );
}

/**
 * PASS / WARN / FAIL / ERROR for a site.
 *
 * @param site Result.
 */
export function siteLabel( site: SiteResult ): string {
	if ( site.error ) {
		return 'ERROR';
	}
	return ( site.verdict ?? 'fail' ).toUpperCase();
}

function siteWhy( site: SiteResult ): string {
	if ( site.error ) {
		return `${ site.error.code }: ${ site.error.message }`;
	}
	const codes = ( site.report?.diagnoses ?? [] )
		.filter( ( diagnosis ) => diagnosis.severity !== 'good' )
		.map( ( diagnosis ) => diagnosis.code );
	return codes.length > 0 ? codes.join( ', ' ) : 'proxy_ok';
}

export const BATCH_TABLE_HEADER = [
	'SITE',
	'RESULT',
	'TIME',
	'DIAGNOSES / ERROR',
] as const;

/**
 * A site's cells in the batch table.
 *
 * @param site Result.
 */
export function batchTableCells( site: SiteResult ): string[] {
	return [
		site.site,
		siteLabel( site ),
		`${ ( site.durationMs / 1000 ).toFixed( 1 ) }s`,
		siteWhy( site ),
	];
}

/**
 * The line under the table.
 *
 * @param meta Everything but the sites.
 */
export function batchTableFooter( meta: BatchMeta ): string {
	const { total, passed, failed, errors } = meta.summary;
	const shard = meta.shard
		? ` (shard ${ meta.shard.index }/${ meta.shard.count })`
		: '';
	return `\n\n${ total } sites${ shard }: ${ passed } passed, ${ failed } failed, ${ errors } could not be checked (${ (
		meta.durationMs / 1000
	).toFixed( 1 ) }s)${ meta.interrupted ? ', interrupted' : '' }\n`;
}

/**
 * One line per site and a summary.
 *
 * @param report Batch report.
 */
export function renderBatchTable( report: BatchReport ): string {
	const { sites, ...meta } = report;
	const rows = [ [ ...BATCH_TABLE_HEADER ], ...sites.map( batchTableCells ) ];
	return `${ formatColumns( rows ) }${ batchTableFooter( meta ) }`;
}

/**
 * Everything about one site: verdict, diagnoses with remedies, and the probe results.
 *
 * @param site Result.
 */
export function renderSiteDetail( site: SiteResult ): string {
	const lines = [ `${ site.site }: ${ siteLabel( site ) }` ];
	if ( site.error ) {
		lines.push( `  ${ site.error.code }: ${ site.error.message }` );
		return `${ lines.join( '\n' ) }\n`;
	}
	const proxy = site.status?.proxy;
	if ( proxy ) {
		lines.push(
			`  Proxy: ${
				proxy.enabled
					? `${ proxy.host ?? '' }:${ proxy.port ?? '' }`
					: 'not configured'
			}${ proxy.username ? `, user ${ proxy.username }` : '' }${
				proxy.hasPassword ? ', password set' : ''
			}`
		);
	}
	const report = site.report;
	if ( report ) {
		lines.push( '', 'Diagnoses:' );
		for ( const diagnosis of report.diagnoses ) {
			lines.push(
				`  [${ diagnosis.severity }] ${ diagnosis.code }: ${ diagnosis.title }`
			);
			if ( diagnosis.detail ) {
				lines.push( `      ${ diagnosis.detail }` );
			}
			for ( const remedy of diagnosis.remedies ) {
				lines.push( `      → ${ remedy }` );
			}
		}
		lines.push( '', 'Results:' );
		const rows = [
			[
				'TARGET',
				'TRANSPORT',
				'PROXY',
				'OUTCOME',
				'HTTP',
				'CONNECT',
				'MS',
			],
			...report.results.map( ( result ) => [
				result.target,
				result.transport,
				result.viaProxy
					? 'yes'
					: `no${ result.bypassReason ? ` (${ result.bypassReason })` : '' }`,
				result.outcome,
				result.httpStatus === undefined
					? ''
					: String( result.httpStatus ),
				result.connectStatus === undefined
					? ''
					: String( result.connectStatus ),
				String( Math.round( result.timingsMs.total ) ),
			] ),
		];
		lines.push(
			...formatColumns( rows )
				.split( '\n' )
				.map( ( line ) => `  ${ line }` )
		);
	}
	return `${ lines.join( '\n' ) }\n`;
}
