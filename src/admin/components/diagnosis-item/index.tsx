/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type {
	Diagnosis,
	Finding,
	InterferenceCulprit,
} from '../../../api/types';
import { describeSeverity, severityTone } from '../../utils/describe-severity';
import Badge from '../badge';

export interface DiagnosisItemProps {
	/** A diagnosis of the probes or a finding of the configuration lint (same shape). */
	item: Diagnosis | Finding;
}

/**
 * One diagnosis or finding as a list item: severity and title, explanation, the callbacks a
 * `plugin_interference` names (who and file:line), remedies and, collapsed (they are for
 * checking, not for reading first), the lines it rests on. The caller gives the key and the
 * surrounding list.
 *
 * @param props      Component props.
 * @param props.item The diagnosis or finding.
 */
export default function DiagnosisItem( { item }: DiagnosisItemProps ) {
	const { code, severity, title, detail, remedies, evidence } = item;
	// Findings never have culprits; diagnoses other than plugin_interference leave them out.
	const culprits: InterferenceCulprit[] =
		'culprits' in item && Array.isArray( item.culprits )
			? ( item.culprits as InterferenceCulprit[] )
			: [];
	return (
		<li className="proxy-health-diagnosis" data-code={ code }>
			<h3 className="proxy-health-diagnosis__title">
				<Badge tone={ severityTone( severity ) }>
					{ describeSeverity( severity ) }
				</Badge>{ ' ' }
				{ title }
			</h3>
			<p className="proxy-health-diagnosis__detail">{ detail }</p>
			{ culprits.length > 0 && (
				<ul
					className="proxy-health-diagnosis__culprits"
					aria-label={ __( 'Responsible callbacks', 'proxy-health' ) }
				>
					{ culprits.map( ( culprit ) => (
						<li key={ `${ culprit.hook }:${ where( culprit ) }` }>
							<strong>{ culprit.name }</strong>{ ' ' }
							<code>{ where( culprit ) }</code>{ ' ' }
							{ sprintf(
								/* translators: %s: hook name, e.g. http_api_curl. */
								__( 'on %s', 'proxy-health' ),
								culprit.hook
							) }
						</li>
					) ) }
				</ul>
			) }
			{ remedies.length > 0 && (
				<>
					<h4 className="proxy-health-diagnosis__subtitle">
						{ __( 'How to fix it', 'proxy-health' ) }
					</h4>
					<ul className="proxy-health-diagnosis__remedies">
						{ remedies.map( ( remedy ) => (
							<li key={ remedy }>{ remedy }</li>
						) ) }
					</ul>
				</>
			) }
			{ evidence.length > 0 && (
				<details className="proxy-health-diagnosis__evidence">
					<summary>
						{ sprintf(
							/* translators: %d: number of observations. */
							__( 'Evidence (%d)', 'proxy-health' ),
							evidence.length
						) }
					</summary>
					<ul>
						{ evidence.map( ( line, index ) => (
							// Lines may repeat (two identical requests); position tells them apart.
							<li key={ index }>
								<code>{ line }</code>
							</li>
						) ) }
					</ul>
				</details>
			) }
		</li>
	);
}

/**
 * Where a callback is: file:line, the file alone, or its name when it has no file.
 *
 * @param culprit The callback.
 */
function where( culprit: InterferenceCulprit ): string {
	if ( culprit.file === null ) {
		return culprit.callback;
	}
	return culprit.line === null
		? culprit.file
		: `${ culprit.file }:${ culprit.line }`;
}
