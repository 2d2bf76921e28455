/**
 * External dependencies
 */
import { screen, within } from '@testing-library/react';

/**
 * The result cards on the page: every labelled region but the Alerts card, which the Overview
 * shows before any check (it explains alerts, it is not a result).
 */
export function resultRegions(): HTMLElement[] {
	return screen.queryAllByRole( 'region' ).filter(
		( region ) =>
			within( region ).queryByRole( 'heading', {
				name: 'Alerts',
			} ) === null
	);
}
