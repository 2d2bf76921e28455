/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type {
	Bisection,
	BisectionConclusion,
	BisectionStep,
} from '../../../api/types';
import type { BadgeTone } from '../badge';

/**
 * A step's outcome in words.
 *
 * @param outcome Step outcome.
 */
export function describeStepOutcome(
	outcome: BisectionStep[ 'outcome' ]
): string {
	switch ( outcome ) {
		case 'pass':
			return __( 'Pass', 'proxy-health' );
		case 'fail':
			return __( 'Fail', 'proxy-health' );
		case 'crash':
			return __( 'Crash', 'proxy-health' );
	}
}

/**
 * The badge colour of a step's outcome.
 *
 * @param outcome Step outcome.
 */
export function stepOutcomeTone(
	outcome: BisectionStep[ 'outcome' ]
): BadgeTone {
	switch ( outcome ) {
		case 'pass':
			return 'success';
		case 'fail':
			return 'error';
		case 'crash':
			return 'warning';
	}
}

/**
 * The headline of a conclusion.
 *
 * @param conclusion Conclusion code.
 */
export function describeConclusion( conclusion: BisectionConclusion ): string {
	switch ( conclusion ) {
		case 'culprit_found':
			return __(
				'Found the plugin that breaks outbound requests',
				'proxy-health'
			);
		case 'not_a_plugin':
			return __(
				'Not a plugin: requests fail with every plugin switched off',
				'proxy-health'
			);
		case 'inconclusive':
			return __( 'No clear answer', 'proxy-health' );
		case 'nothing_to_bisect':
			return __( 'Nothing to bisect', 'proxy-health' );
	}
}

/**
 * What a conclusion means and what to do next.
 *
 * @param conclusion Conclusion code.
 * @param theme      The run's theme, when it tested the active theme too.
 */
export function adviseConclusion(
	conclusion: BisectionConclusion,
	theme?: Bisection[ 'theme' ]
): string {
	if ( conclusion === 'not_a_plugin' ) {
		return theme
			? sprintf(
					/* translators: %s: the theme that stood in for the active theme, e.g. twentytwentyfour. */
					__(
						'Requests through the proxy failed even with every plugin switched off and the theme replaced by %s in the staging copy, so neither a plugin nor the theme is the cause. Check the proxy settings in wp-config.php (WP_PROXY_HOST, WP_PROXY_PORT, WP_PROXY_USERNAME, WP_PROXY_PASSWORD) and the diagnoses in the Overview.',
						'proxy-health'
					),
					theme.fallback
				)
			: __(
					'Requests through the proxy failed even with every plugin switched off in the staging copy, so a plugin is not the cause. The theme was not tested: start again with "Also test the active theme" to rule it out. Otherwise check the proxy settings in wp-config.php (WP_PROXY_HOST, WP_PROXY_PORT, WP_PROXY_USERNAME, WP_PROXY_PASSWORD) and the diagnoses in the Overview.',
					'proxy-health'
				);
	}
	switch ( conclusion ) {
		case 'culprit_found':
			return __(
				'In the staging copy, requests through the proxy failed whenever the plugins below were active, and worked without them. Deactivate them or check their proxy and HTTP settings, then run the checks again; the evidence shows what each probe saw.',
				'proxy-health'
			);
		case 'inconclusive':
			return __(
				'The probes did not agree on one plugin or set of plugins: the failure may come and go (a flaky proxy), or the run stopped early. Run the checks in the Overview; if they still fail, start the bisection again, with the full copy if plugins keep settings in their own tables.',
				'proxy-health'
			);
		case 'nothing_to_bisect':
			return __(
				'With all active plugins switched on in the staging copy, requests through the proxy worked (or no plugin other than Proxy Health is active), so there was no failure to narrow down. If the checks in the Overview fail, the cause is outside the plugins.',
				'proxy-health'
			);
	}
}

/**
 * Which 407 made a step fail, so a step that saw a 407 on the other transport and still
 * passed is not a surprise.
 *
 * @param failsOn The run's rule.
 */
export function describeFailsOn(
	failsOn: NonNullable< Bisection[ 'failsOn' ] >
): string {
	if ( failsOn === 'any' ) {
		return __(
			'Steps failed on a 407 from either transport: with everything active, the transport WordPress uses was not refused, so the run looked for where the other 407 comes from.',
			'proxy-health'
		);
	}
	return sprintf(
		/* translators: %s: transport name, cURL or fsockopen. */
		__(
			'Steps failed on a 407 over %s, the transport WordPress uses here; a 407 seen only on the fallback transport did not count.',
			'proxy-health'
		),
		failsOn === 'curl' ? 'cURL' : 'fsockopen'
	);
}

/**
 * The step that best shows why a set of plugins is a culprit: the last failing probe of
 * exactly that set, else the last failing probe that includes it.
 *
 * @param run     The bisection.
 * @param culprit One set of plugins that fails together.
 */
export function culpritStep(
	run: Bisection,
	culprit: string[]
): BisectionStep | undefined {
	const failing = run.steps.filter( ( step ) => step.outcome === 'fail' );
	const same = ( step: BisectionStep ) =>
		step.subset.length === culprit.length &&
		culprit.every( ( plugin ) => step.subset.includes( plugin ) );
	const includes = ( step: BisectionStep ) =>
		culprit.every( ( plugin ) => step.subset.includes( plugin ) );
	return failing.filter( same ).pop() ?? failing.filter( includes ).pop();
}

/**
 * Progress from 0 to 100, for the bar and the milestones (the estimate can grow while a
 * run confirms a probe).
 *
 * @param run The bisection.
 */
export function progressPercent( run: Bisection ): number {
	if ( run.status !== 'running' ) {
		return 100;
	}
	const estimated = Math.max( run.probesEstimated, run.probesUsed, 1 );
	return Math.min( 100, Math.round( ( run.probesUsed / estimated ) * 100 ) );
}
