/**
 * JUnit XML reporter: one testcase per site, so CI servers show a fleet like a test suite.
 * A failing verdict is a `<failure>`; a site that could not be checked is an `<error>`.
 */

/**
 * Internal dependencies
 */
import type { BatchReport } from '../lib/batch';
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

/**
 * @param report Batch report.
 */
export function renderJunit( report: BatchReport ): string {
	const { total, failed, errors } = report.summary;
	const seconds = ( ms: number ) => ( ms / 1000 ).toFixed( 3 );
	const cases = report.sites
		.map(
			( site ) =>
				`    <testcase classname="proxy-health" name="${ x( site.site ) }" time="${ seconds(
					site.durationMs
				) }">${ caseBody( site ) }</testcase>`
		)
		.join( '\n' );
	const name = report.shard
		? `proxy-health batch (shard ${ report.shard.index }/${ report.shard.count })`
		: 'proxy-health batch';
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<testsuites name="proxy-health" tests="${ total }" failures="${ failed }" errors="${ errors }" time="${ seconds(
			report.durationMs
		) }">`,
		`  <testsuite name="${ x( name ) }" tests="${ total }" failures="${ failed }" errors="${ errors }" skipped="0" time="${ seconds(
			report.durationMs
		) }" timestamp="${ x( report.generatedAt ) }">`,
		cases,
		'  </testsuite>',
		'</testsuites>',
		'',
	].join( '\n' );
}
