/**
 * External dependencies
 */
import type { ReactNode } from 'react';

export interface TableScrollProps {
	/** Translated name of the region, read before the table (the table's caption, usually). */
	label: string;
	/** The table. */
	children: ReactNode;
}

/**
 * A wide table's own horizontal scroll container, so that the page never scrolls sideways on a
 * narrow screen. The container is a named region in the Tab order, so a keyboard user can
 * scroll it with the arrow keys and a screen reader names it.
 *
 * @param props          Component props.
 * @param props.label    Region name.
 * @param props.children The table.
 */
export default function TableScroll( { label, children }: TableScrollProps ) {
	return (
		<div
			className="proxy-health-table-scroll"
			role="region"
			aria-label={ label }
			tabIndex={ 0 }
		>
			{ children }
		</div>
	);
}
