/**
 * JUnit XML reporter: one testcase per site, so CI servers show a fleet like a test suite.
 * A failing verdict is a `<failure>`; a site that could not be checked is an `<error>`.
 */

/**
 * Internal dependencies
 */
import type { BatchMeta, BatchReport } from '../lib/batch';
import type { SiteResult } from '../lib/check-site';
import { escapeMarkup as x } from './escape';

function caseBody( site: SiteResult ): string {
	if ( site.error ) {
		return `\n      <error type="${ x( site.error.code ) }" message="${ x(
			site.error.message
		) }">${ x(
			`${ site.error.code }${ site.error.status ? ` (HTTP ${ site.error.status })` : '' }: ${ site.error.message }`
		) }</error>\n    `;
	}
	if ( site.ok ) {
		return '';
	}
	const diagnoses = ( site.report?.diagnoses ?? [] ).filter(
		( diagnosis ) => diagnosis.severity !== 'good'
	);
	const codes = diagnoses.map( ( diagnosis ) => diagnosis.code ).join( ', ' );
	const detail = diagnoses
		.map(
			( diagnosis ) =>
				`[${ diagnosis.severity }] ${ diagnosis.code }: ${ diagnosis.title }\n${ diagnosis.detail }${ diagnosis.remedies
					.map( ( remedy ) => `\n  - ${ remedy }` )
					.join( '' ) }`
		)
		.join( '\n\n' );
	return `\n      <failure type="${ x( site.verdict ?? 'fail' ) }" message="${ x(
		codes || 'verdict: fail'
	) }">${ x( detail ) }</failure>\n    `;
}

const seconds = ( ms: number ) => ( ms / 1000 ).toFixed( 3 );

/**
 * One `<testcase>`, indented as in the report.
 *
 * @param site Result.
 */
export function renderJunitCase( site: SiteResult ): string {
	return `    <testcase classname="proxy-health" name="${ x( site.site ) }" time="${ seconds(
		site.durationMs
	) }">${ caseBody( site ) }</testcase>`;
}

/**
 * The XML around the test cases (counts come from `meta.summary`).
 *
 * @param meta Everything but the sites.
 * @return Text before the first case, separator, text after the last.
 */
export function junitFrame( meta: BatchMeta ): {
	head: string;
	separator: string;
	foot: string;
} {
	const { total, failed, errors } = meta.summary;
	const name = meta.shard
		? `proxy-health batch (shard ${ meta.shard.index }/${ meta.shard.count })`
		: 'proxy-health batch';
	return {
		head: [
			'<?xml version="1.0" encoding="UTF-8"?>',
			`<testsuites name="proxy-health" tests="${ total }" failures="${ failed }" errors="${ errors }" time="${ seconds(
				meta.durationMs
			) }">`,
			`  <testsuite name="${ x( name ) }" tests="${ total }" failures="${ failed }" errors="${ errors }" skipped="0" time="${ seconds(
				meta.durationMs
			) }" timestamp="${ x( meta.generatedAt ) }">`,
			'',
		].join( '\n' ),
		separator: '\n',
		foot: '\n  </testsuite>\n</testsuites>\n',
	};
}

/**
 * @param report Batch report.
 */
export function renderJunit( report: BatchReport ): string {
	const { sites, ...meta } = report;
	const frame = junitFrame( meta );
	return `${ frame.head }${ sites
		.map( renderJunitCase )
		.join( frame.separator ) }${ frame.foot }`;
}
