/**
 * A self-contained HTML report (inline CSS, no scripts, no external assets) that can be
 * mailed or archived as a CI artifact. Every value is escaped.
 */

/**
 * Internal dependencies
 */
import type { BatchMeta, BatchReport } from '../lib/batch';
import type { SiteResult } from '../lib/check-site';
import { escapeMarkup as x } from './escape';
import { siteLabel } from './table';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1e1e1e}
h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f7f7}.PASS{color:#00701a}.WARN{color:#996800}.FAIL,.ERROR{color:#b32d2e}
details{margin:.25rem 0}code{font-family:ui-monospace,Menlo,Consolas,monospace}
.summary span{margin-right:1rem}`;

function siteDetails( site: SiteResult ): string {
	if ( site.error ) {
		return `<code>${ x( site.error.code ) }</code>${
			site.error.status ? ` (HTTP ${ x( site.error.status ) })` : ''
		}: ${ x( site.error.message ) }`;
	}
	const diagnoses = ( site.report?.diagnoses ?? [] )
		.map(
			( diagnosis ) =>
				`<details><summary><code>${ x( diagnosis.code ) }</code> [${ x(
					diagnosis.severity
				) }] ${ x( diagnosis.title ) }</summary><p>${ x( diagnosis.detail ) }</p>${
					diagnosis.remedies.length
						? `<ul>${ diagnosis.remedies
								.map(
									( remedy ) => `<li>${ x( remedy ) }</li>`
								)
								.join( '' ) }</ul>`
						: ''
				}${
					diagnosis.evidence.length
						? `<p>Evidence:</p><ul>${ diagnosis.evidence
								.map(
									( item ) =>
										`<li><code>${ x( item ) }</code></li>`
								)
								.join( '' ) }</ul>`
						: ''
				}</details>`
		)
		.join( '' );
	const results = ( site.report?.results ?? [] )
		.map(
			( result ) =>
				`<tr><td><code>${ x( result.target ) }</code></td><td>${ x(
					result.transport
				) }</td><td>${ result.viaProxy ? 'yes' : 'no' }</td><td>${ x(
					result.outcome
				) }</td><td>${ x( result.httpStatus ?? '' ) }</td><td>${ x(
					result.connectStatus ?? ''
				) }</td></tr>`
		)
		.join( '' );
	return `${ diagnoses }${
		results
			? `<details><summary>Probe results</summary><table><tr><th>Target</th><th>Transport</th><th>Proxy</th><th>Outcome</th><th>HTTP</th><th>CONNECT</th></tr>${ results }</table></details>`
			: ''
	}`;
}

/**
 * One row of the sites table.
 *
 * @param site Result.
 */
export function renderHtmlRow( site: SiteResult ): string {
	const label = siteLabel( site );
	return `<tr><td><a href="${ x( site.site ) }" rel="noreferrer">${ x(
		site.site
	) }</a></td><td class="${ label }">${ label }</td><td>${ (
		site.durationMs / 1000
	).toFixed( 1 ) } s</td><td>${ siteDetails( site ) }</td></tr>`;
}

/**
 * The report's Content-Security-Policy, inside the page because a file opened from disk or a CI
 * artifact has no response header: no script runs and nothing is fetched, even if a value from a
 * hostile site were to slip past escaping.
 */
export const HTML_CSP =
	"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/**
 * The page around the rows.
 *
 * @param meta Everything but the sites.
 * @return Text before the first row, separator, text after the last.
 */
export function htmlFrame( meta: BatchMeta ): {
	head: string;
	separator: string;
	foot: string;
} {
	const { total, passed, failed, errors } = meta.summary;
	return {
		head: `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${ HTML_CSP }">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Proxy Health batch report</title>
<style>${ STYLE }</style>
</head>
<body>
<h1>Proxy Health batch report</h1>
<p class="summary"><span>${ total } sites</span><span class="PASS">${ passed } passed</span><span class="FAIL">${ failed } failed</span><span class="ERROR">${ errors } could not be checked</span><span>${ x(
			meta.generatedAt
		) }</span>${
			meta.shard
				? `<span>shard ${ meta.shard.index }/${ meta.shard.count }</span>`
				: ''
		}${ meta.interrupted ? '<span>interrupted</span>' : '' }</p>
<table>
<thead><tr><th scope="col">Site</th><th scope="col">Result</th><th scope="col">Time</th><th scope="col">Diagnoses / error</th></tr></thead>
<tbody>
`,
		separator: '\n',
		foot: `
</tbody>
</table>
</body>
</html>
`,
	};
}

/**
 * @param report Batch report.
 */
export function renderHtml( report: BatchReport ): string {
	const { sites, ...meta } = report;
	const frame = htmlFrame( meta );
	return `${ frame.head }${ sites
		.map( renderHtmlRow )
		.join( frame.separator ) }${ frame.foot }`;
}
