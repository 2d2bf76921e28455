/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { DiagnosisSeverity } from '../../api/types';
import type { BadgeTone } from '../components/badge';

const SEVERITY_TONES: Record< DiagnosisSeverity, BadgeTone > = {
	critical: 'error',
	recommended: 'warning',
	good: 'success',
};

/**
 * A severity in words, as Site Health names them.
 *
 * @param severity A diagnosis severity.
 */
export function describeSeverity( severity: DiagnosisSeverity ): string {
	switch ( severity ) {
		case 'critical':
			return __( 'Critical', 'proxy-health' );
		case 'recommended':
			return __( 'Recommended', 'proxy-health' );
		case 'good':
			return __( 'Good', 'proxy-health' );
	}
}

/**
 * The badge colour of a severity.
 *
 * @param severity A diagnosis severity.
 */
export function severityTone( severity: DiagnosisSeverity ): BadgeTone {
	return SEVERITY_TONES[ severity ];
}
