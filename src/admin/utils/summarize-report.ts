/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { ProbeReport, Verdict } from '../../api/types';

/**
 * The verdict in a few words.
 *
 * @param verdict The report's verdict.
 */
export function describeVerdict( verdict: Verdict ): string {
	switch ( verdict ) {
		case 'pass':
			return __( 'Outbound requests work', 'proxy-health' );
		case 'warn':
			return __( 'Outbound requests work with warnings', 'proxy-health' );
		case 'fail':
			return __( 'Outbound requests fail', 'proxy-health' );
	}
}

/**
 * The title of the diagnosis that explains the verdict: the first critical one when the
 * verdict is "fail", the first recommended one when it is "warn", none when it is "pass".
 *
 * @param report The probe report.
 */
export function getVerdictReason( report: ProbeReport ): string | undefined {
	const severity = { fail: 'critical', warn: 'recommended', pass: null }[
		report.verdict
	];
	return report.diagnoses.find(
		( diagnosis ) => diagnosis.severity === severity
	)?.title;
}

/**
 * What screen readers hear when the checks finish.
 *
 * @param report The probe report.
 */
export function summarizeReport( report: ProbeReport ): string {
	const verdict = describeVerdict( report.verdict );
	const reason = getVerdictReason( report );
	return sprintf(
		/* translators: %s: the verdict, e.g. "Outbound requests fail: The proxy rejects the username or password WordPress sends". */
		__( 'Checks finished. %s.', 'proxy-health' ),
		reason
			? sprintf(
					/* translators: 1: the verdict, e.g. "Outbound requests fail". 2: title of the diagnosis that explains it. */
					__( '%1$s: %2$s', 'proxy-health' ),
					verdict,
					reason
				)
			: verdict
	);
}
