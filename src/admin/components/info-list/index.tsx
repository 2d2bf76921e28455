/**
 * External dependencies
 */
import type { ReactNode } from 'react';

/** One term and its description. */
export interface InfoItem {
	/** Stable key. */
	key: string;
	/** Translated term. */
	label: string;
	/** The value, already formatted. */
	value: ReactNode;
}

export interface InfoListProps {
	/** Terms in display order. */
	items: InfoItem[];
}

/**
 * A description list of terms and values, as used in every report card.
 *
 * @param props       Component props.
 * @param props.items Terms in display order.
 */
export default function InfoList( { items }: InfoListProps ) {
	return (
		<dl className="proxy-health-info-list">
			{ items.map( ( { key, label, value } ) => (
				<div key={ key } className="proxy-health-info-list__item">
					<dt>{ label }</dt>
					<dd>{ value }</dd>
				</div>
			) ) }
		</dl>
	);
}
